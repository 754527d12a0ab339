package products

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/leakcheck"
)

// The whole service, every feature on, closed at every point of its life.

// realPatience is how long a test on the real clock waits for a call that
// must return: long enough for a busy machine, short enough for a hung call.
const realPatience = time.Second

// TestCloseStopsEverything runs the service as production does (expiry, a
// feed, answered, failed and cancelled requests) and closes it.
func TestCloseStopsEverything(t *testing.T) {
	bubble(t, func(t *testing.T) {
		store := newStore()
		feed := newFeed()
		s := start(t, store, feed, time.Minute)
		did := []string{"New(TTL 1m, feed)"}
		for _, ids := range [][]int{seq(1, 6), {11, 12, 13, 14, 15, 901}, {21, 22, 23, 24, 25, 850}} {
			if _, _, ok := s.get(clause5, bg, ids); !ok {
				return
			}
			did = append(did, "GET ?ids="+show(ids))
		}
		c := newClient()
		time.AfterFunc(fetchTime/2, c.Cancel)
		did = append(did, fmt.Sprintf("GET ?ids=31..36; cancel() after %v", fetchTime/2))
		if !s.cancelled(c, seq(31, 6), strings.Join(did, "; ")) {
			return
		}
		publish(t, clause5, feed, PriceChange{ID: 3}, strings.Join(did, "; "))
		time.Sleep(3 * time.Minute) // some products expire
		did = append(did, "PriceChange{ID: 3}", "3m0s")
		s.close(leaveTime, strings.Join(did, "; "))
	})
}

// TestCloseAtEveryPoint calls Close while a request is at each point where it
// can wait: for a worker, or for its store queries, at every speed of the
// store. The request under way gets 503; Close cancels the queries, or waits
// for a store that does not listen.
func TestCloseAtEveryPoint(t *testing.T) {
	t.Run("while a request waits for a worker", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			store := newStore()
			s := start(t, store, newFeed(), time.Minute)
			busy := s.inFlight(seq(700, workers), "GET ?ids=700..703 (hung)")
			waiting := s.inFlight(seq(1, 2), "GET ?ids=1,2 (queued)")
			if !store.points.Await(t, "Product", workers, patience) {
				busy.wait()
				waiting.wait()
				return
			}
			synctest.Wait()
			at := time.Now()
			s.close(leaveTime, "New(TTL 1m, feed); GET ?ids=700..703 (hung) ‖ GET ?ids=1,2 (queued)")
			busy.unavailable(t, at)
			waiting.unavailable(t, at)
		})
	})
	for _, speed := range []fake.Speed{fake.Prompt, fake.Slow, fake.Hung, fake.Deaf} {
		t.Run(fmt.Sprintf("while a request's queries run, %s store", speed), func(t *testing.T) {
			bubble(t, func(t *testing.T) {
				store := newStore()
				store.setSpeed(speed)
				s := start(t, store, newFeed(), time.Minute)
				r := s.inFlight(seq(1, 8), fmt.Sprintf("GET ?ids=1..8 (store: %s)", speed))
				if !store.points.Await(t, "Product", workers, patience) {
					r.wait()
					return
				}
				want := leaveTime
				if speed == fake.Deaf {
					want = fake.Long // the queries under way go on regardless
				}
				at := time.Now()
				s.close(want, fmt.Sprintf("New(TTL 1m, feed); GET ?ids=1..8 (store: %s, Product ×%d)", speed, workers))
				r.unavailable(t, at)
			})
		})
	}
	t.Run("while a cancelled request's queries still run", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			store := newStore()
			store.setSpeed(fake.Deaf)
			s := start(t, store, newFeed(), time.Minute)
			c := newClient()
			go func() {
				if store.points.Await(t, "Product", 2, patience) {
					c.Cancel()
				}
			}()
			if !s.cancelled(c, seq(1, 2), "GET ?ids=1,2 (store: deaf to cancel); cancel() at Product ×2") {
				return
			}
			time.Sleep(time.Minute)
			s.close(fake.Long-time.Minute, "New(TTL 1m, feed); GET ?ids=1,2 (store: deaf to cancel); cancel() at Product ×2; 1m0s")
		})
	})
	t.Run("after failed requests", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			store := newStore()
			s := start(t, store, newFeed(), time.Minute)
			for _, ids := range [][]int{{1, 2, 3, 4, 5, 901}, {901, 6, 7, 8, 9, 10}, {11, 12, 13, 14, 15, 16, 17, 850}} {
				if _, _, ok := s.get(clause5, bg, ids); !ok {
					return
				}
			}
			s.close(leaveTime, "New(TTL 1m, feed); GET ?ids=1..5,901 → 404; GET ?ids=901,6..10 → 404; GET ?ids=11..17,850 → 502")
		})
	})
}

// request is a GET made in a goroutine of its own, for a test that does
// something else meanwhile.
type request struct {
	what string
	done chan struct{}
	end  time.Time
	resp response
	ok   bool
}

// inFlight starts GET ?ids=ids and returns at once.
func (s *service) inFlight(ids []int, what string) *request {
	r := &request{what: what, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		r.resp, _, r.ok = s.get(clause2, bg, ids)
		r.end = time.Now()
	}()
	return r
}

// wait waits for the request's goroutine, which gives up after patience.
func (r *request) wait() bool {
	select {
	case <-r.done:
		return true
	case <-time.After(2 * patience):
		return false
	}
}

// unavailable checks that the request had been answered 503 by the instant at
// which Close was called.
func (r *request) unavailable(t *testing.T, at time.Time) {
	t.Helper()
	if !r.wait() || !r.ok {
		return // the request's goroutine has reported it
	}
	clause2.Equal(t, http.StatusServiceUnavailable, r.resp.code, "status of %s, under way when Close() was called", r.what)
	clause2.Equal(t, time.Duration(0).String(), r.end.Sub(at).String(), "time %s, under way when Close() was called, took after Close() was called", r.what)
}

// TestCloseAgain calls Close from three goroutines at once while requests
// arrive, then once more, and makes requests after it.
func TestCloseAgain(t *testing.T) {
	bubble(t, func(t *testing.T) {
		store := newStore()
		s := start(t, store, newFeed(), time.Minute)
		if _, _, ok := s.get(clause5, bg, seq(1, 4)); !ok {
			return
		}
		begin := time.Now()
		var mu sync.Mutex
		var ends []time.Duration
		var panics []any
		closeNow := func() {
			_, p, ok := within(patience, s.Close)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case p != nil:
				panics = append(panics, p)
			case ok:
				ends = append(ends, time.Since(begin))
			}
		}
		var statuses []int
		getNow := func(ids []int) func() {
			return func() {
				resp, _, ok := s.get(clause2, bg, ids)
				mu.Lock()
				defer mu.Unlock()
				if ok {
					statuses = append(statuses, resp.code)
				}
			}
		}
		if !leakcheck.Concurrently(t, clause2, 2*patience, map[string]func(){
			"Close() #1": closeNow, "Close() #2": closeNow, "Close() #3": closeNow,
			"GET ?ids=1,2": getNow([]int{1, 2}), "GET ?ids=5,6,7,8,9": getNow(seq(5, 5)),
		}) {
			return
		}
		for _, p := range panics {
			clause2.Errorf(t, "one of three Close() at once panicked: %v", p)
		}
		clause2.Equal(t, 3, len(ends)+len(panics), "Close() calls of three at once that returned within %v", patience)
		for i, end := range ends {
			clause2.Equal(t, leaveTime.String(), end.String(), "time Close() #%d of three at once took", i+1)
		}
		for _, code := range statuses {
			clause2.Check(t, code == http.StatusOK || code == http.StatusServiceUnavailable,
				"a GET made at the same time as three Close() was answered %d", code)
		}
		what := "New(TTL 1m, feed); GET ?ids=1..4; Close() ‖ Close() ‖ Close() ‖ GET ?ids=1,2 ‖ GET ?ids=5..9"
		if !s.stopped(what) {
			return
		}
		calls := store.calls()
		resp, _, ok := s.get(clause2, bg, []int{1, 2, 3})
		if !ok {
			return
		}
		clause2.Equal(t, http.StatusServiceUnavailable, resp.code, "status of GET ?ids=1,2,3 after Close()")
		clause2.Equal(t, calls, store.calls(), "store queries after GET ?ids=1,2,3 after Close()")
		s.close(0, what+"; GET ?ids=1,2,3")
	})
}

// TestCloseRacesRequests is the same race on the real clock, where the
// scheduler may put Close between any two steps of a request, many times.
func TestCloseRacesRequests(t *testing.T) {
	rounds := 30
	if testing.Short() {
		rounds = 10
	}
	for round := range rounds {
		m := leakcheck.Now()
		store := newStore()
		store.rtt = 50 * time.Microsecond
		feed := newFeed()
		feed.leave = 0
		svc := newNow(t, Config{Store: store, Workers: workers, TTL: time.Millisecond, Feed: feed})
		h := svc.Handler()
		var mu sync.Mutex
		codes := map[int]int{}
		var panics []string
		guard := func(what string, f func()) func() {
			return func() {
				defer func() {
					if p := recover(); p != nil {
						mu.Lock()
						defer mu.Unlock()
						panics = append(panics, fmt.Sprintf("%s: %v", what, p))
					}
				}()
				f()
			}
		}
		calls := map[string]func(){"Close() #1": guard("Close() #1", svc.Close), "Close() #2": guard("Close() #2", svc.Close)}
		for i := range 6 {
			ids := []int{1 + i, 2 + i, 3 + i, 4 + i, 5 + i}
			switch i {
			case 4:
				ids[2] = 901
			case 5:
				ids[0] = 850
			}
			ctx, cancel := context.WithCancel(bg)
			if i == 3 {
				time.AfterFunc(time.Duration(rand.IntN(100))*time.Microsecond, cancel)
			}
			what := "GET ?ids=" + idList(ids...)
			calls[what] = guard(what, func() {
				defer cancel()
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, "/products?ids="+idList(ids...), nil))
				mu.Lock()
				defer mu.Unlock()
				codes[rec.Code]++
			})
		}
		if !leakcheck.Concurrently(t, clause2, realPatience, calls) {
			return
		}
		for _, p := range panics {
			clause2.Errorf(t, "round %d of %d: two Close() raced by six GET: %s panicked", round+1, rounds, p)
		}
		if len(panics) > 0 {
			return
		}
		if left := m.Left(time.Second); len(left) > 0 {
			clause1.Errorf(t, "round %d of %d: a second after two Close() returned, raced by six GET, %d goroutine(s) started by the service were still running",
				round+1, rounds, len(left))
			return
		}
		for code, n := range codes {
			switch code {
			case http.StatusOK, http.StatusNotFound, http.StatusBadGateway, http.StatusServiceUnavailable, StatusClientClosedRequest:
			default:
				clause2.Errorf(t, "round %d of %d: %d GET made at the same time as two Close() were answered %d", round+1, rounds, n, code)
			}
		}
		if n := feed.subscribers(); n > 0 {
			clause1.Errorf(t, "round %d of %d: when two Close() raced by six GET had returned, the feed still held %d subscription(s) of the service", round+1, rounds, n)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequestWithContext(bg, http.MethodGet, "/products?ids=1,2,3,4,5", nil))
		if rec.Code != http.StatusServiceUnavailable {
			clause2.Errorf(t, "round %d of %d: GET ?ids=1..5 after two Close() raced by six GET had returned was answered %d", round+1, rounds, rec.Code)
			return
		}
	}
}

// newNow calls New on the real clock, failing the test if it does not return
// within realPatience.
func newNow(t *testing.T, cfg Config) *Service {
	t.Helper()
	var svc *Service
	if _, p, ok := within(realPatience, func() { svc = New(cfg) }); !ok || p != nil {
		t.Fatalf("New(Config{Workers: %d, TTL: %v}) did not return within %v (panic: %v)", cfg.Workers, cfg.TTL, realPatience, p)
	}
	return svc
}

// TestHunt is the service as production runs it: on a real HTTP server, with
// every feature on, reloaded (a new Service, the old one closed while the
// server goes on), then shut down. goleak then looks for anything left.
func TestHunt(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	store := newStore()
	store.rtt = time.Millisecond
	feed := newFeed()
	config := Config{Store: store, Workers: workers, TTL: time.Hour, Feed: feed}

	var mu sync.Mutex
	svc := newNow(t, config)
	current := func() *Service { mu.Lock(); defer mu.Unlock(); return svc }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		current().Handler().ServeHTTP(w, r)
	}))
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	get := func(ids string, timeout time.Duration) (int, error) {
		ctx, cancel := context.WithTimeout(bg, timeout)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/products?ids="+ids, nil)
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		_, err = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, err
	}
	for _, tc := range []struct {
		ids  string
		code int
	}{{"1,2,3,4,5,6,7,8", http.StatusOK}, {"11,12,13,901", http.StatusNotFound}, {"21,22,23,850", http.StatusBadGateway}} {
		code, err := get(tc.ids, 5*time.Second)
		clause5.NoError(t, err, "GET ?ids=%s on a real server", tc.ids)
		clause5.Equal(t, tc.code, code, "status of GET ?ids=%s on a real server", tc.ids)
	}
	resp, err := client.Get(srv.URL + "/debug/pprof/goroutine?debug=1")
	if clause5.NoError(t, err, "GET /debug/pprof/goroutine?debug=1 on a real server") {
		head, _ := bufio.NewReader(resp.Body).ReadString('\n')
		resp.Body.Close()
		clause5.Check(t, resp.StatusCode == http.StatusOK && strings.HasPrefix(head, "goroutine profile: total "),
			"GET /debug/pprof/goroutine?debug=1 on a real server answered %d, %q", resp.StatusCode, head)
	}
	_, err = get("31,32,701", 20*time.Millisecond) // the client gives up on the hung query
	clause4.Check(t, err != nil, "GET ?ids=31,32,701 with a client timeout of 20ms, a query hung, was answered")
	feed.publish(PriceChange{ID: 3})

	next := newNow(t, config)
	mu.Lock()
	old := svc
	svc = next
	mu.Unlock()
	if _, _, ok := within(realPatience, old.Close); !ok {
		clause2.Errorf(t, "after GET of 200, 404, 502 and a request its client gave up on, Close() of the reloaded service had not returned %v after it was called", realPatience)
	}
	code, err := get("1,2,3", 5*time.Second)
	clause5.NoError(t, err, "GET ?ids=1,2,3 after a reload")
	clause5.Equal(t, http.StatusOK, code, "status of GET ?ids=1,2,3 after a reload")

	srv.Close()
	if _, _, ok := within(realPatience, current().Close); !ok {
		clause2.Errorf(t, "after a reload and GET ?ids=1,2,3, Close() had not returned %v after it was called", realPatience)
	}
	client.CloseIdleConnections()
	if err := goleak.Find(ignore); err != nil {
		clause1.Errorf(t, "after a reload and the server's shutdown, with both services closed, goleak found goroutines started by the test still running")
	}
}

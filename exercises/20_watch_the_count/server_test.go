package inventory

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

const (
	parked = 200 // goroutines the test parks, as a leak would
	// slack is how far apart two scrapes may be with the same goroutines parked:
	// the HTTP server and client start and end a few goroutines of their own.
	slack = 10
	// settle is how long the service gets to show a change: a real deadline,
	// since the goroutines are real and the requests go over loopback.
	settle = time.Second
)

// get fetches path from srv. A request that fails is reported under clause c
// and stops the test.
func get(t *testing.T, c goalClause, srv *httptest.Server, path string) (status int, contentType, body string) {
	t.Helper()
	return do(t, c, srv, http.MethodGet, path, "")
}

// goalClause is what the helpers need of a clause of the goal.
type goalClause interface {
	Fatalf(t testing.TB, format string, args ...any)
}

func do(t *testing.T, c goalClause, srv *httptest.Server, method, path, body string) (status int, contentType, text string) {
	t.Helper()
	client := srv.Client()
	client.Timeout = 5 * time.Second
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		c.Fatalf(t, "%s %s: %v", method, path, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		c.Fatalf(t, "%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.Fatalf(t, "%s %s: reading the body: %v", method, path, err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

var sample = regexp.MustCompile(`(?m)^go_goroutines(?:\{[^}]*\})? +([0-9.eE+-]+)$`)

// scrape reads the go_goroutines gauge from /metrics, as Prometheus would.
func scrape(t *testing.T, srv *httptest.Server) int {
	t.Helper()
	status, contentType, body := get(t, clause1, srv, "/metrics")
	if status != http.StatusOK {
		clause1.Fatalf(t, "GET /metrics: %d %s", status, http.StatusText(status))
	}
	clause1.Check(t, strings.HasPrefix(contentType, "text/plain"), "GET /metrics: Content-Type %q", contentType)
	if !regexp.MustCompile(`(?m)^# TYPE go_goroutines gauge$`).MatchString(body) {
		clause1.Fatalf(t, "GET /metrics has no line \"# TYPE go_goroutines gauge\". It served:\n%.500s", body)
	}
	m := sample.FindStringSubmatch(body)
	if m == nil {
		clause1.Fatalf(t, "GET /metrics has no go_goroutines sample. It served:\n%.500s", body)
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		clause1.Fatalf(t, "GET /metrics: the go_goroutines sample %q is not a number", m[1])
	}
	return int(n)
}

// parkedUntilReleased is where the test parks its goroutines: the name to look
// for in the goroutine profile.
func parkedUntilReleased(release <-chan struct{}) {
	<-release
}

// park starts n goroutines that stay parked, like leaked ones, until the
// returned func releases them and waits for them to end. They wait in every
// way a leaked goroutine can: on a channel, in a select, on a mutex, on a
// sync.Cond, asleep.
func park(n int) (release func()) {
	ch := make(chan struct{})
	var mu sync.Mutex
	mu.Lock()
	cond := sync.NewCond(&sync.Mutex{})
	released := false
	var started, done sync.WaitGroup
	started.Add(n)
	for i := range n {
		done.Go(func() {
			started.Done()
			switch i % 5 {
			case 0:
				parkedUntilReleased(ch)
			case 1:
				select {
				case <-ch:
				case <-time.After(time.Hour):
				}
			case 2:
				mu.Lock()
				mu.Unlock()
			case 3:
				cond.L.Lock()
				for !released {
					cond.Wait()
				}
				cond.L.Unlock()
			case 4:
				for {
					select {
					case <-ch:
						return
					default:
						time.Sleep(time.Millisecond)
					}
				}
			}
		})
	}
	started.Wait()
	return sync.OnceFunc(func() {
		close(ch)
		mu.Unlock()
		cond.L.Lock()
		released = true
		cond.Broadcast()
		cond.L.Unlock()
		done.Wait()
	})
}

func TestRoutesStillWork(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	srv := httptest.NewServer(NewMux())
	defer srv.Close()

	status, _, body := get(t, clause3, srv, "/healthz")
	clause3.Equal(t, http.StatusOK, status, "GET /healthz: status")
	clause3.Equal(t, "ok\n", body, "GET /healthz: body")

	status, contentType, body := get(t, clause3, srv, "/api/stock/KB-104")
	clause3.Equal(t, http.StatusOK, status, "GET /api/stock/KB-104: status")
	clause3.Equal(t, "application/json", contentType, "GET /api/stock/KB-104: Content-Type")
	var item Item
	clause3.NoError(t, json.Unmarshal([]byte(body), &item), "GET /api/stock/KB-104: body %q", body)
	clause3.Equal(t, Item{"KB-104", "mechanical keyboard", 12}, item, "GET /api/stock/KB-104: item")

	status, _, _ = get(t, clause3, srv, "/api/stock/XX-000")
	clause3.Equal(t, http.StatusNotFound, status, "GET /api/stock/XX-000, an unknown SKU: status")
}

// TestNewMuxStartsNothing builds muxes and serves requests: once the server is
// closed, nothing NewMux or a request started is running.
func TestNewMuxStartsNothing(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	for range 3 {
		srv := httptest.NewServer(NewMux())
		for _, path := range []string{"/healthz", "/metrics", "/debug/pprof/", "/api/stock/KB-104"} {
			get(t, clause3, srv, path)
		}
		srv.Close()
	}
	// goleak's report, at the end of the test, names what is still running.
}

func TestMetricsFollowTheGoroutineCount(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	srv := httptest.NewServer(NewMux())
	defer srv.Close()

	for round := range 3 {
		before := scrape(t, srv)
		release := park(parked)
		during := scrape(t, srv)
		release()
		if during < before+parked-slack || during > before+parked+slack {
			clause1.Errorf(t, "go_goroutines went from %d to %d while the test parked %d goroutines (round %d)", before, during, parked, round+1)
		}

		// And back down once they have ended.
		after := scrape(t, srv)
		for deadline := time.Now().Add(settle); after > before+slack && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
			after = scrape(t, srv)
		}
		if after > before+slack || after < before-slack {
			clause1.Errorf(t, "go_goroutines was %d before %d goroutines were parked, and %d %v after they ended", before, parked, after, settle)
		}
	}
}

// TestScrapesRaceTheCount scrapes while goroutines start and end, for the race
// detector to watch.
func TestScrapesRaceTheCount(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	srv := httptest.NewServer(NewMux())
	defer srv.Close()
	var wg sync.WaitGroup
	defer wg.Wait()
	for range 4 {
		wg.Go(func() {
			for range 20 {
				park(10)()
			}
		})
	}
	for range 20 {
		if n := scrape(t, srv); n <= 0 {
			clause1.Errorf(t, "go_goroutines was %d while goroutines started and ended", n)
		}
	}
}

// goroutineBlock matches one stack of a debug=1 goroutine profile: how many
// goroutines share it, then its frames.
var goroutineBlock = regexp.MustCompile(`(?m)^(\d+) @[ 0-9a-fx]*\n(?:#.*\n?)+`)

// parkedInProfile returns how many goroutines the debug=1 goroutine profile
// shows in parkedUntilReleased.
func parkedInProfile(profile string) int {
	for _, m := range goroutineBlock.FindAllStringSubmatch(profile, -1) {
		if strings.Contains(m[0], ".parkedUntilReleased+") {
			n, _ := strconv.Atoi(m[1])
			return n
		}
	}
	return 0
}

func TestGoroutineProfileIsServed(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	srv := httptest.NewServer(NewMux())
	defer srv.Close()

	status, _, body := get(t, clause2, srv, "/debug/pprof/")
	if status != http.StatusOK {
		clause2.Fatalf(t, "GET /debug/pprof/: %d %s", status, http.StatusText(status))
	}
	clause2.Check(t, strings.Contains(body, ">goroutine</a>"), "GET /debug/pprof/ lists no goroutine profile. It served:\n%.500s", body)

	release := park(parked)
	defer release()

	// The goroutines are started; give the last of them a moment to park.
	const path = "/debug/pprof/goroutine?debug=1"
	want := (parked + 4) / 5 // those parked in parkedUntilReleased itself
	var shown int
	for deadline := time.Now().Add(settle); shown < want && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		status, _, body = get(t, clause2, srv, path)
		if status != http.StatusOK {
			clause2.Fatalf(t, "GET %s: %d %s", path, status, http.StatusText(status))
		}
		shown = parkedInProfile(body)
	}
	clause2.Equal(t, want, shown, "goroutines GET %s showed in parkedUntilReleased", path)

	// Leaked goroutines hold on to memory: the heap profile shows what they keep.
	const heapPath = "/debug/pprof/heap?debug=1"
	status, _, body = get(t, clause2, srv, heapPath)
	if status != http.StatusOK {
		clause2.Fatalf(t, "GET %s: %d %s", heapPath, status, http.StatusText(status))
	}
	clause2.Check(t, strings.HasPrefix(body, "heap profile: "), "GET %s served no heap profile. It served:\n%.500s", heapPath, body)

	// Go 1.27 (and Go 1.26 built with GOEXPERIMENT=goroutineleakprofile) has a
	// profile of the goroutines the garbage collector proves leaked.
	if pprof.Lookup("goroutineleak") == nil {
		t.Log("this Go has no goroutineleak profile; on Go 1.27+ it must be served too")
		return
	}
	const leakPath = "/debug/pprof/goroutineleak?debug=1"
	status, _, body = get(t, clause2, srv, leakPath)
	if status != http.StatusOK {
		clause2.Fatalf(t, "GET %s: %d %s", leakPath, status, http.StatusText(status))
	}
	clause2.Check(t, strings.HasPrefix(body, "goroutineleak profile: total "), "GET %s served no goroutineleak profile. It served:\n%.500s", leakPath, body)
}

// TestProfilesAreServed checks the other handlers of net/http/pprof, which
// pprof.Index does not serve, as go tool pprof uses them: without them it
// cannot take a CPU profile or resolve symbols, and there is no execution
// trace.
func TestProfilesAreServed(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	srv := httptest.NewServer(NewMux())
	defer srv.Close()

	status, _, body := get(t, clause2, srv, "/debug/pprof/cmdline")
	if clause2.Equal(t, http.StatusOK, status, "GET /debug/pprof/cmdline: status") {
		clause2.Check(t, strings.Contains(body, os.Args[0]), "GET /debug/pprof/cmdline served no command line. It served:\n%.200s", body)
	}
	status, _, body = get(t, clause2, srv, "/debug/pprof/symbol")
	if clause2.Equal(t, http.StatusOK, status, "GET /debug/pprof/symbol: status") {
		clause2.Check(t, strings.HasPrefix(body, "num_symbols: "), "GET /debug/pprof/symbol served no symbol table header. It served:\n%.200s", body)
	}
	// A CPU profile or a trace takes seconds; with one already running, the
	// handlers answer at once that it is.
	if err := pprof.StartCPUProfile(io.Discard); err == nil {
		defer pprof.StopCPUProfile()
	}
	_, _, body = get(t, clause2, srv, "/debug/pprof/profile?seconds=1")
	clause2.Check(t, strings.Contains(body, "Could not enable CPU profiling"),
		"GET /debug/pprof/profile did not answer as pprof.Profile does while a CPU profile runs. It served:\n%.200s", body)
	if err := trace.Start(io.Discard); err == nil {
		defer trace.Stop()
	}
	_, _, body = get(t, clause2, srv, "/debug/pprof/trace?seconds=1")
	clause2.Check(t, strings.Contains(body, "Could not enable tracing"),
		"GET /debug/pprof/trace did not answer as pprof.Trace does while a trace runs. It served:\n%.200s", body)
}

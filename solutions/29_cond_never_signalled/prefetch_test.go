package prefetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"
)

// These tests run on synctest's fake clock. A goroutine waiting in
// sync.Cond.Wait is durably blocked, so a wait that nothing can end any more
// is reported at once, and every instant a call returns is exact. One test
// runs on the real clock, many rounds over, for the windows a bubble's
// scheduling never opens.

const (
	pages    = 8
	perPage  = 3
	ahead    = 6
	pageTime = 100*time.Millisecond + 7*time.Microsecond // an odd duration: a periodic wake-up never lands on a page boundary
)

// mostFetched is how many pages a fetcher that waits for room has fetched once
// its consumer has read read items and stopped: the pages that bring the
// buffer to ahead items, and the one it holds while it waits.
func mostFetched(read int) int { return (ahead+read+perPage-1)/perPage + 1 }

// mostBuffered is how many items such a fetcher has put in the buffer.
func mostBuffered(read int) int { return (mostFetched(read)-1)*perPage - read }

// store serves a listing of pages*perPage keys. A page takes pageTime to
// fetch (fake.Prompt), or whatever speed says for it; a page in throttled
// fails once it has taken that long.
type store struct {
	points    fake.Points
	speed     map[int]fake.Speed
	throttled map[int]bool
}

var errThrottled = errors.New("503 SlowDown: reduce your request rate")

func (s *store) fetch(ctx context.Context, cursor string) ([]string, string, error) {
	page := 0
	if cursor != "" {
		page, _ = strconv.Atoi(cursor)
	}
	speed, ok := s.speed[page]
	if !ok {
		speed = fake.Prompt
	}
	err := s.points.Call(ctx, "fetch", speed, pageTime)
	if err == nil && s.throttled[page] {
		err = errThrottled
	}
	if err != nil {
		return nil, "", fmt.Errorf("list page %d: %w", page, err)
	}
	items := make([]string, perPage)
	for i := range items {
		items[i] = keyN(page*perPage + i)
	}
	next := ""
	if page+1 < pages {
		next = strconv.Itoa(page + 1)
	}
	return items, next, nil
}

func keyN(i int) string { return fmt.Sprintf("logs/2026/11/%04d.gz", i) }

// within calls f, the last of the calls the code in calls makes, and waits at
// most d for it to return (fake time in a bubble). If it does not, it reports
// clause c broken and leaves f where it is stuck.
func within(t *testing.T, c goal.Clause, d time.Duration, calls string, f func()) bool {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-done:
		return true
	case <-timer.C:
		c.Errorf(t, "the last call of %s had not returned %v after it was called", calls, d)
		return false
	}
}

// next calls p.Next and returns its result and the fake-clock instant it
// returned.
func next(t *testing.T, c goal.Clause, p *Prefetcher, calls string) (item string, err error, at time.Time, ok bool) {
	t.Helper()
	ok = within(t, c, 24*time.Hour, calls, func() { item, err = p.Next() })
	return item, err, time.Now(), ok
}

// closeAt calls p.Close and checks that it returns at want (fake time), and
// that nothing Start started is still running at that instant.
func closeAt(t *testing.T, m leakcheck.Mark, p *Prefetcher, want time.Time, calls string) bool {
	t.Helper()
	called := time.Now()
	if !within(t, clause4, 24*time.Hour, calls+"; p.Close()", p.Close) {
		return false
	}
	ok := m.Stopped(t, clause4, "p.Close()")
	return clause4.Check(t, time.Now().Equal(want), "p.Close() returned %v after it was called, not %v",
		time.Since(called), want.Sub(called)) && ok
}

// bubble runs f in a synctest bubble, like leakcheck.Bubble, with a real-time
// watchdog. A goroutine that spins instead of blocking (a loop around a
// condition with nothing in it that waits) keeps the fake clock from moving,
// so no fake deadline can fire: after 10 s of real time the watchdog ends the
// test binary and prints every goroutine's stack, the spinning one included.
func bubble(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	watchdog := time.AfterFunc(10*time.Second, func() {
		debug.SetTraceback("all")
		panic(t.Name() + " still runs after 10 s of real time: a goroutine that never blocks keeps synctest's fake clock from moving. " +
			"Every goroutine's stack follows; look for one that is running.")
	})
	defer watchdog.Stop()
	leakcheck.Bubble(t, f)
}

// drain calls Next until it returns an error, checking the items against the
// listing from first on, and returns the error and the instant it came.
func drain(t *testing.T, c goal.Clause, p *Prefetcher, first int, calls string) (n int, err error, at time.Time, ok bool) {
	t.Helper()
	for i := first; ; i++ {
		var item string
		item, err, at, ok = next(t, c, p, calls+"; p.Next()")
		if !ok || err != nil {
			return n, err, at, ok
		}
		if !c.Equal(t, keyN(i), item, "item %d of the listing", i) {
			return n, err, at, false
		}
		n++
	}
}

func TestWholeListing(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		m := leakcheck.Now()
		s := &store{}
		begin := time.Now()
		p := Start(s.fetch, ahead)
		for i := range pages * perPage {
			item, err, at, ok := next(t, clause1, p, "p := Start(fetch, 6); p.Next()…")
			if !ok || !clause1.NoError(t, err, "p.Next() for item %d of %d", i, pages*perPage) || !clause1.Equal(t, keyN(i), item, "item %d of the listing", i) {
				return
			}
			page := i / perPage
			clause1.Check(t, at.Sub(begin) == time.Duration(page+1)*pageTime,
				"p.Next() returned item %d %v after Start; its page %d had been fetched %v after Start", i, at.Sub(begin), page, time.Duration(page+1)*pageTime)
		}
		_, err, at, ok := next(t, clause1, p, "p.Next() after the last item")
		if !ok || !clause1.ErrorIs(t, err, io.EOF, "p.Next() after the last item") {
			return
		}
		clause1.Check(t, at.Sub(begin) == pages*pageTime, "p.Next() returned io.EOF %v after Start; the last page had been fetched %v after Start", at.Sub(begin), pages*pageTime)
		_, err, _, _ = next(t, clause1, p, "p.Next() after io.EOF")
		clause1.ErrorIs(t, err, io.EOF, "p.Next() after io.EOF")
		closeAt(t, m, p, time.Now(), "p.Next() → io.EOF")
		_, err, _, _ = next(t, clause3, p, "p.Next() → io.EOF; p.Close(); p.Next()")
		clause3.ErrorIs(t, err, io.EOF, "p.Next() after io.EOF, then Close")
	})
}

// A fetch fails: after a while, with the consumer waiting for it; at once,
// as the consumer reads the items before it; or while the consumer is busy
// elsewhere.
func TestFetchFails(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	for _, tc := range []struct {
		name   string
		store  func() *store
		failed time.Duration // after Start
		busy   bool
		want   error
	}{
		{"consumer waiting", func() *store { return &store{throttled: map[int]bool{2: true}} }, 3 * pageTime, false, errThrottled},
		{"at once", func() *store { return &store{speed: map[int]fake.Speed{2: fake.Failing}} }, 2 * pageTime, false, fake.ErrInjected},
		{"consumer busy", func() *store { return &store{throttled: map[int]bool{2: true}} }, 3 * pageTime, true, errThrottled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bubble(t, func(t *testing.T) {
				m := leakcheck.Now()
				s := tc.store()
				begin := time.Now()
				p := Start(s.fetch, ahead)
				calls := "p := Start(fetch, 6) // page 2 fails"
				want := begin.Add(tc.failed)
				if tc.busy {
					time.Sleep(time.Minute)
					calls += "; time.Sleep(time.Minute)"
					want = time.Now()
				}
				n, err, at, ok := drain(t, clause2, p, 0, calls)
				if !ok {
					return
				}
				clause2.Equal(t, 2*perPage, n, "items p.Next() returned before its error")
				if !clause2.ErrorIs(t, err, tc.want, "p.Next() after the items fetched before page 2 failed") {
					return
				}
				clause2.Check(t, at.Equal(want), "p.Next() returned the fetch's error %v after Start; page 2 failed %v after Start", at.Sub(begin), tc.failed)
				time.Sleep(time.Hour)
				clause2.Equal(t, 3, s.points.Entered("fetch"), "pages fetched in the hour after page 2 failed, pages 0 to 2 included")
				_, err, _, _ = next(t, clause2, p, calls+"; p.Next() again")
				clause2.ErrorIs(t, err, tc.want, "p.Next() again, after the fetch's error")
				closeAt(t, m, p, time.Now(), calls+"; p.Next() → the fetch's error")
			})
		})
	}
}

// The consumer stops reading: the fetcher stops fetching. It reads one item
// more while the buffer is still full: the fetcher wakes, finds no room, and
// waits on.
func TestBufferBounded(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		m := leakcheck.Now()
		s := &store{}
		p := Start(s.fetch, ahead)
		calls := "p := Start(fetch, 6)"
		for read := 1; read <= 2; read++ {
			calls += "; p.Next()"
			if _, _, _, ok := next(t, clause1, p, calls); !ok {
				return
			}
			time.Sleep(time.Hour) // the consumer is busy elsewhere
			calls += "; time.Sleep(time.Hour)"
			fetched := s.points.Entered("fetch")
			if !clause5.Check(t, fetched <= mostFetched(read), "with ahead %d and %d items a page, %d pages were fetched while the consumer read %d item(s) in %d hour(s)", ahead, perPage, fetched, read, read) {
				break
			}
		}
		n, err, _, ok := drain(t, clause1, p, 2, calls)
		if ok && clause1.ErrorIs(t, err, io.EOF, "p.Next() at the end of the listing") {
			clause1.Equal(t, pages*perPage-2, n, "items p.Next() returned after the first two")
		}
		closeAt(t, m, p, time.Now(), calls+"; p.Next() … → io.EOF")
	})
}

// Close lands at each point where the listing can be waiting: a fetch under
// way (hung, slow, deaf to the cancel), the fetcher waiting for room, the
// consumer waiting for an item; and after the listing ended.
func TestCloseAtEveryPoint(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	for _, tc := range []struct {
		name     string
		speed    fake.Speed // of page 1
		read     int        // items the consumer reads before Close
		buffered int        // items in the buffer when Close is called, at least
	}{
		{"fetch hung", fake.Hung, perPage, 0},
		{"fetch slow", fake.Slow, perPage, 0},
		{"fetch deaf to the cancel", fake.Deaf, perPage, 0},
		{"fetcher waiting for room", fake.Prompt, 1, ahead},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bubble(t, func(t *testing.T) {
				m := leakcheck.Now()
				s := &store{speed: map[int]fake.Speed{1: tc.speed}}
				begin := time.Now()
				p := Start(s.fetch, ahead)
				calls := fmt.Sprintf("p := Start(fetch, 6) // page 1 %v; p.Next() ×%d", tc.speed, tc.read)
				for range tc.read {
					if _, _, _, ok := next(t, clause1, p, calls); !ok {
						return
					}
				}
				time.Sleep(time.Minute)
				calls += "; time.Sleep(time.Minute)"
				want := time.Now() // Close returns at once ...
				if tc.speed == fake.Deaf {
					want = begin.Add(pageTime + fake.Long) // ... or when the fetch that ignores the cancel returns
				}
				if !closeAt(t, m, p, want, calls) {
					return
				}
				n, err, _, ok := drain(t, clause3, p, tc.read, calls+"; p.Close()")
				if ok && clause3.ErrorIs(t, err, ErrClosed, "p.Next() after the buffered items, once Close returned") {
					clause3.Check(t, tc.buffered <= n && n <= mostBuffered(tc.read), "p.Next() returned %d items after Close; the buffer held from %d to %d", n, tc.buffered, mostBuffered(tc.read))
				}
				if !within(t, clause4, time.Second, calls+"; p.Close(); p.Close()", p.Close) {
					return
				}
				m.Stopped(t, clause4, "a second p.Close()")
			})
		})
	}
}

// The consumer waits in Next for a page the store is slow to return, when
// another goroutine (a request's cancellation, a shutdown) calls Close; the
// fetch under way honours the cancel, or ignores it for an hour.
func TestCloseWakesNext(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	for _, speed := range []fake.Speed{fake.Hung, fake.Deaf} {
		t.Run(speed.String(), func(t *testing.T) {
			bubble(t, func(t *testing.T) {
				m := leakcheck.Now()
				s := &store{speed: map[int]fake.Speed{1: speed}}
				begin := time.Now()
				p := Start(s.fetch, ahead)
				calls := fmt.Sprintf("p := Start(fetch, 6) // page 1 %v; p.Next() ×3", speed)
				for range perPage {
					if _, _, _, ok := next(t, clause1, p, calls); !ok {
						return
					}
				}
				closed := make(chan time.Time, 1)
				closeCalled := time.Now().Add(time.Second)
				time.AfterFunc(time.Second, func() {
					p.Close()
					closed <- time.Now()
				})

				_, err, at, ok := next(t, clause3, p, calls+"; p.Next() // while p.Close() is called")
				if !ok {
					return
				}
				clause3.ErrorIs(t, err, ErrClosed, "p.Next(), waiting for page 1 when Close was called")
				clause3.Check(t, at.Equal(closeCalled), "p.Next() returned %v after Close was called", at.Sub(closeCalled))
				want := closeCalled // the fetch under way returns at once ...
				if speed == fake.Deaf {
					want = begin.Add(pageTime + fake.Long) // ... or when the fetch that ignores the cancel does
				}
				var returned time.Time
				if !within(t, clause4, 24*time.Hour, "p.Close() // from another goroutine", func() { returned = <-closed }) {
					return
				}
				clause4.Check(t, returned.Equal(want), "p.Close() returned %v after it was called, not %v", returned.Sub(closeCalled), want.Sub(closeCalled))
				m.Stopped(t, clause4, "p.Close()")
			})
		})
	}
}

// Several goroutines end the listing at once, at different points of it: two
// Closes and a consumer still reading.
func TestCloseRacesNext(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		for round := range 3 * pages {
			m := leakcheck.Now()
			s := &store{}
			p := Start(s.fetch, ahead)
			time.Sleep(time.Duration(round) * pageTime / 3)
			var err error
			calls := fmt.Sprintf("p := Start(fetch, 6); time.Sleep(%v)", time.Duration(round)*pageTime/3)
			if !leakcheck.Concurrently(t, clause4, time.Hour, map[string]func(){
				"p.Close()":       p.Close,
				"p.Close() again": p.Close,
				"p.Next() until it fails": func() {
					for err == nil {
						_, err = p.Next()
					}
				},
			}) {
				return
			}
			if !m.Stopped(t, clause4, "p.Close() ×2 and p.Next()") {
				return
			}
			if !errors.Is(err, io.EOF) {
				clause3.ErrorIs(t, err, ErrClosed, "%s; p.Next() until it failed, racing p.Close() ×2", calls)
			}
		}
	})
}

// The same race on the real clock, many rounds over, with pages that come at
// once: Close and the consumer's Next land in windows the bubble never opens.
func TestCloseRacesNextRealClock(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	instant := func(ctx context.Context, cursor string) ([]string, string, error) {
		page := 0
		if cursor != "" {
			page, _ = strconv.Atoi(cursor)
		}
		if ctx.Err() != nil {
			return nil, "", ctx.Err()
		}
		runtime.Gosched()
		next := strconv.Itoa(page + 1)
		if page+1 == 1000 {
			next = ""
		}
		return []string{keyN(page)}, next, nil
	}
	for round := range 200 {
		var p *Prefetcher
		if !within(t, clause4, time.Second, "p := Start(fetch, 2)", func() { p = Start(instant, 2) }) {
			return
		}
		var err error
		var wg sync.WaitGroup
		wg.Go(func() {
			for err == nil {
				_, err = p.Next()
			}
		})
		for range round % 5 {
			runtime.Gosched()
		}
		wg.Go(p.Close)
		done := make(chan struct{})
		go func() {
			defer close(done)
			wg.Wait()
		}()
		const calls = "p := Start(fetch, 2); go (p.Next() until it fails); go p.Close()"
		if !within(t, clause4, time.Second, calls, func() { <-done }) {
			return
		}
		if !errors.Is(err, io.EOF) && !clause3.ErrorIs(t, err, ErrClosed, "round %d: p.Next() until it failed, racing p.Close()", round) {
			return
		}
	}
}

package registry

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/leakcheck"
)

const rtt = 10 * time.Millisecond // a prompt request's round trip

var errLeaseNotFound = errors.New("lease not found")

// fakeClient is the remote store on synctest's fake clock (or the real one).
// Keepalive number n (from 1) answers as kaSpeed(n) says, promptly when nil,
// inside the point "Keepalive"; Put answers as putSpeed says, inside "Put".
// With failAfter > 0, a lease's keepalive fails once it has been renewed
// failAfter times, as if the store had dropped it.
type fakeClient struct {
	kaSpeed   func(n int) fake.Speed
	putSpeed  fake.Speed
	failAfter int

	points fake.Points

	mu         sync.Mutex
	last       int         // last lease granted
	kas        int         // keepalives begun
	keepalives map[int]int // successful keepalives per lease
	returned   time.Time   // when the last request returned
}

func newFakeClient() *fakeClient {
	return &fakeClient{putSpeed: fake.Instant, keepalives: map[int]int{}}
}

func (c *fakeClient) Put(ctx context.Context, value []byte) (int, error) {
	defer c.done()
	if err := c.points.Call(ctx, "Put", c.putSpeed, rtt); err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last++
	return c.last, nil
}

func (c *fakeClient) Keepalive(ctx context.Context, lease int) error {
	defer c.done()
	c.mu.Lock()
	c.kas++
	speed := fake.Prompt
	if c.kaSpeed != nil {
		speed = c.kaSpeed(c.kas)
	}
	c.mu.Unlock()
	if err := c.points.Call(ctx, "Keepalive", speed, rtt); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failAfter > 0 && c.keepalives[lease] >= c.failAfter {
		return errLeaseNotFound
	}
	c.keepalives[lease]++
	return nil
}

func (c *fakeClient) done() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.returned = time.Now()
}

func (c *fakeClient) Keepalives(lease int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.keepalives[lease]
}

func (c *fakeClient) Total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, k := range c.keepalives {
		n += k
	}
	return n
}

func (c *fakeClient) Returned() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.returned
}

func (c *fakeClient) InFlight() int {
	return c.points.In("Put") + c.points.In("Keepalive")
}

// put calls e.Put and reports clause 4 broken if it does not return nil at once.
func put(t *testing.T, e *Entry, value string) {
	t.Helper()
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		err = e.Put(context.Background(), []byte(value))
	}()
	select {
	case <-done:
		clause4.NoError(t, err, "Put's result")
	case <-time.After(time.Minute):
		clause4.Fatalf(t, "Put had not returned a minute after it was called")
	}
}

// activation is a call of Activate in a goroutine owned by the test. What is
// judged at the instant Activate returns is recorded right after the call.
type activation struct {
	done     chan struct{}
	start    time.Time
	err      error
	at       time.Time
	inFlight int
}

func activate(ctx context.Context, e *Entry, c *fakeClient) *activation {
	a := &activation{done: make(chan struct{}), start: time.Now()}
	go func() {
		defer close(a.done)
		err := e.Activate(ctx)
		a.at, a.inFlight = time.Now(), c.InFlight()
		a.err = err
	}()
	return a
}

// returned reports whether Activate has returned, without waiting.
func (a *activation) returned() bool {
	select {
	case <-a.done:
		return true
	default:
		return false
	}
}

// wait waits at most d (fake time in a bubble) for Activate to return.
func (a *activation) wait(t *testing.T, d time.Duration) bool {
	t.Helper()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-a.done:
		return true
	case <-timer.C:
		clause2.Errorf(t, "Activate had not returned %v after its ctx was cancelled or a keepalive failed", d)
		return false
	}
}

// stopped checks, at the instant Activate returned, that nothing of its was
// running: no request in flight, no goroutine it started.
func (a *activation) stopped(t *testing.T, m leakcheck.Mark) {
	t.Helper()
	clause3.Check(t, a.inFlight == 0, "%d request(s) to the store were in flight when Activate returned", a.inFlight)
	m.Stopped(t, clause3, "Activate")
}

func TestActivateBlocksUntilCancelled(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient()
		e := NewEntry(c)
		put(t, e, "10.0.0.7:8080")

		// The caller's ctx: nothing else will ever cancel it, and it
		// outlives the checks. It is cancelled while the 60th keepalive is on
		// the wire.
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		const stopAt = time.Minute + rtt/2
		m := leakcheck.Now()
		a := activate(ctx, e, c)
		time.Sleep(stopAt)
		if a.returned() {
			clause1.Errorf(t, "Activate returned %v after it was called, with its ctx live and no keepalive failed", a.at.Sub(a.start))
			return
		}
		cancel()
		if !a.wait(t, time.Hour) {
			return
		}
		a.stopped(t, m)
		clause2.NoError(t, a.err, "Activate's result when the caller cancelled")
		clause2.Check(t, a.at.Sub(a.start) == stopAt, "Activate returned %v after it was called; the caller cancelled after %v, with a keepalive on the wire that gave up at once",
			a.at.Sub(a.start), stopAt)
		n := c.Keepalives(1)
		clause1.Check(t, n >= 59, "%d keepalive(s) while Activate ran for a minute", n)
	})
}

// TestPutAndCurrentDoNotWait: while a keepalive hangs, Put and Current come
// back. A call blocked on a mutex stops the fake clock, so the deadline is
// one of real time. It runs early: the fake-clock tests after it cannot see a
// caller blocked on a mutex, only stall, so they are skipped once it fails.
func TestPutAndCurrentDoNotWait(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	t.Cleanup(func() {
		if t.Failed() {
			blocked.Store(true)
		}
	})
	rc := leakcheck.NewRealClock()
	defer rc.Stop()
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient()
		c.kaSpeed = func(int) fake.Speed { return fake.Hung }
		e := NewEntry(c)
		put(t, e, "v1")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		a := activate(ctx, e, c)
		if !c.points.Await(t, "Keepalive", 1, time.Minute) {
			return
		}

		for _, call := range []struct {
			name string
			f    func()
		}{
			{"Current", func() { e.Current() }},
			{"Put", func() { e.Put(context.Background(), []byte("v2")) }},
		} {
			done := make(chan struct{})
			go func() {
				defer close(done)
				call.f()
			}()
			select {
			case <-done:
			case <-rc.After(time.Second):
				clause4.Errorf(t, "%s had not returned a second (of real time) after it was called, while a keepalive was on the wire", call.name)
				cancel()
				<-done
			}
		}
		cancel()
		a.wait(t, time.Minute)
	})
}

// blocked is set once TestPutAndCurrentDoNotWait has found Put or Current
// waiting for a keepalive.
var blocked atomic.Bool

// skipIfBlocked skips a fake-clock test once blocked is set.
func skipIfBlocked(t *testing.T) {
	if blocked.Load() {
		t.Skip("skipped: Put or Current was found waiting for a keepalive, and on the fake clock that only stalls the test")
	}
}

// TestActivateEnds ends Activate every way, wherever it is, and judges at the
// instant it returns.
func TestActivateEnds(t *testing.T) {
	skipIfBlocked(t)
	for _, tc := range []struct {
		name     string
		noPut    bool
		ka       fake.Speed // the third keepalive's; the others are prompt
		failAt   int        // > 0: the store drops the lease after this many renewals
		cancelAt time.Duration
		want     error // nil: Activate must return nil
	}{
		{name: "cancelled between keepalives", ka: fake.Prompt, cancelAt: 3*time.Second + time.Second/2},
		{name: "cancelled with a keepalive on the wire", ka: fake.Prompt, cancelAt: 3*time.Second + rtt/2},
		{name: "cancelled with a keepalive that never answers", ka: fake.Hung, cancelAt: 3*time.Second + time.Second/2},
		{name: "cancelled with a keepalive deaf to it", ka: fake.Deaf, cancelAt: 3*time.Second + time.Second/2},
		{name: "cancelled before the first Put", noPut: true, cancelAt: 3*time.Second + time.Second/2},
		{name: "cancelled before Activate is called", ka: fake.Prompt, cancelAt: -1},
		{name: "a keepalive fails at once", ka: fake.Failing, want: fake.ErrInjected},
		{name: "a keepalive gets no answer within the request timeout", ka: fake.Hung, want: context.DeadlineExceeded},
		{name: "the store drops the lease", ka: fake.Prompt, failAt: 3, want: errLeaseNotFound},
	} {
		ok := t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				c := newFakeClient()
				c.failAfter = tc.failAt
				c.kaSpeed = func(n int) fake.Speed {
					if n == 3 {
						return tc.ka
					}
					return fake.Prompt
				}
				e := NewEntry(c)
				if !tc.noPut {
					put(t, e, "10.0.0.7:8080")
				}
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				var cancelled time.Time
				switch {
				case tc.cancelAt < 0:
					cancel()
					cancelled = time.Now()
				case tc.cancelAt > 0:
					time.AfterFunc(tc.cancelAt, cancel)
					cancelled = time.Now().Add(tc.cancelAt)
				}

				m := leakcheck.Now()
				a := activate(ctx, e, c)
				if !a.wait(t, 3*fake.Long) {
					return
				}
				a.stopped(t, m)
				if tc.want == nil {
					clause2.NoError(t, a.err, "Activate's result when the caller cancelled")
				} else {
					clause2.ErrorIs(t, a.err, tc.want, "Activate's result when the keepalive of lease 1 failed")
					if a.err != nil && !strings.Contains(a.err.Error(), "lease 1") {
						clause2.Errorf(t, "Activate returned %q when the keepalive of lease 1 failed, without \"lease 1\" in it", a.err)
					}
				}
				// As soon as it can: when the last request it made returned, or
				// when the caller cancelled if that was later.
				want := c.Returned()
				if !cancelled.IsZero() && cancelled.After(want) {
					want = cancelled
				}
				if want.Before(a.start) {
					want = a.start
				}
				switch {
				case a.inFlight > 0:
				case a.at.Before(want):
					clause1.Errorf(t, "Activate returned %v after it was called, before the caller cancelled or a keepalive failed (%v after)",
						a.at.Sub(a.start), want.Sub(a.start))
				case a.at.After(want):
					clause2.Errorf(t, "Activate returned %v after it was called; the caller had cancelled, or a keepalive failed, and its last request had returned, %v after",
						a.at.Sub(a.start), want.Sub(a.start))
				}
			})
		})
		if !ok {
			break // the other ends fail the same way
		}
	}
}

// The caller decides to run Activate in a goroutine, and still waits for it.
func TestPutWhileActive(t *testing.T) {
	skipIfBlocked(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient()
		e := NewEntry(c)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		a := activate(ctx, e, c)

		// Active, with nothing to keep alive yet; the Puts land between ticks.
		time.Sleep(5*time.Second + time.Second/2)
		clause1.Check(t, c.Total() == 0, "%d keepalive(s) before the first Put", c.Total())
		put(t, e, "10.0.0.7:8080")
		first := e.Current()
		time.Sleep(10 * time.Second)
		put(t, e, "10.0.0.8:8080")
		second := e.Current()
		firstKept := c.Keepalives(first)
		time.Sleep(10 * time.Second)
		clause1.Check(t, !a.returned(), "Activate returned while its ctx was live and no keepalive had failed")
		cancel()
		if !a.wait(t, time.Minute) {
			return
		}

		clause2.NoError(t, a.err, "Activate's result when the caller cancelled")
		clause1.Check(t, firstKept >= 9, "%d keepalive(s) for the first lease in the 10s it was current", firstKept)
		clause1.Check(t, c.Keepalives(first) == firstKept, "%d keepalive(s) for the first lease after a later Put replaced it", c.Keepalives(first)-firstKept)
		clause1.Check(t, c.Keepalives(second) >= 9, "%d keepalive(s) for the second lease in the 10s it was current", c.Keepalives(second))
	})
}

// TestCallsRaceActivatesEnd: Put and Current run while the caller cancels, and
// keep working once Activate has returned.
func TestCallsRaceActivatesEnd(t *testing.T) {
	skipIfBlocked(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient()
		c.putSpeed = fake.Prompt
		e := NewEntry(c)
		put(t, e, "v0")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		a := activate(ctx, e, c)

		calls := map[string]func(){"cancel": func() {
			time.Sleep(3*time.Second + rtt/3)
			cancel()
		}}
		for i := range 5 {
			calls[fmt.Sprintf("Put caller %d", i+1)] = func() {
				for range 50 {
					e.Put(context.Background(), []byte("v"))
					time.Sleep(100 * time.Millisecond)
				}
			}
			calls[fmt.Sprintf("Current caller %d", i+1)] = func() {
				for range 100 {
					e.Current()
					time.Sleep(70 * time.Millisecond)
				}
			}
		}
		if !leakcheck.Concurrently(t, clause4, time.Hour, calls) || !a.wait(t, time.Minute) {
			return
		}
		clause2.NoError(t, a.err, "Activate's result when the caller cancelled")
		before := e.Current()
		put(t, e, "after")
		clause4.Check(t, e.Current() > before, "Current stayed %d after a Put once Activate had returned", before)
	})
}

// TestCancelRacesActivateRealClock: on the real clock, many rounds, the caller
// cancels at any moment around the start of Activate.
func TestCancelRacesActivateRealClock(t *testing.T) {
	skipIfBlocked(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	deadline := time.Now().Add(100 * time.Millisecond)
	for round := 1; round <= 500 && (round <= 20 || time.Now().Before(deadline)); round++ {
		c := newFakeClient()
		e := NewEntry(c)
		e.Put(context.Background(), []byte("v"))
		ctx, cancel := context.WithCancel(context.Background())
		a := activate(ctx, e, c)
		if round%3 != 0 {
			time.Sleep(time.Duration(round%7) * 10 * time.Microsecond)
		}
		cancel()
		select {
		case <-a.done:
		case <-time.After(5 * time.Second):
			clause2.Errorf(t, "round %d: Activate had not returned 5s after its ctx was cancelled", round)
			return
		}
		if !clause2.NoError(t, a.err, "Activate's result when the caller cancelled") ||
			!clause3.Check(t, a.inFlight == 0, "round %d: %d request(s) to the store were in flight when Activate returned", round, a.inFlight) {
			return
		}
	}
}

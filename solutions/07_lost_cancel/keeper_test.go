package keeper

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/leakcheck"
)

const rtt = 100 * time.Millisecond // a prompt request's round trip

// lifetime is a context of its own type, like the ones some servers and
// frameworks hand to request handlers: it is done once end is called. It does not
// derive from context.Background, so the context package cannot link a child to
// it directly: every context derived from a lifetime gets a goroutine that waits
// for the lifetime or the child to be done, whichever comes first.
type lifetime struct {
	done chan struct{}
	once sync.Once
}

func newLifetime() *lifetime { return &lifetime{done: make(chan struct{})} }

func (l *lifetime) Deadline() (time.Time, bool) { return time.Time{}, false }
func (l *lifetime) Done() <-chan struct{}       { return l.done }
func (l *lifetime) Value(key any) any           { return nil }
func (l *lifetime) end()                        { l.once.Do(func() { close(l.done) }) }

func (l *lifetime) Err() error {
	select {
	case <-l.done:
		return context.Canceled
	default:
		return nil
	}
}

// fakeClient is the remote service on synctest's fake clock (or the real one).
// Put number n (from 1) and keepalive number n answer as putSpeed(n) and
// kaSpeed(n) say (promptly, and at once, when nil), inside the points "Put"
// and "Keepalive". It records every request's ctx.
type fakeClient struct {
	putSpeed func(n int) fake.Speed
	kaSpeed  func(n int) fake.Speed

	points fake.Points

	mu         sync.Mutex
	caller     context.Context // the caller's ctx: a request on it made no context of its own
	puts, kas  int
	ctxs       []context.Context // every request's ctx, in order
	isPut      []bool            // whether each was a Put's
	maxLive    int               // most contexts of earlier requests still live when a new request began
	lease      int
	keepalives int
	kaReturned []time.Time // when each keepalive returned
}

// begin records ctx and checks the contexts of the requests before it.
func (c *fakeClient) begin(ctx context.Context, put bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	live := 0
	for _, prev := range c.ctxs {
		if prev != c.caller && prev.Err() == nil {
			live++
		}
	}
	c.maxLive = max(c.maxLive, live)
	c.ctxs = append(c.ctxs, ctx)
	c.isPut = append(c.isPut, put)
}

func (c *fakeClient) Put(ctx context.Context, value []byte) (int, error) {
	c.begin(ctx, true)
	c.mu.Lock()
	c.puts++
	speed := fake.Prompt
	if c.putSpeed != nil {
		speed = c.putSpeed(c.puts)
	}
	c.mu.Unlock()
	if err := c.points.Call(ctx, "Put", speed, rtt); err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lease++
	return c.lease, nil
}

func (c *fakeClient) Keepalive(ctx context.Context, lease int) error {
	c.begin(ctx, false)
	c.mu.Lock()
	c.kas++
	speed := fake.Instant
	if c.kaSpeed != nil {
		speed = c.kaSpeed(c.kas)
	}
	c.mu.Unlock()
	err := c.points.Call(ctx, "Keepalive", speed, rtt)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kaReturned = append(c.kaReturned, time.Now())
	if err != nil {
		return err
	}
	c.keepalives++
	return nil
}

// setCaller records the caller's ctx: requests sent on it made no context.
func (c *fakeClient) setCaller(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.caller = ctx
}

// lastCtx returns the ctx of the latest request.
func (c *fakeClient) lastCtx() context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ctxs[len(c.ctxs)-1]
}

func (c *fakeClient) stats() (maxLive, keepalives int, kaReturned []time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.maxLive, c.keepalives, append([]time.Time(nil), c.kaReturned...)
}

// call runs f in a goroutine of the test's and waits at most within for it,
// reporting clause 3 broken if it does not return. It returns when f returned.
func call(t *testing.T, what string, within time.Duration, f func()) (at time.Time, ok bool) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
		at = time.Now()
	}()
	timer := time.NewTimer(within)
	defer timer.Stop()
	select {
	case <-done:
		return at, true
	case <-timer.C:
		clause3.Errorf(t, "%s had not returned %v after it was called", what, within)
		return time.Time{}, false
	}
}

// put calls s.Put with ctx and checks, at the instant it returned, that the
// context it made for the request is done and that nothing of its is left
// running. It returns Put's error and how long it took on the fake clock.
func put(t *testing.T, ctx context.Context, c *fakeClient, s *Statefull) (err error, took time.Duration, ok bool) {
	t.Helper()
	c.setCaller(ctx)
	m := leakcheck.Now()
	start := time.Now()
	at, ok := call(t, "Put", 2*time.Hour, func() { err = s.Put(ctx, []byte("v")) })
	if !ok {
		return nil, 0, false
	}
	if reqCtx := c.lastCtx(); reqCtx != ctx {
		clause1.Check(t, reqCtx.Err() != nil, "the context Put made for its request was still live when Put returned (%v after it was called)", at.Sub(start))
	}
	m.Stopped(t, clause1, "Put")
	return err, at.Sub(start), true
}

func TestPut(t *testing.T) {
	noteFailure(t)
	for _, tc := range []struct {
		name  string
		speed fake.Speed
		ok    bool
	}{
		{"the service answers after 100ms", fake.Prompt, true},
		{"the service answers at once", fake.Instant, true},
		{"the request fails", fake.Failing, false},
	} {
		ok := t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				// The server's lifetime outlives this test: it is never ended here.
				life := newLifetime()
				c := &fakeClient{putSpeed: func(int) fake.Speed { return tc.speed }}
				s := NewStatefull(c)
				for i := 1; i <= 3; i++ {
					err, _, ok := put(t, life, c, s)
					if !ok || t.Failed() {
						break
					}
					if tc.ok {
						clause3.NoError(t, err, "Put's result when the service answers")
						clause3.Check(t, s.Current() == i, "Current returned %d after Put number %d", s.Current(), i)
					} else {
						clause3.ErrorIs(t, err, fake.ErrInjected, "Put's result when the request fails")
					}
				}
			})
		})
		if !ok {
			break // the other speeds fail the same way
		}
	}
}

func TestPutTimesOut(t *testing.T) {
	noteFailure(t)
	for _, caller := range []string{"a context of its own type", "a context.WithCancel context"} {
		t.Run(caller, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				var ctx context.Context = newLifetime()
				if caller != "a context of its own type" {
					c, cancel := context.WithCancel(context.Background())
					defer cancel()
					ctx = c
				}
				c := &fakeClient{putSpeed: func(int) fake.Speed { return fake.Hung }}
				err, took, ok := put(t, ctx, c, NewStatefull(c))
				if !ok {
					return
				}
				clause3.ErrorIs(t, err, context.DeadlineExceeded, "the result of a Put that gets no answer")
				clause3.Check(t, took == 10*time.Second, "a Put that gets no answer returned after %v", took)
			})
		})
	}
}

func TestPutCallerCancels(t *testing.T) {
	noteFailure(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		life := newLifetime()
		time.AfterFunc(3*time.Second, life.end)
		c := &fakeClient{putSpeed: func(int) fake.Speed { return fake.Hung }}
		err, took, ok := put(t, life, c, NewStatefull(c))
		if !ok {
			return
		}
		clause3.ErrorIs(t, err, context.Canceled, "the result of a Put whose caller's ctx ended")
		clause3.Check(t, took == 3*time.Second, "Put returned %v after it was called; the caller's ctx ended after 3s", took)
	})
}

// activate runs s.Activate(ctx) and judges at the instant it returned: its
// error, when, and whether any keepalive's context or anything it started was
// still live.
func activate(t *testing.T, ctx context.Context, c *fakeClient, s *Statefull) (err error, took time.Duration, ok bool) {
	t.Helper()
	c.setCaller(ctx)
	m := leakcheck.Now()
	start := time.Now()
	at, ok := call(t, "Activate", 3*time.Hour, func() { err = s.Activate(ctx) })
	if !ok {
		return nil, 0, false
	}
	if _, n, returned := c.stats(); (n > 0 || len(returned) > 0) && c.lastCtx() != ctx {
		clause2.Check(t, c.lastCtx().Err() != nil, "the context of the last keepalive was still live when Activate returned")
	}
	m.Stopped(t, clause2, "Activate")
	maxLive, _, _ := c.stats()
	clause2.Check(t, maxLive == 0, "up to %d earlier request context(s) were still live when a keepalive began", maxLive)
	return err, at.Sub(start), true
}

func TestActivate(t *testing.T) {
	noteFailure(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		life := newLifetime()
		c := &fakeClient{}
		s := NewStatefull(c)
		if err, _, ok := put(t, life, c, s); !ok || !clause3.NoError(t, err, "Put's result when the service answers") {
			return
		}

		time.AfterFunc(time.Minute+time.Second/2, life.end)
		err, took, ok := activate(t, life, c, s)
		if !ok {
			return
		}
		clause4.NoError(t, err, "Activate's result when the caller's ctx ended")
		clause4.Check(t, took == time.Minute+time.Second/2, "Activate returned %v after it was called; the caller's ctx ended after 1m0.5s", took)
		_, n, _ := c.stats()
		clause4.Check(t, n == 60, "%d keepalive(s) in the minute Activate ran", n)
	})
}

// TestActivateEnds ends Activate every way, wherever it is.
func TestActivateEnds(t *testing.T) {
	noteFailure(t)
	for _, tc := range []struct {
		name  string
		ka    fake.Speed // the third keepalive's speed; the others answer at once
		endAt time.Duration
		want  error // nil: Activate must return nil
		took  time.Duration
	}{
		{"the caller's ctx ends between keepalives", fake.Instant, 3*time.Second + time.Second/2, nil, 3*time.Second + time.Second/2},
		{"the caller's ctx ends with a keepalive on the wire", fake.Prompt, 3*time.Second + rtt/2, nil, 3*time.Second + rtt/2},
		{"the caller's ctx ends with a keepalive that never answers", fake.Hung, 5 * time.Second, nil, 5 * time.Second},
		{"a keepalive gets no answer", fake.Hung, time.Hour, context.DeadlineExceeded, 13 * time.Second},
		{"a keepalive fails", fake.Failing, time.Hour, fake.ErrInjected, 3 * time.Second},
	} {
		ok := t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				life := newLifetime()
				defer life.end()
				c := &fakeClient{kaSpeed: func(n int) fake.Speed {
					if n == 3 {
						return tc.ka
					}
					return fake.Instant
				}}
				s := NewStatefull(c)
				if err, _, ok := put(t, life, c, s); !ok || !clause3.NoError(t, err, "Put's result when the service answers") {
					return
				}
				time.AfterFunc(tc.endAt, life.end)
				err, took, ok := activate(t, life, c, s)
				if !ok {
					return
				}
				if tc.want == nil {
					clause4.NoError(t, err, "Activate's result when the caller's ctx ended")
					clause4.Check(t, took == tc.took, "Activate returned %v after it was called; the caller's ctx ended after %v", took, tc.endAt)
				} else {
					clause4.ErrorIs(t, err, tc.want, "Activate's result when a keepalive failed")
					clause3.Check(t, took == tc.took, "Activate returned %v after it was called, a keepalive failing or getting no answer; it had to return after %v", took, tc.took)
				}
			})
		})
		if !ok {
			break // the other ends fail the same way
		}
	}
}

// TestCallsRaceActivatesEnd: Puts and Currents run while the caller's ctx
// ends; everything comes back, and every request's context is done.
func TestCallsRaceActivatesEnd(t *testing.T) {
	noteFailure(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		life := newLifetime()
		c := &fakeClient{caller: life}
		s := NewStatefull(c)
		var activateErr error
		calls := map[string]func(){
			"Activate": func() { activateErr = s.Activate(life) },
			"end":      func() { time.Sleep(5*time.Second + rtt/3); life.end() },
		}
		for i := range 5 {
			calls[fmt.Sprintf("Put %d", i+1)] = func() {
				for range 30 {
					s.Put(life, []byte("v"))
					s.Current()
				}
			}
		}
		m := leakcheck.Now()
		if !leakcheck.Concurrently(t, clause4, time.Hour, calls) {
			return
		}
		clause4.NoError(t, activateErr, "Activate's result when the caller's ctx ended")
		c.mu.Lock()
		livePuts, liveKeepalives := 0, 0
		for i, ctx := range c.ctxs {
			switch {
			case ctx == c.caller || ctx.Err() != nil:
			case c.isPut[i]:
				livePuts++
			default:
				liveKeepalives++
			}
		}
		c.mu.Unlock()
		clause1.Check(t, livePuts == 0, "%d context(s) made for Puts were still live once every call had returned", livePuts)
		clause2.Check(t, liveKeepalives == 0, "%d context(s) made for keepalives were still live once every call had returned", liveKeepalives)
		m.Stopped(t, clause1, "every call")
	})
}

// TestPutRealClock: on the real clock, many Puts with a context of the
// caller's own type, some of them cancelled as they run: every request's
// context is done once Put has returned.
func TestPutRealClock(t *testing.T) {
	if failedBefore.Load() {
		t.Skip("skipped: a test before this one failed, and on the real clock its goroutines would be left behind for good")
	}
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	deadline := time.Now().Add(100 * time.Millisecond)
	for round := 1; round <= 500 && (round <= 20 || time.Now().Before(deadline)); round++ {
		life := newLifetime()
		c := &fakeClient{putSpeed: func(int) fake.Speed { return fake.Hung }}
		s := NewStatefull(c)
		go func() {
			time.Sleep(time.Duration(round%5) * 20 * time.Microsecond)
			life.end()
		}()
		done := make(chan error, 1)
		go func() { done <- s.Put(life, []byte("v")) }()
		select {
		case err := <-done:
			if !clause3.ErrorIs(t, err, context.Canceled, "the result of a Put whose caller's ctx ended") ||
				!clause1.Check(t, c.lastCtx() == context.Context(life) || c.lastCtx().Err() != nil, "round %d: the context Put made for its request was still live when Put returned", round) {
				return
			}
		case <-time.After(5 * time.Second):
			clause3.Errorf(t, "round %d: Put had not returned 5s after its caller's ctx ended", round)
			return
		}
	}
}

// failedBefore is set once a fake-clock test has failed: the real-clock test
// is then not worth running, since what leaks on the fake clock leaks for good
// on the real one.
var failedBefore atomic.Bool

// noteFailure sets failedBefore if t fails, its leak checks included.
func noteFailure(t *testing.T) {
	t.Cleanup(func() {
		if t.Failed() {
			failedBefore.Store(true)
		}
	})
}

package statefull

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
	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"
)

const (
	interval = time.Second
	putRTT   = 10 * time.Millisecond  // a prompt Put's request
	kaRTT    = 100 * time.Millisecond // a prompt keepalive
)

var errExpired = errors.New("lease expired")

// fakeClient is the remote store, on synctest's fake clock or the real one.
// It hands out leases 1, 2, 3... in the order Put requests are answered, and
// records the keepalives it answered. Put number n (from 1) and keepalive
// number n answer as putSpeed(n) and kaSpeed(n) say (at once when nil),
// inside the points "Put" and "Keepalive". A keepalive of failLease fails.
type fakeClient struct {
	putSpeed  func(n int) fake.Speed
	kaSpeed   func(n int) fake.Speed
	failLease int

	points fake.Points

	mu         sync.Mutex
	puts, kas  int
	next       int
	keepalives []int       // leases kept alive, in order
	kaBegan    []time.Time // when each keepalive began
}

func speed(f func(int) fake.Speed, n int) fake.Speed {
	if f == nil {
		return fake.Instant
	}
	return f(n)
}

func (c *fakeClient) Put(ctx context.Context, value []byte) (int, error) {
	c.mu.Lock()
	c.puts++
	sp := speed(c.putSpeed, c.puts)
	c.mu.Unlock()
	if err := c.points.Call(ctx, "Put", sp, putRTT); err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	return c.next, nil
}

func (c *fakeClient) Keepalive(ctx context.Context, lease int) error {
	c.mu.Lock()
	c.kas++
	sp := speed(c.kaSpeed, c.kas)
	c.kaBegan = append(c.kaBegan, time.Now())
	c.mu.Unlock()
	if err := c.points.Call(ctx, "Keepalive", sp, kaRTT); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if lease == c.failLease {
		return errExpired
	}
	c.keepalives = append(c.keepalives, lease)
	return nil
}

func (c *fakeClient) Keepalives() []int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]int(nil), c.keepalives...)
}

// running is a call of Run in a goroutine owned by the test.
type running struct {
	done chan struct{}
	err  error
	at   time.Time // when Run returned
}

// start runs s.Run(ctx) in a goroutine of the test's.
func start(ctx context.Context, s *Statefull) *running {
	r := &running{done: make(chan struct{})}
	go func() {
		defer close(r.done)
		r.err = s.Run(ctx)
		r.at = time.Now()
	}()
	return r
}

// wait waits at most d (fake time in a bubble) for Run to return, and reports
// clause 4 broken if it does not.
func (r *running) wait(t *testing.T, d time.Duration) bool {
	t.Helper()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-r.done:
		return true
	case <-timer.C:
		clause4.Errorf(t, "Run had not returned %v after its ctx was cancelled or a keepalive failed", d)
		return false
	}
}

// returns calls f in a goroutine and waits at most d for it, reporting c
// broken if it does not return: what names the call.
func returns(t *testing.T, c goal.Clause, what string, d time.Duration, f func()) bool {
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
		c.Errorf(t, "%s had not returned %v after it was called", what, d)
		return false
	}
}

// afterStop checks what callers get once Run has returned: Current the last
// lease, Put ErrStopped, both at once, from goroutines of their own.
func afterStop(t *testing.T, s *Statefull, wantLease int) {
	t.Helper()
	for range 3 {
		var got int
		if !returns(t, clause1, "Current", interval, func() { got = s.Current() }) ||
			!clause1.Check(t, got == wantLease, "Current returned %d after Run had returned; the last lease put was %d", got, wantLease) {
			return
		}
	}
	for range 3 {
		var err error
		if !returns(t, clause1, "Put", interval, func() { err = s.Put(context.Background(), []byte("too late")) }) ||
			!clause1.ErrorIs(t, err, ErrStopped, "Put after Run had returned") {
			return
		}
	}
}

// put calls s.Put and reports clause 1 broken if it fails while Run runs.
func put(t *testing.T, s *Statefull, value string) {
	t.Helper()
	var err error
	if returns(t, clause2, "Put", time.Minute, func() { err = s.Put(context.Background(), []byte(value)) }) {
		clause1.NoError(t, err, "Put while Run runs")
	}
}

func TestKeepsCurrentLeaseAlive(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	noteFailure(t)
	leakcheck.Bubble(t, func(t *testing.T) {
		c := &fakeClient{}
		s := New(c, interval)
		// The caller's ctx, cancelled only below: it outlives the checks.
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		m := leakcheck.Now()
		r := start(ctx, s)

		put(t, s, "v1")
		got := s.Current()
		clause1.Check(t, got == 1, "Current returned %d after the first Put, whose lease is 1", got)
		time.Sleep(3*interval + interval/2)
		put(t, s, "v2")
		got = s.Current()
		clause1.Check(t, got == 2, "Current returned %d after the second Put, whose lease is 2", got)
		time.Sleep(2*interval + interval/4)
		clause3.Equal(t, []int{1, 1, 1, 2, 2}, c.Keepalives(), "the leases kept alive, one keepalive per interval")

		cancel()
		cancelled := time.Now()
		if !r.wait(t, time.Minute) {
			return
		}
		m.Stopped(t, clause4, "Run")
		clause4.NoError(t, r.err, "Run's result when the caller cancelled")
		clause4.Check(t, r.at.Equal(cancelled), "Run returned %v after the caller cancelled, while waiting for the next tick", r.at.Sub(cancelled))
		afterStop(t, s, 2)
	})
}

// TestPutAndCurrentDoNotWait, on the real clock (a goroutine blocked on a
// mutex stops synctest's clock): Put and Current come back while a keepalive
// or another Put's request hangs. It runs early: the fake-clock tests after
// it cannot see a caller blocked on a mutex, only stall.
func TestPutAndCurrentDoNotWait(t *testing.T) {
	for _, tc := range []struct {
		name  string
		point string
		setup func(c *fakeClient)
	}{
		{"a keepalive hangs", "Keepalive", func(c *fakeClient) {
			c.kaSpeed = func(int) fake.Speed { return fake.Hung }
		}},
		{"another Put's request hangs", "Put", func(c *fakeClient) {
			c.putSpeed = func(n int) fake.Speed {
				if n == 2 {
					return fake.Hung
				}
				return fake.Instant
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			t.Cleanup(func() {
				if t.Failed() {
					blocked.Store(true)
				}
			})
			c := &fakeClient{}
			tc.setup(c)
			s := New(c, 5*time.Millisecond)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r := start(ctx, s)
			defer r.wait(t, 10*time.Second)
			defer cancel()
			put(t, s, "v1")
			if tc.point == "Put" {
				go s.Put(ctx, []byte("hangs"))
			}
			if !c.points.Await(t, tc.point, 1, 5*time.Second) {
				return
			}
			leakcheck.Concurrently(t, clause2, time.Second, map[string]func(){
				"Current": func() { s.Current() },
				"Put":     func() { s.Put(context.Background(), []byte("v2")) },
			})
		})
	}
}

// TestRunEnds ends Run every way, wherever it is, and judges at that instant.
func TestRunEnds(t *testing.T) {
	skipIfBlocked(t)
	noteFailure(t)
	for _, tc := range []struct {
		name   string
		ka     fake.Speed    // the first keepalive's speed; the next ones answer at once
		fail   bool          // the first lease's keepalive fails
		cancel bool          // the caller cancels while the first keepalive is on the wire
		want   error         // nil: Run must return nil
		takes  time.Duration // how long the first keepalive takes, if not cut short by the cancel
	}{
		{name: "cancelled with a keepalive on the wire", ka: fake.Prompt, cancel: true},
		{name: "cancelled with a keepalive that never answers", ka: fake.Hung, cancel: true},
		{name: "cancelled with a slow keepalive", ka: fake.Slow, cancel: true},
		{name: "cancelled with a keepalive deaf to it", ka: fake.Deaf, cancel: true, takes: fake.Long},
		{name: "a keepalive fails at once", ka: fake.Failing, want: fake.ErrInjected},
		{name: "the store drops the lease", ka: fake.Prompt, fail: true, want: errExpired, takes: kaRTT},
	} {
		if t.Failed() {
			break // the other ends fail the same way
		}
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				c := &fakeClient{kaSpeed: func(n int) fake.Speed {
					if n == 1 {
						return tc.ka
					}
					return fake.Instant
				}}
				if tc.fail {
					c.failLease = 1
				}
				s := New(c, interval)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				m := leakcheck.Now()
				r := start(ctx, s)
				put(t, s, "v1")

				if tc.cancel {
					if !c.points.Await(t, "Keepalive", 1, 2*interval) {
						return
					}
					time.Sleep(kaRTT / 2)
					cancel()
				}
				if !r.wait(t, 2*fake.Long) {
					return
				}
				c.mu.Lock()
				began := c.kaBegan[0]
				c.mu.Unlock()
				m.Stopped(t, clause4, "Run")
				if tc.want == nil {
					clause4.NoError(t, r.err, "Run's result when the caller cancelled")
				} else {
					clause4.ErrorIs(t, r.err, tc.want, "Run's result when the keepalive of lease 1 failed")
					if r.err != nil && !strings.Contains(r.err.Error(), "lease 1") {
						clause4.Errorf(t, "Run returned %q when the keepalive of lease 1 failed, without \"lease 1\" in it", r.err)
					}
				}
				want := began.Add(tc.takes)
				if tc.cancel && tc.takes == 0 {
					want = began.Add(kaRTT / 2)
				}
				clause4.Check(t, r.at.Equal(want), "Run returned %v after the keepalive began; its keepalive was over %v after it began",
					r.at.Sub(began), want.Sub(began))
				afterStop(t, s, 1)
			})
		})
	}
}

// TestPutInFlightWhenRunEnds: a Put whose request to the store is on the wire
// when Run returns fails with ErrStopped once the store answers; the lease
// stays the one put before.
func TestPutInFlightWhenRunEnds(t *testing.T) {
	skipIfBlocked(t)
	noteFailure(t)
	for _, tc := range []struct {
		name string
		fail bool
	}{
		{"the caller cancels", false},
		{"a keepalive fails", true},
	} {
		if t.Failed() {
			break // the other end fails the same way
		}
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				c := &fakeClient{putSpeed: func(n int) fake.Speed {
					if n == 2 {
						return fake.Slow
					}
					return fake.Instant
				}}
				s := New(c, interval)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				r := start(ctx, s)
				put(t, s, "v1")

				var err error
				slow := make(chan struct{})
				go func() {
					defer close(slow)
					err = s.Put(context.Background(), []byte("v2"))
				}()
				if !c.points.Await(t, "Put", 1, interval) {
					return
				}
				if tc.fail {
					c.mu.Lock()
					c.failLease = 1
					c.mu.Unlock()
				} else {
					cancel()
				}
				if !r.wait(t, time.Minute) {
					return
				}
				select {
				case <-slow:
					clause1.ErrorIs(t, err, ErrStopped, "the Put whose request was in flight when Run returned")
				case <-time.After(2 * fake.Long):
					clause1.Errorf(t, "the Put whose request was in flight when Run returned had not returned two hours after the store answered it")
					return
				}
				afterStop(t, s, 1)
			})
		})
	}
}

// TestCallsRaceRunsEnd: callers of Put and Current run while the caller
// cancels; they all come back, and afterwards Run's end holds for everyone.
func TestCallsRaceRunsEnd(t *testing.T) {
	skipIfBlocked(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	noteFailure(t)
	leakcheck.Bubble(t, func(t *testing.T) {
		c := &fakeClient{putSpeed: func(int) fake.Speed { return fake.Prompt }}
		s := New(c, interval)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		r := start(ctx, s)
		put(t, s, "v1")

		calls := map[string]func(){"cancel": func() {
			time.Sleep(5*interval + kaRTT/3)
			cancel()
		}}
		var mu sync.Mutex
		leases := map[int]bool{1: true}
		for i := range 10 {
			calls[fmt.Sprintf("Put caller %d", i+1)] = func() {
				for range 100 {
					if err := s.Put(context.Background(), []byte("v")); err != nil {
						return
					}
					mu.Lock()
					leases[s.Current()] = true
					mu.Unlock()
				}
			}
			calls[fmt.Sprintf("Current caller %d", i+1)] = func() {
				for range 1000 {
					s.Current()
					time.Sleep(interval / 10)
				}
			}
		}
		if !leakcheck.Concurrently(t, clause1, 10*time.Minute, calls) || !r.wait(t, time.Minute) {
			return
		}
		clause4.NoError(t, r.err, "Run's result when the caller cancelled")
		last := s.Current()
		clause1.Check(t, leases[last], "Current returned %d once Run had returned, a lease no Put had made current", last)
		afterStop(t, s, last)
	})
}

// TestFrequentCallersDoNotStarveKeepalives: callers far more frequent than
// the interval do not hold the keepalives back.
func TestFrequentCallersDoNotStarveKeepalives(t *testing.T) {
	skipIfBlocked(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	noteFailure(t)
	leakcheck.Bubble(t, func(t *testing.T) {
		c := &fakeClient{}
		s := New(c, interval)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		r := start(ctx, s)
		put(t, s, "v1")

		stop := time.Now().Add(10*interval + interval/2)
		returns(t, clause3, "Current", time.Hour, func() {
			for i := 0; time.Now().Before(stop); i++ {
				s.Current()
				if i%5 == 0 {
					s.Put(context.Background(), []byte("v"))
				}
				time.Sleep(interval / 8)
			}
		})
		n := len(c.Keepalives())
		clause3.Check(t, n >= 9, "%d keepalive(s) in 10 intervals, with Put and Current called 8 times an interval", n)
		cancel()
		r.wait(t, time.Minute)
	})
}

// failedBefore is set once a test of the fake clock has failed: the real-clock
// tests are then not worth running, since a Statefull that strands its callers
// on the fake clock leaves them behind for good on the real one.
var failedBefore atomic.Bool

// noteFailure sets failedBefore if t fails, its leak checks included.
func noteFailure(t *testing.T) {
	t.Cleanup(func() {
		if t.Failed() {
			failedBefore.Store(true)
		}
	})
}

// blocked is set once TestPutAndCurrentDoNotWait has found Put or Current
// waiting for another call: the fake-clock tests after it would only stall,
// since synctest's clock stops while a goroutine waits on a mutex.
var blocked atomic.Bool

// skipIfBlocked skips a fake-clock test once blocked is set.
func skipIfBlocked(t *testing.T) {
	if blocked.Load() {
		t.Skip("skipped: Put or Current was found waiting for another call, and on the fake clock that only stalls the test")
	}
}

// skipAfterFailure skips a real-clock test once a fake-clock test has failed.
func skipAfterFailure(t *testing.T) {
	if failedBefore.Load() {
		t.Skip("skipped: a test before this one failed, and on the real clock its callers would be left behind for good")
	}
}

// TestRunsEndRealClock: on the real clock, many rounds, callers of Put and
// Current race the caller's cancel. A Put called once Run had returned must
// fail, and Current must end on a lease some Put made current.
func TestRunsEndRealClock(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	skipAfterFailure(t)
	deadline := time.Now().Add(150 * time.Millisecond)
	for round := 1; round <= 500 && (round <= 10 || time.Now().Before(deadline)); round++ {
		c := &fakeClient{}
		s := New(c, 100*time.Microsecond)
		ctx, cancel := context.WithCancel(context.Background())
		var returned atomic.Bool
		r := &running{done: make(chan struct{})}
		go func() {
			defer close(r.done)
			r.err = s.Run(ctx)
			returned.Store(true)
		}()

		var (
			mu        sync.Mutex
			leases    = map[int]bool{0: true}
			lateNil   int // Puts called after Run had returned that did not fail
			cancelled = make(chan struct{})
		)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for i := 0; ; i++ {
					after := returned.Load()
					err := s.Put(context.Background(), []byte("v"))
					mu.Lock()
					if err == nil {
						leases[s.Current()] = true
						if after {
							lateNil++
						}
					}
					mu.Unlock()
					s.Current()
					select {
					case <-cancelled:
						if after {
							return
						}
					default:
					}
				}
			})
		}
		time.Sleep(time.Duration(round%5) * 50 * time.Microsecond)
		cancel()
		close(cancelled)
		ok := returns(t, clause4, "Run", 5*time.Second, func() { <-r.done })
		ok = returns(t, clause1, "Put", 5*time.Second, wg.Wait) && ok
		if !ok {
			return
		}
		last := s.Current()
		if !clause1.Check(t, lateNil == 0, "round %d: %d Put(s) called after Run had returned did not fail", round, lateNil) ||
			!clause1.Check(t, leases[last], "Current returned %d once Run had returned, a lease no Put had made current", last) {
			return
		}
	}
}

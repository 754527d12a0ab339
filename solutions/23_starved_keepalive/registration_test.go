package registration

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/leakcheck"
)

// Most tests run on synctest's fake clock, so instants are exact: a probe
// every 300 ms never lands on a keepalive's whole second before 3 s.
const (
	interval   = time.Second
	probeEvery = 300 * time.Millisecond
)

var errDropped = errors.New("lease not found")

// keepalive is one keepalive the registry received: when it began (since the
// test began) and for which lease.
type keepalive struct {
	At    time.Duration
	Lease int
}

func (k keepalive) String() string { return fmt.Sprintf("%v: lease %d", k.At, k.Lease) }

// fakeRegistry hands out leases 1, 2, 3... and records keepalives, which
// answer at the registry's speed (inside the blocking point "Keepalive"); a
// dropped lease fails its keepalives.
type fakeRegistry struct {
	start  time.Time
	speed  fake.Speed
	rtt    time.Duration
	points fake.Points

	mu         sync.Mutex
	next       int
	dropped    map[int]bool
	keepalives []keepalive
}

func newFakeRegistry(speed fake.Speed, rtt time.Duration) *fakeRegistry {
	return &fakeRegistry{start: time.Now(), speed: speed, rtt: rtt, dropped: map[int]bool{}}
}

func (c *fakeRegistry) Put(ctx context.Context, addr string) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	return c.next, nil
}

func (c *fakeRegistry) Keepalive(ctx context.Context, lease int) error {
	c.mu.Lock()
	c.keepalives = append(c.keepalives, keepalive{At: time.Since(c.start), Lease: lease})
	speed := c.speed
	c.mu.Unlock()
	if err := c.points.Call(ctx, "Keepalive", speed, c.rtt); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dropped[lease] {
		return errDropped
	}
	return nil
}

// lastLease is the lease of the last Put.
func (c *fakeRegistry) lastLease() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.next
}

// fail makes every keepalive from now on fail.
func (c *fakeRegistry) fail() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.speed = fake.Failing
}

func (c *fakeRegistry) drop(lease int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropped[lease] = true
}

// Keepalives lists the keepalives received, as "1s: lease 1".
func (c *fakeRegistry) Keepalives() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	got := make([]string, len(c.keepalives))
	for i, k := range c.keepalives {
		got[i] = k.String()
	}
	return got
}

func (c *fakeRegistry) received() []keepalive {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]keepalive(nil), c.keepalives...)
}

// everySecond lists the keepalives of one per interval, at 1 s, 2 s, ..., for
// the given leases.
func everySecond(leases ...int) []string {
	want := make([]string, len(leases))
	for i, l := range leases {
		want[i] = keepalive{At: time.Duration(i+1) * interval, Lease: l}.String()
	}
	return want
}

// run is Run going on in a goroutine of the test's: its error and the instant
// it returned.
type run struct {
	done chan struct{}
	err  error
	at   time.Time
}

func start(ctx context.Context, r *Registration) *run {
	x := &run{done: make(chan struct{})}
	go func() {
		defer close(x.done)
		x.err = r.Run(ctx)
		x.at = time.Now()
	}()
	return x
}

// returned waits at most d (fake time in a bubble) for Run to return.
func (x *run) returned(d time.Duration) bool {
	select {
	case <-x.done:
		return true
	case <-time.After(d):
		return false
	}
}

// every calls f every d, as a health endpoint or a deployer does, until the
// returned stop func is called; stop waits for it to end and may be called
// again.
func every(d time.Duration, f func()) (stop func()) {
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				f()
			}
		}
	})
	return sync.OnceFunc(func() {
		close(quit)
		wg.Wait()
	})
}

// within calls f and reports whether it returned within d (fake time in a
// bubble); one that does not is left blocked, for the leak check to report.
func within(d time.Duration, f func()) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// code names a speed of the fake registry as the test's code does.
func code(s fake.Speed) string {
	return map[fake.Speed]string{fake.Instant: "fake.Instant", fake.Prompt: "fake.Prompt", fake.Slow: "fake.Slow",
		fake.Hung: "fake.Hung", fake.Deaf: "fake.Deaf", fake.Failing: "fake.Failing"}[s]
}

func TestKeepaliveWhileProbed(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeRegistry(fake.Instant, 0)
		r := New(c, interval)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		x := start(ctx, r)
		clause2.NoError(t, r.Put(ctx, "10.0.0.7:8080"), "Put while Run runs")
		stop := every(probeEvery, func() { r.Current() })

		time.Sleep(5*interval + interval/2)
		clause1.Equal(t, everySecond(1, 1, 1, 1, 1), c.Keepalives(),
			"keepalives in %v, with Current called every %v", 5*interval+interval/2, probeEvery)

		stop()
		cancel()
		if x.returned(time.Minute) {
			clause4.NoError(t, x.err, "Run's result once its ctx was cancelled")
		}
	})
}

func TestKeepaliveWhilePutting(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeRegistry(fake.Instant, 0)
		r := New(c, interval)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		x := start(ctx, r)

		// A new address every 350 ms: 3 Puts per second, never on a whole second.
		for range 15 {
			clause2.NoError(t, r.Put(ctx, "10.0.0.7:8080"), "Put while Run runs")
			time.Sleep(350 * time.Millisecond)
		}
		clause2.Equal(t, everySecond(3, 6, 9, 12, 15), c.Keepalives(),
			"keepalives in %v, with a Put every %v", 15*350*time.Millisecond, 350*time.Millisecond)

		cancel()
		if x.returned(time.Minute) {
			clause4.NoError(t, x.err, "Run's result once its ctx was cancelled")
		}
	})
}

// TestKeepaliveTakesTime has each keepalive take half an interval on the
// wire, while Puts and probes keep coming: some of them arrive while a
// keepalive is in flight.
func TestKeepaliveTakesTime(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeRegistry(fake.Prompt, interval/2)
		r := New(c, interval)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		begin := time.Now()
		x := start(ctx, r)
		stopProbes := every(50*time.Millisecond, func() { r.Current() })

		// The lease of each Put, and when that Put returned.
		type put struct {
			at    time.Duration
			lease int
		}
		var puts []put
		for range 9 {
			if !clause2.NoError(t, r.Put(ctx, "10.0.0.7:8080"), "Put while Run runs") {
				break
			}
			puts = append(puts, put{time.Since(begin), c.lastLease()})
			time.Sleep(700 * time.Millisecond)
		}
		// Stop half an interval past a beat, then count the beats.
		end := time.Since(begin).Truncate(interval) + interval + interval/2
		time.Sleep(end - time.Since(begin))
		stopProbes()
		got := c.received()
		clause1.Equal(t, int(end/interval), len(got), "keepalives in %v, each taking %v, with Current called every %v and a Put every %v",
			end, interval/2, 50*time.Millisecond, 700*time.Millisecond)
		for _, k := range got {
			want := 0
			for _, p := range puts {
				if p.at <= k.At {
					want = p.lease
				}
			}
			clause2.Check(t, k.Lease == want, "the keepalive at %v went to lease %d; the last Put that returned before it got lease %d", k.At, k.Lease, want)
		}

		cancel()
		if x.returned(time.Minute) {
			clause4.NoError(t, x.err, "Run's result once its ctx was cancelled")
		}
	})
}

func TestFailedKeepaliveEndsRun(t *testing.T) {
	for _, tc := range []struct {
		name string
		fail func(c *fakeRegistry)
		err  error
	}{
		{"the registry dropped the lease", func(c *fakeRegistry) { c.drop(1) }, errDropped},
		{"the registry fails", (*fakeRegistry).fail, fake.ErrInjected},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				c := newFakeRegistry(fake.Instant, 0)
				r := New(c, interval)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				m := leakcheck.Now()
				x := start(ctx, r)
				clause2.NoError(t, r.Put(ctx, "10.0.0.7:8080"), "Put while Run runs")
				stop := every(probeEvery, func() { r.Current() })
				defer stop()

				time.Sleep(2*interval + interval/2)
				tc.fail(c)
				begin := time.Now()
				if !x.returned(10 * interval) {
					clause3.Fatalf(t, "Run had not returned %v after its keepalives began to fail, with Current called every %v", 10*interval, probeEvery)
				}
				clause3.ErrorIs(t, x.err, tc.err, "Run's result once a keepalive failed")
				clause3.Equal(t, interval/2, x.at.Sub(begin), "fake time from the failure to Run's return, the next keepalive being due %v later", interval/2)
				stop()
				m.Stopped(t, clause3, "Run")
			})
		})
	}
}

func TestCancelEndsRun(t *testing.T) {
	for _, tc := range []struct {
		name   string
		speed  fake.Speed
		onWire bool          // cancel while a keepalive is on the wire
		took   time.Duration // from the cancel to Run's return
	}{
		{"between keepalives", fake.Instant, false, 0},
		{"while a hung keepalive is on the wire", fake.Hung, true, 0},
		{"while a slow keepalive is on the wire", fake.Slow, true, 0},
		{"while a keepalive deaf to the cancel is on the wire", fake.Deaf, true, fake.Long - interval/2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				c := newFakeRegistry(tc.speed, 0)
				r := New(c, interval)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				m := leakcheck.Now()
				x := start(ctx, r)
				clause2.NoError(t, r.Put(ctx, "10.0.0.7:8080"), "Put while Run runs")
				clause2.NoError(t, r.Put(ctx, "10.0.0.8:8080"), "Put while Run runs")
				if tc.onWire {
					c.points.Await(t, "Keepalive", 1, 2*interval)
				}
				time.Sleep(interval / 2)
				cancel()
				begin := time.Now()
				if !x.returned(2 * fake.Long) {
					clause4.Fatalf(t, "Run had not returned %v after its ctx was cancelled, with a keepalive %s", 2*fake.Long, code(tc.speed))
				}
				clause4.NoError(t, x.err, "Run's result once its ctx was cancelled, with a keepalive %s", code(tc.speed))
				clause4.Equal(t, tc.took, x.at.Sub(begin), "fake time from the cancel to Run's return, with a keepalive %s", code(tc.speed))
				m.Stopped(t, clause4, "Run")

				var lease int
				if !within(time.Minute, func() { lease = r.Current() }) {
					clause5.Fatalf(t, "Current after Run returned had not returned %v later", time.Minute)
				}
				clause5.Equal(t, 2, lease, "Current after Run returned")
				var err error
				if !within(time.Minute, func() { err = r.Put(context.Background(), "10.0.0.9:8080") }) {
					clause5.Fatalf(t, "Put after Run returned had not returned %v later", time.Minute)
				}
				clause5.ErrorIs(t, err, ErrStopped, "Put after Run returned")
				clause5.Equal(t, time.Duration(0), time.Since(x.at), "fake time Current and Put took after Run returned")
			})
		})
	}
}

// TestCallersRaceTheEnd has Put and Current called while Run returns, many
// rounds, in a bubble and on the real clock: each must come back, Put with
// nil or ErrStopped, and Current with a lease that was put.
func TestCallersRaceTheEnd(t *testing.T) {
	round := func(t *testing.T, interval, d time.Duration, byFailure bool) bool {
		c := newFakeRegistry(fake.Instant, 0)
		r := New(c, interval)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		x := start(ctx, r)
		if !clause2.NoError(t, r.Put(ctx, "10.0.0.7:8080"), "Put while Run runs") {
			return false
		}
		var putErrs [2]error
		var leases [2]int
		end := cancel
		if byFailure {
			end = c.fail
		}
		if !leakcheck.Concurrently(t, clause5, d, map[string]func(){
			"end of Run": end,
			"Put":        func() { putErrs[0] = r.Put(context.Background(), "10.0.0.8:8080") },
			"Put 2":      func() { putErrs[1] = r.Put(context.Background(), "10.0.0.9:8080") },
			"Current":    func() { leases[0] = r.Current() },
			"Current 2":  func() { leases[1] = r.Current() },
		}) {
			return false
		}
		for _, err := range putErrs {
			if err != nil && !clause5.ErrorIs(t, err, ErrStopped, "Put called while Run returned") {
				return false
			}
		}
		for _, l := range leases {
			if !clause5.Check(t, l >= 1 && l <= 3, "Current called while Run returned gave lease %d; leases 1 to 3 were put", l) {
				return false
			}
		}
		cancel()
		if !x.returned(d) {
			clause4.Errorf(t, "Run had not returned %v after its ctx was cancelled, with a keepalive %s", d, code(fake.Instant))
			return false
		}
		var lease int
		if !within(d, func() { lease = r.Current() }) {
			clause5.Errorf(t, "Current after Run returned had not returned %v later", d)
			return false
		}
		return clause5.Check(t, lease >= 1 && lease <= 3, "Current called while Run returned gave lease %d; leases 1 to 3 were put", lease)
	}

	t.Run("bubble", func(t *testing.T) {
		defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
		leakcheck.Bubble(t, func(t *testing.T) {
			for i := range 10 {
				if !round(t, interval, time.Minute, i%2 == 1) {
					return
				}
			}
		})
	})
	t.Run("real clock", func(t *testing.T) {
		defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
		// As many rounds as fit in half a second, at most 300.
		for i, end := 0, time.Now().Add(500*time.Millisecond); i < 300 && time.Now().Before(end); i++ {
			if !round(t, 100*time.Microsecond, 5*time.Second, i%2 == 1) {
				return
			}
		}
	})
}

package announce

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/leakcheck"
)

const (
	putRTT       = 10 * time.Millisecond
	keepaliveRTT = 100 * time.Millisecond
)

// fakeClient is the remote store on synctest's fake clock (or the real one).
// Put number n (from 1) answers as putSpeed(n) says, promptly when nil, inside
// the point "Put". A keepalive takes keepaliveRTT and, like any small request
// already on the wire, completes even if its ctx is cancelled meanwhile;
// keepalive number n answers as kaSpeed(n) says instead, when that is not
// nil. It is inside the point "Keepalive" while it runs.
type fakeClient struct {
	putSpeed func(n int) fake.Speed
	kaSpeed  func(n int) fake.Speed

	points fake.Points

	mu       sync.Mutex
	puts     int
	kas      int
	last     int               // last lease granted
	renewed  map[int]int       // keepalives per lease
	lastKept map[int]time.Time // when each lease was last renewed
	inFlight map[int]int       // keepalives per lease not answered yet
	answered time.Time         // when the last request was answered
	putDone  time.Time         // when the last Put was answered
	began    map[int]time.Time // when the last keepalive of each lease began
}

func newFakeClient() *fakeClient {
	return &fakeClient{renewed: map[int]int{}, lastKept: map[int]time.Time{}, inFlight: map[int]int{}, began: map[int]time.Time{}}
}

func (c *fakeClient) Put(ctx context.Context, value []byte) (int, error) {
	c.mu.Lock()
	c.puts++
	speed := fake.Prompt
	if c.putSpeed != nil {
		speed = c.putSpeed(c.puts)
	}
	c.mu.Unlock()
	err := c.points.Call(ctx, "Put", speed, putRTT)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.answered, c.putDone = time.Now(), time.Now()
	if err != nil {
		return 0, err
	}
	c.last++
	return c.last, nil
}

func (c *fakeClient) Keepalive(ctx context.Context, lease int) error {
	defer c.points.Enter("Keepalive")()
	c.mu.Lock()
	c.kas++
	var speed *fake.Speed
	if c.kaSpeed != nil {
		s := c.kaSpeed(c.kas)
		speed = &s
	}
	c.inFlight[lease]++
	c.began[lease] = time.Now()
	c.mu.Unlock()

	var err error
	if speed != nil {
		err = speed.Wait(ctx, keepaliveRTT)
	} else {
		time.Sleep(keepaliveRTT)
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	c.inFlight[lease]--
	c.answered = time.Now()
	if err != nil {
		return err
	}
	c.renewed[lease]++
	c.lastKept[lease] = time.Now()
	return nil
}

// setKaSpeed changes how the keepalives from now on answer.
func (c *fakeClient) setKaSpeed(f func(int) fake.Speed) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.kaSpeed = f
}

// Began returns when the last keepalive of lease began, and when the last Put
// was answered.
func (c *fakeClient) Began(lease int) (keepalive, put time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.began[lease], c.putDone
}

// Answered returns when the last request was answered.
func (c *fakeClient) Answered() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.answered
}

// KeptAliveAfter returns how many leases were renewed after t.
func (c *fakeClient) KeptAliveAfter(t time.Time) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, last := range c.lastKept {
		if last.After(t) {
			n++
		}
	}
	return n
}

func (c *fakeClient) Renewed(lease int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.renewed[lease]
}

// InFlight returns the keepalives of lease not answered yet (of any lease if lease is 0).
func (c *fakeClient) InFlight(lease int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for l, k := range c.inFlight {
		if lease == 0 || l == lease {
			n += k
		}
	}
	return n
}

func (c *fakeClient) Puts() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.puts
}

// call is one call to the Announcer in a goroutine owned by the test; what is
// judged at the instant the call returned is recorded right after it.
type call struct {
	done     chan struct{}
	start    time.Time
	at       time.Time
	err      error
	inFlight int // keepalives in flight when the call returned
}

func async(c *fakeClient, f func() error) *call {
	k := &call{done: make(chan struct{}), start: time.Now()}
	go func() {
		defer close(k.done)
		err := f()
		k.at, k.inFlight = time.Now(), c.InFlight(0)
		k.err = err
	}()
	return k
}

// wait waits at most d of fake time for the call, and fails the test at once
// if it had not returned by then.
func (k *call) wait(t *testing.T, what string, d time.Duration) {
	t.Helper()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-k.done:
	case <-timer.C:
		clause2.Fatalf(t, "%s had not returned %v after it was called", what, d)
	}
}

// put calls a.Put with a ctx of its own and checks that it returned nil at
// the instant it had to: when its own request was answered, or when the
// keepalive it replaced was, whichever came last.
func put(t *testing.T, c *fakeClient, a *Announcer, value string) {
	t.Helper()
	k := async(c, func() error { return a.Put(context.Background(), []byte(value)) })
	k.wait(t, "Put", 3*time.Hour)
	if !clause1.NoError(t, k.err, "Put's result") {
		t.FailNow()
	}
	if !clause2.Check(t, k.at.Equal(c.Answered()), "Put returned %v after it was called; its request and the keepalive it replaced were over %v after",
		k.at.Sub(k.start), c.Answered().Sub(k.start)) {
		t.FailNow()
	}
}

// closeAnnouncer calls a.Close and checks it at the instant it returned:
// nothing running, no keepalive in flight, and not a moment later than the
// last keepalive's end.
func closeAnnouncer(t *testing.T, c *fakeClient, a *Announcer, m leakcheck.Mark) {
	t.Helper()
	k := async(c, a.Close)
	k.wait(t, "Close", 3*time.Hour)
	clause3.NoError(t, k.err, "Close's result")
	if began, _ := c.Began(a.Current()); began.After(k.start) {
		clause2.Errorf(t, "a keepalive began %v after Close was called", began.Sub(k.start))
	}
	clause3.Check(t, k.inFlight == 0, "%d keepalive(s) were in flight when Close returned", k.inFlight)
	m.Stopped(t, clause3, "Close")
	want := c.Answered()
	if want.Before(k.start) {
		want = k.start
	}
	clause2.Check(t, k.at.Equal(want), "Close returned %v after it was called; the last keepalive was over %v after",
		k.at.Sub(k.start), want.Sub(k.start))
	assertStopped(t, c, "Close")
}

// waitForKeepalive sleeps until a keepalive request is in flight, and then
// until it is half-way there.
func waitForKeepalive(t *testing.T, c *fakeClient) {
	t.Helper()
	if !c.points.Await(t, "Keepalive", 1, 5*time.Second) {
		t.FailNow()
	}
	time.Sleep(keepaliveRTT / 2)
}

// assertStopped checks that nothing renews any lease any more.
func assertStopped(t *testing.T, c *fakeClient, after string) {
	t.Helper()
	now := time.Now()
	time.Sleep(10 * time.Second)
	clause3.Check(t, c.KeptAliveAfter(now) == 0, "%d lease(s) renewed in the 10s after %s returned", c.KeptAliveAfter(now), after)
}

func TestOnlyLatestLeaseKeptAlive(t *testing.T) {
	noteFailure(t)
	// A service re-announces itself every time its address or weight changes.
	for _, puts := range []int{1, 2, 3000} {
		ok := t.Run(fmt.Sprintf("%d puts", puts), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				// Keepalives are answered at once here, so that the leak report
				// shows one stack; TestPutStopsPreviousKeepalive has slow ones.
				c := newFakeClient()
				c.kaSpeed = func(int) fake.Speed { return fake.Instant }
				m := leakcheck.Now()
				a := New(c)
				for i := range puts {
					put(t, c, a, fmt.Sprintf("10.0.0.7:8080 weight=%d", i))
				}
				latest := a.Current()

				since, renewed := time.Now(), c.Renewed(latest)
				time.Sleep(10*time.Second + time.Second/2)
				clause1.Check(t, c.KeptAliveAfter(since) == 1, "%d lease(s) renewed in the 10s after the last of %d Puts", c.KeptAliveAfter(since), puts)
				clause1.Check(t, c.Renewed(latest)-renewed >= 9, "%d renewal(s) of the latest lease in 10s", c.Renewed(latest)-renewed)

				closeAnnouncer(t, c, a, m)
			})
		})
		if !ok {
			break // the larger counts fail the same way
		}
	}
}

// TestStoreHangs: a Put whose request to the store hangs holds up neither
// Current nor Close, and once answered fails if Close came meanwhile. A call
// blocked on a mutex stops the fake clock, so the deadline is one of real time;
// the test runs early, and the fake-clock tests after it are skipped if it
// finds a call blocked.
func TestStoreHangs(t *testing.T) {
	noteFailure(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	rc := leakcheck.NewRealClock()
	defer rc.Stop()
	leakcheck.Bubble(t, func(t *testing.T) {
		// While the test waits on the RealClock, the fake clock stands still:
		// the keepalives answer at once, so that Close needs none of it.
		c := newFakeClient()
		c.kaSpeed = func(int) fake.Speed { return fake.Instant }
		c.putSpeed = func(n int) fake.Speed {
			if n == 2 {
				return fake.Slow
			}
			return fake.Prompt
		}
		m := leakcheck.Now()
		a := New(c)
		put(t, c, a, "10.0.0.7:8080")
		first := a.Current()

		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		slow := async(c, func() error { return a.Put(ctx, []byte("10.0.0.8:8080")) })
		if !c.points.Await(t, "Put", 1, time.Minute) {
			return
		}
		for _, f := range []struct {
			name string
			call func() error
		}{
			{"Current", func() error { a.Current(); return nil }},
			{"Close", a.Close},
		} {
			k := async(c, f.call)
			select {
			case <-k.done:
			case <-rc.After(time.Second):
				clause5.Errorf(t, "%s had not returned a second (of real time) after it was called, while a Put's request to the store was on the wire", f.name)
				blocked.Store(true)
				cancel() // the slow Put gives up, and with it whatever it held
				<-k.done
				<-slow.done
				a.Close()
				return
			}
		}
		clause5.Check(t, a.Current() == first, "Current returned %d while the second Put's request was on the wire; the lease of the first Put was %d", a.Current(), first)
		slow.wait(t, "Put", 2*fake.Long)
		clause4.ErrorIs(t, slow.err, ErrClosed, "the result of a Put whose request was on the wire when Close was called")
		m.Stopped(t, clause4, "Put")
		assertStopped(t, c, "Put")
	})
}

// blocked is set once TestStoreHangs has found Current or Close waiting for a
// Put's request: the fake-clock tests after it would only stall, since
// synctest's clock stops while a goroutine waits on a mutex.
var blocked atomic.Bool

// failedBefore is set once a fake-clock test has failed: the real-clock test
// is then not worth running, since what leaks on the fake clock leaks for
// good on the real one.
var failedBefore atomic.Bool

// noteFailure sets failedBefore if t fails, its leak checks included.
func noteFailure(t *testing.T) {
	t.Cleanup(func() {
		if t.Failed() {
			failedBefore.Store(true)
		}
	})
}

// skipIfBlocked skips a fake-clock test once blocked is set.
func skipIfBlocked(t *testing.T) {
	if blocked.Load() {
		t.Skip("skipped: Current or Close was found waiting for a Put's request, and on the fake clock that only stalls the test")
	}
}

func TestPutStopsPreviousKeepalive(t *testing.T) {
	noteFailure(t)
	skipIfBlocked(t)
	for _, tc := range []struct {
		name   string
		speed  func(int) fake.Speed // nil: keepalives deaf to a cancel for their round trip
		rounds int                  // a tick and the stop at once go either way: try it often
	}{
		{"the replaced keepalive is on the wire", nil, 1},
		{"the replaced keepalive never answers", func(int) fake.Speed { return fake.Hung }, 1},
		{"the replaced keepalive is deaf to the cancel for an hour", func(int) fake.Speed { return fake.Deaf }, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			for range tc.rounds {
				if t.Failed() {
					break
				}
				leakcheck.Bubble(t, func(t *testing.T) {
					c := newFakeClient()
					c.kaSpeed = tc.speed
					m := leakcheck.Now()
					a := New(c)
					put(t, c, a, "10.0.0.7:8080")
					first := a.Current()
					waitForKeepalive(t, c)

					c.setKaSpeed(nil)
					put(t, c, a, "10.0.0.8:8080")

					clause2.Check(t, c.InFlight(first) == 0, "Put returned while the replaced lease's keepalive was in flight")
					began, answered := c.Began(first)
					clause2.Check(t, !began.After(answered), "a keepalive of the replaced lease began %v after the Put's request was answered", began.Sub(answered))
					renewed := c.Renewed(first)
					time.Sleep(10*time.Second + time.Second/2)
					clause1.Check(t, c.Renewed(first) == renewed, "the replaced lease was renewed %d time(s) after Put returned", c.Renewed(first)-renewed)
					closeAnnouncer(t, c, a, m)
				})
			}
		})
	}
}

func TestFailedPutKeepsPrevious(t *testing.T) {
	noteFailure(t)
	skipIfBlocked(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient()
		c.putSpeed = func(n int) fake.Speed {
			if n == 2 {
				return fake.Failing
			}
			return fake.Prompt
		}
		m := leakcheck.Now()
		a := New(c)
		// The first Put's ctx is a request's: it ends right after Put returns.
		ctx, cancel := context.WithCancel(context.Background())
		k := async(c, func() error { return a.Put(ctx, []byte("10.0.0.7:8080")) })
		k.wait(t, "Put", time.Hour)
		cancel()
		clause1.NoError(t, k.err, "Put's result")
		first := a.Current()

		time.Sleep(2*time.Second + time.Second/2)
		k = async(c, func() error { return a.Put(context.Background(), []byte("10.0.0.8:8080")) })
		k.wait(t, "Put", time.Hour)
		clause1.ErrorIs(t, k.err, fake.ErrInjected, "the result of a Put whose request failed")
		clause1.Check(t, a.Current() == first, "Current returned %d after a failed Put; the lease before was %d", a.Current(), first)
		renewed := c.Renewed(first)
		time.Sleep(10 * time.Second)
		clause1.Check(t, c.Renewed(first)-renewed >= 9, "%d renewal(s) in 10s of the lease a failed Put left in place, whose Put's ctx had ended", c.Renewed(first)-renewed)
		closeAnnouncer(t, c, a, m)
	})
}

func TestCloseWaitsForKeepalive(t *testing.T) {
	noteFailure(t)
	skipIfBlocked(t)
	for _, tc := range []struct {
		name   string
		speed  func(int) fake.Speed
		rounds int // a tick and the stop at once go either way: try it often
	}{
		{"a keepalive on the wire", nil, 1},
		{"a keepalive that never answers", func(int) fake.Speed { return fake.Hung }, 1},
		{"a keepalive deaf to the cancel for an hour", func(int) fake.Speed { return fake.Deaf }, 10},
		{"between keepalives", func(int) fake.Speed { return fake.Instant }, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			for range tc.rounds {
				if t.Failed() {
					break
				}
				leakcheck.Bubble(t, func(t *testing.T) {
					c := newFakeClient()
					c.kaSpeed = tc.speed
					m := leakcheck.Now()
					a := New(c)
					put(t, c, a, "10.0.0.7:8080")
					if tc.name == "between keepalives" {
						time.Sleep(2*time.Second + time.Second/2)
					} else {
						waitForKeepalive(t, c)
					}
					closeAnnouncer(t, c, a, m)
				})
			}
		})
	}
}

func TestPutAfterClose(t *testing.T) {
	noteFailure(t)
	skipIfBlocked(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient()
		c.putSpeed = func(n int) fake.Speed {
			if n > 1 {
				return fake.Slow
			}
			return fake.Prompt
		}
		m := leakcheck.Now()
		a := New(c)
		put(t, c, a, "10.0.0.7:8080")
		closeAnnouncer(t, c, a, m)

		for range 3 {
			k := async(c, func() error { return a.Put(context.Background(), []byte("10.0.0.8:8080")) })
			k.wait(t, "Put after Close", 2*fake.Long)
			clause4.ErrorIs(t, k.err, ErrClosed, "the result of a Put after Close")
			clause4.Check(t, k.at.Equal(k.start), "Put after Close returned %v after it was called, the store being slow", k.at.Sub(k.start))
			m.Stopped(t, clause4, "Put")
		}
		assertStopped(t, c, "Put")
	})
}

// TestConcurrentPuts: Puts at once leave exactly one lease kept alive, the
// current one.
func TestConcurrentPuts(t *testing.T) {
	noteFailure(t)
	skipIfBlocked(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient()
		c.kaSpeed = func(int) fake.Speed { return fake.Instant }
		m := leakcheck.Now()
		a := New(c)
		put(t, c, a, "v0")
		calls := map[string]func(){}
		for i := range 20 {
			calls[fmt.Sprintf("Put %d", i+1)] = func() {
				time.Sleep(time.Duration(i%4) * putRTT / 3)
				a.Put(context.Background(), []byte(fmt.Sprintf("v%d", i+1)))
			}
		}
		if !leakcheck.Concurrently(t, clause1, time.Hour, calls) {
			return
		}
		since := time.Now()
		time.Sleep(10*time.Second + time.Second/2)
		clause1.Check(t, c.KeptAliveAfter(since) == 1, "%d lease(s) renewed in the 10s after 20 Puts at once", c.KeptAliveAfter(since))
		clause1.Check(t, c.Renewed(a.Current()) >= 9, "the current lease %d was renewed %d time(s) in 10s", a.Current(), c.Renewed(a.Current()))
		closeAnnouncer(t, c, a, m)
	})
}

// TestCallsRaceClose: Puts, Currents and two Closes at once, a keepalive on
// the wire. Every Close returns only once no keepalive is in flight; nothing
// is left; every later Put fails.
func TestCallsRaceClose(t *testing.T) {
	noteFailure(t)
	skipIfBlocked(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient()
		m := leakcheck.Now()
		a := New(c)
		put(t, c, a, "v0")
		waitForKeepalive(t, c)

		var mu sync.Mutex
		var closes []*call
		calls := map[string]func(){}
		for i := range 2 {
			calls[fmt.Sprintf("Close %d", i+1)] = func() {
				k := async(c, a.Close)
				<-k.done
				mu.Lock()
				closes = append(closes, k)
				mu.Unlock()
			}
		}
		for i := range 5 {
			calls[fmt.Sprintf("Put %d", i+1)] = func() {
				for range 3 {
					a.Put(context.Background(), []byte("v"))
				}
			}
			calls[fmt.Sprintf("Current %d", i+1)] = func() {
				for range 10 {
					a.Current()
					time.Sleep(keepaliveRTT / 10)
				}
			}
		}
		if !leakcheck.Concurrently(t, clause3, time.Hour, calls) {
			return
		}
		for _, k := range closes {
			clause3.Check(t, k.inFlight == 0, "%d keepalive(s) were in flight when one of two concurrent Closes returned", k.inFlight)
		}
		m.Stopped(t, clause3, "Close")
		k := async(c, func() error { return a.Put(context.Background(), []byte("late")) })
		k.wait(t, "Put after Close", time.Hour)
		clause4.ErrorIs(t, k.err, ErrClosed, "the result of a Put after Close")
		assertStopped(t, c, "Close")
	})
}

// TestCloseRacesPutRealClock: on the real clock, many rounds, Put and Close
// run at once; afterwards Put fails and nothing is left.
func TestCloseRacesPutRealClock(t *testing.T) {
	skipIfBlocked(t)
	if failedBefore.Load() {
		t.Skip("skipped: a test before this one failed, and on the real clock its goroutines would be left behind for good")
	}
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	deadline := time.Now().Add(100 * time.Millisecond)
	for round := 1; round <= 500 && (round <= 20 || time.Now().Before(deadline)); round++ {
		c := newFakeClient()
		c.putSpeed = func(int) fake.Speed { return fake.Instant }
		a := New(c)
		first := make(chan error, 1)
		go func() { first <- a.Put(context.Background(), []byte("v0")) }()
		select {
		case <-first:
		case <-time.After(5 * time.Second):
			clause2.Errorf(t, "round %d: the first Put had not returned 5s after it was called", round)
			return
		}
		puts := make(chan error, 2)
		for range 2 {
			go func() { puts <- a.Put(context.Background(), []byte("v")) }()
		}
		if round%2 == 0 {
			time.Sleep(time.Duration(round%5) * 10 * time.Microsecond)
		}
		closed := make(chan error, 1)
		go func() { closed <- a.Close() }()
		for range 2 {
			select {
			case err := <-puts:
				if err != nil && !errors.Is(err, ErrClosed) {
					clause4.Errorf(t, "round %d: a Put racing Close returned %q, which does not match ErrClosed", round, err)
				}
			case <-time.After(5 * time.Second):
				clause2.Errorf(t, "round %d: a Put racing Close had not returned 5s after it was called", round)
				return
			}
		}
		select {
		case <-closed:
		case <-time.After(5 * time.Second):
			clause3.Errorf(t, "round %d: Close racing two Puts had not returned 5s after it was called", round)
			return
		}
		if err := a.Put(context.Background(), []byte("late")); !clause4.ErrorIs(t, err, ErrClosed, "the result of a Put after Close") {
			return
		}
	}
}

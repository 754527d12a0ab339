package jobs

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

const (
	jobName = "nightly-report"
	ttl     = 3 * time.Second        // the service drops a lease not renewed for this long
	rtt     = 10 * time.Millisecond  // Grant's and Revoke's round trip
	kaRTT   = 100 * time.Millisecond // a keepalive's round trip
)

var (
	errLocked        = errors.New("lock held by replica-2")
	errLeaseNotFound = errors.New("lease not found")
	errJob           = errors.New("report database unavailable")
)

// fakeClient is the lock service on synctest's fake clock (or the real one).
// Grant and Revoke answer as their speeds say (promptly by default), Acquire
// after lockWait (or as acquire says), then fails with lockErr if set. A
// keepalive takes kaRTT and, like any small request already on the wire,
// completes even if its ctx is cancelled meanwhile; keepalive number n (from
// 1) fails at once if failKA(n). Every request is inside a point named after
// its method while it runs.
type fakeClient struct {
	grant    fake.Speed
	acquire  fake.Speed
	revoke   fake.Speed
	lockWait time.Duration
	lockErr  error
	failKA   func(n int) bool
	kaTakes  func(n int) time.Duration // how long keepalive n takes; kaRTT when nil

	points fake.Points

	mu         sync.Mutex
	last       int               // last lease granted
	renewed    map[int]time.Time // when each lease was granted or last renewed
	revoked    map[int]bool
	keepalives map[int]int // successful renewals per lease
	kas        int         // keepalives begun
	holder     map[string]int
	answered   time.Time // when the last request returned
	ready      time.Time // when the last request other than Revoke returned
	revoking   time.Time // when the first Revoke began
	kaBegan    time.Time // when the last keepalive began
	acquired   time.Time // when Acquire returned
	returned   bool      // RunExclusive has returned
	late       int       // requests begun after RunExclusive returned
}

func newFakeClient(lockWait time.Duration, lockErr error) *fakeClient {
	return &fakeClient{
		grant:      fake.Prompt,
		acquire:    fake.Prompt,
		revoke:     fake.Prompt,
		lockWait:   lockWait,
		lockErr:    lockErr,
		renewed:    map[int]time.Time{},
		revoked:    map[int]bool{},
		keepalives: map[int]int{},
		holder:     map[string]int{},
	}
}

// begin marks a request inside the point name; the func it returns marks it
// answered.
func (c *fakeClient) begin(name string) func() {
	c.mu.Lock()
	if c.returned {
		c.late++
	}
	c.mu.Unlock()
	leave := c.points.Enter(name)
	return func() {
		c.mu.Lock()
		c.answered = time.Now()
		if name != "Revoke" {
			c.ready = c.answered
		}
		c.mu.Unlock()
		leave()
	}
}

func (c *fakeClient) Grant(ctx context.Context) (int, error) {
	defer c.begin("Grant")()
	if err := c.grant.Wait(ctx, rtt); err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last++
	c.renewed[c.last] = time.Now()
	return c.last, nil
}

func (c *fakeClient) KeepAlive(ctx context.Context, lease int) error {
	defer c.begin("KeepAlive")()
	c.mu.Lock()
	c.kas++
	c.kaBegan = time.Now()
	fail := c.failKA != nil && c.failKA(c.kas)
	takes := kaRTT
	if c.kaTakes != nil {
		takes = c.kaTakes(c.kas)
	}
	c.mu.Unlock()
	if fail {
		return fake.ErrInjected
	}
	time.Sleep(takes)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.aliveLocked(lease) {
		return errLeaseNotFound
	}
	c.renewed[lease] = time.Now()
	c.keepalives[lease]++
	return nil
}

func (c *fakeClient) Acquire(ctx context.Context, name string, lease int) error {
	defer c.begin("Acquire")()
	defer func() {
		c.mu.Lock()
		c.acquired = time.Now()
		c.mu.Unlock()
	}()
	if err := c.acquire.Wait(ctx, c.lockWait); err != nil {
		return err
	}
	if c.lockErr != nil {
		return c.lockErr
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.aliveLocked(lease) {
		return errLeaseNotFound
	}
	c.holder[name] = lease
	return nil
}

func (c *fakeClient) Revoke(ctx context.Context, lease int) error {
	defer c.begin("Revoke")()
	c.mu.Lock()
	if c.revoking.IsZero() {
		c.revoking = time.Now()
	}
	c.mu.Unlock()
	if err := c.revoke.Wait(ctx, rtt); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.revoked[lease] = true
	return nil
}

func (c *fakeClient) aliveLocked(lease int) bool {
	return !c.revoked[lease] && time.Since(c.renewed[lease]) <= ttl
}

// Holder returns the live lease holding the lock name, or 0.
func (c *fakeClient) Holder(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if lease := c.holder[name]; c.aliveLocked(lease) {
		return lease
	}
	return 0
}

func (c *fakeClient) Granted() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

func (c *fakeClient) Revoked(lease int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.revoked[lease]
}

func (c *fakeClient) KeepAlives(lease int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.keepalives[lease]
}

func (c *fakeClient) InFlight() int {
	return c.points.In("Grant") + c.points.In("KeepAlive") + c.points.In("Acquire") + c.points.In("Revoke")
}

func (c *fakeClient) markReturned() (answered, ready, revoking time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.returned = true
	return c.answered, c.ready, c.revoking
}

func (c *fakeClient) Revoking() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.revoking
}

// Began returns when the last keepalive began and when Acquire returned.
func (c *fakeClient) Began() (keepalive, acquired time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.kaBegan, c.acquired
}

func (c *fakeClient) Late() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.late
}

// outcome is what a call of RunExclusive did, judged at the instant it
// returned (in the goroutine that called it, right after the call).
type outcome struct {
	err      error
	start    time.Time
	at       time.Time
	inFlight int
	answered time.Time // when its last request had returned
	ready    time.Time // when its last request other than Revoke had returned
	revoking time.Time // when it sent Revoke, if it did
	jobEnd   time.Time // when the job returned, if it ran
}

// runExclusive calls RunExclusive in a goroutine of the test's and waits at
// most within for it; ok is false if it had not returned by then.
func runExclusive(ctx context.Context, c *fakeClient, within time.Duration, job func(context.Context) error) (o outcome, ok bool) {
	done := make(chan struct{})
	o.start = time.Now()
	var jobEnd time.Time
	go func() {
		defer close(done)
		err := RunExclusive(ctx, c, jobName, func(ctx context.Context) error {
			defer func() { jobEnd = time.Now() }()
			return job(ctx)
		})
		o.at, o.inFlight = time.Now(), c.InFlight()
		o.answered, o.ready, o.revoking = c.markReturned()
		o.err, o.jobEnd = err, jobEnd
	}()
	timer := time.NewTimer(within)
	defer timer.Stop()
	select {
	case <-done:
		return o, true
	case <-timer.C:
		return outcome{start: o.start}, false
	}
}

// nothingLeft checks that RunExclusive left nothing behind when it returned:
// no request in flight, no goroutine of its, the lease it was granted revoked,
// no request afterwards. Then, if all that holds, that it returned at the
// instant everything it had to wait for was over: its last request, the job,
// or the caller's cancel (cancelled, zero if none).
func nothingLeft(t *testing.T, m leakcheck.Mark, c *fakeClient, o outcome, cancelled time.Time) {
	t.Helper()
	ok := clause2.Check(t, o.inFlight == 0, "%d request(s) to the lock service were in flight when RunExclusive returned", o.inFlight)
	ok = m.Stopped(t, clause2, "RunExclusive") && ok
	if lease := c.Granted(); lease != 0 {
		ok = clause2.Check(t, c.Revoked(lease), "RunExclusive returned without having revoked lease %d", lease) && ok
	}
	kept := c.KeepAlives(c.Granted())
	time.Sleep(10 * time.Second)
	ok = clause2.Check(t, c.Late() == 0, "%d request(s) to the lock service began after RunExclusive had returned", c.Late()) && ok
	ok = clause2.Check(t, c.KeepAlives(c.Granted()) == kept, "the lease was renewed %d time(s) after RunExclusive had returned", c.KeepAlives(c.Granted())-kept) && ok
	if !ok {
		return
	}
	// Once the job has returned, or Acquire if the job never ran, or the
	// caller has cancelled, no keepalive may begin: the lease is on its way out.
	kaBegan, acquired := c.Began()
	over := acquired
	if !o.jobEnd.IsZero() {
		over = o.jobEnd
	}
	if !cancelled.IsZero() && cancelled.Before(over) {
		over = cancelled
	}
	if !over.IsZero() && !clause3.Check(t, !kaBegan.After(over),
		"a keepalive began %v after it was called, %v after the job had returned, Acquire had failed or the caller had cancelled",
		kaBegan.Sub(o.start), kaBegan.Sub(over)) {
		return
	}
	// Everything but Revoke was over at ready: the last request before it,
	// the job, the caller's cancel. Revoke must go out then, at the latest,
	// and RunExclusive return as soon as it is answered.
	ready := o.start
	for _, end := range []time.Time{o.ready, o.jobEnd, cancelled} {
		if end.After(ready) {
			ready = end
		}
	}
	if !o.revoking.IsZero() && !clause3.Check(t, !o.revoking.After(ready),
		"RunExclusive sent Revoke %v after it was called; all it had to wait for before (its other requests, the job, the caller's cancel) was over %v after",
		o.revoking.Sub(o.start), ready.Sub(o.start)) {
		return
	}
	want := ready
	if o.answered.After(want) {
		want = o.answered
	}
	clause3.Check(t, o.at.Equal(want), "RunExclusive returned %v after it was called; all it had to wait for (its requests, the job, the caller's cancel) was over %v after",
		o.at.Sub(o.start), want.Sub(o.start))
}

// run calls RunExclusive with a ctx of the test's own, and fails the test at
// once if it does not return within three hours of fake time.
func run(t *testing.T, ctx context.Context, c *fakeClient, job func(context.Context) error) outcome {
	t.Helper()
	o, ok := runExclusive(ctx, c, 3*time.Hour, job)
	if !ok {
		clause3.Fatalf(t, "RunExclusive had not returned three hours after it was called; %d request(s) of its were in flight", c.InFlight())
	}
	return o
}

func TestLockHeldElsewhere(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		// Waits longer than the TTL, then gives up while a keepalive is on the wire.
		c := newFakeClient(5050*time.Millisecond, errLocked)
		ran := false
		m := leakcheck.Now()
		o := run(t, context.Background(), c, func(context.Context) error {
			ran = true
			return nil
		})
		clause2.ErrorIs(t, o.err, errLocked, "RunExclusive's result when the lock is held elsewhere")
		clause1.Check(t, !ran, "the job ran although Acquire failed")
		nothingLeft(t, m, c, o, time.Time{})
	})
}

func TestJobRunsUnderLock(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient(5500*time.Millisecond, nil) // the other replica lets go after 5.5s
		ran := false
		m := leakcheck.Now()
		o := run(t, context.Background(), c, func(ctx context.Context) error {
			ran = true
			time.Sleep(10 * time.Second) // much longer than the TTL
			clause1.Check(t, ctx.Err() == nil, "the job's ctx was done (%v) at the end of a 10s job, though the caller's was not", ctx.Err())
			clause1.Check(t, c.Holder(jobName) != 0, "the lock was no longer held at the end of a 10s job: its lease had not been renewed for %v", ttl)
			return nil
		})
		if ran {
			clause2.NoError(t, o.err, "RunExclusive's result when the job succeeds")
		} else {
			clause1.Errorf(t, "the job never ran: RunExclusive returned %v once Acquire had waited 5.5s, longer than the lease's TTL of %v", o.err, ttl)
		}
		nothingLeft(t, m, c, o, time.Time{})
	})
}

// TestFailedRenewalIsRetried: a renewal that fails now and then does not lose
// the lock, since the next tick tries again.
func TestFailedRenewalIsRetried(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient(1500*time.Millisecond, nil)
		c.failKA = func(n int) bool { return n%3 == 2 }
		m := leakcheck.Now()
		o := run(t, context.Background(), c, func(ctx context.Context) error {
			time.Sleep(12 * time.Second)
			clause1.Check(t, c.Holder(jobName) != 0, "the lock was no longer held at the end of a 12s job, with one renewal in three failing")
			return nil
		})
		clause2.NoError(t, o.err, "RunExclusive's result when the job succeeds")
		nothingLeft(t, m, c, o, time.Time{})
	})
}

func TestJobFails(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient(1500*time.Millisecond, nil)
		m := leakcheck.Now()
		o := run(t, context.Background(), c, func(ctx context.Context) error {
			time.Sleep(2 * time.Second)
			return errJob
		})
		clause2.ErrorIs(t, o.err, errJob, "RunExclusive's result when the job fails")
		nothingLeft(t, m, c, o, time.Time{})
	})
}

// untilCancelled is a job that runs until its ctx is done, and reports
// clause 1 broken if it is not an hour after the caller's was cancelled.
func untilCancelled(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(2 * time.Hour):
		return errJobCtxLive
	}
}

var errJobCtxLive = errors.New("the job's ctx was still live two hours after it began")

// TestRunExclusiveEnds ends RunExclusive at every place it can wait, and
// judges at the instant it returns.
func TestRunExclusiveEnds(t *testing.T) {
	for _, tc := range []ending{
		{name: "the caller cancels while Grant is in flight", setup: func(c *fakeClient) { c.grant = fake.Hung },
			cancelAt: time.Second, want: context.Canceled},
		{name: "Grant fails", setup: func(c *fakeClient) { c.grant = fake.Failing }, want: fake.ErrInjected},
		{name: "Acquire fails at once", setup: func(c *fakeClient) { c.acquire = fake.Failing }, want: fake.ErrInjected},
		{name: "the caller cancels while Acquire waits, between keepalives", setup: func(c *fakeClient) { c.lockWait = time.Hour },
			cancelAt: 10*time.Second + time.Second/2, want: context.Canceled},
		{name: "the caller cancels while Acquire waits, a keepalive on the wire", setup: func(c *fakeClient) { c.lockWait = time.Hour },
			cancelAt: 10*time.Second + kaRTT/2, want: context.Canceled},
		{name: "the caller cancels while Acquire hangs", setup: func(c *fakeClient) { c.acquire = fake.Hung },
			cancelAt: 4 * time.Second, want: context.Canceled},
		{name: "the caller cancels while the job runs", setup: func(c *fakeClient) {}, cancelAt: 7*time.Second + time.Second/2,
			job: untilCancelled, want: context.Canceled, ran: true},
		{name: "the caller cancels while the job runs, a keepalive on the wire", setup: func(c *fakeClient) {}, cancelAt: 7*time.Second + kaRTT/2,
			job: untilCancelled, want: context.Canceled, ran: true},
		{name: "the caller cancels while the job runs, a keepalive deaf to it for an hour", setup: func(c *fakeClient) {
			c.kaTakes = func(n int) time.Duration {
				if n == 7 {
					return fake.Long // beyond any time a fix might give it
				}
				return kaRTT
			}
		}, cancelAt: 7*time.Second + kaRTT/2, job: untilCancelled, want: context.Canceled, ran: true, rounds: 10},
		{name: "the caller cancels while Revoke is on the wire", setup: func(c *fakeClient) {}, cancelAt: 3*time.Second + time.Second/2 + rtt + rtt/2,
			job: func(ctx context.Context) error { time.Sleep(time.Second + time.Second/2); return nil }, ran: true},
	} {
		name := tc.name
		for round := range max(1, tc.rounds) {
			if tc.rounds > 1 {
				name = fmt.Sprintf("%s (round %d)", tc.name, round+1)
			}
			if !tc.run(t, name) {
				return // the other places fail the same way
			}
		}
	}
}

// ending is one way TestRunExclusiveEnds ends RunExclusive.
type ending struct {
	name     string
	setup    func(c *fakeClient)
	cancelAt time.Duration // > 0: the caller cancels then
	job      func(ctx context.Context) error
	want     error
	ran      bool // the job must run
	rounds   int  // how often to run it: a tick and the cancel at once go either way
}

// run runs the ending as a subtest and reports whether it passed.
func (tc ending) run(t *testing.T, name string) bool {
	return t.Run(name, func(t *testing.T) {
		defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
		leakcheck.Bubble(t, func(t *testing.T) {
			c := newFakeClient(2*time.Second, nil)
			tc.setup(c)
			// The caller's ctx, cancelled only where the case says: it
			// outlives the checks.
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var cancelled time.Time
			if tc.cancelAt > 0 {
				time.AfterFunc(tc.cancelAt, cancel)
				cancelled = time.Now().Add(tc.cancelAt)
			}
			job := tc.job
			if job == nil {
				job = func(context.Context) error {
					clause1.Errorf(t, "the job ran although the lock was not taken")
					return nil
				}
			}
			ran := false
			m := leakcheck.Now()
			o := run(t, ctx, c, func(ctx context.Context) error {
				ran = true
				return job(ctx)
			})
			if errors.Is(o.err, errJobCtxLive) {
				clause1.Errorf(t, "the job's ctx was still live two hours after it began, though the caller had cancelled after %v", tc.cancelAt)
			} else if tc.want == nil {
				clause2.NoError(t, o.err, "RunExclusive's result when the job succeeds")
			} else {
				clause2.ErrorIs(t, o.err, tc.want, "RunExclusive's result")
			}
			if tc.ran {
				clause1.Check(t, ran, "the job did not run although the lock was taken")
			}
			nothingLeft(t, m, c, o, cancelled)
		})
	})
}

// TestRevokeUnanswered: a lock service that never answers Revoke holds
// RunExclusive up for five seconds at most.
func TestRevokeUnanswered(t *testing.T) {
	for _, tc := range []struct {
		name string
		job  error
	}{
		{"the job succeeds", nil},
		{"the job fails", errJob},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				c := newFakeClient(time.Second, nil)
				c.revoke = fake.Hung
				m := leakcheck.Now()
				o, ok := runExclusive(context.Background(), c, time.Hour, func(context.Context) error {
					time.Sleep(time.Second + time.Second/2)
					return tc.job
				})
				if !ok {
					clause4.Fatalf(t, "RunExclusive had not returned an hour after it was called, Revoke unanswered")
				}
				if began := c.Revoking(); !began.IsZero() {
					took := o.at.Sub(began)
					clause4.Check(t, took <= 5*time.Second, "RunExclusive returned %v after it sent Revoke, which was never answered", took)
				}
				if tc.job != nil {
					clause2.ErrorIs(t, o.err, errJob, "RunExclusive's result when the job fails")
				}
				clause2.Check(t, o.inFlight == 0, "%d request(s) to the lock service were in flight when RunExclusive returned", o.inFlight)
				m.Stopped(t, clause2, "RunExclusive")
			})
		})
	}
}

// TestRunExclusiveRealClock: on the real clock, many rounds, the caller
// cancels at any moment while RunExclusive grants, acquires or runs the job.
func TestRunExclusiveRealClock(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	deadline := time.Now().Add(100 * time.Millisecond)
	for round := 1; round <= 500 && (round <= 20 || time.Now().Before(deadline)); round++ {
		c := newFakeClient(0, nil)
		c.grant, c.acquire, c.revoke = fake.Instant, fake.Instant, fake.Instant
		if round%2 == 0 {
			c.acquire = fake.Hung
		}
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			time.Sleep(time.Duration(round%7) * 20 * time.Microsecond)
			cancel()
		}()
		o, ok := runExclusive(ctx, c, 5*time.Second, func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		})
		cancel()
		if !ok {
			clause3.Errorf(t, "round %d: RunExclusive had not returned 5s after it was called", round)
			return
		}
		lease := c.Granted()
		if !clause2.Check(t, o.inFlight == 0, "round %d: %d request(s) to the lock service were in flight when RunExclusive returned", round, o.inFlight) ||
			!clause2.Check(t, lease == 0 || c.Revoked(lease), "round %d: RunExclusive returned without having revoked lease %d", round, lease) {
			return
		}
	}
}

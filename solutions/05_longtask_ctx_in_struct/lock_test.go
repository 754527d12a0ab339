package jobs

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

const (
	jobName = "nightly-report"
	ttl     = 3 * time.Second // the service drops a lease not renewed for this long
)

var (
	errLocked        = errors.New("lock held by replica-2")
	errLeaseNotFound = errors.New("lease not found")
	errJob           = errors.New("report database unavailable")
)

// fakeClient is the lock service on synctest's fake clock. Every request takes
// rtt, except that a keepalive takes kaRTT and, like any small request already
// on the wire, completes even if its ctx is cancelled meanwhile. Acquire waits
// lockWait, then fails with lockErr if set.
type fakeClient struct {
	rtt      time.Duration
	kaRTT    time.Duration
	lockWait time.Duration
	lockErr  error

	mu         sync.Mutex
	last       int               // last lease granted
	renewed    map[int]time.Time // when each lease was granted or last renewed
	revoked    map[int]bool
	keepalives map[int]int // successful renewals per lease
	holder     map[string]int
	inFlight   int
}

func newFakeClient(lockWait time.Duration, lockErr error) *fakeClient {
	return &fakeClient{
		rtt:        10 * time.Millisecond,
		kaRTT:      100 * time.Millisecond,
		lockWait:   lockWait,
		lockErr:    lockErr,
		renewed:    map[int]time.Time{},
		revoked:    map[int]bool{},
		keepalives: map[int]int{},
		holder:     map[string]int{},
	}
}

func (c *fakeClient) Grant(ctx context.Context) (int, error) {
	if err := c.request(ctx, c.rtt); err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last++
	c.renewed[c.last] = time.Now()
	return c.last, nil
}

func (c *fakeClient) KeepAlive(ctx context.Context, lease int) error {
	c.request(context.WithoutCancel(ctx), c.kaRTT)
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
	if err := c.request(ctx, c.lockWait); err != nil {
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
	if err := c.request(ctx, c.rtt); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.revoked[lease] = true
	return nil
}

func (c *fakeClient) request(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.inFlight++
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.inFlight--
		c.mu.Unlock()
	}()
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
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
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.inFlight
}

// runExclusive calls RunExclusive and returns its error and how long it took on the fake clock.
func runExclusive(t *testing.T, ctx context.Context, c *fakeClient, job func(context.Context) error) (err error, took time.Duration) {
	t.Helper()
	start := time.Now()
	if !leakcheck.Within(t, time.Hour, "RunExclusive", func() { err = RunExclusive(ctx, c, jobName, job) }) {
		t.FailNow()
	}
	return err, time.Since(start)
}

// assertNothingLeft checks that RunExclusive left nothing behind: no request in
// flight, the lease revoked, and no more renewals of it. It also checks that it
// returned by want, the fake-clock instant at which it has waited for everything
// it must (the keepalive on the wire, then Revoke) and not a moment longer: a
// time.Sleep that guesses how long the keepalive goroutine needs returns later.
func assertNothingLeft(t *testing.T, c *fakeClient, took, want time.Duration) {
	t.Helper()
	assert.LessOrEqual(t, took, want,
		"RunExclusive returned %v after it was called; once the job is over (or the lock is lost) it only has to wait for "+
			"the keepalive already on the wire and for Revoke, which takes it to %v: wait for the goroutine to exit "+
			"(sync.WaitGroup) instead of sleeping", took, want)
	const lease = 1 // the fake's first lease
	inFlight, kept := c.InFlight(), c.KeepAlives(lease)
	time.Sleep(10 * time.Second)
	assert.Equal(t, kept, c.KeepAlives(lease),
		"the lease was still being renewed 10s after RunExclusive returned: its keepalive goroutine leaked")
	assert.Zero(t, inFlight, "requests still in flight when RunExclusive returned: it must wait for what it started")
	assert.True(t, c.Revoked(lease),
		"RunExclusive must revoke its lease before it returns, so the lock is free for other replicas at once")
	// Anything of RunExclusive's still running when this bubble ends is reported as a leak.
}

func TestLockHeldElsewhere(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		// Waits longer than the TTL, then gives up while a keepalive is on the wire.
		c := newFakeClient(5050*time.Millisecond, errLocked)
		ran := false

		err, took := runExclusive(t, context.Background(), c, func(context.Context) error {
			ran = true
			return nil
		})

		require.ErrorIs(t, err, errLocked, "RunExclusive must return why the lock could not be taken")
		assert.False(t, ran, "the job must not run without the lock")
		// Acquire fails at 5.06s while the keepalive sent at 5.01s is on the wire
		// until 5.11s; Revoke takes 10ms.
		assertNothingLeft(t, c, took, 5120*time.Millisecond)
	})
}

func TestJobRunsUnderLock(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient(5500*time.Millisecond, nil) // the other replica lets go after 5.5s
		ran := false

		err, took := runExclusive(t, context.Background(), c, func(ctx context.Context) error {
			ran = true
			time.Sleep(10 * time.Second) // much longer than the TTL
			assert.NoError(t, ctx.Err(), "the job's ctx must stay alive while the job runs")
			assert.NotZero(t, c.Holder(jobName), "the lock must still be held (its lease renewed) at the end of the job")
			return nil
		})

		require.NoError(t, err, "RunExclusive must return the job's result")
		assert.True(t, ran, "the job must run once the lock is taken")
		// The job ends at 15.51s, no keepalive is on the wire; Revoke takes 10ms.
		assertNothingLeft(t, c, took, 15520*time.Millisecond)
	})
}

func TestJobFails(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient(1500*time.Millisecond, nil)

		err, took := runExclusive(t, context.Background(), c, func(ctx context.Context) error {
			time.Sleep(2 * time.Second)
			return errJob
		})

		require.ErrorIs(t, err, errJob, "RunExclusive must return the job's error")
		// The job fails at 3.51s, no keepalive is on the wire; Revoke takes 10ms.
		assertNothingLeft(t, c, took, 3520*time.Millisecond)
	})
}

func TestCallerGivesUp(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient(time.Hour, nil) // the other replica holds on to the lock
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(10050*time.Millisecond, cancel) // e.g. the service is shutting down

		err, took := runExclusive(t, ctx, c, func(context.Context) error {
			t.Error("the job must not run without the lock")
			return nil
		})

		require.ErrorIs(t, err, context.Canceled, "RunExclusive must say that it gave up waiting for the lock")
		// Cancelled at 10.05s while the keepalive sent at 10.01s is on the wire
		// until 10.11s; Revoke takes 10ms.
		assertNothingLeft(t, c, took, 10120*time.Millisecond)
	})
}

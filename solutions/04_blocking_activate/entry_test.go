package registry

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

// fakeClient is the remote store on synctest's fake clock. Every request takes
// rtt; a keepalive, like any small request already on the wire, completes even
// if its ctx is cancelled meanwhile. With failAfter > 0, a lease's keepalive
// fails once it has been renewed failAfter times, as if the store had dropped it.
type fakeClient struct {
	rtt       time.Duration
	failAfter int

	mu         sync.Mutex
	last       int         // last lease granted
	keepalives map[int]int // successful keepalives per lease
	inFlight   int         // requests not answered yet
}

var errLeaseNotFound = errors.New("lease not found")

func newFakeClient(failAfter int) *fakeClient {
	return &fakeClient{rtt: 10 * time.Millisecond, failAfter: failAfter, keepalives: map[int]int{}}
}

func (c *fakeClient) Put(ctx context.Context, value []byte) (int, error) {
	if err := c.request(ctx); err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last++
	return c.last, nil
}

func (c *fakeClient) Keepalive(ctx context.Context, lease int) error {
	c.request(context.WithoutCancel(ctx))
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failAfter > 0 && c.keepalives[lease] >= c.failAfter {
		return errLeaseNotFound
	}
	c.keepalives[lease]++
	return nil
}

func (c *fakeClient) request(ctx context.Context) error {
	c.mu.Lock()
	c.inFlight++
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.inFlight--
		c.mu.Unlock()
	}()
	select {
	case <-time.After(c.rtt):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *fakeClient) Keepalives(lease int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.keepalives[lease]
}

func (c *fakeClient) InFlight() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.inFlight
}

// put calls e.Put and fails the test at once if it does not return nil.
func put(t *testing.T, e *Entry, value string) {
	t.Helper()
	var err error
	if !leakcheck.Within(t, time.Minute, "Put", func() { err = e.Put(context.Background(), []byte(value)) }) {
		t.FailNow()
	}
	require.NoError(t, err, "Put")
}

// activate calls e.Activate and returns its error and how long it took on the fake clock.
func activate(t *testing.T, ctx context.Context, e *Entry) (err error, took time.Duration) {
	t.Helper()
	start := time.Now()
	if !leakcheck.Within(t, time.Hour, "Activate", func() { err = e.Activate(ctx) }) {
		t.FailNow()
	}
	return err, time.Since(start)
}

func TestActivateBlocksUntilCancelled(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient(0)
		e := NewEntry(c)
		put(t, e, "10.0.0.7:8080")
		lease := e.Current()

		// The caller's ctx: nothing else will ever cancel it. It is cancelled
		// about when the 60th keepalive is on the wire.
		ctx, cancel := context.WithCancel(context.Background())
		const stopAt = time.Minute + 5*time.Millisecond
		time.AfterFunc(stopAt, cancel)

		err, took := activate(t, ctx, e)

		require.NoError(t, err, "Activate must return nil once ctx is cancelled")
		assert.GreaterOrEqual(t, took, stopAt,
			"Activate must block until ctx is cancelled: if it returns at once, its keepalive loop "+
				"runs on in a goroutine that nobody can wait for (a leaked goroutine)")
		assert.LessOrEqual(t, took, stopAt+c.rtt, "Activate must return as soon as ctx is cancelled")
		assert.GreaterOrEqual(t, c.Keepalives(lease), 55, "keepalives sent while Activate ran (about one a second)")
		assert.Zero(t, c.InFlight(), "requests still in flight when Activate returned: it must wait for its work to stop")
		// Anything of Activate's still running when this bubble ends is reported as a leak.
	})
}

func TestActivateReturnsKeepaliveError(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient(3) // the store drops the lease after its third renewal
		e := NewEntry(c)
		put(t, e, "10.0.0.7:8080")

		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Hour, cancel)

		err, took := activate(t, ctx, e)

		require.ErrorIs(t, err, errLeaseNotFound,
			"Activate must return the keepalive failure to its caller; a loop that keeps the error "+
				"to itself runs in a goroutine nobody waits for (a leaked goroutine)")
		assert.Less(t, took, 5*time.Second, "Activate must return as soon as the fourth keepalive fails")
		assert.Zero(t, c.InFlight(), "requests still in flight when Activate returned")
	})
}

// The caller decides to run Activate in a goroutine, and still waits for it.
func TestPutWhileActive(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient(0)
		e := NewEntry(c)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()

		var wg sync.WaitGroup
		var err error
		wg.Go(func() { err = e.Activate(ctx) })

		time.Sleep(5 * time.Second) // active, with nothing to keep alive yet
		put(t, e, "10.0.0.7:8080")
		first := e.Current()
		time.Sleep(10 * time.Second)
		put(t, e, "10.0.0.8:8080")
		second := e.Current()
		firstKept := c.Keepalives(first)
		time.Sleep(10 * time.Second)
		cancel()
		if !leakcheck.Within(t, time.Minute, "Activate after cancel", wg.Wait) {
			t.FailNow()
		}

		require.NoError(t, err, "Activate must return nil once ctx is cancelled")
		assert.GreaterOrEqual(t, firstKept, 9, "keepalives for the first value while it was current")
		assert.Equal(t, firstKept, c.Keepalives(first), "keepalives for the first value after it was replaced")
		assert.GreaterOrEqual(t, c.Keepalives(second), 9, "keepalives for the second value")
	})
}

package registration

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// Every test runs on synctest's fake clock, so instants are exact: a probe every
// 300 ms never lands on a keepalive's whole second before 3 s.
const (
	interval   = time.Second
	probeEvery = 300 * time.Millisecond
)

var errDropped = errors.New("lease not found")

// keepalive is one keepalive the registry received: when (since the test
// began) and for which lease.
type keepalive struct {
	At    time.Duration
	Lease int
}

// fakeRegistry hands out leases 1, 2, 3... and records keepalives; a dropped
// lease fails its keepalives.
type fakeRegistry struct {
	start time.Time

	mu         sync.Mutex
	next       int
	dropped    map[int]bool
	keepalives []keepalive
}

func newFakeRegistry() *fakeRegistry {
	return &fakeRegistry{start: time.Now(), dropped: map[int]bool{}}
}

func (c *fakeRegistry) Put(ctx context.Context, addr string) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	return c.next, nil
}

func (c *fakeRegistry) Keepalive(ctx context.Context, lease int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keepalives = append(c.keepalives, keepalive{At: time.Since(c.start), Lease: lease})
	if c.dropped[lease] {
		return errDropped
	}
	return nil
}

func (c *fakeRegistry) drop(lease int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropped[lease] = true
}

func (k keepalive) String() string { return fmt.Sprintf("%v: lease %d", k.At, k.Lease) }

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

// everySecond lists the keepalives of one per interval, at 1 s, 2 s, ..., for
// the given leases.
func everySecond(leases ...int) []string {
	want := make([]string, len(leases))
	for i, l := range leases {
		want[i] = keepalive{At: time.Duration(i+1) * interval, Lease: l}.String()
	}
	return want
}

// start runs r.Run in a goroutine owned by the test and returns the channel
// that delivers Run's error.
func start(ctx context.Context, r *Registration) <-chan error {
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	return done
}

// probe calls Current every probeEvery, as a health endpoint does, until the
// returned stop func is called; stop waits for the prober to end and may be
// called again.
func probe(r *Registration) (stop func()) {
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-quit:
				return
			case <-time.After(probeEvery):
				r.Current()
			}
		}
	})
	return sync.OnceFunc(func() {
		close(quit)
		wg.Wait()
	})
}

func TestKeepaliveWhileProbed(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeRegistry()
		r := New(c, interval)
		ctx, cancel := context.WithCancel(t.Context())
		runErr := start(ctx, r)
		require.NoError(t, r.Put(ctx, "10.0.0.7:8080"))
		stop := probe(r)

		time.Sleep(5*interval + interval/2)
		assert.Equal(t, everySecond(1, 1, 1, 1, 1), c.Keepalives(),
			"with the health endpoint calling Current every %v, the lease must still get one keepalive per %v; without them the registry drops this instance", probeEvery, interval)

		stop()
		cancel()
		assert.NoError(t, <-runErr, "Run returns nil when the caller cancels")
	})
}

func TestKeepaliveWhilePutting(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeRegistry()
		r := New(c, interval)
		ctx, cancel := context.WithCancel(t.Context())
		runErr := start(ctx, r)

		// A new address every 350 ms: 3 Puts per second, never on a whole second.
		for range 15 {
			require.NoError(t, r.Put(ctx, "10.0.0.7:8080"))
			time.Sleep(350 * time.Millisecond)
		}
		assert.Equal(t, everySecond(3, 6, 9, 12, 15), c.Keepalives(),
			"with a Put every 350 ms, each second's keepalive must go to the lease current at that second")

		cancel()
		assert.NoError(t, <-runErr, "Run returns nil when the caller cancels")
	})
}

func TestDroppedLeaseEndsRun(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeRegistry()
		r := New(c, interval)
		runErr := start(t.Context(), r)
		require.NoError(t, r.Put(t.Context(), "10.0.0.7:8080"))
		stop := probe(r)
		defer stop()

		time.Sleep(2*interval + interval/2)
		c.drop(1) // an operator removed the instance, or the registry lost it
		begin := time.Now()
		select {
		case err := <-runErr:
			assert.ErrorIs(t, err, errDropped, "Run returns the failed keepalive's error")
			assert.Equal(t, interval/2, time.Since(begin), "Run returns at the first keepalive after the drop, at 3 s")
		case <-time.After(10 * interval):
			t.Errorf("goroutine leak: Run is still running %v after the registry dropped its lease, while Current was called every %v: "+
				"no keepalive ran to find out, so for as long as the health endpoint is probed Run's goroutine never ends", 10*interval, probeEvery)
			stop()
			<-runErr
		}
		assert.ErrorIs(t, r.Put(t.Context(), "10.0.0.7:8080"), ErrStopped, "Put after Run returned")
	})
}

func TestCancelStopsRun(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeRegistry()
		r := New(c, interval)
		ctx, cancel := context.WithCancel(t.Context())
		runErr := start(ctx, r)
		require.NoError(t, r.Put(ctx, "10.0.0.7:8080"))
		require.NoError(t, r.Put(ctx, "10.0.0.8:8080"))

		time.Sleep(2*interval + interval/2)
		cancel()
		begin := time.Now()
		assert.NoError(t, <-runErr, "Run returns nil when the caller cancels")
		assert.Zero(t, time.Since(begin), "Run returns as soon as ctx is cancelled")
		assert.Equal(t, everySecond(2, 2), c.Keepalives())
		assert.Equal(t, 2, r.Current(), "Current after Run returned gives the last lease")
		assert.ErrorIs(t, r.Put(t.Context(), "10.0.0.9:8080"), ErrStopped, "Put after Run returned")
	})
}

package statefull

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

const interval = time.Second

var errExpired = errors.New("lease expired")

// fakeClient hands out leases 1, 2, 3... and records keepalives. A keepalive
// of failLease fails.
type fakeClient struct {
	failLease int

	mu         sync.Mutex
	next       int
	keepalives []int
}

func (c *fakeClient) Put(ctx context.Context, value []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	return c.next, nil
}

func (c *fakeClient) Keepalive(ctx context.Context, lease int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keepalives = append(c.keepalives, lease)
	if lease == c.failLease {
		return errExpired
	}
	return nil
}

func (c *fakeClient) Keepalives() []int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]int(nil), c.keepalives...)
}

// start runs s.Run in a goroutine owned by the test; the returned func waits
// (at most a minute of fake time) for Run to return and gives its error.
func start(t *testing.T, ctx context.Context, s *Statefull) (wait func() error) {
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	return func() error {
		t.Helper()
		select {
		case err := <-done:
			return err
		case <-time.After(time.Minute):
			t.Fatal("Run did not return within a minute of its ctx being cancelled or a keepalive failing")
			return nil
		}
	}
}

// afterStop checks what callers get once Run has returned.
func afterStop(t *testing.T, s *Statefull, wantLease int) {
	t.Helper()
	for range 3 {
		var got int
		if leakcheck.Within(t, interval, "Current after Run stopped", func() { got = s.Current() }) {
			assert.Equal(t, wantLease, got, "Current after Run stopped returns the last lease")
		}
	}
	for i := range 3 {
		var err error
		if leakcheck.Within(t, interval, "Put after Run stopped", func() {
			err = s.Put(context.Background(), []byte("too late"))
		}) {
			assert.ErrorIsf(t, err, ErrStopped, "Put #%d after Run stopped must fail: nothing would keep the value alive", i+1)
		}
	}
}

func TestKeepsCurrentLeaseAlive(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := &fakeClient{}
		s := New(c, interval)
		ctx, cancel := context.WithCancel(t.Context())
		wait := start(t, ctx, s)

		require.NoError(t, s.Put(ctx, []byte("v1")), "Put while Run runs")
		assert.Equal(t, 1, s.Current(), "Current returns the lease of the last Put")
		time.Sleep(3*interval + interval/2)
		require.NoError(t, s.Put(ctx, []byte("v2")), "Put while Run runs")
		assert.Equal(t, 2, s.Current(), "Current returns the lease of the last Put")
		time.Sleep(2*interval + interval/4)
		assert.Equal(t, []int{1, 1, 1, 2, 2}, c.Keepalives(), "one keepalive per interval, for the lease current at the time")

		cancel()
		require.NoError(t, wait(), "Run returns nil when the caller cancels")
		afterStop(t, s, 2)
	})
}

func TestKeepaliveFails(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := &fakeClient{failLease: 1}
		s := New(c, interval)
		wait := start(t, t.Context(), s)

		require.NoError(t, s.Put(t.Context(), []byte("v1")), "Put while Run runs")
		err := wait()
		require.ErrorIs(t, err, errExpired, "Run returns the keepalive's error")
		assert.ErrorContains(t, err, "lease 1", "and says which lease")
		afterStop(t, s, 1)
	})
}

func TestConcurrentCallers(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		c := &fakeClient{}
		s := New(c, interval)
		ctx, cancel := context.WithCancel(t.Context())
		wait := start(t, ctx, s)

		var wg sync.WaitGroup
		for range 50 {
			wg.Go(func() {
				for range 20 {
					assert.NoError(t, s.Put(ctx, []byte("v")), "Put while Run runs")
					assert.Positive(t, s.Current(), "Current after a Put returns that lease or a later one")
				}
			})
		}
		leakcheck.Within(t, time.Minute, "50 callers doing 20 Puts each", wg.Wait)
		assert.Equal(t, 50*20, s.Current(), "the last lease put is current")

		cancel()
		require.NoError(t, wait(), "Run returns nil when the caller cancels")
		afterStop(t, s, 50*20)
	})
}

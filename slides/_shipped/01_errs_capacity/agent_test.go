package agent

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

// fakeBackend simulates the remote side on synctest's fake clock. A zero
// fakeBackend registers at once and serves until ctx is cancelled.
type fakeBackend struct {
	registerDelay time.Duration
	registerErr   error
	failKey       string // Watch(failKey) fails after failAfter
	failAfter     time.Duration

	mu      sync.Mutex
	running int // Keepalive and Watch calls currently running
}

var (
	errRegister = errors.New("registry unavailable")
	errWatch    = errors.New("watch stream reset")
)

func (b *fakeBackend) Register(ctx context.Context) error {
	select {
	case <-time.After(b.registerDelay):
		return b.registerErr
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (b *fakeBackend) Keepalive(ctx context.Context) error {
	return b.serve(ctx, false)
}

func (b *fakeBackend) Watch(ctx context.Context, key string) error {
	return b.serve(ctx, key == b.failKey)
}

func (b *fakeBackend) serve(ctx context.Context, fail bool) error {
	b.mu.Lock()
	b.running++
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		b.running--
		b.mu.Unlock()
	}()

	var failed <-chan time.Time
	if fail {
		failed = time.After(b.failAfter)
	}
	select {
	case <-ctx.Done():
		return nil
	case <-failed:
		return errWatch
	}
}

func (b *fakeBackend) Running() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.running
}

func keys(n int) []string {
	ks := make([]string, n)
	for i := range ks {
		ks[i] = fmt.Sprintf("/config/key-%d", i)
	}
	return ks
}

// run calls Run and returns its error and how long it took on the fake clock.
// When Run returns, nothing it started may still be running: a goroutine that
// outlives its function is one nobody waits for (principle 2), and whether it
// ever ends depends on luck, such as a buffer that happens to be big enough.
func run(t *testing.T, ctx context.Context, b *fakeBackend, ks []string) (err error, took time.Duration) {
	t.Helper()
	start := time.Now()
	if leakcheck.Within(t, time.Hour, "Run", func() { err = Run(ctx, b, ks) }) {
		assert.Zero(t, b.Running(), "Run returned while the keepalive or watches it started were still running: leaked goroutines, since nothing waits for them")
	}
	return err, time.Since(start)
}

func TestRegisterFails(t *testing.T) {
	for _, n := range []int{3, 1, 0} {
		ok := t.Run(fmt.Sprintf("%d keys", n), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

			leakcheck.Bubble(t, func(t *testing.T) {
				b := &fakeBackend{registerDelay: time.Second, registerErr: errRegister}

				err, took := run(t, t.Context(), b, keys(n))

				require.ErrorIs(t, err, errRegister, "Run must return the registration error")
				assert.Equal(t, time.Second, took, "Run must return as soon as registration fails")
				// Any goroutine of Run's still blocked when this bubble ends is reported as a leak.
			})
		})
		if !ok {
			break // the larger sizes fail the same way
		}
	}
}

func TestWatchFails(t *testing.T) {
	// Agents in production watch a handful of keys, or thousands.
	for _, n := range []int{2, 10, 3000} {
		ok := t.Run(fmt.Sprintf("%d keys", n), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

			leakcheck.Bubble(t, func(t *testing.T) {
				ks := keys(n)
				b := &fakeBackend{failKey: ks[n/2], failAfter: 2 * time.Second}

				err, took := run(t, t.Context(), b, ks)

				require.ErrorIs(t, err, errWatch, "Run must return the failed watch's error")
				assert.Equal(t, 2*time.Second, took, "Run must return as soon as a watch fails")
			})
		})
		if !ok {
			break // the larger sizes fail the same way
		}
	}
}

func TestCallerCancels(t *testing.T) {
	for _, n := range []int{5, 3000, 0} {
		ok := t.Run(fmt.Sprintf("%d keys", n), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

			leakcheck.Bubble(t, func(t *testing.T) {
				b := &fakeBackend{}
				ctx, cancel := context.WithCancel(t.Context())
				time.AfterFunc(time.Minute, func() {
					// The keepalive and every watch run side by side until the caller cancels.
					assert.Equal(t, 1+n, b.Running(), "tasks running concurrently after a minute")
					cancel()
				})

				err, took := run(t, ctx, b, keys(n))

				require.NoError(t, err, "Run must return nil when the caller cancels")
				assert.Equal(t, time.Minute, took, "Run must return as soon as the caller cancels")
			})
		})
		if !ok {
			break // the larger sizes fail the same way
		}
	}
}

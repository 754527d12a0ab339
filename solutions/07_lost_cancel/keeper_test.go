package keeper

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

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

// fakeClient is the remote service on synctest's fake clock. Put takes putDelay
// (or, if hang is set, waits until its ctx is done); Keepalive answers at once.
type fakeClient struct {
	putDelay time.Duration
	hang     bool

	mu         sync.Mutex
	ctxs       []context.Context // every request's ctx, in order
	maxLive    int               // most contexts of earlier requests still live when a new request began
	lease      int
	keepalives int
}

// begin records ctx and checks the contexts of the requests before it.
func (c *fakeClient) begin(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	live := 0
	for _, prev := range c.ctxs {
		if prev.Err() == nil {
			live++
		}
	}
	c.maxLive = max(c.maxLive, live)
	c.ctxs = append(c.ctxs, ctx)
	return ctx.Err() // a request needs a live ctx
}

func (c *fakeClient) Put(ctx context.Context, value []byte) (int, error) {
	if err := c.begin(ctx); err != nil {
		return 0, err
	}
	var delay <-chan time.Time
	if !c.hang {
		delay = time.After(c.putDelay)
	}
	select {
	case <-delay:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lease++
	return c.lease, nil
}

func (c *fakeClient) Keepalive(ctx context.Context, lease int) error {
	if err := c.begin(ctx); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keepalives++
	return nil
}

// lastCtx returns the ctx of the latest request.
func (c *fakeClient) lastCtx() context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ctxs[len(c.ctxs)-1]
}

const liveCtxMsg = "the context made for a request is still live after the request returned: " +
	"it holds a timer, and a goroutine watching the caller's ctx, until its 10s timeout (a goroutine leak)"

// put calls s.Put and returns its error and how long it took on the fake clock.
func put(t *testing.T, ctx context.Context, s *Statefull) (err error, took time.Duration) {
	t.Helper()
	start := time.Now()
	leakcheck.Within(t, time.Hour, "Put", func() { err = s.Put(ctx, []byte("v")) })
	return err, time.Since(start)
}

func TestPut(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		// The server's lifetime outlives this test: it is never ended here.
		life := newLifetime()
		c := &fakeClient{putDelay: 100 * time.Millisecond}
		s := NewStatefull(c)

		for i := 1; i <= 3; i++ {
			err, took := put(t, life, s)

			require.NoError(t, err, "Put must succeed")
			assert.Equal(t, 100*time.Millisecond, took, "Put must return as soon as the service answers")
			assert.Equal(t, i, s.Current(), "Current must return the lease of the latest Put")
			if !assert.Error(t, c.lastCtx().Err(), "Put #%d returned: %s", i, liveCtxMsg) {
				break
			}
		}
		// Any goroutine still waiting when this bubble ends is reported as a leak.
	})
}

func TestPutTimesOut(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		life := newLifetime()
		c := &fakeClient{hang: true}

		err, took := put(t, life, NewStatefull(c))

		require.ErrorIs(t, err, context.DeadlineExceeded, "a Put that gets no answer must fail with the request timeout")
		assert.Equal(t, 10*time.Second, took, "a Put that gets no answer must give up after the 10s request timeout")
	})
}

func TestPutCallerCancels(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		life := newLifetime()
		time.AfterFunc(3*time.Second, life.end)
		c := &fakeClient{hang: true}

		err, took := put(t, life, NewStatefull(c))

		require.ErrorIs(t, err, context.Canceled, "Put must fail with the caller's cancellation")
		assert.Equal(t, 3*time.Second, took, "Put must stop as soon as the caller's ctx is done")
	})
}

func TestActivate(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		life := newLifetime()
		c := &fakeClient{}
		s := NewStatefull(c)
		err, _ := put(t, life, s)
		require.NoError(t, err, "Put must succeed")

		start := time.Now()
		time.AfterFunc(time.Minute+time.Second/2, life.end)
		leakcheck.Within(t, time.Hour, "Activate", func() { err = s.Activate(life) })

		require.NoError(t, err, "Activate must return nil when the caller's ctx is done")
		assert.Equal(t, time.Minute+time.Second/2, time.Since(start), "Activate must return as soon as the caller's ctx is done")
		assert.Equal(t, 60, c.keepalives, "Activate must send one keepalive a second")
		assert.Zero(t, c.maxLive, "up to %d earlier requests were still live when a keepalive began; %s", c.maxLive, liveCtxMsg)
	})
}

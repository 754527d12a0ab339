package kv

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// fakeTransport is the server on synctest's fake clock. Get and Put answer after
// getDelay and putDelay, or never if hang is set; either way they give up with
// ctx.Err() once ctx is done, as a Transport must.
type fakeTransport struct {
	getDelay, putDelay time.Duration
	hang               bool

	mu       sync.Mutex
	data     map[string]string
	running  int               // raw requests running now
	requests []context.Context // every raw request's ctx
}

func (f *fakeTransport) Get(ctx context.Context, key string) (string, error) {
	if err := f.serve(ctx, f.getDelay); err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.data[key], nil
}

func (f *fakeTransport) Put(ctx context.Context, key, value string) error {
	if err := f.serve(ctx, f.putDelay); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.data == nil {
		f.data = map[string]string{}
	}
	f.data[key] = value
	return nil
}

// stored returns the value under key, as the server sees it.
func (f *fakeTransport) stored(key string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.data[key]
}

func (f *fakeTransport) serve(ctx context.Context, delay time.Duration) error {
	f.mu.Lock()
	f.running++
	f.requests = append(f.requests, ctx)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.running--
		f.mu.Unlock()
	}()

	var answer <-chan time.Time
	if !f.hang {
		answer = time.After(delay)
	}
	select {
	case <-answer:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// settled checks, once everything in the bubble has come to rest, that no raw
// request is still running and that every raw request's ctx is done.
func (f *fakeTransport) settled(t *testing.T, call string) {
	t.Helper()
	synctest.Wait()
	f.mu.Lock()
	defer f.mu.Unlock()
	assert.Zero(t, f.running, "%d raw request(s) still running after %s returned: the client keeps working "+
		"for a caller who gave up (a leaked goroutine)", f.running, call)
	for i, ctx := range f.requests {
		assert.Error(t, ctx.Err(), "raw request #%d still has a live ctx after %s returned: "+
			"nothing tells it that its caller is gone", i+1, call)
	}
}

// timed runs call on the fake clock and returns how long it took.
func timed(t *testing.T, what string, call func()) time.Duration {
	t.Helper()
	start := time.Now()
	leakcheck.Within(t, time.Hour, what, call)
	return time.Since(start)
}

// assertOwnTimeout checks that an error of the client's own request timeout
// says so, with the timeout: a bare "context deadline exceeded" does not tell
// the caller whose deadline passed (seed 000 asks libraries to wrap their
// internal timeouts; context.WithTimeoutCause does it and keeps errors.Is working).
func assertOwnTimeout(t *testing.T, err error, timeout time.Duration) {
	t.Helper()
	assert.ErrorContains(t, err, timeout.String(),
		"the client's own timeout must say that it was the request timeout, and how long it is, not only %q", context.DeadlineExceeded)
}

func TestGet(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		raw := &fakeTransport{getDelay: 300 * time.Millisecond, data: map[string]string{"k": "v"}}
		c := NewClient(raw)

		var val string
		var err error
		took := timed(t, "Get", func() { val, err = c.Get(t.Context(), "k") })

		require.NoError(t, err, "Get must succeed")
		assert.Equal(t, "v", val, "Get must return the stored value")
		assert.Equal(t, 300*time.Millisecond, took, "Get must return as soon as the server answers")
		raw.settled(t, "Get")
	})
}

func TestDefaultRequestTimeout(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		raw := &fakeTransport{hang: true}
		c := NewClient(raw)

		var err error
		took := timed(t, "Get", func() { _, err = c.Get(t.Context(), "k") })

		require.ErrorIs(t, err, context.DeadlineExceeded, "a Get that gets no answer must fail with a timeout")
		assertOwnTimeout(t, err, DefaultRequestTimeout)
		assert.Equal(t, DefaultRequestTimeout, took, "a Get that gets no answer must give up after DefaultRequestTimeout")
		raw.settled(t, "Get")
	})
}

func TestWithRequestTimeout(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		raw := &fakeTransport{hang: true}
		c := NewClient(raw, WithRequestTimeout(5*time.Second))

		var err error
		took := timed(t, "Put", func() { err = c.Put(t.Context(), "k", "v") })

		require.ErrorIs(t, err, context.DeadlineExceeded, "a Put that gets no answer must fail with a timeout")
		assertOwnTimeout(t, err, 5*time.Second)
		assert.Equal(t, 5*time.Second, took, "a Put that gets no answer must give up after the timeout set with WithRequestTimeout")
		raw.settled(t, "Put")
	})
}

func TestTimeoutIsPerRequest(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		// Each raw request takes 80% of the request timeout; PutWhenChanged sends two.
		d := 800 * time.Millisecond
		raw := &fakeTransport{getDelay: d, putDelay: d, data: map[string]string{"k": "old"}}
		c := NewClient(raw, WithRequestTimeout(time.Second))

		var err error
		took := timed(t, "PutWhenChanged", func() { err = c.PutWhenChanged(t.Context(), "k", "new") })

		require.NoError(t, err, "PutWhenChanged must succeed: each of its requests gets the full request timeout")
		assert.Equal(t, "new", raw.stored("k"), "PutWhenChanged must store the new value")
		assert.Equal(t, 2*d, took, "PutWhenChanged must return once its get and put are answered")
		raw.settled(t, "PutWhenChanged")
	})
}

func TestUnchangedValueIsNotPut(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		raw := &fakeTransport{getDelay: time.Second / 2, putDelay: time.Second / 2, data: map[string]string{"k": "v"}}
		c := NewClient(raw)

		var err error
		took := timed(t, "PutWhenChanged", func() { err = c.PutWhenChanged(t.Context(), "k", "v") })

		require.NoError(t, err, "PutWhenChanged must succeed")
		assert.Equal(t, time.Second/2, took, "PutWhenChanged must not put a value that has not changed")
		raw.settled(t, "PutWhenChanged")
	})
}

func TestCallerCancels(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		raw := &fakeTransport{hang: true}
		c := NewClient(raw)
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(300*time.Millisecond, cancel)

		var err error
		took := timed(t, "Get", func() { _, err = c.Get(ctx, "k") })

		require.ErrorIs(t, err, context.Canceled, "Get must fail with the caller's cancellation")
		assert.Equal(t, 300*time.Millisecond, took, "Get must return as soon as the caller cancels")
		raw.settled(t, "Get")
	})
}

func TestCallerDeadline(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		raw := &fakeTransport{hang: true}
		c := NewClient(raw, WithRequestTimeout(time.Minute))
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()

		var err error
		took := timed(t, "PutWhenChanged", func() { err = c.PutWhenChanged(ctx, "k", "v") })

		require.ErrorIs(t, err, context.DeadlineExceeded, "PutWhenChanged must fail with the caller's deadline")
		assert.Equal(t, 2*time.Second, took, "the caller's deadline, shorter than the request timeout, must win")
		raw.settled(t, "PutWhenChanged")
	})
}

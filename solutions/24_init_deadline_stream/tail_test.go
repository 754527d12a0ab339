package tail

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// Every test runs on synctest's fake clock: an hour of streaming takes
// microseconds, and each call's return is checked at its exact instant.
const (
	openTimeout = 5 * time.Second
	every       = 10 * time.Second // the topic's event rate
	never       = -1               // a handshake that never answers
)

var errReset = errors.New("stream reset by broker")

// fakeBroker answers a Subscribe after handshake (never if negative); its
// streams send an event every `every`, go quiet after quietAfter events (if
// not zero), or fail with errReset after failAfter (if not zero). A stream
// lives until its ctx is done, like a gRPC stream.
type fakeBroker struct {
	handshake  time.Duration
	quietAfter int
	failAfter  int

	mu          sync.Mutex
	handshaking int // Subscribe calls still waiting for the handshake
	open        int // streams whose ctx is not done
}

func (b *fakeBroker) Subscribe(ctx context.Context, topic string) (Stream, error) {
	b.add(&b.handshaking, 1)
	defer b.add(&b.handshaking, -1)
	var answered <-chan time.Time // nil: never
	if b.handshake >= 0 {
		answered = time.After(b.handshake)
	}
	select {
	case <-answered:
	case <-ctx.Done():
		return nil, ctx.Err()
	}

	s := &fakeStream{topic: topic, ctx: ctx, done: make(chan struct{}), b: b}
	b.add(&b.open, 1)
	context.AfterFunc(ctx, func() {
		b.add(&b.open, -1)
		close(s.done)
	})
	return s, nil
}

func (b *fakeBroker) add(n *int, d int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	*n += d
}

func (b *fakeBroker) counts() (handshaking, open int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.handshaking, b.open
}

type fakeStream struct {
	topic string
	ctx   context.Context
	done  chan struct{} // closed when ctx is done
	b     *fakeBroker
	sent  int
}

func (s *fakeStream) Recv() (Event, error) {
	next := time.After(every)
	switch {
	case s.b.failAfter > 0 && s.sent == s.b.failAfter:
		return Event{}, errReset
	case s.b.quietAfter > 0 && s.sent == s.b.quietAfter:
		next = nil // nothing more on this topic for now
	}
	select {
	case <-next:
		s.sent++
		return Event{Topic: s.topic, Offset: s.sent, Data: fmt.Sprint("order ", s.sent)}, nil
	case <-s.done:
		return Event{}, s.ctx.Err()
	}
}

// consume reads events until the channel is closed; wait returns them.
func consume(events <-chan Event) (wait func() []Event) {
	var got []Event
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev := range events {
			got = append(got, ev)
		}
	}()
	return func() []Event { <-done; return got }
}

// checkClean checks that nothing of the subscription is left at the broker.
func checkClean(t *testing.T, b *fakeBroker, after string) {
	t.Helper()
	synctest.Wait()
	handshaking, open := b.counts()
	if handshaking > 0 {
		t.Errorf("goroutine leak: %s, %d Subscribe calls are still waiting for the broker's handshake, and will forever", after, handshaking)
	}
	if open > 0 {
		t.Errorf("%s, the broker still has %d streams open: nothing will ever end them", after, open)
	}
}

func TestOpenTimesOut(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		b := &fakeBroker{handshake: never}
		tl := &Tailer{Broker: b, OpenTimeout: openTimeout}

		begin := time.Now()
		_, _, err := tl.Open(t.Context(), "orders")
		assert.ErrorIs(t, err, context.DeadlineExceeded, "Open gives up when the handshake takes too long")
		assert.Equal(t, openTimeout, time.Since(begin), "Open returns at OpenTimeout")
		checkClean(t, b, "once Open has timed out")
	})
}

func TestOpenCancelled(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		b := &fakeBroker{handshake: never}
		tl := &Tailer{Broker: b, OpenTimeout: openTimeout}
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second) // the caller's own start-up budget

		begin := time.Now()
		_, _, err := tl.Open(ctx, "orders")
		cancel()
		assert.ErrorIs(t, err, context.DeadlineExceeded, "Open gives up when its ctx is done")
		assert.Equal(t, 2*time.Second, time.Since(begin), "Open returns as soon as its ctx is done")
		checkClean(t, b, "once Open's ctx was done")
	})
}

func TestStreamOutlivesOpening(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		b := &fakeBroker{handshake: time.Second}
		tl := &Tailer{Broker: b, OpenTimeout: openTimeout}

		// The caller bounds its start-up, then cancels that ctx, as a deferred
		// cancel in its start-up function would.
		openCtx, cancelOpen := context.WithTimeout(t.Context(), 3*time.Second)
		events, follow, err := tl.Open(openCtx, "orders")
		cancelOpen()
		require.NoError(t, err)

		ctx, cancel := context.WithCancel(t.Context())
		got := consume(events)
		result := make(chan error, 1)
		go func() { result <- follow(ctx) }()

		time.Sleep(time.Hour + every/2)
		cancel()
		begin := time.Now()
		select {
		case err := <-result:
			assert.NoError(t, err, "Continue returns nil when its ctx is done")
			assert.Zero(t, time.Since(begin), "Continue returns as soon as its ctx is done, not at the next event")
		case <-time.After(time.Minute):
			t.Fatal("goroutine leak: Continue is blocked forever after its ctx was cancelled")
		}
		evs := got()
		assert.Len(t, evs, int(time.Hour/every), "one event every %v for the whole hour: the stream outlives OpenTimeout and Open's ctx", every)
		checkClean(t, b, "once Continue has returned")
	})
}

func TestContinueStopsOnQuietTopic(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		b := &fakeBroker{quietAfter: 3}
		tl := &Tailer{Broker: b, OpenTimeout: openTimeout}
		events, follow, err := tl.Open(t.Context(), "refunds")
		require.NoError(t, err)

		ctx, cancel := context.WithCancel(t.Context())
		got := consume(events)
		var followErr error
		returned := make(chan struct{})
		go func() {
			defer close(returned)
			followErr = follow(ctx)
		}()
		time.Sleep(time.Hour) // three refunds, then nothing
		cancel()
		if !leakcheck.Within(t, time.Minute, "Continue, after its ctx was cancelled on a quiet topic,", func() { <-returned }) {
			return
		}
		assert.NoError(t, followErr, "Continue returns nil when its ctx is done")
		assert.Len(t, got(), 3)
		checkClean(t, b, "once Continue has returned")
	})
}

func TestStreamFails(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		b := &fakeBroker{failAfter: 2}
		tl := &Tailer{Broker: b, OpenTimeout: openTimeout}
		events, follow, err := tl.Open(t.Context(), "orders")
		require.NoError(t, err)

		got := consume(events)
		err = follow(t.Context())
		assert.ErrorIs(t, err, errReset, "Continue returns the stream's error")
		assert.ErrorContains(t, err, "orders", "and names the topic")
		assert.Len(t, got(), 2)
		checkClean(t, b, "once the stream has failed")
	})
}

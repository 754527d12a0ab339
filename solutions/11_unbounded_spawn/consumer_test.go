package queue

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// fakeQueue holds messages that are all there from the start. Once they are
// taken, Receive reports io.EOF if the queue is closed, else it blocks until ctx
// is cancelled.
type fakeQueue struct {
	mu     sync.Mutex
	msgs   []Message
	closed bool
}

func (q *fakeQueue) Receive(ctx context.Context, max int) ([]Message, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if max < 1 {
		return nil, fmt.Errorf("fake queue: Receive(max=%d): max must be at least 1", max)
	}
	q.mu.Lock()
	n := min(max, len(q.msgs))
	batch := q.msgs[:n:n]
	q.msgs = q.msgs[n:]
	closed := q.closed
	q.mu.Unlock()

	switch {
	case n > 0:
		return batch, nil
	case closed:
		return nil, io.EOF
	default:
		<-ctx.Done()
		return nil, ctx.Err()
	}
}

// burst returns n messages: every eighth takes 80ms to handle, the others 10ms.
func burst(n int) (msgs []Message, cost map[string]time.Duration) {
	cost = make(map[string]time.Duration, n)
	for i := range n {
		m := Message{ID: fmt.Sprintf("msg-%04d", i), Body: []byte("order created")}
		msgs = append(msgs, m)
		cost[m.ID] = 10 * time.Millisecond
		if i%8 == 0 {
			cost[m.ID] = 80 * time.Millisecond
		}
	}
	return msgs, cost
}

// handler is a fake Handle that takes cost[m.ID] of fake time per message and
// keeps count of what runs at once.
type handler struct {
	cost       map[string]time.Duration
	goroutines int // runtime.NumGoroutine() before Run started

	mu             sync.Mutex
	running, peak  int
	peakGoroutines int // most goroutines seen beyond the baseline
	handled        map[string]int
}

func newHandler(cost map[string]time.Duration) *handler {
	return &handler{cost: cost, handled: map[string]int{}, goroutines: runtime.NumGoroutine()}
}

func (h *handler) Handle(ctx context.Context, m Message) {
	h.mu.Lock()
	h.running++
	h.peak = max(h.peak, h.running)
	h.peakGoroutines = max(h.peakGoroutines, runtime.NumGoroutine()-h.goroutines)
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		h.running--
		h.mu.Unlock()
	}()

	select {
	case <-time.After(h.cost[m.ID]):
		h.mu.Lock()
		h.handled[m.ID]++
		h.mu.Unlock()
	case <-ctx.Done():
	}
}

// run runs the consumer and returns Run's error and how long it took on the fake
// clock. It checks that no handler is still running once Run has returned.
func run(t *testing.T, ctx context.Context, c *Consumer, h *handler) (err error, took time.Duration) {
	t.Helper()
	start := time.Now()
	leakcheck.Within(t, time.Hour, "Run", func() { err = c.Run(ctx) })
	took = time.Since(start)
	h.mu.Lock()
	defer h.mu.Unlock()
	assert.Zero(t, h.running, "Run returned while handlers were still running: they outlive the call (a goroutine leak until they finish)")
	return err, took
}

// checkBound checks how many handlers and goroutines ran at once.
func checkBound(t *testing.T, h *handler, limit int) {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	require.LessOrEqual(t, h.peak, limit,
		"unbounded: %d handlers ran at once, limit %d: every in-flight message holds a goroutine, a goroutine leak that grows with the backlog", h.peak, limit)
	// Goroutines on their way out still count, and a loaded scheduler can let
	// a few pile up; one goroutine per waiting message is thousands.
	require.LessOrEqual(t, h.peakGoroutines, 4*limit+64,
		"goroutine leak: %d goroutines alive at once for a limit of %d: a message waiting for a free handler must not hold a goroutine", h.peakGoroutines, limit)
	require.Equal(t, limit, h.peak, "with a backlog, handlers must run side by side up to the limit (%d)", limit)
}

func TestBurst(t *testing.T) {
	for _, limit := range []int{1, 8, 100} {
		t.Run(fmt.Sprintf("limit %d", limit), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

			leakcheck.Bubble(t, func(t *testing.T) {
				msgs, cost := burst(3000)
				h := newHandler(cost)
				c := &Consumer{Source: &fakeQueue{msgs: msgs, closed: true}, Handle: h.Handle, Limit: limit}

				err, took := run(t, t.Context(), c, h)

				require.NoError(t, err, "Run must return nil once the queue is closed and drained")
				checkBound(t, h, limit)
				for _, m := range msgs {
					require.Equal(t, 1, h.handled[m.ID], "message %s must be handled exactly once", m.ID)
				}
				// A pool that starts the next message as soon as a handler returns
				// needs at most work/limit + the longest message.
				var work, longest time.Duration
				for _, d := range cost {
					work += d
					longest = max(longest, d)
				}
				bound := work/time.Duration(limit) + longest
				assert.LessOrEqual(t, took, bound,
					"Run took %v; %d handlers work this burst off in at most %v: start the next message as soon as any handler returns", took, limit, bound)
			})
		})
	}
}

func TestCallerCancels(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		const limit = 8
		msgs, cost := burst(3000)
		h := newHandler(cost)
		c := &Consumer{Source: &fakeQueue{msgs: msgs}, Handle: h.Handle, Limit: limit}
		ctx, cancel := context.WithCancel(t.Context())
		stop := time.Second + 5*time.Millisecond
		time.AfterFunc(stop, cancel)

		err, took := run(t, ctx, c, h)

		require.ErrorIs(t, err, context.Canceled, "Run must return the cancellation")
		assert.Equal(t, stop, took, "Run must return as soon as the caller cancels")
		checkBound(t, h, limit)
		assert.Less(t, len(h.handled), len(msgs), "after a cancel the rest of the queue is left alone")
	})
}

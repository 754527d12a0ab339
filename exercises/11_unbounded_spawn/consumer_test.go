package queue

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"
)

const (
	// teardown is how long a handler takes to give up once its ctx ends.
	teardown = time.Millisecond
	// waitLimit is how long a test waits for Run, beyond the hour a handler
	// that is deaf to a cancel takes.
	waitLimit = 3 * fake.Long
	// spare is how many goroutines Run may have beyond two per running
	// handler (one on its way out while the next starts: a loaded machine
	// lets a few linger): a receiver, a closer, a pool's bookkeeping.
	spare = 16
)

var errBroker = errors.New("broker connection lost")

// fakeQueue is the message queue. Messages are there from the start or
// arrive later (push); once they are taken, Receive reports io.EOF if the
// queue is closed, fails with errBroker if failWhenEmpty is set, else it
// waits for more or for ctx.
type fakeQueue struct {
	failWhenEmpty bool
	onDrained     func() // if set, called when Receive is about to report io.EOF

	mu       sync.Mutex
	msgs     []Message
	closed   bool
	changed  chan struct{} // closed and replaced when messages arrive or the queue closes
	received int           // messages handed out
}

func newQueue(msgs []Message, closed bool) *fakeQueue {
	return &fakeQueue{msgs: msgs, closed: closed, changed: make(chan struct{})}
}

func (q *fakeQueue) Receive(ctx context.Context, max int) ([]Message, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if max < 1 {
		return nil, fmt.Errorf("fake queue: Receive(max=%d): max must be at least 1", max)
	}
	for {
		q.mu.Lock()
		n := min(max, len(q.msgs))
		batch := q.msgs[:n:n]
		q.msgs = q.msgs[n:]
		q.received += n
		closed, changed := q.closed, q.changed
		q.mu.Unlock()
		switch {
		case n > 0:
			return batch, nil
		case closed:
			if q.onDrained != nil {
				q.onDrained()
			}
			return nil, io.EOF
		case q.failWhenEmpty:
			return nil, errBroker
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// push adds messages to the queue, and closes it if closing is set.
func (q *fakeQueue) push(closing bool, msgs ...Message) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.msgs = append(q.msgs, msgs...)
	q.closed = q.closed || closing
	close(q.changed)
	q.changed = make(chan struct{})
}

func (q *fakeQueue) taken() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.received
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

// handler is a fake Handle that takes cost[m.ID] of fake time per message
// (or answers as speed says: Hung until its ctx ends, Deaf to it for an
// hour), gives up teardown after its ctx ends, and keeps count of what runs
// at once.
type handler struct {
	cost  map[string]time.Duration
	speed fake.Speed // Prompt (cost), Hung or Deaf
	q     *fakeQueue
	t0    time.Time
	base  int // runtime.NumGoroutine() before Run started

	mu         sync.Mutex
	running    int
	peak       int
	peakGs     int           // most goroutines seen beyond the baseline
	peakHeld   int           // most messages taken from the queue and not handled yet
	finished   int           // handlers returned
	lastEnd    time.Duration // when the last handler returned, since t0
	handled    map[string]int
	starts     map[string]time.Duration // when each message's handler began, since t0
	lateStarts int                      // handlers called with their ctx already done
}

func newHandler(cost map[string]time.Duration, q *fakeQueue) *handler {
	return &handler{cost: cost, speed: fake.Prompt, q: q, t0: time.Now(), handled: map[string]int{},
		starts: map[string]time.Duration{}, base: runtime.NumGoroutine()}
}

func (h *handler) Handle(ctx context.Context, m Message) {
	held := h.q.taken()
	h.mu.Lock()
	if ctx.Err() != nil {
		h.lateStarts++
	}
	h.running++
	h.peak = max(h.peak, h.running)
	h.peakGs = max(h.peakGs, runtime.NumGoroutine()-h.base)
	h.peakHeld = max(h.peakHeld, held-h.finished)
	h.starts[m.ID] = time.Since(h.t0)
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.running--
		h.finished++
		h.lastEnd = time.Since(h.t0)
	}()

	if h.speed == fake.Deaf {
		time.Sleep(fake.Long)
		return
	}
	if err := h.speed.Wait(ctx, h.cost[m.ID]); err != nil {
		time.Sleep(teardown)
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.handled[m.ID]++
}

func (h *handler) startedAfter(at time.Duration) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, s := range h.starts {
		if s > at {
			n++
		}
	}
	return n
}

// outcome is what Run returned and when, since the handler was made.
type outcome struct {
	err      error
	returned time.Duration
}

// run runs the consumer in the bubble and waits for Run (waitLimit, fake time);
// if it does not return, clause c is broken and the test stops. Right after
// the return it checks clause 5: nothing Run started is running.
func run(t *testing.T, c goal.Clause, ctx context.Context, con *Consumer, h *handler) outcome {
	t.Helper()
	mark := leakcheck.Now()
	var out outcome
	done := make(chan struct{})
	go func() {
		defer close(done)
		out.err = con.Run(ctx)
		out.returned = time.Since(h.t0)
	}()
	timer := time.NewTimer(waitLimit)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		c.Fatalf(t, "Run had not returned %v after it was called", waitLimit)
	}
	h.mu.Lock()
	running := h.running
	h.mu.Unlock()
	clause5.Check(t, running == 0, "%d handler(s) still running when Run returned", running)
	mark.Stopped(t, clause5, "Run")
	return out
}

// checkBound checks clause 1 against what the handler saw.
func checkBound(t *testing.T, h *handler, limit int) {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	clause1.Check(t, h.peak <= limit, "%d handlers ran at once with Limit %d", h.peak, limit)
	clause1.Check(t, h.peakHeld <= 2*limit, "%d messages were taken from the queue and not handled yet, at once, with Limit %d", h.peakHeld, limit)
	clause1.Check(t, h.peakGs <= 2*limit+spare, "%d goroutines more than before Run were alive at once, with Limit %d", h.peakGs, limit)
}

// makespan is when the last of msgs ends if each starts as soon as it has
// arrived (at[id], 0 if absent) and one of limit handlers is free, in order.
func makespan(msgs []Message, cost map[string]time.Duration, at map[string]time.Duration, limit int) time.Duration {
	free := &durations{}
	for range limit {
		heap.Push(free, time.Duration(0))
	}
	var end time.Duration
	for _, m := range msgs {
		start := max(heap.Pop(free).(time.Duration), at[m.ID])
		heap.Push(free, start+cost[m.ID])
		end = max(end, start+cost[m.ID])
	}
	return end
}

type durations []time.Duration

func (d durations) Len() int           { return len(d) }
func (d durations) Less(i, j int) bool { return d[i] < d[j] }
func (d durations) Swap(i, j int)      { d[i], d[j] = d[j], d[i] }
func (d *durations) Push(x any)        { *d = append(*d, x.(time.Duration)) }
func (d *durations) Pop() any {
	old := *d
	x := old[len(old)-1]
	*d = old[:len(old)-1]
	return x
}

func TestBurst(t *testing.T) {
	for _, lim := range []int{1, 8, 100} {
		if !t.Run(fmt.Sprintf("limit %d", lim), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				msgs, cost := burst(3000)
				q := newQueue(msgs, true)
				h := newHandler(cost, q)
				c := &Consumer{Source: q, Handle: h.Handle, Limit: lim}

				out := run(t, clause2, context.Background(), c, h)

				clause4.Check(t, out.err == nil, "the queue was closed and drained; Run returned %q", out.err)
				checkBound(t, h, lim)
				for _, m := range msgs {
					if !clause2.Check(t, h.handled[m.ID] == 1, "message %s was handled %d times", m.ID, h.handled[m.ID]) {
						break
					}
				}
				clause2.Check(t, h.peak == lim, "with a backlog of %d messages, at most %d handlers ran at once with Limit %d", len(msgs), h.peak, lim)
				want := makespan(msgs, cost, nil, lim)
				clause2.Check(t, out.returned == want, "%d handlers starting each message as soon as one is free are done at %v; Run returned at %v", lim, want, out.returned)
			})
		}) {
			return // the first failing case says enough
		}
	}
}

// TestTrickle: messages arrive one by one, then in small bursts, while the
// queue stays open; each must start the moment it arrives, as long as a
// handler is free.
func TestTrickle(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		const lim = 4
		msgs, cost := burst(40)
		q := newQueue(nil, false)
		h := newHandler(cost, q)
		at := map[string]time.Duration{}
		for i, m := range msgs {
			arrive := time.Duration(i/3) * 100 * time.Millisecond // three at a time, every 100ms
			at[m.ID] = arrive
			time.AfterFunc(arrive, func() { q.push(false, m) })
		}
		closeAt := time.Duration(len(msgs)/3+1) * 100 * time.Millisecond
		time.AfterFunc(closeAt, func() { q.push(true) })
		c := &Consumer{Source: q, Handle: h.Handle, Limit: lim}

		out := run(t, clause2, context.Background(), c, h)

		clause4.Check(t, out.err == nil, "the queue was closed and drained; Run returned %q", out.err)
		checkBound(t, h, lim)
		for _, m := range msgs {
			if !clause2.Check(t, h.starts[m.ID] == at[m.ID], "message %s arrived at %v, with a handler free; its handler began at %v", m.ID, at[m.ID], h.starts[m.ID]) {
				break
			}
		}
		want := max(closeAt, makespan(msgs, cost, at, lim))
		clause4.Check(t, out.returned == want, "the queue was closed at %v and the last handler returned at %v; Run returned at %v",
			closeAt, makespan(msgs, cost, at, lim), out.returned)
	})
}

// TestCallerCancels cancels while Run waits for messages, while it waits for
// a free handler with a backlog, while handlers run and the queue is empty,
// and before Run is called; with handlers that honour the cancel after a
// moment, that wait for it, and that are deaf to it.
func TestCallerCancels(t *testing.T) {
	const lim = 8
	cases := []struct {
		name    string
		at      time.Duration // when the caller cancels; negative: before Run
		backlog int           // messages in the queue at the start
		speed   fake.Speed    // how the handlers run
		want    func(at time.Duration) time.Duration
	}{
		{"before Run", -1, 100, fake.Prompt, func(time.Duration) time.Duration { return 0 }},
		{"waiting for messages", time.Second, 0, fake.Prompt, func(at time.Duration) time.Duration { return at }},
		{"waiting for a free handler", time.Second + 5*time.Millisecond, 3000, fake.Prompt, func(at time.Duration) time.Duration { return at + teardown }},
		{"handlers hung, queue empty", time.Second, 5, fake.Hung, func(at time.Duration) time.Duration { return at + teardown }},
		{"handlers hung, backlog", time.Second, 3000, fake.Hung, func(at time.Duration) time.Duration { return at + teardown }},
		{"handlers deaf, queue empty", time.Second, 5, fake.Deaf, func(time.Duration) time.Duration { return fake.Long }},
		{"handlers deaf, backlog", time.Second, 3000, fake.Deaf, func(time.Duration) time.Duration { return fake.Long }},
	}
	for _, tc := range cases {
		if !t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				msgs, cost := burst(tc.backlog)
				q := newQueue(msgs, false)
				h := newHandler(cost, q)
				h.speed = tc.speed
				c := &Consumer{Source: q, Handle: h.Handle, Limit: lim}
				ctx, cancel := context.WithCancel(context.Background())
				if tc.at < 0 {
					cancel()
				} else {
					time.AfterFunc(tc.at, cancel)
				}
				defer cancel()

				out := run(t, clause3, ctx, c, h)

				ended := max(tc.at, 0)
				checkBound(t, h, lim)
				clause3.Check(t, errors.Is(out.err, context.Canceled), "the caller cancelled at %v; Run returned %v", ended, errText(out.err))
				h.mu.Lock()
				late, lastEnd := h.lateStarts, h.lastEnd
				h.mu.Unlock()
				clause3.Check(t, late == 0 && h.startedAfter(ended) == 0, "%d handler(s) began after the caller cancelled at %v", late+h.startedAfter(ended), ended)
				clause3.Check(t, lastEnd <= tc.want(ended), "the caller cancelled at %v; the handlers running then returned at %v", ended, lastEnd)
				clause3.Check(t, out.returned == max(ended, lastEnd), "the caller cancelled at %v and the last handler returned at %v; Run returned at %v",
					ended, lastEnd, out.returned)
			})
		}) {
			return // the first failing case says enough
		}
	}
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%q", err)
}

// TestReceiveFails: the broker connection drops while handlers still run,
// with a backlog handled before it, or straight away.
func TestReceiveFails(t *testing.T) {
	for _, backlog := range []int{0, 100} {
		if !t.Run(fmt.Sprintf("after %d messages", backlog), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				const lim = 8
				msgs, cost := burst(backlog)
				q := newQueue(msgs, false)
				q.failWhenEmpty = true
				h := newHandler(cost, q)
				c := &Consumer{Source: q, Handle: h.Handle, Limit: lim}

				out := run(t, clause4, context.Background(), c, h)

				clause4.Check(t, errors.Is(out.err, errBroker), "Receive failed with %q; Run returned %v", errBroker, errText(out.err))
				h.mu.Lock()
				defer h.mu.Unlock()
				for _, m := range msgs {
					if !clause2.Check(t, h.handled[m.ID] == 1, "message %s was handled %d times", m.ID, h.handled[m.ID]) {
						break
					}
				}
			})
		}) {
			return // the first failing case says enough
		}
	}
}

// TestCancelAsTheQueueDrains: the caller cancels at the very moment the
// queue reports that it is drained, while the last message waits for its
// handler to start. With one P, a goroutine that has just been started runs
// only once Run blocks, so the last message's handler, if it has to look at
// ctx first, finds it cancelled. Run may leave that message, but must not
// then report the queue as done.
func TestCancelAsTheQueueDrains(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		msgs, cost := burst(3)
		q := newQueue(msgs, true)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		q.onDrained = cancel
		h := newHandler(cost, q)
		c := &Consumer{Source: q, Handle: h.Handle, Limit: 1}

		out := run(t, clause4, ctx, c, h)

		h.mu.Lock()
		started := len(h.starts)
		h.mu.Unlock()
		if out.err == nil {
			clause4.Check(t, started == len(msgs), "the caller cancelled as the queue drained; Run returned nil after handing %d of %d messages to a handler", started, len(msgs))
		} else {
			clause3.Check(t, errors.Is(out.err, context.Canceled), "the caller cancelled as the queue drained; Run returned %q", out.err)
		}
	})
}

// TestRacesTheEnd runs on the real clock: handlers take microseconds, the
// queue closes or the caller cancels at random instants, so the end lands
// anywhere, including in Run's own last steps, and the bound is checked by
// handlers that really run in parallel.
func TestRacesTheEnd(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	deadline := time.Now().Add(300 * time.Millisecond)
	for round := 0; round < 300 && time.Now().Before(deadline); round++ {
		const lim = 3
		msgs, _ := burst(30)
		cost := map[string]time.Duration{}
		for _, m := range msgs {
			cost[m.ID] = time.Duration(rand.IntN(30)) * time.Microsecond
		}
		q := newQueue(msgs, false)
		closer := time.AfterFunc(time.Duration(rand.IntN(300))*time.Microsecond, func() { q.push(true) })
		h := newHandler(cost, q)
		ctx, cancel := context.WithCancel(context.Background())
		canceller := time.AfterFunc(time.Duration(rand.IntN(600))*time.Microsecond, cancel)
		c := &Consumer{Source: q, Handle: h.Handle, Limit: lim}

		var err error
		if !leakcheck.Within(t, 2*time.Second, "Run", func() { err = c.Run(ctx) }) {
			cancel()
			return
		}
		h.mu.Lock()
		running, peak, started := h.running, h.peak, len(h.starts)
		h.mu.Unlock()
		ended := ctx.Err() != nil
		closer.Stop()
		canceller.Stop()
		cancel()
		if !clause5.Check(t, running == 0, "round %d: %d handler(s) still running when Run returned", round, running) ||
			!clause1.Check(t, peak <= lim, "round %d: %d handlers ran at once with Limit %d", round, peak, lim) {
			return
		}
		switch {
		case err == nil:
			if !clause2.Check(t, started == len(msgs), "round %d: Run returned nil after %d of %d messages", round, started, len(msgs)) {
				return
			}
		case !ended:
			clause4.Errorf(t, "round %d: the caller's ctx was live and Receive never failed; Run returned %q", round, err)
			return
		case !errors.Is(err, context.Canceled):
			clause3.Errorf(t, "round %d: the caller cancelled; Run returned %q", round, err)
			return
		}
		time.Sleep(time.Millisecond)
		h.mu.Lock()
		later := len(h.starts)
		h.mu.Unlock()
		if !clause5.Check(t, later == started, "round %d: %d handler(s) began after Run returned", round, later-started) {
			return
		}
	}
}

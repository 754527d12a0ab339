package tail

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/leakcheck"
)

// Most tests run on synctest's fake clock: an hour of streaming takes
// microseconds, and each call's return is checked at its exact instant.
const (
	openTimeout = 5 * time.Second
	every       = 10 * time.Second // the topic's event rate
)

var errReset = errors.New("stream reset by broker")

// credentials is the key of the caller's credentials in a ctx: the broker
// serves only streams that carry them, as a gRPC server checks a token.
type credentials struct{}

const token = "tailer-token"

// fakeBroker answers a Subscribe's handshake at its speed (inside the blocking
// point "Subscribe"); its streams send an event every `every`, go quiet after
// quietAfter events (if not zero), or fail with errReset after failAfter (if
// not zero). A stream lives until its ctx is done or it fails, like a gRPC
// stream; Recv waits for the next event inside the point "Recv".
type fakeBroker struct {
	handshake  fake.Speed
	rtt        time.Duration // the handshake's latency at fake.Prompt
	every      time.Duration // 0: the package's every
	quietAfter int
	failAfter  int
	points     fake.Points

	mu          sync.Mutex
	handshaking int // Subscribe calls still waiting for the handshake
	open        int // streams neither ended by their ctx nor failed
	creds       []any
}

func (b *fakeBroker) Subscribe(ctx context.Context, topic string) (Stream, error) {
	b.add(&b.handshaking, 1)
	defer b.add(&b.handshaking, -1)
	if err := b.points.Call(ctx, "Subscribe", b.handshake, b.rtt); err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	b.mu.Lock()
	b.creds = append(b.creds, ctx.Value(credentials{}))
	b.mu.Unlock()

	s := &fakeStream{topic: topic, ctx: ctx, done: make(chan struct{}), b: b, every: b.every}
	if s.every == 0 {
		s.every = every
	}
	b.add(&b.open, 1)
	context.AfterFunc(ctx, func() {
		s.end()
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

func (b *fakeBroker) credentials() []any {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]any(nil), b.creds...)
}

type fakeStream struct {
	topic string
	ctx   context.Context
	done  chan struct{} // closed when ctx is done
	b     *fakeBroker
	every time.Duration
	sent  int
	ended sync.Once
}

// end releases the stream at the broker, once: when its ctx is done or when it fails.
func (s *fakeStream) end() { s.ended.Do(func() { s.b.add(&s.b.open, -1) }) }

func (s *fakeStream) Recv() (Event, error) {
	defer s.b.points.Enter("Recv")()
	next := time.After(s.every)
	switch {
	case s.b.failAfter > 0 && s.sent == s.b.failAfter:
		s.end()
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

// reader takes events from the channel until it is closed, or until it is
// told to stop reading; got and closed report what it saw.
type reader struct {
	mu     sync.Mutex
	got    []Event
	closed chan struct{} // closed when the events channel was seen closed
	stop   chan struct{} // close it to stop reading without draining
}

func read(events <-chan Event) *reader {
	r := &reader{closed: make(chan struct{}), stop: make(chan struct{})}
	go func() {
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					close(r.closed)
					return
				}
				r.mu.Lock()
				r.got = append(r.got, ev)
				r.mu.Unlock()
			case <-r.stop:
				return
			}
		}
	}()
	return r
}

func (r *reader) events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.got...)
}

// isClosed reports whether the events channel is closed, reading it if the
// reader stopped: a receive on a closed channel returns at once.
func isClosed(events <-chan Event) bool {
	select {
	case _, ok := <-events:
		return !ok
	default:
		return false
	}
}

// inOrder reports whether evs are events 1, 2, 3... of topic.
func inOrder(topic string, evs []Event) bool {
	for i, ev := range evs {
		if ev.Topic != topic || ev.Offset != i+1 {
			return false
		}
	}
	return true
}

// openCtx is the caller's ctx for opening: it carries the credentials.
func openCtx() (context.Context, context.CancelFunc) {
	return context.WithCancel(context.WithValue(context.Background(), credentials{}, token))
}

// follow runs Continue in a goroutine of the test's and returns a channel
// that delivers its error and the fake instant it returned.
type result struct {
	err error
	at  time.Time
}

func follow(cont Continue, ctx context.Context) <-chan result {
	ch := make(chan result, 1)
	go func() {
		err := cont(ctx)
		ch <- result{err, time.Now()}
	}()
	return ch
}

func TestOpenGivesUp(t *testing.T) {
	for _, tc := range []struct {
		name      string
		handshake fake.Speed
		budget    time.Duration // the caller's own timeout on Open's ctx; 0: none
		cancel    bool          // the caller cancels while the handshake is under way
		took      time.Duration
		err       error
	}{
		{"handshake hung: OpenTimeout", fake.Hung, 0, false, openTimeout, context.DeadlineExceeded},
		{"handshake slow: OpenTimeout", fake.Slow, 0, false, openTimeout, context.DeadlineExceeded},
		{"handshake hung: the caller's deadline first", fake.Hung, 2 * time.Second, false, 2 * time.Second, context.DeadlineExceeded},
		{"handshake hung: the caller cancels", fake.Hung, 0, true, 0, context.Canceled},
		{"handshake slow: the caller cancels", fake.Slow, 0, true, 0, context.Canceled},
		{"the broker fails", fake.Failing, 0, false, 0, fake.ErrInjected},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				b := &fakeBroker{handshake: tc.handshake}
				tl := &Tailer{Broker: b, OpenTimeout: openTimeout}
				ctx, cancel := openCtx()
				defer cancel()
				if tc.budget > 0 {
					ctx, cancel = context.WithTimeout(ctx, tc.budget)
					defer cancel()
				}
				m := leakcheck.Now()
				done := make(chan error, 1)
				var returnedAt time.Time
				go func() {
					_, _, err := tl.Open(ctx, "orders")
					returnedAt = time.Now()
					done <- err
				}()
				begin := time.Now()
				if tc.cancel && b.points.Await(t, "Subscribe", 1, time.Minute) {
					begin = time.Now()
					cancel()
				}
				var err error
				select {
				case err = <-done:
				case <-time.After(2 * fake.Long):
					clause1.Fatalf(t, "Open, with a handshake %s, had not returned %v later", code(tc.handshake), 2*fake.Long)
				}
				clause1.ErrorIs(t, err, tc.err, "Open's error, with a handshake %s", code(tc.handshake))
				clause1.Equal(t, tc.took, returnedAt.Sub(begin), "fake time Open took, with a handshake %s", code(tc.handshake))
				m.Stopped(t, clause1, "Open")
				handshaking, open := b.counts()
				clause1.Check(t, handshaking == 0 && open == 0,
					"once Open returned its error, the broker had %d handshake(s) waiting and %d stream(s) open", handshaking, open)
			})
		})
	}
}

// TestOpenAtTheDeadline has the handshake complete at the very instant
// OpenTimeout runs out, fifty rounds (which comes first varies from round to
// round): either outcome is right, as long as nothing is left and a stream
// Open returned carries its events.
func TestOpenAtTheDeadline(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		for range 50 {
			if !openAtTheDeadline(t) {
				return
			}
		}
	})
}

func openAtTheDeadline(t *testing.T) bool {
	b := &fakeBroker{handshake: fake.Prompt, rtt: openTimeout}
	tl := &Tailer{Broker: b, OpenTimeout: openTimeout}
	ctx, cancel := openCtx()
	defer cancel()
	m := leakcheck.Now()
	events, cont, err := tl.Open(ctx, "orders")
	if err != nil {
		m.Stopped(t, clause1, "Open")
		handshaking, open := b.counts()
		return clause1.Check(t, handshaking == 0 && open == 0,
			"once Open returned its error, the broker had %d handshake(s) waiting and %d stream(s) open", handshaking, open)
	}
	m = leakcheck.Now()
	r := read(events)
	followCtx, stop := context.WithCancel(context.Background())
	res := follow(cont, followCtx)
	time.Sleep(3*every + every/2)
	ok := clause2.Equal(t, 3, len(r.events()), "events delivered in %v by a stream opened at the deadline", 3*every+every/2)
	stop()
	begin := time.Now()
	select {
	case res := <-res:
		ok = clause3.NoError(t, res.err, "Continue's result once its ctx was cancelled") && ok
		ok = clause3.Equal(t, time.Duration(0), res.at.Sub(begin), "fake time Continue took to return once its ctx was cancelled") && ok
	case <-time.After(time.Minute):
		clause3.Fatalf(t, "Continue had not returned %v after its ctx was cancelled", time.Minute)
	}
	return m.Stopped(t, clause3, "Continue") && ok
}

func TestStreamOutlivesOpening(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		b := &fakeBroker{handshake: fake.Prompt, rtt: time.Second}
		tl := &Tailer{Broker: b, OpenTimeout: openTimeout}

		// The caller bounds its start-up, then cancels that ctx, as a deferred
		// cancel in its start-up function would.
		base, cancelBase := openCtx()
		defer cancelBase()
		ctx, cancelOpen := context.WithTimeout(base, 3*time.Second)
		events, cont, err := tl.Open(ctx, "orders")
		cancelOpen()
		if !clause2.NoError(t, err, "Open, with a handshake of %v", time.Second) {
			return
		}
		clause2.Equal(t, []any{token}, b.credentials(), "the credentials in the ctx of the stream's Subscribe")

		followCtx, stop := context.WithCancel(context.Background())
		defer stop()
		r := read(events)
		res := follow(cont, followCtx)
		time.Sleep(time.Hour + every/2)
		got := r.events()
		clause2.Equal(t, int(time.Hour/every), len(got), "events delivered in an hour, one every %v, after Open's ctx was cancelled", every)
		clause2.Check(t, inOrder("orders", got), "the events of %q were not offsets 1, 2, 3... in order: first %v", "orders", got[:min(3, len(got))])

		m := leakcheck.Now()
		stop()
		begin := time.Now()
		select {
		case res := <-res:
			clause3.NoError(t, res.err, "Continue's result once its ctx was cancelled")
			clause3.Equal(t, time.Duration(0), res.at.Sub(begin), "fake time Continue took to return once its ctx was cancelled")
		case <-time.After(time.Minute):
			clause3.Fatalf(t, "Continue had not returned %v after its ctx was cancelled", time.Minute)
		}
		m.Stopped(t, clause3, "Continue")
		_, open := b.counts()
		clause3.Equal(t, 0, open, "streams open at the broker once Continue returned")
		clause3.Check(t, waitClosed(r), "the events channel was not closed when Continue returned")
	})
}

// waitClosed reports whether the reader saw the events channel closed; the
// reader takes no fake time to see it.
func waitClosed(r *reader) bool {
	select {
	case <-r.closed:
		return true
	case <-time.After(time.Nanosecond):
		return false
	}
}

// TestContinueStopsWhereverItWaits cancels Continue's ctx at each place it
// waits, and judges what is left at the instant it returns.
func TestContinueStopsWhereverItWaits(t *testing.T) {
	for _, tc := range []struct {
		name       string
		quietAfter int
		readerGone bool // the reader stops reading after the first event
		point      string
	}{
		{"while Recv waits on a quiet topic", 3, false, "Recv"},
		{"while the reader has stopped reading", 0, true, ""},
		{"while Recv waits for the next event", 0, false, "Recv"},
		{"before Continue starts", 0, false, "before"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				b := &fakeBroker{handshake: fake.Instant, quietAfter: tc.quietAfter}
				tl := &Tailer{Broker: b, OpenTimeout: openTimeout}
				ctx, cancel := openCtx()
				defer cancel()
				events, cont, err := tl.Open(ctx, "refunds")
				if !clause2.NoError(t, err, "Open, with a handshake %s", code(fake.Instant)) {
					return
				}
				m := leakcheck.Now()
				followCtx, stop := context.WithCancel(context.Background())
				var r *reader
				if tc.point == "before" {
					stop()
				} else {
					r = read(events)
				}
				res := follow(cont, followCtx)
				switch {
				case tc.readerGone:
					time.Sleep(every + every/2) // one event read
					close(r.stop)
					time.Sleep(3 * every) // the next one waits for the reader
				case tc.quietAfter > 0:
					time.Sleep(time.Hour) // the events, then nothing
					b.points.Await(t, "Recv", 1, time.Minute)
				case tc.point == "Recv":
					time.Sleep(every + every/2)
					b.points.Await(t, "Recv", 1, time.Minute)
				}
				stop()
				begin := time.Now()
				select {
				case res := <-res:
					clause3.NoError(t, res.err, "Continue's result once its ctx was cancelled")
					clause3.Equal(t, time.Duration(0), res.at.Sub(begin), "fake time Continue took to return once its ctx was cancelled")
				case <-time.After(time.Minute):
					clause3.Fatalf(t, "Continue had not returned %v after its ctx was cancelled", time.Minute)
				}
				m.Stopped(t, clause3, "Continue")
				_, open := b.counts()
				clause3.Equal(t, 0, open, "streams open at the broker once Continue returned")
				if r == nil || tc.readerGone {
					clause3.Check(t, isClosed(events), "the events channel was not closed when Continue returned")
				} else {
					clause3.Check(t, waitClosed(r), "the events channel was not closed when Continue returned")
				}
			})
		})
	}
}

func TestStreamFails(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		b := &fakeBroker{handshake: fake.Instant, failAfter: 2}
		tl := &Tailer{Broker: b, OpenTimeout: openTimeout}
		ctx, cancel := openCtx()
		defer cancel()
		events, cont, err := tl.Open(ctx, "orders")
		if !clause2.NoError(t, err, "Open, with a handshake %s", code(fake.Instant)) {
			return
		}
		m := leakcheck.Now()
		r := read(events)
		followCtx, stop := context.WithCancel(context.Background())
		defer stop()
		var res result
		select {
		case res = <-follow(cont, followCtx):
		case <-time.After(time.Hour):
			clause4.Fatalf(t, "Continue had not returned %v after the stream failed", time.Hour-2*every)
		}
		clause4.ErrorIs(t, res.err, errReset, "Continue's result once the stream failed")
		if res.err != nil {
			clause4.Check(t, strings.Contains(res.err.Error(), "orders"), "Continue's error does not name the topic %q: %q", "orders", res.err)
		}
		m.Stopped(t, clause4, "Continue")
		clause4.Check(t, waitClosed(r), "the events channel was not closed when Continue returned")
		clause4.Equal(t, 2, len(r.events()), "events delivered before the stream failed")
	})
}

func TestContinueTwice(t *testing.T) {
	// call runs cont and reports what it returned, or what it panicked with.
	call := func(cont Continue, ctx context.Context) (panicked any, err error) {
		defer func() { panicked = recover() }()
		return nil, cont(ctx)
	}

	t.Run("after the first returned", func(t *testing.T) {
		defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
		leakcheck.Bubble(t, func(t *testing.T) {
			b := &fakeBroker{handshake: fake.Instant, failAfter: 1}
			tl := &Tailer{Broker: b, OpenTimeout: openTimeout}
			ctx, cancel := openCtx()
			defer cancel()
			events, cont, err := tl.Open(ctx, "orders")
			if !clause2.NoError(t, err, "Open, with a handshake %s", code(fake.Instant)) {
				return
			}
			r := read(events)
			if p, err := call(cont, context.Background()); p != nil || !errors.Is(err, errReset) {
				clause4.Fatalf(t, "the first Continue returned %v and panicked with %v, on a stream that failed", err, p)
			}
			m := leakcheck.Now()
			begin := time.Now()
			p, err := call(cont, context.Background())
			clause5.Check(t, p == nil, "a second Continue panicked: %v", p)
			clause5.ErrorIs(t, err, ErrContinued, "a second Continue's result")
			clause5.Equal(t, time.Duration(0), time.Since(begin), "fake time a second Continue took")
			m.Stopped(t, clause5, "a second Continue")
			clause4.Check(t, waitClosed(r), "the events channel was not closed when Continue returned")
		})
	})

	// On the real clock: a second call that waits for the first (on a
	// sync.Once, a mutex) would stop a bubble's clock.
	t.Run("while the first runs", func(t *testing.T) {
		defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
		b := &fakeBroker{handshake: fake.Instant, every: time.Millisecond}
		tl := &Tailer{Broker: b, OpenTimeout: openTimeout}
		ctx, cancel := openCtx()
		defer cancel()
		events, cont, err := tl.Open(ctx, "orders")
		if !clause2.NoError(t, err, "Open, with a handshake %s", code(fake.Instant)) {
			return
		}
		r := read(events)
		followCtx, stop := context.WithCancel(context.Background())
		defer stop()
		first := follow(cont, followCtx)
		for wait := time.Now().Add(time.Second); len(r.events()) == 0 && time.Now().Before(wait); {
			time.Sleep(time.Millisecond)
		}

		secondCtx, stopSecond := context.WithCancel(context.Background())
		defer stopSecond()
		second := make(chan error, 1)
		var p any
		go func() {
			var err error
			p, err = call(cont, secondCtx)
			second <- err
		}()
		select {
		case err := <-second:
			clause5.Check(t, p == nil, "a second Continue panicked: %v", p)
			clause5.ErrorIs(t, err, ErrContinued, "a second Continue's result")
		case <-time.After(time.Second):
			clause5.Errorf(t, "a second Continue, called while the first ran, had not returned %v later", time.Second)
			stopSecond()
		}

		before := len(r.events())
		for wait := time.Now().Add(time.Second); len(r.events()) == before && !isClosedNow(r) && time.Now().Before(wait); {
			time.Sleep(time.Millisecond)
		}
		clause5.Check(t, len(r.events()) > before && !isClosedNow(r),
			"after a second Continue was called, the first delivered %d more event(s) in %v, and the events channel was closed: %v",
			len(r.events())-before, time.Second, isClosedNow(r))
		stop()
		select {
		case res := <-first:
			clause3.NoError(t, res.err, "Continue's result once its ctx was cancelled")
		case <-time.After(5 * time.Second):
			clause3.Fatalf(t, "Continue had not returned %v after its ctx was cancelled", 5*time.Second)
		}
	})

	t.Run("both at once", func(t *testing.T) {
		defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
		for i, end := 0, time.Now().Add(300*time.Millisecond); i < 100 && time.Now().Before(end); i++ {
			b := &fakeBroker{handshake: fake.Instant, every: time.Millisecond}
			tl := &Tailer{Broker: b, OpenTimeout: openTimeout}
			ctx, cancel := openCtx()
			events, cont, err := tl.Open(ctx, "orders")
			cancel()
			if !clause2.NoError(t, err, "Open, with a handshake %s", code(fake.Instant)) {
				return
			}
			r := read(events)
			followCtx, stop := context.WithCancel(context.Background())
			var errs [2]error
			var panics [2]any
			ok := leakcheck.Concurrently(t, clause5, 5*time.Second, map[string]func(){
				"Continue":   func() { panics[0], errs[0] = call(cont, followCtx) },
				"Continue 2": func() { panics[1], errs[1] = call(cont, followCtx) },
				"cancel":     func() { time.Sleep(time.Millisecond); stop() },
			})
			if !ok {
				close(r.stop)
				return
			}
			clause5.Check(t, panics[0] == nil && panics[1] == nil, "Continue, called twice at once, panicked: %v, %v", panics[0], panics[1])
			twice := errors.Is(errs[0], ErrContinued) != errors.Is(errs[1], ErrContinued)
			if !clause5.Check(t, twice, "Continue, called twice at once, returned %v and %v", errs[0], errs[1]) {
				close(r.stop)
				return
			}
			select {
			case <-r.closed:
			case <-time.After(5 * time.Second):
				clause3.Fatalf(t, "the events channel was not closed %v after Continue returned", 5*time.Second)
			}
		}
	})
}

// code names a speed of the fake broker as the test's code does.
func code(s fake.Speed) string {
	return map[fake.Speed]string{fake.Instant: "fake.Instant", fake.Prompt: "fake.Prompt", fake.Slow: "fake.Slow",
		fake.Hung: "fake.Hung", fake.Deaf: "fake.Deaf", fake.Failing: "fake.Failing"}[s]
}

// isClosedNow reports whether the reader has seen the events channel closed.
func isClosedNow(r *reader) bool {
	select {
	case <-r.closed:
		return true
	default:
		return false
	}
}

// TestContinueRacesItsEnd cancels Continue, on the real clock, at moments
// the scheduler picks: while an event is on its way, while Recv waits, while
// the reader takes one. Continue must come back each time, leaving the
// stream closed.
func TestContinueRacesItsEnd(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	for i, end := 0, time.Now().Add(300*time.Millisecond); i < 200 && time.Now().Before(end); i++ {
		b := &fakeBroker{handshake: fake.Instant, every: 50 * time.Microsecond}
		tl := &Tailer{Broker: b, OpenTimeout: openTimeout}
		ctx, cancel := openCtx()
		events, cont, err := tl.Open(ctx, "orders")
		cancel()
		if !clause2.NoError(t, err, "Open, with a handshake %s", code(fake.Instant)) {
			return
		}
		r := read(events)
		followCtx, stop := context.WithCancel(context.Background())
		res := follow(cont, followCtx)
		time.Sleep(time.Duration(i%7) * 30 * time.Microsecond)
		stop()
		select {
		case res := <-res:
			if !clause3.NoError(t, res.err, "Continue's result once its ctx was cancelled") {
				return
			}
		case <-time.After(5 * time.Second):
			clause3.Fatalf(t, "Continue had not returned %v after its ctx was cancelled", 5*time.Second)
		}
		select {
		case <-r.closed:
		case <-time.After(5 * time.Second):
			clause3.Fatalf(t, "the events channel was not closed %v after Continue returned", 5*time.Second)
		}
		// The broker learns of a cancelled stream a moment later, as a
		// server learns of a client's cancel.
		open := 1
		for wait := time.Now().Add(time.Second); open > 0 && time.Now().Before(wait); time.Sleep(50 * time.Microsecond) {
			_, open = b.counts()
		}
		if !clause3.Equal(t, 0, open, "streams open at the broker a second after Continue returned") {
			return
		}
		if !clause3.Check(t, inOrder("orders", r.events()), "the events of %q were not offsets 1, 2, 3... in order: first %v", "orders", r.events()[:min(3, len(r.events()))]) {
			return
		}
	}
}

// TestOpenRacesItsEnd cancels Open's ctx, on the real clock, about when the
// handshake completes: Open either succeeds, and the stream is Continue's to
// end, or fails and leaves nothing open or running.
func TestOpenRacesItsEnd(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	for i, end := 0, time.Now().Add(300*time.Millisecond); i < 200 && time.Now().Before(end); i++ {
		b := &fakeBroker{handshake: fake.Prompt, rtt: 100 * time.Microsecond}
		tl := &Tailer{Broker: b, OpenTimeout: openTimeout}
		ctx, cancel := openCtx()
		time.AfterFunc(time.Duration(i%9)*25*time.Microsecond, cancel)
		events, cont, err := tl.Open(ctx, "orders")
		cancel()
		if err == nil {
			followCtx, stop := context.WithCancel(context.Background())
			stop()
			if !clause3.NoError(t, cont(followCtx), "Continue's result once its ctx was cancelled") {
				return
			}
			clause3.Check(t, isClosed(events), "the events channel was not closed when Continue returned")
		} else if !clause1.ErrorIs(t, err, context.Canceled, "Open's error, with its ctx cancelled during the handshake") {
			return
		}
		handshaking, open := b.counts()
		for wait := time.Now().Add(time.Second); handshaking+open > 0 && time.Now().Before(wait); time.Sleep(50 * time.Microsecond) {
			handshaking, open = b.counts()
		}
		if err != nil && !clause1.Check(t, handshaking == 0 && open == 0,
			"a second after Open returned its error, the broker had %d handshake(s) waiting and %d stream(s) open", handshaking, open) {
			return
		}
		if err == nil && !clause3.Equal(t, 0, open, "streams open at the broker a second after Continue returned") {
			return
		}
	}
}

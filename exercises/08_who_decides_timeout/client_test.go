package kv

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/leakcheck"
)

// callKey marks the ctx of one call, so that the fake can tell whose raw
// requests are whose: a raw request's ctx derives from its call's.
type callKey struct{}

// fakeTransport is the server on synctest's fake clock (or the real one). Get
// and Put answer after getDelay and putDelay, as speed says (promptly by
// default; fake.Hung: never, until ctx is done); either way they give up with
// ctx.Err() once ctx is done, as a Transport must, but only giveUp later,
// like a request that takes a moment to tear down.
type fakeTransport struct {
	getDelay, putDelay time.Duration
	speed              fake.Speed
	giveUp             time.Duration

	points fake.Points

	mu       sync.Mutex
	calls    map[any]context.Context // every call's own ctx, by its id
	data     map[string]string
	gets     int
	puts     int
	requests []context.Context // every raw request's ctx
	running  map[any]int       // raw requests running, per call
}

func (f *fakeTransport) Get(ctx context.Context, key string) (string, error) {
	if err := f.serve(ctx, f.getDelay, true); err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.data[key], nil
}

func (f *fakeTransport) Put(ctx context.Context, key, value string) error {
	if err := f.serve(ctx, f.putDelay, false); err != nil {
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

func (f *fakeTransport) serve(ctx context.Context, delay time.Duration, get bool) error {
	id := ctx.Value(callKey{})
	f.mu.Lock()
	if f.running == nil {
		f.running = map[any]int{}
	}
	f.running[id]++
	f.requests = append(f.requests, ctx)
	if get {
		f.gets++
	} else {
		f.puts++
	}
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.running[id]--
		f.mu.Unlock()
	}()
	defer f.points.Enter("request")()

	speed := f.speed
	if speed == fake.Instant {
		speed = fake.Prompt
	}
	err := speed.Wait(ctx, delay)
	if err != nil && f.giveUp > 0 {
		time.Sleep(f.giveUp)
	}
	return err
}

// stored returns the value under key, as the server sees it.
func (f *fakeTransport) stored(key string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.data[key]
}

func (f *fakeTransport) counts() (gets, puts int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gets, f.puts
}

// left returns, for the call id (nil: every call), the raw requests still
// running and those whose ctx is still live.
func (f *fakeTransport) left(id any) (running, live int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, n := range f.running {
		if id == nil || k == id {
			running += n
		}
	}
	for _, ctx := range f.requests {
		call := ctx.Value(callKey{})
		// A raw request sent on its call's own ctx made no ctx to end.
		if (id == nil || call == id) && ctx != f.calls[call] && ctx.Err() == nil {
			live++
		}
	}
	return running, live
}

// call records ctx as the ctx of the call id.
func (f *fakeTransport) call(id any, ctx context.Context) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls == nil {
		f.calls = map[any]context.Context{}
	}
	f.calls[id] = ctx
}

// outcome is what one call did, judged at the instant it returned.
type outcome struct {
	err     error
	took    time.Duration
	running int // its raw requests still running when it returned
	live    int // its raw requests whose ctx was still live then
}

// do runs call(ctx) in a goroutine of the test's, its ctx marked as its own,
// and judges it the instant it returns. It reports clause 1 broken and ok
// false if the call had not returned within d.
func do(t *testing.T, f *fakeTransport, ctx context.Context, what string, d time.Duration, call func(ctx context.Context) error) (o outcome, ok bool) {
	t.Helper()
	id := new(int)
	ctx = context.WithValue(ctx, callKey{}, id)
	f.call(id, ctx)
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		err := call(ctx)
		o.took = time.Since(start)
		o.running, o.live = f.left(id)
		o.err = err
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-done:
		return o, true
	case <-timer.C:
		clause1.Errorf(t, "%s had not returned %v after it was called", what, d)
		return outcome{}, false
	}
}

// nothingLeft checks what the call left when it returned.
func nothingLeft(t *testing.T, m leakcheck.Mark, o outcome, what string) {
	t.Helper()
	clause2.Check(t, o.running == 0, "%d raw request(s) were still running when %s returned", o.running, what)
	clause2.Check(t, o.live == 0, "%d raw request(s) still had a live ctx when %s returned", o.live, what)
	m.Stopped(t, clause2, what)
}

// ownTimeout checks that an error of the client's own request timeout says
// so, with the timeout, and still matches context.DeadlineExceeded.
func ownTimeout(t *testing.T, err error, timeout time.Duration) {
	t.Helper()
	if !clause3.ErrorIs(t, err, context.DeadlineExceeded, "the error of a call whose raw request got no answer within the request timeout") {
		return
	}
	clause3.Check(t, strings.Contains(err.Error(), timeout.String()),
		"the error of a call whose raw request got no answer within the request timeout of %v was %q", timeout, err)
}

func TestGet(t *testing.T) {
	noteFailure(t)
	for _, giveUp := range []time.Duration{0, 50 * time.Millisecond} {
		t.Run(fmt.Sprintf("transport gives up in %v", giveUp), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				f := &fakeTransport{getDelay: 300 * time.Millisecond, giveUp: giveUp, data: map[string]string{"k": "v"}}
				c := NewClient(f)
				m := leakcheck.Now()
				var val string
				o, ok := do(t, f, context.Background(), "Get", time.Hour, func(ctx context.Context) (err error) {
					val, err = c.Get(ctx, "k")
					return err
				})
				if !ok {
					return
				}
				clause1.NoError(t, o.err, "Get's result when the server answers")
				clause1.Check(t, val == "v", "Get returned %q for a key whose value is \"v\"", val)
				clause1.Check(t, o.took == 300*time.Millisecond, "Get returned %v after it was called; the server answered after 300ms", o.took)
				nothingLeft(t, m, o, "Get")
			})
		})
	}
}

// TestTimeouts: the client's own timeout ends a call whose raw request gets
// no answer, however slowly the transport then gives up.
func TestTimeouts(t *testing.T) {
	noteFailure(t)
	for _, tc := range []struct {
		name    string
		method  string
		opts    []Option
		timeout time.Duration
		call    func(c *Client, ctx context.Context) error
	}{
		{"Get with the default timeout", "Get", nil, time.Second,
			func(c *Client, ctx context.Context) error { _, err := c.Get(ctx, "k"); return err }},
		{"Put with WithRequestTimeout", "Put", []Option{WithRequestTimeout(5 * time.Second)}, 5 * time.Second,
			func(c *Client, ctx context.Context) error { return c.Put(ctx, "k", "v") }},
		{"PutWhenChanged, its get unanswered", "PutWhenChanged", nil, time.Second,
			func(c *Client, ctx context.Context) error { return c.PutWhenChanged(ctx, "k", "v") }},
	} {
		// An hour to give up: beyond any time a fix might wait for the request.
		for _, giveUp := range []time.Duration{0, 50 * time.Millisecond, fake.Long} {
			ok := t.Run(fmt.Sprintf("%s, transport gives up in %v", tc.name, giveUp), func(t *testing.T) {
				defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
				leakcheck.Bubble(t, func(t *testing.T) {
					f := &fakeTransport{speed: fake.Hung, giveUp: giveUp}
					c := NewClient(f, tc.opts...)
					m := leakcheck.Now()
					o, ok := do(t, f, context.Background(), tc.method, 3*fake.Long, func(ctx context.Context) error { return tc.call(c, ctx) })
					if !ok {
						return
					}
					ownTimeout(t, o.err, tc.timeout)
					if o.running == 0 {
						clause1.Check(t, o.took == tc.timeout+giveUp, "%s returned %v after it was called; its raw request's timeout passed after %v and it gave up %v later",
							tc.method, o.took, tc.timeout, giveUp)
					}
					nothingLeft(t, m, o, tc.method)
				})
			})
			if !ok {
				return // the other cases fail the same way
			}
		}
	}
}

func TestTimeoutIsPerRequest(t *testing.T) {
	noteFailure(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		// Each raw request takes 80% of the request timeout; PutWhenChanged sends two.
		d := 800 * time.Millisecond
		f := &fakeTransport{getDelay: d, putDelay: d, data: map[string]string{"k": "old"}}
		c := NewClient(f, WithRequestTimeout(time.Second))
		m := leakcheck.Now()
		o, ok := do(t, f, context.Background(), "PutWhenChanged", time.Hour, func(ctx context.Context) error { return c.PutWhenChanged(ctx, "k", "new") })
		if !ok {
			return
		}
		clause1.NoError(t, o.err, "the result of a PutWhenChanged whose raw requests each take four fifths of the request timeout")
		clause1.Check(t, f.stored("k") == "new", "PutWhenChanged left %q stored, not the new value", f.stored("k"))
		clause1.Check(t, o.took == 2*d, "PutWhenChanged returned %v after it was called; its get and put were answered after %v", o.took, 2*d)
		nothingLeft(t, m, o, "PutWhenChanged")
	})
}

func TestUnchangedValueIsNotPut(t *testing.T) {
	noteFailure(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		f := &fakeTransport{getDelay: time.Second / 2, putDelay: time.Second / 2, data: map[string]string{"k": "v"}}
		c := NewClient(f)
		m := leakcheck.Now()
		o, ok := do(t, f, context.Background(), "PutWhenChanged", time.Hour, func(ctx context.Context) error { return c.PutWhenChanged(ctx, "k", "v") })
		if !ok {
			return
		}
		clause1.NoError(t, o.err, "the result of a PutWhenChanged of the stored value")
		_, puts := f.counts()
		clause1.Check(t, puts == 0, "PutWhenChanged sent %d put(s) for a value that had not changed", puts)
		clause1.Check(t, o.took == time.Second/2, "PutWhenChanged returned %v after it was called; its get was answered after 500ms", o.took)
		nothingLeft(t, m, o, "PutWhenChanged")
	})
}

// TestCallerEnds: the caller's cancel or deadline ends a call wherever it
// waits, however slowly the transport gives up.
func TestCallerEnds(t *testing.T) {
	noteFailure(t)
	for _, tc := range []struct {
		name     string
		opts     []Option
		f        func() *fakeTransport
		cancelAt time.Duration // > 0: the caller cancels then
		deadline time.Duration // > 0: the caller's deadline
		want     error
		took     time.Duration
		own      time.Duration // > 0: the client's timeout decides, and the error says so
	}{
		{name: "the caller cancels PutWhenChanged's get", f: func() *fakeTransport { return &fakeTransport{speed: fake.Hung} },
			cancelAt: 300 * time.Millisecond, want: context.Canceled, took: 300 * time.Millisecond},
		{name: "the caller cancels PutWhenChanged's put", f: func() *fakeTransport {
			return &fakeTransport{getDelay: 100 * time.Millisecond, putDelay: time.Hour, data: map[string]string{"k": "old"}}
		}, cancelAt: 300 * time.Millisecond, want: context.Canceled, took: 300 * time.Millisecond},
		{name: "the caller's deadline comes before the request timeout", opts: []Option{WithRequestTimeout(time.Minute)},
			f: func() *fakeTransport { return &fakeTransport{speed: fake.Hung} }, deadline: 2 * time.Second, want: context.DeadlineExceeded, took: 2 * time.Second},
		{name: "the caller's deadline comes after the request timeout",
			f: func() *fakeTransport { return &fakeTransport{speed: fake.Hung} }, deadline: time.Hour, want: context.DeadlineExceeded, took: time.Second, own: time.Second},
		{name: "the caller's deadline comes during PutWhenChanged's put", opts: []Option{WithRequestTimeout(time.Minute)}, f: func() *fakeTransport {
			return &fakeTransport{getDelay: 30 * time.Second, putDelay: 50 * time.Second, data: map[string]string{"k": "old"}}
		}, deadline: time.Minute, want: context.DeadlineExceeded, took: time.Minute},
	} {
		for _, giveUp := range []time.Duration{0, 50 * time.Millisecond} {
			ok := t.Run(fmt.Sprintf("%s, transport gives up in %v", tc.name, giveUp), func(t *testing.T) {
				defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
				leakcheck.Bubble(t, func(t *testing.T) {
					f := tc.f()
					f.giveUp = giveUp
					c := NewClient(f, tc.opts...)
					// The caller's ctx: ended only as the case says, it outlives the checks.
					ctx, cancel := context.WithCancel(context.Background())
					defer cancel()
					if tc.deadline > 0 {
						ctx, cancel = context.WithTimeout(ctx, tc.deadline)
						defer cancel()
					}
					if tc.cancelAt > 0 {
						time.AfterFunc(tc.cancelAt, cancel)
					}
					m := leakcheck.Now()
					o, ok := do(t, f, ctx, "PutWhenChanged", 3*time.Hour, func(ctx context.Context) error { return c.PutWhenChanged(ctx, "k", "v") })
					if !ok {
						return
					}
					if o.running == 0 && !clause1.Check(t, o.took == tc.took+giveUp,
						"PutWhenChanged returned %v after it was called; the caller's ctx, or a request timeout, ended it after %v and the transport gave up %v later",
						o.took, tc.took, giveUp) {
						return
					}
					if tc.own > 0 {
						ownTimeout(t, o.err, tc.own)
					} else {
						clause3.ErrorIs(t, o.err, tc.want, "the error of a call the caller ended")
						if o.err != nil && strings.Contains(o.err.Error(), time.Minute.String()) {
							clause3.Errorf(t, "the error of a call the caller's own deadline ended, %q, names the client's request timeout", o.err)
						}
					}
					nothingLeft(t, m, o, "PutWhenChanged")
				})
			})
			if !ok {
				return // the other cases fail the same way
			}
		}
	}
}

// TestConcurrentCalls: calls on one Client at once, half of them cancelled
// by their callers while they wait; each leaves nothing when it returns.
func TestConcurrentCalls(t *testing.T) {
	noteFailure(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		f := &fakeTransport{speed: fake.Hung, giveUp: 10 * time.Millisecond}
		c := NewClient(f)
		m := leakcheck.Now()
		var mu sync.Mutex
		var outcomes []outcome
		calls := map[string]func(){}
		for i := range 20 {
			calls[fmt.Sprintf("call %d", i+1)] = func() {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				if i%2 == 0 {
					time.AfterFunc(time.Duration(i+1)*30*time.Millisecond, cancel)
				}
				o, ok := do(t, f, ctx, "PutWhenChanged", time.Hour, func(ctx context.Context) error { return c.PutWhenChanged(ctx, "k", "v") })
				if ok {
					mu.Lock()
					outcomes = append(outcomes, o)
					mu.Unlock()
				}
			}
		}
		if !leakcheck.Concurrently(t, clause1, 2*time.Hour, calls) {
			return
		}
		for _, o := range outcomes {
			if !clause2.Check(t, o.running == 0 && o.live == 0, "one of 20 calls at once returned with %d of its raw request(s) running and %d with a live ctx", o.running, o.live) {
				break
			}
		}
		m.Stopped(t, clause2, "every call")
	})
}

// failedBefore is set once a fake-clock test has failed: the real-clock test
// is then not worth running, since what leaks on the fake clock leaks for good
// on the real one.
var failedBefore atomic.Bool

// noteFailure sets failedBefore if t fails, its leak checks included.
func noteFailure(t *testing.T) {
	t.Cleanup(func() {
		if t.Failed() {
			failedBefore.Store(true)
		}
	})
}

// TestCallerCancelsRealClock: on the real clock, many rounds, the caller
// cancels a Get at any moment; nothing of it may be running when it returns.
func TestCallerCancelsRealClock(t *testing.T) {
	if failedBefore.Load() {
		t.Skip("skipped: a test before this one failed, and on the real clock its goroutines would be left behind for good")
	}
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	deadline := time.Now().Add(100 * time.Millisecond)
	for round := 1; round <= 500 && (round <= 20 || time.Now().Before(deadline)); round++ {
		f := &fakeTransport{speed: fake.Hung}
		c := NewClient(f)
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			time.Sleep(time.Duration(round%5) * 20 * time.Microsecond)
			cancel()
		}()
		o, ok := do(t, f, ctx, "Get", 5*time.Second, func(ctx context.Context) error { _, err := c.Get(ctx, "k"); return err })
		cancel()
		if !ok {
			return
		}
		if !clause3.ErrorIs(t, o.err, context.Canceled, "the error of a call the caller ended") ||
			!clause2.Check(t, o.running == 0 && o.live == 0, "round %d: Get returned with %d raw request(s) running and %d with a live ctx", round, o.running, o.live) {
			return
		}
	}
}

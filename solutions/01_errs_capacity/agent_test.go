package agent

import (
	"context"
	"errors"
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

const (
	registerRTT = time.Second     // how long a prompt Register takes
	failAfter   = 2 * time.Second // when a failing task fails, after it began
	cancelAfter = time.Minute     // when the caller cancels, after Run was called
	slowStop    = fake.Long       // how long a task slow to stop takes once ctx is done: beyond any time a fix might give it
)

var (
	errRegister  = errors.New("registry unavailable")
	errWatch     = errors.New("watch stream reset")
	errKeepalive = errors.New("session lost")
	errLate      = errors.New("stream reset while closing")
)

// task is how one Keepalive or Watch call behaves.
type task struct {
	failAfter time.Duration // > 0: the call fails this long after it began
	err       error         // with this error
}

// fakeBackend is the remote side on synctest's fake clock (or the real one).
// Register answers as its Speed says; Keepalive and Watch serve until ctx is
// done, or fail as tasks says. Once ctx is done they take stopDelay to return,
// and return stopErr (nil, as the Backend's contract says, unless a test says
// otherwise).
type fakeBackend struct {
	register    fake.Speed
	registerErr error           // Register's answer once its wait is over
	tasks       map[string]task // by key; "" is the keepalive
	stopDelay   time.Duration
	stopErr     error

	points fake.Points // "Register", "Keepalive", "Watch"

	mu       sync.Mutex
	returned bool      // Run has returned
	late     int       // calls begun after Run returned
	last     time.Time // when the last call returned
	failed   time.Time // when the first call returned a failure
}

// enter marks a call inside the point name, and returns the func that marks
// it returned with err.
func (b *fakeBackend) enter(name string) func(err error) {
	b.mu.Lock()
	if b.returned {
		b.late++
	}
	b.mu.Unlock()
	leave := b.points.Enter(name)
	return func(err error) {
		b.mu.Lock()
		b.last = time.Now()
		if err != nil && b.failed.IsZero() {
			b.failed = b.last
		}
		b.mu.Unlock()
		leave()
	}
}

func (b *fakeBackend) Register(ctx context.Context) (err error) {
	defer func(leave func(error)) { leave(err) }(b.enter("Register"))
	if err := b.register.Wait(ctx, registerRTT); err != nil {
		return err
	}
	return b.registerErr
}

func (b *fakeBackend) Keepalive(ctx context.Context) error {
	return b.serve(ctx, "Keepalive", "")
}

func (b *fakeBackend) Watch(ctx context.Context, key string) error {
	return b.serve(ctx, "Watch", key)
}

func (b *fakeBackend) serve(ctx context.Context, name, key string) (err error) {
	defer func(leave func(error)) { leave(err) }(b.enter(name))
	tk := b.tasks[key]
	var failed <-chan time.Time
	if tk.failAfter > 0 {
		timer := time.NewTimer(tk.failAfter)
		defer timer.Stop()
		failed = timer.C
	}
	select {
	case <-failed:
		return tk.err
	case <-ctx.Done():
	}
	if b.stopDelay > 0 {
		time.Sleep(b.stopDelay)
	}
	return b.stopErr
}

// running returns how many calls are inside the backend now.
func (b *fakeBackend) running() int {
	return b.points.In("Register") + b.points.In("Keepalive") + b.points.In("Watch")
}

// tasksBegun returns how many Keepalive and Watch calls ever began.
func (b *fakeBackend) tasksBegun() int {
	return b.points.Entered("Keepalive") + b.points.Entered("Watch")
}

// markReturned records that Run has returned: every call from now on is late.
func (b *fakeBackend) markReturned() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.returned = true
}

func (b *fakeBackend) times() (last, failed time.Time, late int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.last, b.failed, b.late
}

func keys(n int) []string {
	ks := make([]string, n)
	for i := range ks {
		ks[i] = fmt.Sprintf("/config/key-%d", i)
	}
	return ks
}

// outcome is what a call of Run did: its error, when it returned, how many
// backend calls were still running at that instant, and how many goroutines it
// had left (judged at the same instant, inside a bubble).
type outcome struct {
	err      error
	start    time.Time
	at       time.Time
	inFlight int
}

// run calls Run in a goroutine of the test's and waits for it at most within.
// What is judged at the instant Run returns is recorded in that goroutine, right
// after the call. ok is false if Run had not returned by then.
func run(ctx context.Context, b *fakeBackend, ks []string, within time.Duration) (o outcome, ok bool) {
	done := make(chan struct{})
	o.start = time.Now()
	go func() {
		defer close(done)
		err := Run(ctx, b, ks)
		o.at, o.inFlight = time.Now(), b.running()
		b.markReturned()
		o.err = err
	}()
	timer := time.NewTimer(within)
	defer timer.Stop()
	select {
	case <-done:
		return o, true
	case <-timer.C:
		return outcome{start: o.start}, false
	}
}

// ending is one way Run can end, and what it must return then.
type ending struct {
	name     string
	register fake.Speed
	regErr   error
	tasks    func(ks []string) map[string]task
	cancelAt time.Duration // > 0: the caller cancels then; < 0: before calling Run
	want     error         // what errors.Is must find in Run's error
	wantNil  bool          // Run must return nil
	minKeys  int           // the ending needs at least this many keys
	large    bool          // also tried with 3000 keys
}

var endings = []ending{
	{name: "registration fails at once", register: fake.Failing, want: fake.ErrInjected},
	{name: "registration fails after a second", register: fake.Prompt, regErr: errRegister, want: errRegister, large: true},
	{name: "a watch fails", register: fake.Prompt, minKeys: 1, want: errWatch, large: true,
		tasks: func(ks []string) map[string]task { return map[string]task{ks[len(ks)/2]: {failAfter, errWatch}} }},
	{name: "the keepalive fails", register: fake.Prompt, want: errKeepalive,
		tasks: func([]string) map[string]task { return map[string]task{"": {failAfter, errKeepalive}} }},
	{name: "the keepalive fails while registration is in flight", register: fake.Hung, want: errKeepalive,
		tasks: func([]string) map[string]task { return map[string]task{"": {failAfter, errKeepalive}} }},
	{name: "a watch fails while registration is in flight", register: fake.Slow, minKeys: 1, want: errWatch,
		tasks: func(ks []string) map[string]task { return map[string]task{ks[0]: {failAfter, errWatch}} }},
	{name: "the caller cancels", register: fake.Prompt, cancelAt: cancelAfter, wantNil: true, large: true},
	{name: "the caller cancels while registration is in flight", register: fake.Hung, cancelAt: cancelAfter},
	{name: "the caller's ctx is cancelled before Run is called", register: fake.Prompt, cancelAt: -1},
}

// TestRunEnds runs Run to every end it can come to, with tasks that stop at
// once or slowly, with 0 to 3000 keys, and judges at the instant Run returns
// what it left running, what it returned, and when.
func TestRunEnds(t *testing.T) {
	noteFailure(t)
	type stopping struct {
		name  string
		delay time.Duration
	}
	stops := []stopping{{"tasks stop at once", 0}, {"tasks take an hour to stop", slowStop}}
	failed := false
	for _, n := range []int{3, 0, 1, 3000} {
		for _, e := range endings {
			for _, stop := range stops {
				if failed || n < e.minKeys || (n == 3000 && (stop.delay == 0 || !e.large)) {
					continue
				}
				name := fmt.Sprintf("%d keys/%s/%s", n, e.name, stop.name)
				failed = !t.Run(name, func(t *testing.T) {
					defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
					leakcheck.Bubble(t, func(t *testing.T) { checkEnding(t, e, n, stop.delay) })
				})
			}
		}
	}
}

func checkEnding(t *testing.T, e ending, n int, stopDelay time.Duration) {
	ks := keys(n)
	b := &fakeBackend{register: e.register, registerErr: e.regErr, stopDelay: stopDelay}
	if e.tasks != nil {
		b.tasks = e.tasks(ks)
	}
	// The caller's ctx is the test's own, cancelled only where the ending
	// says: it outlives every check below.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cancelled time.Time
	switch {
	case e.cancelAt < 0:
		cancel()
		cancelled = time.Now()
	case e.cancelAt > 0:
		time.AfterFunc(e.cancelAt, func() { cancel() })
		cancelled = time.Now().Add(e.cancelAt)
	}
	// A task that fails while registration is in flight can only fail if Run
	// starts its tasks before registration has succeeded. Run may as well
	// register first: then nothing fails, and the caller cancels instead.
	var registeredFirst atomic.Bool
	if e.tasks != nil && e.register != fake.Prompt {
		cancelled = time.Now().Add(failAfter + time.Second)
		time.AfterFunc(failAfter+time.Second, func() {
			if b.tasksBegun() == 0 {
				registeredFirst.Store(true)
				cancel()
			}
		})
	}

	m := leakcheck.Now()
	o, ok := run(ctx, b, ks, 2*time.Hour)
	if !ok {
		clause3.Fatalf(t, "Run had not returned two hours after it was called (%d keys); %d call(s) to the backend were running then",
			n, b.running())
	}

	left := clause1.Check(t, o.inFlight == 0, "when Run returned (%d keys), %d of its calls to the backend were still running",
		n, o.inFlight)
	left = m.Stopped(t, clause1, "Run") && left
	_, _, late := b.times()
	left = clause1.Check(t, late == 0, "%d call(s) to the backend began after Run had returned (%d keys)", late, n) && left

	if registeredFirst.Load() {
		e.want = nil
	} else if e.tasks != nil && e.register != fake.Prompt {
		cancelled = time.Time{}
	}
	switch {
	case e.wantNil:
		clause2.NoError(t, o.err, "Run's result when the caller cancelled after registration had succeeded")
	case e.want != nil:
		clause2.ErrorIs(t, o.err, e.want, "Run's result")
		if e.want == errRegister && o.err != nil && !strings.Contains(o.err.Error(), "register") {
			clause2.Errorf(t, "Run returned %q for a failed registration, without \"register\" in it", o.err)
		}
	}

	if left {
		// Every call Run made has returned: Run must have returned when the
		// last of them did, or when the caller cancelled if that was later.
		last, _, _ := b.times()
		want := last
		if !cancelled.IsZero() && cancelled.After(want) {
			want = cancelled
		}
		if want.Before(o.start) {
			want = o.start
		}
		clause3.Check(t, o.at.Equal(want), "Run returned %v after it was called (%d keys); its outcome was decided and its last call to the backend had returned %v after it was called",
			o.at.Sub(o.start), n, want.Sub(o.start))
	}
	cancel()
}

// TestFirstFailureWins: a task that reports an error of its own while it
// stops does not replace the failure that stopped it.
func TestFirstFailureWins(t *testing.T) {
	noteFailure(t)
	for _, n := range []int{2, 100} {
		if t.Failed() {
			break // the larger size fails the same way
		}
		t.Run(fmt.Sprintf("%d keys", n), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				ks := keys(n)
				b := &fakeBackend{register: fake.Prompt, stopDelay: time.Second, stopErr: errLate,
					tasks: map[string]task{ks[1]: {failAfter, errWatch}}}
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()

				o, ok := run(ctx, b, ks, 2*time.Hour)
				if !ok {
					clause3.Fatalf(t, "Run had not returned two hours after a watch failed (%d keys)", n)
				}
				clause2.ErrorIs(t, o.err, errWatch, "Run's result when a watch failed first and the others failed while they stopped")
				if errors.Is(o.err, errLate) {
					clause2.Errorf(t, "Run returned %q, which matches the errors the other tasks returned while they stopped, after the first failure", o.err)
				}
			})
		})
	}
}

// TestTasksRunSideBySide: until the caller cancels, the keepalive and every
// watch run at once, and Run returns nil.
func TestTasksRunSideBySide(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	noteFailure(t)
	leakcheck.Bubble(t, func(t *testing.T) {
		const n = 50
		b := &fakeBackend{register: fake.Prompt}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var running int
		time.AfterFunc(cancelAfter, func() {
			running = b.points.In("Keepalive") + b.points.In("Watch")
			cancel()
		})
		o, ok := run(ctx, b, keys(n), 2*time.Hour)
		if !ok {
			clause3.Fatalf(t, "Run had not returned two hours after it was called; the caller had cancelled after a minute")
		}
		clause2.NoError(t, o.err, "Run's result when the caller cancelled after registration had succeeded")
		clause2.Check(t, running == 1+n, "a minute after Run was called with %d keys, %d of its %d tasks were running", n, running, 1+n)
	})
}

// failedBefore is set once a test of the fake clock has failed: the real-clock
// rounds are then not worth running, since every round of a Run that leaks on
// the fake clock leaves goroutines behind for good.
var failedBefore atomic.Bool

// noteFailure sets failedBefore if t fails, its leak checks included.
func noteFailure(t *testing.T) {
	t.Cleanup(func() {
		if t.Failed() {
			failedBefore.Store(true)
		}
	})
}

// TestRunEndsRealClock: three quick ends on the real clock, where the
// goroutines Run starts may run before or after it returns, many rounds each.
// Nothing Run started may be running when it returns, or begin afterwards.
func TestRunEndsRealClock(t *testing.T) {
	if failedBefore.Load() {
		t.Skip("skipped: a test before this one failed, and every round would leave goroutines behind")
	}
	for _, tc := range []struct {
		name  string
		setup func(b *fakeBackend, cancel context.CancelFunc)
	}{
		{"registration fails at once", func(b *fakeBackend, _ context.CancelFunc) { b.register = fake.Failing }},
		{"the caller cancelled before Run was called", func(b *fakeBackend, cancel context.CancelFunc) {
			b.register = fake.Hung
			cancel()
		}},
		{"a watch fails at once", func(b *fakeBackend, _ context.CancelFunc) {
			b.register = fake.Instant
			b.tasks = map[string]task{"/config/key-3": {time.Nanosecond, errWatch}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			type round struct {
				b *fakeBackend
				o outcome
			}
			var rounds []round
			// A round is judged at once for what was running when Run
			// returned, and again after the next round for what began late.
			check := func(i int) bool {
				r := rounds[i]
				_, _, late := r.b.times()
				return clause1.Check(t, r.o.inFlight == 0 && late == 0,
					"round %d: %d call(s) to the backend were still running when Run returned, and %d began after it had returned",
					i+1, r.o.inFlight, late)
			}
			deadline := time.Now().Add(100 * time.Millisecond)
			for i := 0; i < 1000 && (i < 20 || time.Now().Before(deadline)); i++ {
				r := round{b: &fakeBackend{}}
				ctx, cancel := context.WithCancel(context.Background())
				tc.setup(r.b, cancel)
				o, ok := run(ctx, r.b, keys(8), 10*time.Second)
				cancel()
				if !ok {
					clause3.Fatalf(t, "round %d: Run had not returned 10s after it was called", i+1)
				}
				r.o = o
				rounds = append(rounds, r)
				if !check(i) || (i > 0 && !check(i-1)) {
					return
				}
			}
			time.Sleep(time.Millisecond)
			check(len(rounds) - 1)
		})
	}
}

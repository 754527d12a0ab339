package fx_test

import (
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"math"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"

	fx "gohunters/solutions/25_meant_to_live"
	"gohunters/solutions/25_meant_to_live/fxtest"
)

// Every converter here lives for a test of its own, made with fxtest.New as
// an importer's test would make it. A life stands for that test, so that the
// test can end it at an instant it chooses and judge, at that instant, what
// is left running. Most tests run in a synctest bubble, where a refresh every
// minute costs nothing and every instant is exact; two run on the real clock,
// for what a bubble cannot show: a conversion that waits on a lock while the
// feed hangs, and races the bubble's scheduling never opens.

const rtt = 10 * time.Millisecond // how long the feed takes to answer

// converter is what fxtest.New returns: something that converts.
type converter interface {
	Convert(amount float64, from, to string) (float64, error)
}

// life stands for the test that made a converter: the cleanups registered
// with it run when the test calls end, last registered first, just after its
// Context is cancelled, as the testing package does at the end of a test.
type life struct {
	testing.TB
	ctx      context.Context
	cancel   context.CancelFunc
	cleanups []func()
}

func newLife(t testing.TB) *life {
	ctx, cancel := context.WithCancel(context.Background())
	return &life{TB: t, ctx: ctx, cancel: cancel}
}

func (l *life) Context() context.Context { return l.ctx }
func (l *life) Cleanup(f func())         { l.cleanups = append(l.cleanups, f) }

// end ends the test the life stands for; a second call does nothing.
func (l *life) end() {
	l.cancel()
	for len(l.cleanups) > 0 {
		f := l.cleanups[len(l.cleanups)-1]
		l.cleanups = l.cleanups[:len(l.cleanups)-1]
		f()
	}
}

// feed serves rates per euro on the fake clock. Each call waits as its speed
// says for a call of rtt: the speeds set for the next calls, in order, then
// then's. It records when each call began.
type feed struct {
	points fake.Points

	mu    sync.Mutex
	usd   float64
	next  []fake.Speed
	then  fake.Speed
	began []time.Time
}

func newFeed(usd float64, speeds ...fake.Speed) *feed {
	return &feed{usd: usd, next: speeds, then: fake.Prompt}
}

func (f *feed) Rates(ctx context.Context) (map[string]float64, error) {
	f.mu.Lock()
	speed := f.then
	if len(f.next) > 0 {
		speed, f.next = f.next[0], f.next[1:]
	}
	f.began = append(f.began, time.Now())
	f.mu.Unlock()
	if err := f.points.Call(ctx, "Rates", speed, rtt); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return map[string]float64{"EUR": 1, "USD": f.usd, "JPY": 160}, nil
}

// set changes the rate, and the speeds of the next calls if any are given.
func (f *feed) set(usd float64, speeds ...fake.Speed) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.usd = usd
	if len(speeds) > 0 {
		f.next = speeds
	}
}

func (f *feed) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.began)
}

// lastBegan returns when the last call began, or now if none did.
func (f *feed) lastBegan() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.began) == 0 {
		return time.Now()
	}
	return f.began[len(f.began)-1]
}

// within calls f, the last of the calls the code in calls makes, and waits at
// most d for it to return (fake time in a bubble). If it does not, it reports
// clause c broken and leaves f where it is stuck.
func within(t *testing.T, c goal.Clause, d time.Duration, calls string, f func()) bool {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-done:
		return true
	case <-timer.C:
		c.Errorf(t, "the last call of %s had not returned %v after it was called", calls, d)
		return false
	}
}

// usd converts 100 EUR to USD with c, and reports through clause c whether it
// returned want; at once says whether it must return at the instant it was
// called (fake time).
func usd(t *testing.T, cl goal.Clause, c converter, want float64, atOnce bool, calls string) bool {
	t.Helper()
	var got float64
	var err error
	called := time.Now()
	if !within(t, cl, time.Hour, calls+`; c.Convert(100, "EUR", "USD")`, func() { got, err = c.Convert(100, "EUR", "USD") }) {
		return false
	}
	if atOnce && !clause2.Check(t, time.Since(called) == 0, `c.Convert(100, "EUR", "USD") returned %v after it was called`, time.Since(called)) {
		return false
	}
	return cl.NoError(t, err, `%s; c.Convert(100, "EUR", "USD")`, calls) &&
		cl.Check(t, math.Abs(got-want) < 1e-9, `%s; c.Convert(100, "EUR", "USD") = %v, not %v`, calls, got, want)
}

// ended ends the life l and checks, through clause3, that it ended at want
// (fake time) and that nothing the converter started is running then.
func ended(t *testing.T, m leakcheck.Mark, l *life, want time.Time, calls string) bool {
	t.Helper()
	called := time.Now()
	if !within(t, clause3, 24*time.Hour, calls+"; // the test ends", l.end) {
		return false
	}
	ok := m.Stopped(t, clause3, "the test that made the converter ended, and its cleanups")
	return clause3.Check(t, time.Now().Equal(want), "the test's cleanups returned %v after the test ended, not %v",
		time.Since(called), want.Sub(called)) && ok
}

// bubble runs f in a synctest bubble, like leakcheck.Bubble, with a real-time
// watchdog. A goroutine blocked on a sync.Mutex, or spinning, keeps the fake
// clock from moving, so no fake deadline can fire: after 10 s of real time the
// watchdog ends the test binary and prints every goroutine's stack, the stuck
// one included.
func bubble(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	watchdog := time.AfterFunc(10*time.Second, func() {
		debug.SetTraceback("all")
		panic(t.Name() + " still runs after 10 s of real time: a goroutine blocked on a sync.Mutex or that never blocks keeps synctest's fake clock from moving. " +
			"Every goroutine's stack follows; look for one in sync.Mutex.Lock or running.")
	})
	defer watchdog.Stop()
	leakcheck.Bubble(t, f)
}

func TestConverterEndsWithItsTest(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		m := leakcheck.Now()
		l := newLife(t)
		defer l.end()
		f := newFeed(1.08)
		c := fxtest.New(l, f, time.Minute)
		time.Sleep(rtt + time.Millisecond) // the first rates come
		const made = "c := fxtest.New(t, feed, time.Minute); time.Sleep(rtt + time.Millisecond)"
		if !usd(t, clause1, c, 108, false, made) {
			return
		}
		f.set(1.10)
		time.Sleep(10*time.Minute + time.Second) // nobody converts
		calls := f.calls()
		clause1.Check(t, 10 <= calls && calls <= 11, "the feed was asked for rates %d times in the 10m1.011s after fxtest.New, refreshing every minute", calls)
		if !usd(t, clause1, c, 110, false, made+"; time.Sleep(10*time.Minute)") {
			return
		}
		if !ended(t, m, l, time.Now(), made+"; time.Sleep(10*time.Minute)") {
			return
		}
		usd(t, clause2, c, 110, true, "// after the test ended")
	})
}

// Two tests, each with a converter on a feed of its own, at the same time;
// one ends, the other goes on.
func TestConvertersOnTheirOwnFeeds(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		m := leakcheck.Now()
		la, lb := newLife(t), newLife(t)
		defer lb.end()
		defer la.end()
		fb := newFeed(1.50)
		a := fxtest.New(la, newFeed(1.08), time.Minute)
		b := fxtest.New(lb, fb, time.Minute)
		time.Sleep(rtt + time.Millisecond)
		const made = "a := fxtest.New(t, feedA /* USD 1.08 */, time.Minute); b := fxtest.New(t, feedB /* USD 1.50 */, time.Minute)"
		if !usd(t, clause1, a, 108, false, made+"; // a") || !usd(t, clause1, b, 150, false, made+"; // b") {
			return
		}
		time.Sleep(3 * time.Minute)
		if !usd(t, clause1, a, 108, false, made+"; time.Sleep(3*time.Minute) // a") || !usd(t, clause1, b, 150, false, made+"; time.Sleep(3*time.Minute) // b") {
			return
		}
		if !within(t, clause3, 24*time.Hour, made+"; // a's test ends", la.end) {
			return
		}
		fb.set(1.60)
		time.Sleep(2 * time.Minute)
		if !usd(t, clause1, b, 160, true, made+"; // a's test ended; feedB now at 1.60; time.Sleep(2*time.Minute) // b") {
			return
		}
		ended(t, m, lb, time.Now(), made+"; // a's test ended; b's")
	})
}

// The feed fails at first: conversions fail at once until a refresh brings
// the first rates.
func TestFirstRates(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		m := leakcheck.Now()
		l := newLife(t)
		defer l.end()
		f := newFeed(1.08, fake.Failing, fake.Failing)
		c := fxtest.New(l, f, time.Minute)
		const made = "c := fxtest.New(t, feed /* fails twice */, time.Minute)"
		var err error
		called := time.Now()
		if !within(t, clause2, time.Hour, made+`; c.Convert(100, "EUR", "USD")`, func() { _, err = c.Convert(100, "EUR", "USD") }) {
			return
		}
		clause2.Check(t, err != nil && time.Since(called) == 0, `before the first rates, c.Convert(100, "EUR", "USD") returned %v after %v`, err, time.Since(called))
		time.Sleep(2*time.Minute + time.Second) // the third call brings the rates
		if !usd(t, clause1, c, 108, true, made+"; time.Sleep(2*time.Minute + time.Second)") {
			return
		}
		var jpy float64
		var xts error
		within(t, clause2, time.Hour, made+`; …; c.Convert(16000, "JPY", "EUR"); c.Convert(1, "EUR", "XTS")`, func() {
			jpy, _ = c.Convert(16000, "JPY", "EUR")
			_, xts = c.Convert(1, "EUR", "XTS")
		})
		clause1.Check(t, math.Abs(jpy-100) < 1e-9, `c.Convert(16000, "JPY", "EUR") = %v, not 100`, jpy)
		clause1.ErrorIs(t, xts, fx.ErrUnknownCurrency, `c.Convert(1, "EUR", "XTS")`)
		ended(t, m, l, time.Now(), made)
	})
}

// A refresh hangs, its feed never answering until cancelled: it costs an
// interval or two, not every refresh after it.
func TestHungRefreshIsNotTheLast(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		m := leakcheck.Now()
		l := newLife(t)
		defer l.end()
		f := newFeed(1.08, fake.Prompt, fake.Hung)
		c := fxtest.New(l, f, time.Minute)
		time.Sleep(time.Second)
		f.set(1.10)
		time.Sleep(4 * time.Minute)
		const calls = "c := fxtest.New(t, feed /* the second call hangs */, time.Minute); time.Sleep(4*time.Minute + time.Second)"
		clause1.Check(t, f.calls() >= 3, "%s: the feed was asked for rates %d times", calls, f.calls())
		if !ended(t, m, l, time.Now(), calls) {
			return
		}
		usd(t, clause1, c, 110, true, calls+"; // the test ended")
	})
}

// The test ends while the converter is at each point where it can be waiting:
// between refreshes, or in a refresh that is hung, slow, deaf to the cancel,
// or failing.
func TestEndAtEveryPoint(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	for _, speed := range []fake.Speed{fake.Instant, fake.Hung, fake.Slow, fake.Deaf, fake.Failing} {
		name := speed.String()
		if speed == fake.Instant {
			name = "between refreshes"
		}
		t.Run(name, func(t *testing.T) {
			bubble(t, func(t *testing.T) {
				m := leakcheck.Now()
				l := newLife(t)
				defer l.end()
				f := newFeed(1.08, fake.Prompt, speed)
				c := fxtest.New(l, f, time.Minute)
				time.Sleep(time.Minute + 30*time.Second) // the second call began a minute or so after the first
				calls := fmt.Sprintf("c := fxtest.New(t, feed /* the second call %v */, time.Minute); time.Sleep(time.Minute + 30*time.Second)", speed)
				want := time.Now() // the test's cleanups return at once ...
				if speed == fake.Deaf {
					want = f.lastBegan().Add(fake.Long) // ... or when the refresh that ignores the cancel does
				}
				if !ended(t, m, l, want, calls) {
					return
				}
				usd(t, clause2, c, 108, true, calls+"; // the test ended")
			})
		})
	}
}

// Conversions race the end of the test, at many points of the converter's
// life.
func TestConversionsRaceTheEnd(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		for round := range 12 {
			m := leakcheck.Now()
			l := newLife(t)
			f := newFeed(1.08)
			f.then = fake.Instant // a conversion meets no refresh in flight
			c := fxtest.New(l, f, time.Minute)
			time.Sleep(time.Millisecond + time.Duration(round)*30*time.Second)
			var failed error
			converts := func() {
				for range 50 {
					if _, err := c.Convert(100, "EUR", "USD"); err != nil {
						failed = err
					}
				}
			}
			if !leakcheck.Concurrently(t, clause3, time.Hour, map[string]func(){
				"the test's end":                    l.end,
				`50 × c.Convert(100, "EUR", "USD")`: converts,
			}) {
				return
			}
			if !m.Stopped(t, clause3, "the test that made the converter ended, racing conversions") {
				return
			}
			if !clause2.NoError(t, failed, "round %d: c.Convert(100, \"EUR\", \"USD\") racing the end of the test", round) {
				return
			}
		}
	})
}

// gatedFeed serves rates on the real clock. Once hang is called, the next
// call waits until release, whatever its ctx does, like a request already on
// the wire; it says when it began waiting and when its ctx was cancelled.
type gatedFeed struct {
	mu        sync.Mutex
	usd       float64
	gate      chan struct{}
	waiting   chan struct{} // closed when a call begins to wait at the gate
	cancelled chan struct{} // closed when that call's ctx is done
	once      sync.Once
}

func (f *gatedFeed) Rates(ctx context.Context) (map[string]float64, error) {
	f.mu.Lock()
	gate, waiting, cancelled := f.gate, f.waiting, f.cancelled
	f.waiting = nil
	usd := f.usd
	f.mu.Unlock()
	if gate != nil {
		if waiting != nil {
			close(waiting)
			go func() {
				select {
				case <-ctx.Done():
					close(cancelled)
				case <-gate:
				}
			}()
		}
		<-gate
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	runtime.Gosched()
	return map[string]float64{"EUR": 1, "USD": usd, "JPY": 160}, nil
}

func (f *gatedFeed) hang() (waiting, cancelled <-chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gate, f.waiting, f.cancelled = make(chan struct{}), make(chan struct{}), make(chan struct{})
	return f.waiting, f.cancelled
}

func (f *gatedFeed) release() {
	f.once.Do(func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		close(f.gate)
	})
}

// The feed hangs, deaf to any cancel, while conversions go on: before the
// test ends, while it ends (waiting for that refresh), and after.
func TestConversionNeverWaits(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	const deadline = 500 * time.Millisecond
	f := &gatedFeed{usd: 1.08}
	l := newLife(t)
	defer l.end()
	defer f.release()
	const made = "c := fxtest.New(t, feed, 5*time.Millisecond)"
	var c converter
	if !within(t, clause2, deadline, made, func() { c = fxtest.New(l, f, 5*time.Millisecond) }) {
		return
	}
	convert := func(calls string) bool {
		t.Helper()
		var got float64
		var err error
		if !within(t, clause2, deadline, calls+`; c.Convert(100, "EUR", "USD")`, func() { got, err = c.Convert(100, "EUR", "USD") }) {
			return false
		}
		return clause2.NoError(t, err, `%s; c.Convert(100, "EUR", "USD")`, calls) &&
			clause2.Check(t, math.Abs(got-108) < 1e-9, `%s; c.Convert(100, "EUR", "USD") = %v, not 108`, calls, got)
	}

	// The first rates come within a few refreshes.
	for start := time.Now(); ; time.Sleep(time.Millisecond) {
		var err error
		if !within(t, clause2, deadline, made+`; c.Convert(100, "EUR", "USD")`, func() { _, err = c.Convert(100, "EUR", "USD") }) {
			return
		}
		if err == nil {
			break
		}
		if time.Since(start) > time.Second {
			clause1.Errorf(t, "%s: c.Convert(100, \"EUR\", \"USD\") still returned %v a second later", made, err)
			return
		}
	}

	waiting, cancelled := f.hang()
	select {
	case <-waiting:
	case <-time.After(time.Second):
		clause1.Errorf(t, "%s: the feed was not asked for rates in the second after it began to hang", made)
		return
	}
	const hung = made + "; // the feed hangs"
	for range 3 {
		if !convert(hung) {
			return
		}
	}

	ending := make(chan struct{})
	go func() {
		defer close(ending)
		l.end()
	}()
	select {
	case <-cancelled:
		convert(hung + "; // the test ends, and waits for the refresh")
	case <-ending:
	case <-time.After(time.Second):
	}
	f.release()
	select {
	case <-ending:
	case <-time.After(time.Second):
		clause3.Errorf(t, "%s; // the test ended: its cleanups had not returned a second after the refresh did", hung)
		return
	}
	convert(hung + "; // the test ended")
}

// The test ends while conversions run, many times over, on the real clock.
func TestConversionsRaceTheEndRealClock(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	for round := range 40 {
		l := newLife(t)
		var c converter
		if !within(t, clause2, 2*time.Second, "c := fxtest.New(t, feed, time.Millisecond)", func() { c = fxtest.New(l, &gatedFeed{usd: 1.08}, time.Millisecond) }) {
			return
		}
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for range 50 {
					c.Convert(100, "EUR", "USD")
					runtime.Gosched()
				}
			})
		}
		for range round % 4 {
			runtime.Gosched()
		}
		calls := "c := fxtest.New(t, feed, time.Millisecond); 2 × go (c.Convert(…) ×50); // the test ends"
		if !within(t, clause3, 2*time.Second, calls, l.end) {
			return
		}
		if !within(t, clause2, 2*time.Second, calls+"; wg.Wait()", wg.Wait) {
			return
		}
	}
}

// A program that converts money imports fx, and links what fx imports.
func TestFxLinksNoTestLibrary(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		clause4.Fatalf(t, "the package's files could not be listed: %v", err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			continue // the compiler has said so
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, refused := range []string{"testing", "go.uber.org/goleak", "github.com/stretchr/testify", "gohunters/internal"} {
				if path == refused || strings.HasPrefix(path, refused+"/") {
					clause4.Errorf(t, "%s imports %q", name, path)
				}
			}
		}
	}
}

package auditlog

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"
)

// Most tests run in a synctest bubble (fake time). A Log blocked on a
// sync.Mutex is not durably blocked, so the fake clock stops while it waits:
// calls that must not wait are also bounded by a real-time watchdog.

// realPatience bounds, in real time, a call that must return at once.
const realPatience = time.Second

// TestLinesArrive logs now and then and reads the destination one FlushEvery
// after each line: everything logged is there, numbered in order.
func TestLinesArrive(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		m := leakcheck.Now()
		d := newDest(fake.Instant)
		l := start(t, d, Config{FlushEvery: flushEvery, Queue: queue})
		var want []string
		begin := time.Now()
		for i, at := range []time.Duration{250 * time.Millisecond, 10*time.Second + 600*time.Millisecond, time.Minute + 300*time.Millisecond} {
			time.Sleep(at - time.Since(begin))
			batch := msgs(fmt.Sprintf("t%d-", i+1), 3)
			if !logAll(t, clause3, l, patience, batch) {
				return
			}
			want = append(want, batch...)
			time.Sleep(flushEvery)
			synctest.Wait() // a flush due at this instant has happened
			if !d.holds(t, clause3, want, fmt.Sprintf("Log(%q); %v", batch[2], flushEvery)) {
				return
			}
		}
		if err, _, ok := closeIt(t, clause1, l, patience, "Log ×9"); ok {
			clause1.NoError(t, err, "Close() with a destination that never failed")
			m.Stopped(t, clause1, "Close")
			d.holds(t, clause1, want, "Log ×9; Close()")
		}
	})
}

// TestLinesArriveUnderSteadyTraffic logs a line every 300ms, more often than
// FlushEvery, for nine seconds: each line is at the destination one FlushEvery
// after it was logged, however busy the Logger stays.
func TestLinesArriveUnderSteadyTraffic(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		d := newDest(fake.Instant)
		l := start(t, d, Config{FlushEvery: flushEvery, Queue: queue})
		const every = 300 * time.Millisecond
		var logged []time.Time
		begin := time.Now()
		for i := range 30 {
			if !logAll(t, clause3, l, patience, []string{fmt.Sprintf("s%d", i+1)}) {
				return
			}
			logged = append(logged, time.Now())
			time.Sleep(every)
			synctest.Wait() // a flush due at this instant has happened
			due := 0
			for _, at := range logged {
				if time.Since(at) >= flushEvery {
					due++
				}
			}
			if got := len(parse(t, clause3, d.text(), "Log every 300ms")); got < due {
				clause3.Errorf(t, "with a line logged every %v, %v after the first: %d line(s) at the destination, but %d had been logged at least %v before",
					every, time.Since(begin), got, due, flushEvery)
				return
			}
		}
		closeIt(t, clause1, l, patience, "Log every 300ms")
	})
}

// TestManyLoggers logs from eight goroutines at once: every accepted line is
// there once, whole, numbered without gaps, each goroutine's in its order.
func TestManyLoggers(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		m := leakcheck.Now()
		d := newDest(fake.Instant)
		l := start(t, d, Config{FlushEvery: flushEvery, Queue: 1000})
		var mu sync.Mutex
		accepted := map[string]bool{}
		calls := map[string]func(){}
		for g := range 8 {
			calls[fmt.Sprintf("logger %d", g+1)] = func() {
				for _, msg := range msgs(fmt.Sprintf("g%d-", g+1), 20) {
					if err := l.Log(msg); err == nil {
						mu.Lock()
						accepted[msg] = true
						mu.Unlock()
					} else if !errors.Is(err, ErrFull) {
						clause4.Errorf(t, "Log(%q) from one of 8 goroutines logging at once returned %q", msg, err)
					}
				}
			}
		}
		if !leakcheck.Concurrently(t, clause4, patience, calls) {
			return
		}
		time.Sleep(flushEvery)
		synctest.Wait()
		checkAccepted(t, clause3, d, accepted, fmt.Sprintf("8 goroutines × Log ×20; %v", flushEvery))
		if _, _, ok := closeIt(t, clause1, l, patience, "8 goroutines × Log ×20"); ok {
			m.Stopped(t, clause1, "Close")
		}
	})
}

// checkAccepted checks that the destination holds every accepted line once,
// none other, numbered 1, 2, 3... and each goroutine's lines ("gN-i") in the
// order it logged them.
func checkAccepted(t *testing.T, c goal.Clause, d *dest, accepted map[string]bool, when string) {
	t.Helper()
	got := parse(t, c, d.text(), when)
	seen := map[string]int{}
	last := map[string]int{}
	for i, l := range got {
		if l.n != i+1 {
			c.Errorf(t, "%s, line %d of the destination was numbered %d", when, i+1, l.n)
			return
		}
		seen[l.msg]++
		if !accepted[l.msg] {
			c.Errorf(t, "%s, the destination held %q, which Log had not accepted", when, short(l.msg))
			return
		}
		g, k, _ := strings.Cut(l.msg, "-")
		var n int
		fmt.Sscan(k, &n)
		if n <= last[g] {
			c.Errorf(t, "%s, %s's line %d came after its line %d", when, g, n, last[g])
			return
		}
		last[g] = n
	}
	for msg := range accepted {
		if seen[msg] != 1 {
			c.Errorf(t, "%s, the destination held %q %d time(s); Log had accepted it once", when, msg, seen[msg])
			return
		}
	}
}

// TestLogNeverWaits makes the destination stick while a flush is under way,
// then while the buffer is full, and logs meanwhile: every Log returns at once.
func TestLogNeverWaits(t *testing.T) {
	t.Run("while a flush is stuck", func(t *testing.T) {
		defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
		rc := newRealClock()
		defer rc.stop()
		leakcheck.Bubble(t, func(t *testing.T) {
			m := leakcheck.Now()
			d := newDest(fake.Hung)
			l := start(t, d, Config{FlushEvery: flushEvery, Queue: queue})
			time.Sleep(flushEvery / 2)
			first := long("first")
			if !logAll(t, clause2, l, patience, []string{first}) {
				return
			}
			// The next flush sticks in the destination.
			if !d.points.Await(t, "Write", 1, 2*flushEvery) {
				return
			}
			if !logNow(t, rc, l, msgs("queued", queue), "(dest: stuck, flushing)") {
				d.unstick() // a Log waiting for a lock the flush holds goes on; what stays is reported when the bubble ends
				return
			}
			d.unstick()
			synctest.Wait() // the stuck writes finish before anything else touches the Logger
			if _, _, ok := closeIt(t, clause1, l, patience, "Log ×9 (dest: stuck, then back)"); ok {
				m.Stopped(t, clause1, "Close")
				d.holds(t, clause1, append([]string{first}, msgs("queued", queue)...), "Log ×9 (dest: stuck, then back); Close()")
			}
		})
	})
	t.Run("while the buffer is full", func(t *testing.T) {
		defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
		rc := newRealClock()
		defer rc.stop()
		leakcheck.Bubble(t, func(t *testing.T) {
			m := leakcheck.Now()
			d := newDest(fake.Hung)
			l := start(t, d, Config{FlushEvery: time.Hour, Queue: queue})
			var lines []string
			for i := range queue {
				lines = append(lines, long(fmt.Sprintf("L%d", i+1)))
			}
			if !logNow(t, rc, l, lines, "(dest: stuck)") {
				return // left stuck: what is blocked is reported when the bubble ends
			}
			// More: each returns at once, and once the queue is full with ErrFull.
			full := 0
			var accepted []string
			for i := range 4 * queue {
				msg := long(fmt.Sprintf("M%d", i+1))
				err, ok := logOnce(t, rc, l, msg, "(dest: stuck, 8 × 1 KB queued)")
				if !ok {
					return
				}
				switch {
				case err == nil:
					accepted = append(accepted, msg)
				case errors.Is(err, ErrFull):
					full++
				default:
					clause2.Errorf(t, "Log(%q) while the destination was stuck returned %q", short(msg), err)
				}
			}
			clause2.Check(t, full > 0, "while the destination was stuck, Log accepted %d lines of 1 KB and refused none", queue+4*queue)
			d.unstick()
			synctest.Wait()       // the stuck writes finish before anything else touches the Logger
			time.Sleep(time.Hour) // and the next flush makes room
			synctest.Wait()
			// A line accepted after refused ones is numbered next to the last accepted.
			if !logAll(t, clause3, l, patience, []string{"after"}) {
				return
			}
			accepted = append(accepted, "after")
			if _, _, ok := closeIt(t, clause1, l, patience, "Log ×40 (dest: stuck, then back); Log"); ok {
				m.Stopped(t, clause1, "Close")
				d.holds(t, clause3, append(lines, accepted...), "Log ×40 (dest: stuck, then back); Log; Close()")
			}
		})
	})
}

// logNow calls Log for each message and checks that each returns nil at once:
// with no fake time passing, and within realPatience of real time (a Log
// blocked on a mutex stops the fake clock).
func logNow(t *testing.T, rc *realClock, l *Logger, ms []string, while string) bool {
	t.Helper()
	for i, msg := range ms {
		err, ok := logOnce(t, rc, l, msg, while)
		if !ok {
			return false
		}
		if err != nil {
			clause2.Errorf(t, "Log(%q), call %d of %d %s, returned %q", short(msg), i+1, len(ms), while, err)
			return false
		}
	}
	return true
}

// logOnce calls Log and checks that it returns at once (clause 2).
func logOnce(t *testing.T, rc *realClock, l *Logger, msg, while string) (error, bool) {
	t.Helper()
	stall := rc.after(realPatience)
	start := time.Now()
	var err error
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		err = l.Log(msg)
	}()
	select {
	case p := <-done:
		if p != nil {
			clause4.Errorf(t, "Log(%q) %s panicked: %v", short(msg), while, p)
			return nil, false
		}
	case <-stall:
		clause2.Errorf(t, "Log(%q) %s had not returned %v (real time) after it was called", short(msg), while, realPatience)
		return nil, false
	case <-time.After(patience):
		clause2.Errorf(t, "Log(%q) %s had not returned %v after it was called", short(msg), while, patience)
		return nil, false
	}
	if took := time.Since(start); took != 0 {
		clause2.Errorf(t, "Log(%q) %s returned after %v", short(msg), while, took)
		return nil, false
	}
	return err, true
}

// TestCloseWritesEverything closes the Logger while the destination is fast,
// slow, stuck until it comes back, or failing: Close returns once every line
// is written, not before and not after, with nothing left running.
func TestCloseWritesEverything(t *testing.T) {
	for _, speed := range []fake.Speed{fake.Instant, fake.Slow, fake.Hung, fake.Failing} {
		t.Run(speed.String(), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				m := leakcheck.Now()
				d := newDest(speed)
				// No timed flush while Close waits for the destination: the last
				// write is Close's, and a flusher waiting for a lock would stop
				// the fake clock.
				l := start(t, d, Config{FlushEvery: 5 * time.Hour, Queue: queue})
				time.Sleep(time.Minute)
				lines := msgs("c", 3)
				if !logAll(t, clause2, l, patience, lines) {
					return
				}
				if speed == fake.Hung {
					time.AfterFunc(10*time.Minute, d.unstick) // the destination comes back
				}
				when := fmt.Sprintf("Log ×3 (dest: %s)", speed)
				begin := time.Now()
				err, took, ok := closeIt(t, clause1, l, patience, when)
				if !ok {
					return
				}
				m.Stopped(t, clause1, "Close")
				if speed == fake.Failing {
					clause1.ErrorIs(t, err, fake.ErrInjected, "Close() %s", when)
					again, _, ok := closeIt(t, clause1, l, patience, when+"; Close()")
					if ok {
						clause1.ErrorIs(t, again, fake.ErrInjected, "a second Close() %s", when)
					}
					return
				}
				clause1.NoError(t, err, "Close() %s", when)
				d.holds(t, clause1, lines, when+"; Close()")
				clause1.Equal(t, d.lastWrite().Sub(begin).String(), took.String(), "time Close() %s took, the last write ending %v after it was called", when, d.lastWrite().Sub(begin))
				again, _, ok := closeIt(t, clause1, l, patience, when+"; Close()")
				if ok {
					clause1.NoError(t, again, "a second Close() %s", when)
				}
			})
		})
	}
}

// TestCloseWhileStuck calls Close while the destination is stuck with lines
// waiting: Close waits for them, and a Log meanwhile returns ErrClosed at once.
func TestCloseWhileStuck(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	rc := newRealClock()
	defer rc.stop()
	leakcheck.Bubble(t, func(t *testing.T) {
		m := leakcheck.Now()
		d := newDest(fake.Hung)
		l := start(t, d, Config{FlushEvery: time.Hour, Queue: queue})
		var lines []string
		for i := range 4 {
			lines = append(lines, long(fmt.Sprintf("L%d", i+1)))
		}
		lines = append(lines, msgs("s", 3)...)
		if !logNow(t, rc, l, lines, "(dest: stuck)") {
			return // left stuck: what is blocked is reported when the bubble ends
		}
		begin := time.Now()
		var closeErr error
		closed := make(chan time.Time, 1)
		go func() {
			closeErr = l.Close()
			closed <- time.Now()
		}()
		time.Sleep(time.Minute)
		select {
		case <-closed:
			clause1.Errorf(t, "Close() returned while the destination was still stuck with %d lines logged", len(lines))
			return
		default:
		}
		if err, ok := logOnce(t, rc, l, "late", "(dest: stuck, Close() waiting)"); ok {
			clause4.ErrorIs(t, err, ErrClosed, "Log(%q) while Close() waited for a stuck destination", "late")
		}
		time.Sleep(10 * time.Minute)
		d.unstick()
		select {
		case end := <-closed:
			clause1.NoError(t, closeErr, "Close() once the destination came back")
			clause1.Equal(t, (11 * time.Minute).String(), end.Sub(begin).String(), "time Close() took, the destination coming back after 11m0s")
			m.Stopped(t, clause1, "Close")
			d.holds(t, clause1, lines, "Log ×7 (dest: stuck); Close(); 11m0s (dest: back)")
		case <-time.After(patience):
			clause1.Errorf(t, "Close() had not returned %v after the destination came back", patience)
		}
	})
}

// TestCloseRacesLog calls Close twice while six goroutines log, in a bubble:
// every Log that returned nil has its line written by the time Close returns,
// every other wrote nothing, and Log afterwards returns ErrClosed.
func TestCloseRacesLog(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		m := leakcheck.Now()
		d := newDest(fake.Instant)
		l := start(t, d, Config{FlushEvery: flushEvery, Queue: queue})
		time.Sleep(flushEvery / 2)
		race(t, l, d, "synctest")
		m.Stopped(t, clause1, "Close")
	})
}

// TestCloseRacesLogRealClock is the same race on the real clock, where the
// scheduler may put Close between any two steps of a Log, many times.
func TestCloseRacesLogRealClock(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	rounds := 200
	if testing.Short() {
		rounds = 20
	}
	for round := range rounds {
		m := leakcheck.Now()
		d := newDest(fake.Instant)
		var l *Logger
		if _, p, ok := within(realPatience, func() { l = New(d, Config{FlushEvery: time.Hour, Queue: queue}) }); !ok || p != nil {
			t.Fatalf("New(dest, Config{FlushEvery: %v, Queue: %d}) did not return within %v (panic: %v)", time.Hour, queue, realPatience, p)
		}
		when := fmt.Sprintf("round %d/%d (real clock)", round+1, rounds)
		if !race(t, l, d, when) {
			return
		}
		if left := m.Left(200 * time.Millisecond); len(left) > 0 {
			clause1.Errorf(t, "%s: 200ms after two Close() racing six goroutines that log had returned, %d goroutine(s) started by the Logger were still running", when, len(left))
			return
		}
	}
}

// race runs two Close calls and six goroutines logging three lines each, all
// released together, and checks what each got.
func race(t *testing.T, l *Logger, d *dest, when string) bool {
	t.Helper()
	var mu sync.Mutex
	accepted := map[string]bool{}
	var errs []error
	var panics []string
	guard := func(what string, f func()) func() {
		return func() {
			defer func() {
				if p := recover(); p != nil {
					mu.Lock()
					defer mu.Unlock()
					panics = append(panics, fmt.Sprintf("%s: %v", what, p))
				}
			}()
			f()
		}
	}
	calls := map[string]func(){}
	for i := range 2 {
		name := fmt.Sprintf("Close() #%d", i+1)
		calls[name] = guard(name, func() {
			err := l.Close()
			mu.Lock()
			defer mu.Unlock()
			errs = append(errs, err)
		})
	}
	for g := range 6 {
		name := fmt.Sprintf("logger %d", g+1)
		calls[name] = guard(name, func() {
			for _, msg := range msgs(fmt.Sprintf("g%d-", g+1), 3) {
				err := l.Log(msg)
				mu.Lock()
				switch {
				case err == nil:
					accepted[msg] = true
				case !errors.Is(err, ErrClosed) && !errors.Is(err, ErrFull):
					panics = append(panics, fmt.Sprintf("Log(%q) returned %q", msg, err))
				}
				mu.Unlock()
			}
		})
	}
	if !leakcheck.Concurrently(t, clause4, realPatience, calls) {
		return false
	}
	for _, p := range panics {
		clause4.Errorf(t, "%s: two Close() racing six goroutines that log: %s", when, p)
	}
	for _, err := range errs {
		clause1.NoError(t, err, "%s: Close() racing six goroutines that log", when)
	}
	checkAccepted(t, clause4, d, accepted, when+": 2 × Close() ‖ 6 goroutines × Log ×3")
	if err := l.Log("after"); !errors.Is(err, ErrClosed) {
		clause4.Errorf(t, "%s: Log(%q) after Close() returned %v", when, "after", err)
	}
	return len(panics) == 0 && !t.Failed()
}

// TestNoSharedWriter logs between flushes for a while; with the race detector
// on (the checker's second run), two goroutines touching the writer without
// synchronisation are reported. Nothing here orders a Log before a flush.
func TestNoSharedWriter(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		m := leakcheck.Now()
		d := newDest(fake.Instant)
		l := start(t, d, Config{FlushEvery: flushEvery, Queue: queue})
		var want []string
		begin := time.Now()
		for i := range 20 {
			// Halfway between two flushes: never at the instant of one.
			time.Sleep(time.Duration(i)*flushEvery + flushEvery/2 - time.Since(begin))
			msg := fmt.Sprintf("tick%d", i+1)
			if !logAll(t, clause3, l, patience, []string{msg}) {
				return
			}
			want = append(want, msg)
		}
		time.Sleep(flushEvery)
		synctest.Wait()
		if !d.holds(t, clause3, want, fmt.Sprintf("20 × (Log; %v); %v", flushEvery, flushEvery)) {
			return
		}
		if _, _, ok := closeIt(t, clause1, l, patience, "20 × (Log; 1s)"); ok {
			m.Stopped(t, clause1, "Close")
		}
	})
}

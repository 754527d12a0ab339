package outbox

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"
)

const (
	// givesUpAfter is how long a write may wait for the subscriber, as the
	// goal says.
	givesUpAfter = 5 * time.Second
	// soon bounds, in real time, what must happen at once on the real clock.
	soon = time.Second
)

func init() {
	// A wrong fix that waits on a sync.Mutex inside a bubble stops the fake
	// clock; Bubble then ends the test binary, with a message that says so,
	// after this much real time rather than a minute.
	leakcheck.RealDeadline = 10 * time.Second
}

var errReset = errors.New("connection reset by peer")

// fakeConn is a subscriber's connection that records what is written to it.
// By default its Write never waits. perLine makes the subscriber take that
// long for each line; stuckAfter (if not negative) makes it stop reading once
// that many lines are written, so that Write waits until its deadline passes
// or the connection is closed; failAfter (if positive) makes Write fail once
// that many lines are written.
type fakeConn struct {
	perLine    time.Duration
	stuckAfter int
	failAfter  int

	mu       sync.Mutex
	written  bytes.Buffer
	closed   bool
	deadline time.Time
	changed  chan struct{} // closed and replaced when the deadline changes or the connection closes
	hungUp   chan struct{} // closed by Close, unblocks Read
}

func newConn() *fakeConn {
	return &fakeConn{stuckAfter: -1, changed: make(chan struct{}), hungUp: make(chan struct{})}
}

func (c *fakeConn) lines() int { return bytes.Count(c.written.Bytes(), []byte("\n")) }

func (c *fakeConn) Write(p []byte) (int, error) {
	ready := time.Now().Add(c.perLine)
	for {
		c.mu.Lock()
		now := time.Now()
		stuck := c.stuckAfter >= 0 && c.lines() >= c.stuckAfter
		switch {
		case c.closed:
			c.mu.Unlock()
			return 0, net.ErrClosed
		case c.failAfter > 0 && c.lines() >= c.failAfter:
			c.mu.Unlock()
			return 0, errReset
		case !c.deadline.IsZero() && !now.Before(c.deadline):
			c.mu.Unlock()
			return 0, os.ErrDeadlineExceeded
		case !stuck && !now.Before(ready):
			defer c.mu.Unlock()
			return c.written.Write(p)
		}
		var wake <-chan time.Time
		if next := c.deadline; !stuck && (next.IsZero() || ready.Before(next)) {
			wake = time.After(ready.Sub(now))
		} else if !next.IsZero() {
			wake = time.After(next.Sub(now))
		}
		changed := c.changed
		c.mu.Unlock()
		select {
		case <-changed:
		case <-wake:
		}
	}
}

func (c *fakeConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return net.ErrClosed
	}
	c.closed = true
	close(c.hungUp)
	c.notify()
	return nil
}

// notify wakes a waiting Write; c.mu must be held.
func (c *fakeConn) notify() {
	close(c.changed)
	c.changed = make(chan struct{})
}

func (c *fakeConn) Read([]byte) (int, error) {
	<-c.hungUp
	return 0, net.ErrClosed
}

func (c *fakeConn) SetDeadline(t time.Time) error { return c.SetWriteDeadline(t) }

func (c *fakeConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deadline = t
	c.notify()
	return nil
}

func (c *fakeConn) LocalAddr() net.Addr               { return &net.TCPAddr{} }
func (c *fakeConn) RemoteAddr() net.Addr              { return &net.TCPAddr{} }
func (c *fakeConn) SetReadDeadline(t time.Time) error { return nil }

// state returns the lines written so far and whether the connection is closed.
func (c *fakeConn) state() (lines []string, closed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := strings.TrimSuffix(c.written.String(), "\n"); s != "" {
		lines = strings.Split(s, "\n")
	}
	return lines, c.closed
}

func messages(n int) []string {
	msgs := make([]string, n)
	for i := range msgs {
		msgs[i] = fmt.Sprintf("event %d", i)
	}
	return msgs
}

// panicked is what notify returns when Notify panicked.
type panicked struct{ value any }

func (p panicked) Error() string { return fmt.Sprint(p.value) }

// notify calls o.Notify and turns a panic into an error, so that a goroutine
// that outlives its test never touches t.
func notify(o *Outbox, msg string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicked{r}
		}
	}()
	return o.Notify(msg)
}

// checkClosedErr checks clause 3 for err, Notify's answer when the Outbox is
// shut down or its connection has failed.
func checkClosedErr(t *testing.T, err error) bool {
	t.Helper()
	var p panicked
	if errors.As(err, &p) {
		clause3.Errorf(t, "Notify panicked with %q", p.Error())
		return false
	}
	return clause3.Check(t, errors.Is(err, net.ErrClosed), "the Outbox was shut down or its connection had failed; Notify returned %v", errText(err))
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%q", err)
}

// checkWritten checks clause 1: every message in want was written, in order.
func checkWritten(t *testing.T, conn *fakeConn, want []string) bool {
	t.Helper()
	lines, _ := conn.state()
	for i := range min(len(lines), len(want)) {
		if lines[i] != want[i] {
			clause1.Errorf(t, "line %d written was %q; Notify had accepted %q there", i, lines[i], want[i])
			return false
		}
	}
	return clause1.Check(t, len(lines) >= len(want), "Notify accepted %d messages; %d lines were written when Shutdown returned", len(want), len(lines))
}

// checkClosed checks clause 2's connection, when Shutdown has returned.
func checkClosed(t *testing.T, conn *fakeConn) bool {
	t.Helper()
	_, closed := conn.state()
	return clause2.Check(t, closed, "Shutdown returned with the connection open")
}

// inBubble runs a call in the bubble and waits at most d (fake time) for it.
func inBubble(t *testing.T, cl goal.Clause, d time.Duration, what string, f func()) bool {
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
		cl.Errorf(t, "%s had not returned %v after it was called", what, d)
		return false
	}
}

// TestShutdownRightAfterOpen: with a single P, a goroutine that Open starts
// does not run before the test's goroutine blocks, so Shutdown comes before
// the writer has taken its first step. That is the schedule a busy server
// produces now and then; here it comes in nearly every round (the race
// detector shuffles the scheduler, so under -race in about every other one).
func TestShutdownRightAfterOpen(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))

	want := messages(3)
	for range 50 {
		conn := newConn()
		mark := leakcheck.Now()
		var errs []error
		if !leakcheck.Within(t, soon, "Open, Notify and Shutdown", func() {
			o := Open(conn)
			for _, msg := range want {
				errs = append(errs, notify(o, msg))
			}
			o.Shutdown()
		}) {
			return
		}
		for i, err := range errs {
			if !clause1.Check(t, err == nil, "Notify of %q before Shutdown returned %v", want[i], errText(err)) {
				return
			}
		}
		if !checkWritten(t, conn, want) || !checkClosed(t, conn) || !mark.Parked(t, clause2, "Shutdown") {
			return
		}
	}
}

// TestBurstIsWritten: far more messages than any queue holds; Notify may
// wait for room, never drop one.
func TestBurstIsWritten(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		conn := newConn()
		mark := leakcheck.Now()
		o := Open(conn)
		want := messages(3000)
		for i, msg := range want {
			var err error
			if !inBubble(t, clause1, time.Hour, "Notify", func() { err = notify(o, msg) }) ||
				!clause1.Check(t, err == nil, "Notify #%d of a burst returned %v while the subscriber was reading", i, errText(err)) {
				return
			}
		}
		if !inBubble(t, clause4, time.Hour, "Shutdown", o.Shutdown) {
			return
		}
		checkWritten(t, conn, want)
		checkClosed(t, conn)
		mark.Stopped(t, clause2, "Shutdown")
	})
}

// TestSlowSubscriber: the subscriber takes a second per line. Shutdown
// writes everything that was accepted, however long that takes, and Notify
// while it does so fails at once; five Shutdowns return together.
func TestSlowSubscriber(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		conn := newConn()
		conn.perLine = time.Second
		mark := leakcheck.Now()
		start := time.Now()
		o := Open(conn)
		want := messages(20)
		for _, msg := range want {
			if err := notify(o, msg); !clause1.Check(t, err == nil, "Notify of %q before Shutdown returned %v", msg, errText(err)) {
				return
			}
		}
		var wg sync.WaitGroup
		returned := make([]time.Duration, 5)
		for i := range returned {
			wg.Go(func() {
				o.Shutdown()
				returned[i] = time.Since(start)
			})
		}
		time.Sleep(time.Second / 2) // Shutdown is writing what was queued
		checkClosedErr(t, notify(o, "too late"))
		if !inBubble(t, clause5, time.Hour, "Shutdown", wg.Wait) {
			return
		}
		for i, r := range returned {
			clause5.Check(t, r == 20*time.Second, "the first Shutdown's work ended at 20s; call %d of Shutdown returned at %v", i, r)
		}
		checkWritten(t, conn, want)
		checkClosed(t, conn)
		mark.Stopped(t, clause2, "Shutdown")
	})
}

// TestSubscriberStopsReading: the subscriber takes three lines, then stops
// reading without hanging up. The write it does not take fails the
// connection 5s after it began: a Notify waiting for room in the queue, and a
// Shutdown, return then, whenever they were called.
func TestSubscriberStopsReading(t *testing.T) {
	for _, shutdownAt := range []time.Duration{-1, time.Second, 7 * time.Second} {
		name := fmt.Sprintf("Shutdown at %v", shutdownAt)
		if shutdownAt < 0 {
			name = "no Shutdown"
		}
		if !t.Run(name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				conn := newConn()
				conn.stuckAfter = 3
				mark := leakcheck.Now()
				start := time.Now()
				o := Open(conn)
				shutdown := make(chan time.Duration, 1) // when Shutdown returned
				if shutdownAt >= 0 {
					go func() {
						time.Sleep(shutdownAt)
						o.Shutdown()
						shutdown <- time.Since(start)
					}()
				}
				// Far more than any queue holds: the last ones wait for room.
				var err error
				if !inBubble(t, clause4, time.Hour, "Notify", func() {
					for n := 0; n < 3000; n++ {
						if err = notify(o, fmt.Sprintf("event %d", n)); err != nil {
							return
						}
					}
				}) {
					return
				}
				failed := time.Since(start)
				if !checkClosedErr(t, err) {
					return
				}
				want := givesUpAfter
				if shutdownAt >= 0 {
					want = min(shutdownAt, givesUpAfter)
				}
				clause4.Check(t, failed <= want, "the subscriber stopped reading at 0s; Notify waited for room until %v", failed)
				if shutdownAt < 0 {
					go func() {
						o.Shutdown()
						shutdown <- time.Since(start)
					}()
					shutdownAt = failed
				}
				timer := time.NewTimer(time.Hour)
				defer timer.Stop()
				select {
				case returnedAt := <-shutdown:
					clause4.Check(t, returnedAt == max(shutdownAt, givesUpAfter),
						"the subscriber stopped reading at 0s and Shutdown was called at %v; it returned at %v", shutdownAt, returnedAt)
				case <-timer.C:
					clause4.Errorf(t, "the subscriber stopped reading at 0s and Shutdown was called at %v; it had not returned an hour later", shutdownAt)
					return
				}
				checkClosed(t, conn)
				mark.Stopped(t, clause2, "Shutdown")
			})
		}) {
			return // the first failing case says enough
		}
	}
}

// TestSubscriberGone: the subscriber drops the connection after 5 messages.
// From then on Notify fails, at once.
func TestSubscriberGone(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		conn := newConn()
		conn.failAfter = 5
		mark := leakcheck.Now()
		o := Open(conn)
		// An Outbox without a bound on its queue may take all 3000 before
		// the writer reaches the sixth; from the moment it fails, Notify must.
		var err error
		if !inBubble(t, clause3, time.Hour, "Notify", func() {
			for n := 0; n < 3000+1000; n++ {
				if err = notify(o, fmt.Sprintf("event %d", n)); err != nil {
					return
				}
				if n >= 3000 {
					time.Sleep(time.Millisecond) // the writer has long met the failure
				}
			}
		}) {
			return
		}
		if !checkClosedErr(t, err) ||
			!checkClosedErr(t, notify(o, "again")) {
			return
		}
		start := time.Now()
		if inBubble(t, clause3, time.Hour, "Shutdown", o.Shutdown) {
			clause3.Check(t, time.Since(start) == 0, "the connection had failed; Shutdown returned after %v", time.Since(start))
		}
		lines, _ := conn.state()
		clause1.Check(t, len(lines) == 5, "the connection failed at the sixth line; %d lines were written", len(lines))
		checkClosed(t, conn)
		mark.Stopped(t, clause2, "Shutdown")
	})
}

func TestNotifyAfterShutdown(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		conn := newConn()
		o := Open(conn)
		if err := notify(o, "hello"); !clause1.Check(t, err == nil, "Notify of %q before Shutdown returned %v", "hello", errText(err)) {
			return
		}
		if !inBubble(t, clause5, time.Hour, "Shutdown", o.Shutdown) {
			return
		}
		var err error
		if !inBubble(t, clause3, time.Hour, "Notify", func() { err = notify(o, "too late") }) {
			return
		}
		checkClosedErr(t, err)
		inBubble(t, clause5, time.Hour, "Shutdown", o.Shutdown) // a second Shutdown is harmless
		lines, _ := conn.state()
		clause1.Check(t, len(lines) == 1 && lines[0] == "hello", "Notify accepted only \"hello\"; the lines written were %q", lines)
		checkClosed(t, conn)
	})
}

// TestNotifyDuringShutdown runs on the real clock, many rounds: notifiers
// call Notify in a loop while three goroutines call Shutdown at random
// instants. Every message Notify accepted must be on the connection when the
// Shutdowns have returned, and every Notify after that must fail.
func TestNotifyDuringShutdown(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	deadline := time.Now().Add(300 * time.Millisecond)
	for round := 0; round < 200 && time.Now().Before(deadline); round++ {
		conn := newConn()
		mark := leakcheck.Now()
		var o *Outbox
		if !leakcheck.Within(t, soon, "Open", func() { o = Open(conn) }) {
			return
		}
		finished := make(chan struct{}) // closed once every Shutdown has returned
		var notifiers sync.WaitGroup
		accepted := make([][]string, 4) // by notifier, in order
		lastErr := make([]error, 4)
		for i := range accepted {
			notifiers.Add(1)
			go func() { // a go statement of the test's own: the instant check leaves it out
				defer notifiers.Done()
				for n := 0; ; n++ {
					select {
					case <-finished: // the last call, after Shutdown
						lastErr[i] = notify(o, fmt.Sprintf("notifier %d: too late", i))
						return
					default:
					}
					msg := fmt.Sprintf("notifier %d: event %d", i, n)
					if err := notify(o, msg); err == nil {
						accepted[i] = append(accepted[i], msg)
					} else if _, ok := err.(panicked); ok {
						lastErr[i] = err
						return
					}
				}
			}()
		}
		var shutdowns sync.WaitGroup
		for range 3 {
			shutdowns.Go(func() {
				time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
				o.Shutdown()
			})
		}
		if !leakcheck.Within(t, soon, "three concurrent calls of Shutdown", shutdowns.Wait) {
			return
		}
		ok := mark.Parked(t, clause2, "Shutdown") && checkClosed(t, conn)
		lines, _ := conn.state()
		close(finished)
		if !leakcheck.Within(t, soon, "Notify in a loop during Shutdown", notifiers.Wait) || !ok {
			return
		}
		written := map[string]int{}
		for i, l := range lines {
			written[l] = i
		}
		for i := range accepted {
			last := -1
			for _, msg := range accepted[i] {
				at, found := written[msg]
				if !clause1.Check(t, found, "round %d: Notify accepted %q; it was not written when Shutdown returned", round, msg) ||
					!clause1.Check(t, at > last, "round %d: %q was written before a message its notifier had queued earlier", round, msg) {
					return
				}
				last = at
			}
			if !checkClosedErr(t, lastErr[i]) {
				return
			}
		}
	}
}

// TestNoRecover rejects a Notify that recovers from the panic of a send on a
// closed channel. Such a send races with the close (go test -race reports it),
// and recovering hides the race instead of removing it.
func TestNoRecover(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatalf("listing the package's files: %v", err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatalf("reading %s: %v", name, err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "recover" && len(call.Args) == 0 {
					clause3.Errorf(t, "%s calls recover()", fset.Position(call.Pos()))
				}
			}
			return true
		})
	}
}

var _ net.Conn = (*fakeConn)(nil)

package outbox

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// fakeConn is a subscriber's connection that records what is written to it.
// Its Write never blocks, so what the Outbox has written is known the moment
// Write returns.
type fakeConn struct {
	failAfter int // Write fails once this many lines are written; 0: never

	mu      sync.Mutex
	written bytes.Buffer
	closed  bool
	hungUp  chan struct{} // closed by Close, unblocks Read
}

var errReset = errors.New("connection reset by peer")

func newConn(failAfter int) *fakeConn {
	return &fakeConn{failAfter: failAfter, hungUp: make(chan struct{})}
}

func (c *fakeConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.closed:
		return 0, net.ErrClosed
	case c.failAfter > 0 && bytes.Count(c.written.Bytes(), []byte("\n")) >= c.failAfter:
		return 0, errReset
	}
	return c.written.Write(p)
}

func (c *fakeConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return net.ErrClosed
	}
	c.closed = true
	close(c.hungUp)
	return nil
}

func (c *fakeConn) Read([]byte) (int, error) {
	<-c.hungUp
	return 0, net.ErrClosed
}

func (c *fakeConn) LocalAddr() net.Addr                { return &net.TCPAddr{} }
func (c *fakeConn) RemoteAddr() net.Addr               { return &net.TCPAddr{} }
func (c *fakeConn) SetDeadline(t time.Time) error      { return nil }
func (c *fakeConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *fakeConn) SetWriteDeadline(t time.Time) error { return nil }

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

func open(t *testing.T, conn net.Conn) (o *Outbox) {
	t.Helper()
	if !leakcheck.Within(t, time.Second, "Open", func() { o = Open(conn) }) {
		t.FailNow()
	}
	return o
}

// panicked is what notify returns when Notify panicked.
type panicked struct{ value any }

func (p panicked) Error() string {
	return fmt.Sprintf("Notify panicked with %q: Notify after Shutdown must return an error, "+
		"never send on a channel that Shutdown closed", fmt.Sprint(p.value))
}

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

// assertClosedErr checks that err is Notify's error for a closed Outbox.
func assertClosedErr(t *testing.T, err error, msgAndArgs ...any) {
	t.Helper()
	if p, ok := err.(panicked); ok {
		t.Error(p)
		return
	}
	assert.ErrorIs(t, err, net.ErrClosed, msgAndArgs...)
}

func shutdown(t *testing.T, o *Outbox) bool {
	t.Helper()
	return leakcheck.Within(t, time.Second, "Shutdown", o.Shutdown)
}

func TestShutdownWritesEverything(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	// With a single P, a goroutine that Open starts does not run before the
	// test's goroutine blocks: Shutdown comes before the writer has taken its
	// first step. That is the schedule a busy server produces now and then;
	// here it comes in nearly every round (the race detector shuffles the
	// scheduler, so under -race in about every other one).
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))

	want := messages(3)
	for round := range 50 {
		conn := newConn(0)
		var err error
		ok := leakcheck.Within(t, time.Second, "Open, Notify and Shutdown", func() {
			o := Open(conn)
			for _, msg := range want {
				err = errors.Join(err, notify(o, msg))
			}
			o.Shutdown()
		})
		if !ok {
			return
		}
		require.NoError(t, err, "Notify before Shutdown must queue the message")
		lines, closed := conn.state()
		if !assert.Equal(t, want, lines, "round %d: when Shutdown returns, every message queued before it must be "+
			"written; Shutdown returned while the writer goroutine was still running, a leaked goroutine (did Wait count it?)", round) ||
			!assert.True(t, closed, "round %d: when Shutdown returns the connection must be closed", round) {
			return
		}
	}
}

func TestBurstIsWritten(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	conn := newConn(0)
	o := open(t, conn)
	want := messages(3000) // far more than any queue holds: Notify may wait for room, never drop
	var err error
	failed := -1
	ok := leakcheck.Within(t, 2*time.Second, "Notify of a burst of 3000 messages", func() {
		for i, msg := range want {
			if err = notify(o, msg); err != nil {
				failed = i
				return
			}
		}
	})
	if !ok {
		return // don't Shutdown: the blocked Notify would panic into a finished test
	}
	if !assert.NoError(t, err, "Notify #%d of a burst failed while the Outbox was open: a full queue is a reason to wait, not to drop", failed) {
		return
	}
	if shutdown(t, o) {
		lines, closed := conn.state()
		assert.Equal(t, len(want), len(lines), "every message of the burst must be written by the time Shutdown returns")
		assert.Equal(t, want, lines, "in the order they were queued")
		assert.True(t, closed, "Shutdown must close the connection")
	}
}

func TestNotifyAfterShutdown(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	conn := newConn(0)
	o := open(t, conn)
	require.NoError(t, notify(o, "hello"), "Notify before Shutdown must queue the message")
	require.True(t, shutdown(t, o))

	assertClosedErr(t, notify(o, "too late"), "Notify after Shutdown must return an error that wraps net.ErrClosed")
	shutdown(t, o) // a second Shutdown is harmless

	lines, closed := conn.state()
	assert.Equal(t, []string{"hello"}, lines, "only the message queued before Shutdown must be written")
	assert.True(t, closed, "Shutdown must close the connection")
}

func TestNotifyDuringShutdown(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	o := open(t, newConn(0))
	finished := make(chan struct{}) // closed once every Shutdown has returned
	var notifiers sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		notifiers.Go(func() {
			for n := 0; errs[i] == nil; n++ {
				select {
				case <-finished: // the last call, after Shutdown
					errs[i] = notify(o, fmt.Sprintf("notifier %d: too late", i))
					return
				default:
					errs[i] = notify(o, fmt.Sprintf("notifier %d: event %d", i, n))
				}
			}
		})
	}
	var shutdowns sync.WaitGroup
	for range 3 {
		shutdowns.Go(o.Shutdown)
	}
	leakcheck.Within(t, time.Second, "three concurrent calls of Shutdown", shutdowns.Wait)
	close(finished)
	if leakcheck.Within(t, time.Second, "Notify in a loop during Shutdown", notifiers.Wait) {
		for i, err := range errs {
			assertClosedErr(t, err, "notifier %d: once the Outbox is shut down, Notify must return "+
				"an error that wraps net.ErrClosed", i)
		}
	}
}

func TestSubscriberGone(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	conn := newConn(5) // the subscriber drops the connection after 5 messages
	o := open(t, conn)
	var err error
	notified := 0
	ok := leakcheck.Within(t, 2*time.Second, "Notify after the connection failed", func() {
		for _, msg := range messages(3000) {
			if err = notify(o, msg); err != nil {
				return
			}
			notified++
		}
		// An Outbox without a bound on its queue may take all 3000 before the
		// writer reaches the sixth; from the moment it fails, Notify must fail.
		for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); notified++ {
			if err = notify(o, "after the failure"); err != nil {
				return
			}
			time.Sleep(time.Millisecond)
		}
	})
	if !ok {
		return // don't Shutdown: the blocked Notify would panic into a finished test
	}
	assertClosedErr(t, err, "once the connection has failed, Notify must return an error that wraps net.ErrClosed "+
		"(it returned nil %d times, for a second after the failure)", notified)
	if shutdown(t, o) {
		lines, closed := conn.state()
		assert.Equal(t, messages(5), lines, "the messages written before the connection failed")
		assert.True(t, closed, "the connection must be closed")
	}
}

// TestNoRecover rejects a Notify that recovers from the panic of a send on a
// closed channel. Such a send races with the close (go test -race reports it),
// and recovering hides the race instead of removing it: close only a channel
// that nobody sends on.
func TestNoRecover(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "recover" && len(call.Args) == 0 {
					t.Errorf("%s: recover(): a send that can panic on a closed channel is a data race with the close "+
						"(go test -race reports it); recovering only hides it. Close a separate done channel that "+
						"nobody sends on, and let Notify select on it", fset.Position(call.Pos()))
				}
			}
			return true
		})
	}
}

var _ net.Conn = (*fakeConn)(nil)

package session

import (
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"
)

// These tests run on the real clock, with real deadlines, not in a synctest
// bubble: a loop that calls a Shutdown which waits (as in the seed article)
// blocks on sync.Once's mutex, which synctest does not count as durably
// blocked, so on a fake clock a wrong fix would hang instead of failing.

// soon bounds, in real time, what must happen at once: generous, so that a
// loaded machine never makes a correct session look stuck.
const soon = time.Second

var errReset = errors.New("connection reset by peer")

// onceQueue names the goroutines that the instant check lets go: those
// queued on a sync.Once's lock, which the Shutdown that just returned has
// released. A Shutdown that waits inside its Once (the seed's shape) leaves
// the loops that called it queued there for a moment, each handing the lock
// to the next; none of them waits for anything else.
const onceQueue = "sync.(*Once)"

// options change how the fakes around a session behave.
type options struct {
	timeout      time.Duration // HeartbeatTimeout; a minute if zero
	readLinger   time.Duration // a Read on the session's end takes this long to return once the connection fails
	failReadsAt  int           // the session's Read number failReadsAt (from 1) fails with errReset; 0: never
	onCloseDelay time.Duration // OnClose takes this long
	then         func(*Session)
	onHandle     func(c *client, msg string)
}

// client is the far end of a session's connection, plus what the session
// reported back through its Config.
type client struct {
	conn     net.Conn
	s        *Session
	mark     leakcheck.Mark // the goroutines before Start
	handling chan struct{}  // closed when Handle("slow") starts
	release  chan struct{}  // Handle("slow") waits until it is closed
	closed   chan struct{}  // closed when the first OnClose returns

	mu        sync.Mutex
	handled   []string
	inHandle  int
	reading   int // Reads of the session's end in progress
	reads     int
	lateReads int // Reads that began after OnClose had begun
	closing   bool
	srvClosed bool // the session closed its end of the connection
	closes    int  // OnClose calls that have returned
	closedAt  time.Time
	atClose   struct {
		inHandle, reading int
		srvClosed         bool
	}
}

// watchedConn is the session's end of the connection.
type watchedConn struct {
	net.Conn
	c   *client
	opt options
}

func (w watchedConn) Read(p []byte) (int, error) {
	c := w.c
	c.mu.Lock()
	c.reads++
	n := c.reads
	if c.closing {
		c.lateReads++
	}
	c.reading++
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.reading--
	}()
	if w.opt.failReadsAt > 0 && n >= w.opt.failReadsAt {
		time.Sleep(w.opt.readLinger)
		return 0, errReset
	}
	k, err := w.Conn.Read(p)
	if err != nil {
		time.Sleep(w.opt.readLinger)
	}
	return k, err
}

func (w watchedConn) Close() error {
	w.c.mu.Lock()
	w.c.srvClosed = true
	w.c.mu.Unlock()
	return w.Conn.Close()
}

// start starts a session on one end of a pipe and returns the other end.
func start(t *testing.T, opt options) *client {
	t.Helper()
	server, conn := net.Pipe()
	// Registered with Cleanup, this runs after the test's deferred VerifyNone:
	// a read loop still blocked in Read is reported first, then let go.
	t.Cleanup(func() { conn.Close() })
	c := &client{
		conn:     conn,
		mark:     leakcheck.Now(),
		handling: make(chan struct{}),
		release:  make(chan struct{}),
		closed:   make(chan struct{}),
	}
	if opt.timeout == 0 {
		opt.timeout = time.Minute
	}
	cfg := Config{
		Handle: func(msg string) {
			c.mu.Lock()
			c.inHandle++
			c.mu.Unlock()
			defer func() {
				c.mu.Lock()
				defer c.mu.Unlock()
				c.inHandle--
			}()
			if msg == "slow" {
				close(c.handling)
				<-c.release
			}
			if opt.onHandle != nil {
				opt.onHandle(c, msg)
			}
			c.mu.Lock()
			defer c.mu.Unlock()
			c.handled = append(c.handled, msg)
		},
		OnClose: func() {
			c.mu.Lock()
			c.closing = true
			if c.closes == 0 {
				c.atClose.inHandle, c.atClose.reading, c.atClose.srvClosed = c.inHandle, c.reading, c.srvClosed
			}
			c.mu.Unlock()
			time.Sleep(opt.onCloseDelay)
			c.mu.Lock()
			defer c.mu.Unlock()
			c.closes++
			if c.closes == 1 {
				c.closedAt = time.Now()
				close(c.closed)
			}
		},
		HeartbeatTimeout: opt.timeout,
	}
	if !within(t, clause2, "Start", func() {
		c.s = Start(watchedConn{server, c, opt}, cfg)
		if opt.then != nil {
			opt.then(c.s)
		}
	}) {
		t.FailNow()
	}
	return c
}

// within runs f and waits soon for it; if it does not return, clause cl is
// broken. f is left running: the test's leak check reports it.
func within(t *testing.T, cl goal.Clause, what string, f func()) bool {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		return true
	case <-time.After(soon):
		cl.Errorf(t, "%s had not returned %v after it was called", what, soon)
		return false
	}
}

// send writes lines to the session; each Write returns once the session has read it.
func (c *client) send(t *testing.T, lines ...string) bool {
	t.Helper()
	return c.sendTo(t, clause1, lines...)
}

// sendTo is send, reporting a failed write as a break of clause cl.
func (c *client) sendTo(t *testing.T, cl goal.Clause, lines ...string) bool {
	t.Helper()
	for _, line := range lines {
		c.conn.SetWriteDeadline(time.Now().Add(soon))
		if _, err := io.WriteString(c.conn, line+"\n"); err != nil {
			cl.Errorf(t, "the client's write of %q to the session failed: %v", line, err)
			return false
		}
	}
	return true
}

// shutdown calls Shutdown and checks, at the instant it returns, that
// OnClose has returned and that no goroutine of the session is parked.
func (c *client) shutdown(t *testing.T) bool {
	t.Helper()
	if !within(t, clause4, "Shutdown", c.s.Shutdown) {
		return false
	}
	c.mu.Lock()
	closes := c.closes
	c.mu.Unlock()
	ok := clause4.Check(t, closes == 1, "Shutdown returned after %d returns of OnClose", closes)
	return c.mark.Parked(t, clause2, "Shutdown", onceQueue) && ok
}

// waitClosed waits at most d for OnClose, without any call of Shutdown.
func (c *client) waitClosed(d time.Duration) bool {
	select {
	case <-c.closed:
		return true
	case <-time.After(d):
		return false
	}
}

// checkAtClose checks what OnClose saw when it ran: nothing of the session
// was still running, and its connection was closed.
func (c *client) checkAtClose(t *testing.T) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	clause2.Check(t, c.atClose.inHandle == 0, "OnClose ran while %d call(s) of Handle were running", c.atClose.inHandle)
	clause2.Check(t, c.atClose.reading == 0, "OnClose ran while %d Read(s) of the connection were running", c.atClose.reading)
	clause2.Check(t, c.atClose.srvClosed, "OnClose ran before the session had closed its connection")
	clause2.Check(t, c.lateReads == 0, "%d Read(s) of the connection began after OnClose had begun", c.lateReads)
}

// checkHungUp checks that the session has closed its end of the connection.
func (c *client) checkHungUp(t *testing.T) {
	t.Helper()
	if err := c.conn.SetReadDeadline(time.Now().Add(soon)); errors.Is(err, io.ErrClosedPipe) {
		return // net.Pipe's way of saying that the session has closed its end
	}
	_, err := c.conn.Read(make([]byte, 1))
	clause2.Check(t, errors.Is(err, io.EOF), "the session has ended; a read from the client's end returned %v", err)
}

func (c *client) state() (handled []string, closes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.handled...), c.closes
}

func TestMessagesThenHangUp(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	c := start(t, options{})
	if !c.send(t, "hello", Ping, "world", Ping, Ping, "!") {
		return
	}
	c.conn.Close()

	if !c.waitClosed(soon) {
		clause3.Errorf(t, "the client hung up; OnClose had not run %v later", soon)
		return
	}
	handled, _ := c.state()
	clause1.Check(t, slices.Equal(handled, []string{"hello", "world", "!"}), "the client sent hello, world and !, with PINGs between them, then hung up; Handle got %q", handled)
	c.checkAtClose(t)
	c.shutdown(t) // the owner may still call Shutdown
}

// TestShutdownAtEveryPoint calls Shutdown while the session is idle, while
// Handle runs, while a line waits to be handed to Handle, as the heartbeat
// fires, as the client hangs up, and with an OnClose that takes its time.
func TestShutdownAtEveryPoint(t *testing.T) {
	cases := []struct {
		name string
		opt  options
		// before puts the session where the Shutdown must land, and says
		// whether Shutdown is called in the background (then after runs
		// while it waits).
		before func(t *testing.T, c *client) (background bool)
		after  func(t *testing.T, c *client)
	}{
		{"idle", options{}, func(t *testing.T, c *client) bool {
			c.send(t, "hello")
			return false
		}, nil},
		{"Handle running", options{}, func(t *testing.T, c *client) bool {
			c.send(t, "slow")
			<-c.handling
			return true
		}, func(t *testing.T, c *client) {
			time.Sleep(50 * time.Millisecond)
			_, closes := c.state()
			clause2.Check(t, closes == 0, "OnClose ran while Handle was still running")
			close(c.release)
		}},
		{"a line waits for Handle", options{}, func(t *testing.T, c *client) bool {
			c.send(t, "slow")
			<-c.handling
			c.send(t, "next") // read, and held until Handle returns
			return true
		}, func(t *testing.T, c *client) {
			time.Sleep(20 * time.Millisecond)
			close(c.release)
		}},
		{"as the heartbeat fires", options{timeout: 50 * time.Millisecond}, func(t *testing.T, c *client) bool {
			time.Sleep(50 * time.Millisecond)
			return false
		}, nil},
		{"as the client hangs up", options{}, func(t *testing.T, c *client) bool {
			c.send(t, "bye")
			go c.conn.Close()
			return false
		}, nil},
		{"the connection fails slowly", options{readLinger: 50 * time.Millisecond}, func(t *testing.T, c *client) bool {
			return false
		}, nil},
		{"OnClose takes its time", options{onCloseDelay: 50 * time.Millisecond}, func(t *testing.T, c *client) bool {
			return false
		}, nil},
	}
	for _, tc := range cases {
		if !t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			c := start(t, tc.opt)
			if !tc.before(t, c) {
				if c.shutdown(t) {
					c.checkAtClose(t)
					c.checkHungUp(t)
				}
				return
			}
			returned := make(chan bool, 1)
			go func() { returned <- c.shutdown(t) }()
			tc.after(t, c)
			select {
			case ok := <-returned:
				if ok {
					c.checkAtClose(t)
					c.checkHungUp(t)
				}
			case <-time.After(2 * soon):
			}
		}) {
			return // the first failing case says enough
		}
	}
}

// TestShutdownRightAfterStart: an owner that changes its mind at once, from
// the goroutine that called Start: the loops may not even have started.
func TestShutdownRightAfterStart(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	for range 100 {
		c := start(t, options{then: (*Session).Shutdown})
		_, closes := c.state()
		if !clause4.Check(t, closes == 1, "Shutdown called right after Start returned after %d returns of OnClose", closes) ||
			!c.mark.Parked(t, clause2, "Shutdown", onceQueue) {
			return
		}
		time.Sleep(time.Millisecond) // a loop that started late would read now
		c.mu.Lock()
		late := c.lateReads
		c.mu.Unlock()
		if !clause2.Check(t, late == 0, "%d Read(s) of the connection began after OnClose had begun", late) {
			return
		}
	}
}

// TestShutdownRacesTheEnd runs on the real clock, many rounds: several
// goroutines call Shutdown at random instants while the client talks, and
// sometimes hangs up at the same time.
func TestShutdownRacesTheEnd(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	deadline := time.Now().Add(400 * time.Millisecond)
	for round := 0; round < 100 && time.Now().Before(deadline); round++ {
		c := start(t, options{})
		go func() { // the client talks, and may hang up
			for i := range 5 {
				c.conn.SetWriteDeadline(time.Now().Add(soon))
				if _, err := io.WriteString(c.conn, []string{"a", Ping, "b"}[i%3]+"\n"); err != nil {
					return
				}
			}
			if rand.IntN(2) == 0 {
				c.conn.Close()
			}
		}()
		var wg sync.WaitGroup
		var mu sync.Mutex
		early := 0 // Shutdown calls that returned before OnClose had
		for range 5 {
			wg.Go(func() {
				time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond)
				c.s.Shutdown()
				_, closes := c.state()
				if closes != 1 {
					mu.Lock()
					early++
					mu.Unlock()
				}
			})
		}
		if !within(t, clause4, "Shutdown", wg.Wait) ||
			!clause4.Check(t, early == 0, "round %d: %d of five concurrent calls of Shutdown returned before OnClose had", round, early) ||
			!c.mark.Parked(t, clause2, "Shutdown", onceQueue) {
			return
		}
		_, closes := c.state()
		if !clause2.Check(t, closes == 1, "round %d: OnClose returned %d times", round, closes) {
			return
		}
		c.checkAtClose(t)
		if t.Failed() {
			return
		}
	}
}

// TestShutdownFromAnotherGoroutine: Handle, which runs on one of the
// session's goroutines, ends the session the way it may: by calling Shutdown
// from a goroutine of its own.
func TestShutdownFromAnotherGoroutine(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	returned := make(chan struct{})
	c := start(t, options{onHandle: func(c *client, msg string) {
		if msg == "quit" {
			go func() {
				defer close(returned)
				c.s.Shutdown()
			}()
		}
	}})
	if !c.send(t, "hello", "quit") {
		return
	}
	if !c.waitClosed(soon) {
		clause4.Errorf(t, "Handle called Shutdown from a goroutine of its own; OnClose had not run %v later", soon)
		return
	}
	select {
	case <-returned:
	case <-time.After(soon):
		clause4.Errorf(t, "a Shutdown called from a goroutine that Handle started had not returned %v after OnClose", soon)
		return
	}
	c.checkAtClose(t)
	c.shutdown(t)
}

// TestClientHangsUp: the client sends a few lines while Handle is busy with
// the first, and hangs up; every line it sent is handled before OnClose.
func TestClientHangsUp(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	c := start(t, options{readLinger: 20 * time.Millisecond})
	if !c.send(t, "slow") {
		return
	}
	<-c.handling
	go func() {
		time.Sleep(20 * time.Millisecond)
		close(c.release)
	}()
	if !c.send(t, "one", Ping, "two", "last words") {
		return
	}
	c.conn.Close()

	if !c.waitClosed(soon) {
		clause3.Errorf(t, "the client hung up; OnClose had not run %v later", soon)
		return
	}
	handled, _ := c.state()
	clause1.Check(t, slices.Equal(handled, []string{"slow", "one", "two", "last words"}),
		"the client sent slow, one, two and \"last words\" while Handle was busy with slow, and hung up; Handle got %q", handled)
	c.checkAtClose(t)
	c.shutdown(t)
}

func TestReadFails(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	c := start(t, options{failReadsAt: 2, readLinger: 20 * time.Millisecond})
	if !c.send(t, "hello") {
		return
	}
	if !c.waitClosed(soon) {
		clause3.Errorf(t, "the connection failed; OnClose had not run %v later", soon)
		return
	}
	c.checkAtClose(t)
	c.checkHungUp(t)
	c.shutdown(t)
}

func TestHeartbeatTimeout(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	// PINGs come far more often than the timeout requires, so that a loaded
	// machine (-race, two cores) cannot make one late enough to end the session.
	const timeout = 400 * time.Millisecond
	c := start(t, options{timeout: timeout})
	var lastPing time.Time
	for range 11 { // PINGs for longer than the timeout...
		time.Sleep(timeout / 10)
		lastPing = time.Now()
		if !c.sendTo(t, clause3, Ping) {
			return
		}
	}
	// ...then the client goes quiet without hanging up.

	if !c.waitClosed(timeout + soon) {
		clause3.Errorf(t, "the client stopped sending PINGs; OnClose had not run %v later", timeout+soon)
		return
	}
	c.mu.Lock()
	quiet := c.closedAt.Sub(lastPing)
	c.mu.Unlock()
	clause3.Check(t, quiet >= timeout, "the session dropped the client %v after its last PING, with a HeartbeatTimeout of %v", quiet, timeout)
	c.checkAtClose(t)
	c.checkHungUp(t)
	c.shutdown(t)
}

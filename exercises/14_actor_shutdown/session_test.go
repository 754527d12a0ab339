package session

import (
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// These tests run on the real clock, with real deadlines, not in a synctest
// bubble: a loop that calls a Shutdown which waits (as in the seed article)
// blocks on sync.Once's mutex, which synctest does not count as durably
// blocked, so on a fake clock a wrong fix would hang instead of failing.

// client is the far end of a session's connection, plus what the session
// reported back through its Config.
type client struct {
	conn     net.Conn
	s        *Session
	handling chan struct{} // closed when Handle("slow") starts
	release  chan struct{} // Handle("slow") waits until it is closed
	closed   chan struct{} // closed by the first OnClose

	mu        sync.Mutex
	handled   []string
	closes    int
	closedAt  time.Time
	lateReads int // reads of the connection that began after OnClose
}

// watchedConn is the session's end of the connection. It notes a Read that
// begins after OnClose: the read loop was still running then.
type watchedConn struct {
	net.Conn
	c *client
}

func (w watchedConn) Read(p []byte) (int, error) {
	w.c.mu.Lock()
	if w.c.closes > 0 {
		w.c.lateReads++
	}
	w.c.mu.Unlock()
	return w.Conn.Read(p)
}

// start starts a session on one end of a pipe and returns the other end.
func start(t *testing.T, timeout time.Duration) *client {
	t.Helper()
	return startThen(t, timeout, func(*Session) {})
}

// startThen is start, and calls then with the session from the goroutine that
// started it, before that goroutine can block.
func startThen(t *testing.T, timeout time.Duration, then func(*Session)) *client {
	t.Helper()
	server, conn := net.Pipe()
	// Registered with Cleanup, this runs after the test's deferred VerifyNone:
	// a read loop still blocked in Read is reported first, then let go.
	t.Cleanup(func() { conn.Close() })
	c := &client{
		conn:     conn,
		handling: make(chan struct{}),
		release:  make(chan struct{}),
		closed:   make(chan struct{}),
	}
	cfg := Config{
		Handle: func(msg string) {
			if msg == "slow" {
				close(c.handling)
				<-c.release
			}
			c.mu.Lock()
			defer c.mu.Unlock()
			c.handled = append(c.handled, msg)
		},
		OnClose: func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.closes++
			if c.closes == 1 {
				c.closedAt = time.Now()
				close(c.closed)
			}
		},
		HeartbeatTimeout: timeout,
	}
	if !leakcheck.Within(t, time.Second, "Start", func() {
		c.s = Start(watchedConn{server, c}, cfg)
		then(c.s)
	}) {
		t.FailNow()
	}
	return c
}

// send writes lines to the session; each Write returns once the session has read it.
func (c *client) send(t *testing.T, lines ...string) {
	t.Helper()
	for _, line := range lines {
		require.NoError(t, c.conn.SetWriteDeadline(time.Now().Add(time.Second)),
			"the session must not close the connection yet")
		_, err := io.WriteString(c.conn, line+"\n")
		require.NoError(t, err, "the session must read %q from its connection", line)
	}
}

func (c *client) shutdown(t *testing.T) {
	t.Helper()
	leakcheck.Within(t, time.Second, "Shutdown", c.s.Shutdown)
}

func (c *client) waitClosed(t *testing.T, d time.Duration, why string) bool {
	t.Helper()
	return leakcheck.Within(t, d, "waiting for OnClose after "+why, func() { <-c.closed })
}

func (c *client) state() (handled []string, closes int, closedAt time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.handled...), c.closes, c.closedAt
}

// assertHungUp checks that the session closed its end of the connection.
func (c *client) assertHungUp(t *testing.T) {
	t.Helper()
	if err := c.conn.SetReadDeadline(time.Now().Add(time.Second)); errors.Is(err, io.ErrClosedPipe) {
		return // net.Pipe's way of saying that the session has closed its end
	}
	_, err := c.conn.Read(make([]byte, 1))
	assert.ErrorIs(t, err, io.EOF, "once the session has ended its connection must be closed; "+
		"a read loop blocked in Read on an open connection is blocked forever (a goroutine leak)")
}

func TestShutdown(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	c := start(t, time.Minute)
	c.send(t, "hello", Ping, "world")
	require.Eventually(t, func() bool { handled, _, _ := c.state(); return len(handled) == 2 },
		time.Second, time.Millisecond, "Handle must get both messages")
	c.shutdown(t) // long before the heartbeat would time out

	handled, closes, _ := c.state()
	assert.Equal(t, []string{"hello", "world"}, handled, "Handle must get every message, in order, and no PING")
	assert.Equal(t, 1, closes, "OnClose must have run once when Shutdown returns")
	c.assertHungUp(t)
}

func TestShutdownRightAfterStart(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	// An owner that changes its mind at once: the loops may not even have
	// started when Shutdown is called. Shutdown must still wait for them.
	before := goleak.IgnoreCurrent()
	var clients []*client
	for i := range 100 {
		c := startThen(t, time.Minute, (*Session).Shutdown)
		clients = append(clients, c)
		_, closes, _ := c.state()
		if !assert.Equal(t, 1, closes, "session #%d: OnClose must have run once when Shutdown returns", i) {
			break
		}
	}
	// Let any loop that started late run, then ask what it did.
	require.NoError(t, goleak.Find(before), "the sessions' goroutines must all have ended")
	for i, c := range clients {
		c.mu.Lock()
		lateReads := c.lateReads
		c.mu.Unlock()
		if !assert.Zero(t, lateReads, "session #%d: its read loop read from the connection after OnClose had run: "+
			"Shutdown waited for loops that had not been counted yet (call wg.Add before the go statement, not inside the goroutine)", i) {
			break
		}
	}
}

func TestShutdownWaitsForHandle(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	c := start(t, time.Minute)
	c.send(t, "slow") // Handle("slow") runs until c.release is closed
	require.True(t, leakcheck.Within(t, time.Second, `waiting for Handle("slow") to start`, func() { <-c.handling }))

	returned := make(chan struct{})
	go func() {
		defer close(returned)
		c.s.Shutdown()
	}()
	select {
	case <-c.closed:
		t.Error("OnClose ran while the processing loop was still inside Handle: " +
			"the session must wait for every goroutine it started to exit before it calls OnClose")
	case <-returned:
		t.Error("Shutdown returned while the processing loop was still inside Handle")
	case <-time.After(100 * time.Millisecond):
		// Neither came too early.
	}

	close(c.release)
	leakcheck.Within(t, time.Second, "Shutdown", func() { <-returned })
	_, closes, _ := c.state()
	assert.Equal(t, 1, closes, "OnClose must run exactly once")
	c.assertHungUp(t)
}

func TestShutdownConcurrently(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	c := start(t, time.Minute)
	c.send(t, "hello")

	var wg sync.WaitGroup
	for range 5 {
		wg.Go(c.s.Shutdown)
	}
	leakcheck.Within(t, time.Second, "five concurrent calls of Shutdown", wg.Wait)
	c.shutdown(t) // and once more, after the session has ended

	_, closes, _ := c.state()
	assert.Equal(t, 1, closes, "OnClose must run exactly once, however often Shutdown is called")
	c.assertHungUp(t)
}

func TestClientHangsUp(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	c := start(t, time.Minute)
	c.send(t, "last words")
	require.NoError(t, c.conn.Close())

	if c.waitClosed(t, time.Second, "the client hung up") {
		handled, _, _ := c.state()
		assert.Equal(t, []string{"last words"}, handled, "Handle must get every message the client sent, "+
			"and finish with it before OnClose")
	}
	c.shutdown(t) // the owner may still call Shutdown
	_, closes, _ := c.state()
	assert.Equal(t, 1, closes, "OnClose must run exactly once")
}

func TestHeartbeatTimeout(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	// PINGs come far more often than the timeout requires, so that a loaded
	// machine (-race, two cores) cannot make one late enough to end the session.
	const timeout = 400 * time.Millisecond
	c := start(t, timeout)
	var lastPing time.Time
	for range 10 { // PINGs for longer than the timeout...
		time.Sleep(timeout / 8)
		lastPing = time.Now()
		c.send(t, Ping)
	}
	// ...then the client goes quiet without hanging up.

	if c.waitClosed(t, timeout+time.Second, "the client stopped sending PINGs") {
		_, _, closedAt := c.state()
		assert.GreaterOrEqual(t, closedAt.Sub(lastPing), timeout,
			"the session must wait one HeartbeatTimeout after the last PING before it drops the client")
	}
	c.assertHungUp(t)
	c.shutdown(t)
	_, closes, _ := c.state()
	assert.Equal(t, 1, closes, "OnClose must run exactly once")
}

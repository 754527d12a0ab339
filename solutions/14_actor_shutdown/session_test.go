package session

import (
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// Every test runs in a synctest bubble with a net.Pipe made inside it: a
// goroutine blocked in the pipe's Read or Write is durably blocked, so the fake
// clock can jump over heartbeat timeouts, and a goroutine still stuck in Read
// when the test ends is reported as a leak.

// client is the far end of a session's connection, plus what the session
// reported back through its Config.
type client struct {
	conn    net.Conn
	s       *Session
	release chan struct{} // Handle("slow") waits until it is closed
	closed  chan struct{} // closed by the first OnClose

	mu       sync.Mutex
	handled  []string
	closes   int
	closedAt time.Time
}

// start starts a session on one end of a pipe and returns the other end.
func start(t *testing.T, timeout time.Duration) *client {
	t.Helper()
	server, conn := net.Pipe()
	c := &client{conn: conn, release: make(chan struct{}), closed: make(chan struct{})}
	cfg := Config{
		Handle: func(msg string) {
			if msg == "slow" {
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
	if !leakcheck.Within(t, time.Second, "Start", func() { c.s = Start(server, cfg) }) {
		t.FailNow()
	}
	return c
}

// send writes lines to the session; each Write returns once the session has read it.
func (c *client) send(t *testing.T, lines ...string) {
	t.Helper()
	for _, line := range lines {
		require.NoError(t, c.conn.SetWriteDeadline(time.Now().Add(time.Second)))
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

	leakcheck.Bubble(t, func(t *testing.T) {
		c := start(t, time.Minute)
		c.send(t, "hello", Ping, "world")
		synctest.Wait()

		begin := time.Now()
		c.shutdown(t)

		handled, closes, closedAt := c.state()
		assert.Equal(t, []string{"hello", "world"}, handled, "Handle must get every message, in order, and no PING")
		assert.Equal(t, 1, closes, "OnClose must have run once when Shutdown returns")
		assert.Equal(t, begin, closedAt, "Shutdown must end the session at once")
		c.assertHungUp(t)
		// Any goroutine of the session still blocked when this bubble ends is reported as a leak.
	})
}

func TestShutdownWaitsForHandle(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		c := start(t, time.Minute)
		c.send(t, "slow") // Handle("slow") runs until c.release is closed
		synctest.Wait()

		returned := make(chan struct{})
		go func() {
			defer close(returned)
			c.s.Shutdown()
		}()
		synctest.Wait()
		_, closes, _ := c.state()
		assert.Zero(t, closes, "OnClose ran while the processing loop was still inside Handle: "+
			"the session must wait for every goroutine it started to exit before it calls OnClose")
		select {
		case <-returned:
			t.Error("Shutdown returned while the processing loop was still inside Handle")
		default:
		}

		close(c.release)
		leakcheck.Within(t, time.Second, "Shutdown", func() { <-returned })
		_, closes, _ = c.state()
		assert.Equal(t, 1, closes, "OnClose must run exactly once")
		c.assertHungUp(t)
	})
}

func TestShutdownConcurrently(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
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
	})
}

func TestClientHangsUp(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		c := start(t, time.Minute)
		begin := time.Now()
		c.send(t, "last words")
		require.NoError(t, c.conn.Close())

		if c.waitClosed(t, time.Second, "the client hung up") {
			handled, _, closedAt := c.state()
			assert.Equal(t, []string{"last words"}, handled, "Handle must get every message the client sent")
			assert.Equal(t, begin, closedAt, "the session must end as soon as the client hangs up")
		}
		c.shutdown(t) // the owner may still call Shutdown
		_, closes, _ := c.state()
		assert.Equal(t, 1, closes, "OnClose must run exactly once")
	})
}

func TestHeartbeatTimeout(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		const timeout = 30 * time.Second
		c := start(t, timeout)
		begin := time.Now()
		for range 3 { // the client is alive for a minute...
			time.Sleep(20 * time.Second)
			c.send(t, Ping)
		}
		// ...then it goes quiet without hanging up.

		if c.waitClosed(t, time.Hour, "the client stopped sending PINGs") {
			_, _, closedAt := c.state()
			assert.Equal(t, 60*time.Second+timeout, closedAt.Sub(begin),
				"the session must drop the client one HeartbeatTimeout after its last PING, not sooner or later")
		}
		c.assertHungUp(t)
		c.shutdown(t)
		_, closes, _ := c.state()
		assert.Equal(t, 1, closes, "OnClose must run exactly once")
	})
}

package chathub

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// A goroutine stuck on a sync.Mutex is not durably blocked, so synctest cannot
// see a deadlock on one: these tests run on the real clock and guard every call
// into the Hub with a real deadline. When a call deadlocks, the test stops using
// that Hub and VerifyNone lists the stuck goroutines; later tests ignore them
// (goleak.IgnoreCurrent).
const deadline = time.Second

// sink is a peer's socket: it keeps what was written to it. If gate is not nil,
// Write signals entered and waits for gate to be closed.
type sink struct {
	gate    chan struct{}
	entered chan struct{}

	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *sink) Write(p []byte) (int, error) {
	if s.gate != nil {
		s.entered <- struct{}{}
		<-s.gate
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *sink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// call runs f with a real deadline and reports whether it returned.
func call(t *testing.T, what string, f func()) bool {
	t.Helper()
	return leakcheck.Within(t, deadline, "deadlock: "+what, f)
}

// join opens n connections, each with a message queued.
func join(t *testing.T, h *Hub, n int) ([]*Conn, []*sink) {
	t.Helper()
	conns, sinks := make([]*Conn, n), make([]*sink, n)
	for i := range n {
		sinks[i] = &sink{}
		var c *Conn
		var err error
		if !call(t, "Join", func() { c, err = h.Join(fmt.Sprint("user-", i), sinks[i]) }) {
			t.FailNow() // h is locked for good
		}
		require.NoError(t, err)
		require.NoError(t, c.Send([]byte("welcome "+c.ID)))
		conns[i] = c
	}
	return conns, sinks
}

// assertClosed checks that every connection is closed: its queue written and
// its writer gone (goleak reports a writer that is still running).
func assertClosed(t *testing.T, conns []*Conn, sinks []*sink) {
	t.Helper()
	for i, c := range conns {
		if err := c.Send([]byte("bye")); !errors.Is(err, ErrClosed) {
			t.Errorf("goroutine leak: connection %s is still open after CloseAll returned (Send: %v); its writer goroutine lives on", c.ID, err)
			continue
		}
		assert.Equal(t, "welcome "+c.ID, sinks[i].String(), "%s's queued message is written before it closes", c.ID)
	}
}

func TestCloseAll(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	h := New()
	conns, sinks := join(t, h, 6)
	if !call(t, "CloseAll", h.CloseAll) {
		return // h is locked for good
	}
	assertClosed(t, conns, sinks)
	var n int
	if call(t, "Len", func() { n = h.Len() }) {
		assert.Zero(t, n, "CloseAll leaves the Hub empty")
	}
}

func TestPeerHangsUp(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	h := New()
	conns, sinks := join(t, h, 3)
	if !call(t, "Close by the peer", conns[1].Close) {
		return
	}
	var n int
	if call(t, "Len", func() { n = h.Len() }) {
		assert.Equal(t, 2, n, "a connection closed by its peer leaves the Hub")
	}
	if !call(t, "CloseAll", h.CloseAll) {
		return
	}
	assertClosed(t, conns, sinks)
}

func TestHubServesWhileClosing(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	h := New()
	conns, sinks := join(t, h, 4)
	slow := &sink{gate: make(chan struct{}), entered: make(chan struct{}, 1)}
	var last *Conn
	var err error
	if !call(t, "Join", func() { last, err = h.Join("slow", slow) }) {
		return // h is locked for good
	}
	require.NoError(t, err)
	conns, sinks = append(conns, last), append(sinks, slow)
	require.NoError(t, last.Send([]byte("welcome slow")))
	require.True(t, leakcheck.Within(t, deadline, "the slow peer's write to start", func() { <-slow.entered }))

	closed := make(chan struct{})
	go func() {
		defer close(closed)
		h.CloseAll()
	}()
	// Newcomers that join before CloseAll begins are closed by it with the rest;
	// once it has begun they are refused. Either way the Hub answers at once,
	// even while CloseAll waits for "slow" to finish writing.
	var joinErr error
	for i := 0; joinErr == nil; i++ {
		if i == 500 {
			t.Fatal("Join still accepts newcomers 500 ms after CloseAll began")
		}
		s := &sink{}
		var c *Conn
		if !call(t, "Join while the Hub is closing", func() { c, joinErr = h.Join(fmt.Sprint("late-", i), s) }) {
			close(slow.gate)
			return // h is locked for as long as "slow" takes, which is forever
		}
		if joinErr == nil {
			require.NoError(t, c.Send([]byte("welcome "+c.ID)))
			conns, sinks = append(conns, c), append(sinks, s)
			time.Sleep(time.Millisecond)
		}
	}
	assert.ErrorIs(t, joinErr, ErrClosed, "Join after CloseAll began is refused")
	if !call(t, "Len while a connection is closing", func() { h.Len() }) ||
		!call(t, "a peer hanging up while CloseAll runs", conns[1].Close) {
		close(slow.gate)
		return
	}

	close(slow.gate)
	if !leakcheck.Within(t, deadline, "CloseAll once the slow peer has written", func() { <-closed }) {
		return
	}
	assertClosed(t, conns, sinks)
}

package chathub

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

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
// Write signals entered and waits for gate to be closed: a peer that takes its
// time to read.
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

// slowSink is a sink whose first write waits until release is called.
func slowSink() (s *sink, release func()) {
	s = &sink{gate: make(chan struct{}), entered: make(chan struct{}, 1)}
	return s, sync.OnceFunc(func() { close(s.gate) })
}

// within calls f and reports whether it returned within d; a call that does
// not is left blocked, for VerifyNone to report.
func within(d time.Duration, f func()) bool {
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
		return false
	}
}

// safely calls f and returns what it panicked with, if anything.
func safely(f func()) (panicked any) {
	defer func() { panicked = recover() }()
	f()
	return nil
}

// closeAll calls h.CloseAll with a deadline, and reports whether it returned
// without panicking.
func closeAll(t *testing.T, h *Hub) bool {
	t.Helper()
	var panicked any
	if !within(deadline, func() { panicked = safely(h.CloseAll) }) {
		clause1.Errorf(t, "CloseAll had not returned %v later", deadline)
		return false
	}
	return clause1.Check(t, panicked == nil, "CloseAll panicked: %v", panicked)
}

// join opens n connections, each with a message queued, and reports whether
// every Join returned.
func join(t *testing.T, h *Hub, n int) ([]*Conn, []*sink, bool) {
	t.Helper()
	conns, sinks := make([]*Conn, n), make([]*sink, n)
	for i := range n {
		sinks[i] = &sink{}
		var c *Conn
		var err error
		if !within(deadline, func() { c, err = h.Join(fmt.Sprint("user-", i), sinks[i]) }) {
			clause3.Errorf(t, "Join had not returned %v later", deadline)
			return nil, nil, false
		}
		if !clause2.NoError(t, err, "Join before CloseAll") {
			return nil, nil, false
		}
		if !clause4.NoError(t, c.Send([]byte("welcome "+c.ID)), "Send on an open connection") {
			return nil, nil, false
		}
		conns[i] = c
	}
	return conns, sinks, true
}

// checkClosed checks that every connection is closed: Send refused, and its
// queued message written to its peer.
func checkClosed(t *testing.T, conns []*Conn, sinks []*sink) bool {
	t.Helper()
	ok := true
	for i, c := range conns {
		var err error
		if !within(deadline, func() { err = c.Send([]byte("bye")) }) {
			clause1.Errorf(t, "Send on connection %s after CloseAll returned had not returned %v later", c.ID, deadline)
			return false
		}
		if !errors.Is(err, ErrClosed) {
			clause1.Errorf(t, "connection %s was still open when CloseAll returned: Send returned %v", c.ID, err)
			ok = false
			continue
		}
		ok = clause1.Equal(t, "welcome "+c.ID, sinks[i].String(), "what peer %s had received when CloseAll returned", c.ID) && ok
	}
	return ok
}

func TestCloseAll(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	h := New()
	conns, sinks, ok := join(t, h, 6)
	if !ok {
		return
	}
	if !closeAll(t, h) {
		return
	}
	checkClosed(t, conns, sinks)
	var n int
	if !within(deadline, func() { n = h.Len() }) {
		clause3.Fatalf(t, "Len after CloseAll had not returned %v later", deadline)
	}
	clause1.Equal(t, 0, n, "Len after CloseAll returned")

	var err error
	if !within(deadline, func() { _, err = h.Join("late", &sink{}) }) {
		clause2.Fatalf(t, "Join after CloseAll had not returned %v later", deadline)
	}
	clause2.ErrorIs(t, err, ErrClosed, "Join after CloseAll")
	var panicked any
	if !within(deadline, func() { panicked = safely(h.CloseAll) }) {
		clause1.Fatalf(t, "a second CloseAll had not returned %v later", deadline)
	}
	clause1.Check(t, panicked == nil, "a second CloseAll panicked: %v", panicked)
}

func TestPeerHangsUp(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	h := New()
	conns, sinks, ok := join(t, h, 3)
	if !ok {
		return
	}
	if !within(deadline, conns[1].Close) {
		clause4.Fatalf(t, "Close by the peer had not returned %v later", deadline)
	}
	clause4.ErrorIs(t, conns[1].Send([]byte("bye")), ErrClosed, "Send after Close")
	clause4.Equal(t, "welcome user-1", sinks[1].String(), "what peer %s had received when its Close returned", "user-1")
	var n int
	if !within(deadline, func() { n = h.Len() }) {
		clause3.Fatalf(t, "Len had not returned %v later", deadline)
	}
	clause4.Equal(t, 2, n, "Len after one of 3 connections was closed by its peer")
	var panicked any
	if !within(deadline, func() { panicked = safely(conns[1].Close) }) {
		clause4.Fatalf(t, "a second Close had not returned %v later", deadline)
	}
	clause4.Check(t, panicked == nil, "a second Close panicked: %v", panicked)

	if !closeAll(t, h) {
		return
	}
	checkClosed(t, conns, sinks)
}

// TestCloseWaitsForTheWriter closes a connection (by its peer, by the Hub,
// or by both at once) while the peer takes its time to read: every Close and
// TestCloseWaitsForAnHourLongWrite closes a connection, by its peer or by the
// Hub, while the peer takes an hour of fake time to read what was queued:
// Close and CloseAll return the instant it is written, however long that takes.
func TestCloseWaitsForAnHourLongWrite(t *testing.T) {
	for _, by := range []string{"Close", "CloseAll"} {
		t.Run(by, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				h := New()
				slow, release := slowSink()
				defer release()
				var c *Conn
				var err error
				if !within(deadline, func() { c, err = h.Join("slow", slow) }) || !clause2.NoError(t, err, "Join before CloseAll") {
					return
				}
				clause4.NoError(t, c.Send([]byte("welcome slow")), "Send on an open connection")
				if !within(deadline, func() { <-slow.entered }) {
					clause4.Fatalf(t, "the slow peer's writer had not begun its write %v after Send", deadline)
				}
				time.AfterFunc(time.Hour, release) // the peer reads for an hour
				m := leakcheck.Now()
				begin := time.Now()
				f := c.Close
				if by == "CloseAll" {
					f = h.CloseAll
				}
				if !within(2*time.Hour, f) {
					clause4.Fatalf(t, "%s, with the peer reading its queued message for an hour, had not returned %v later", by, 2*time.Hour)
				}
				clause4.Equal(t, time.Hour, time.Since(begin), "fake time %s took, with the peer reading its queued message for an hour", by)
				clause4.Equal(t, "welcome slow", slow.String(), "what the slow peer had received when its Close returned")
				m.Stopped(t, clause4, by)
			})
		})
	}
}

// CloseAll returns only once what was queued is written.
func TestCloseWaitsForTheWriter(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	for _, by := range []string{"peer", "Hub", "peer and Hub at once"} {
		h := New()
		conns, sinks, ok := join(t, h, 3)
		if !ok {
			return
		}
		slow, release := slowSink()
		var c *Conn
		var err error
		if !within(deadline, func() { c, err = h.Join("slow", slow) }) || !clause2.NoError(t, err, "Join before CloseAll") {
			release()
			return
		}
		clause4.NoError(t, c.Send([]byte("welcome slow")), "Send on an open connection")
		if !within(deadline, func() { <-slow.entered }) {
			release()
			clause4.Fatalf(t, "the slow peer's writer had not begun its write %v after Send", deadline)
		}
		conns, sinks = append(conns, c), append(sinks, slow)

		type call struct {
			name string
			f    func()
		}
		type result struct {
			name     string
			panicked any
		}
		var calls []call
		if by != "Hub" {
			calls = append(calls, call{"Close", c.Close})
		}
		if by != "peer" {
			calls = append(calls, call{"CloseAll", h.CloseAll})
		}
		returned := make(chan result, len(calls))
		for _, x := range calls {
			go func() { returned <- result{x.name, safely(x.f)} }()
			time.Sleep(time.Millisecond)
		}
		select {
		case r := <-returned:
			clause4.Errorf(t, "%s returned while the slow peer's queued message was still being written", r.name)
			returned <- r
		case <-time.After(50 * time.Millisecond):
		}
		release()
		for range calls {
			select {
			case r := <-returned:
				clause4.Check(t, r.panicked == nil, "%s panicked: %v", r.name, r.panicked)
			case <-time.After(deadline):
				clause4.Fatalf(t, "Close or CloseAll had not returned %v after the slow peer read its message", deadline)
			}
		}
		clause4.Equal(t, "welcome slow", slow.String(), "what the slow peer had received when its Close returned")
		if by == "peer" {
			closeAll(t, h)
		}
		checkClosed(t, conns, sinks)
	}
}

func TestHubServesWhileClosing(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	h := New()
	conns, sinks, ok := join(t, h, 4)
	if !ok {
		return
	}
	slow, release := slowSink()
	defer release()
	var last *Conn
	var err error
	if !within(deadline, func() { last, err = h.Join("slow", slow) }) {
		clause3.Fatalf(t, "Join had not returned %v later", deadline)
	}
	if !clause2.NoError(t, err, "Join before CloseAll") {
		return
	}
	conns, sinks = append(conns, last), append(sinks, slow)
	clause4.NoError(t, last.Send([]byte("welcome slow")), "Send on an open connection")
	if !within(deadline, func() { <-slow.entered }) {
		clause4.Fatalf(t, "the slow peer's writer had not begun its write %v after Send", deadline)
	}

	closed := make(chan struct{})
	var panicked any
	go func() {
		defer close(closed)
		panicked = safely(h.CloseAll)
	}()
	// Newcomers that join before CloseAll begins are closed by it with the rest;
	// once it has begun they are refused. Either way the Hub answers at once,
	// even while CloseAll waits for "slow" to finish writing.
	var joinErr error
	for i := 0; joinErr == nil; i++ {
		if i == 500 {
			clause2.Fatalf(t, "Join still accepted newcomers %v after CloseAll began", 500*time.Millisecond)
		}
		s := &sink{}
		var c *Conn
		if !within(deadline, func() { c, joinErr = h.Join(fmt.Sprint("late-", i), s) }) {
			clause3.Fatalf(t, "Join, while CloseAll waited for a slow peer, had not returned %v later", deadline)
		}
		if joinErr == nil {
			// CloseAll has begun: it may close a newcomer at any moment (one
			// that closes connections side by side, at once).
			if err := c.Send([]byte("welcome " + c.ID)); err != nil {
				clause4.ErrorIs(t, err, ErrClosed, "Send on a connection that joined as CloseAll began")
			} else {
				conns, sinks = append(conns, c), append(sinks, s)
			}
			time.Sleep(time.Millisecond)
		}
	}
	clause2.ErrorIs(t, joinErr, ErrClosed, "Join after CloseAll began")
	if !within(deadline, func() { h.Len() }) {
		clause3.Fatalf(t, "Len, while CloseAll waited for a slow peer, had not returned %v later", deadline)
	}
	if !within(deadline, conns[1].Close) {
		clause3.Fatalf(t, "a peer's Close, while CloseAll waited for a slow peer, had not returned %v later", deadline)
	}

	release()
	if !within(deadline, func() { <-closed }) {
		clause1.Fatalf(t, "CloseAll had not returned %v after the slow peer read its message", deadline)
	}
	clause1.Check(t, panicked == nil, "CloseAll panicked: %v", panicked)
	checkClosed(t, conns, sinks)
}

// TestClosingRaces has peers hang up, newcomers join, messages go out and two
// CloseAll calls run, all at once, many rounds: every call comes back, and
// when each CloseAll returns every connection it could have seen is closed.
func TestClosingRaces(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	// As many rounds as fit in half a second, at most 200.
	for round, end := 0, time.Now().Add(500*time.Millisecond); round < 200 && time.Now().Before(end); round++ {
		h := New()
		conns, sinks, ok := join(t, h, 8)
		if !ok {
			return
		}
		var mu sync.Mutex
		joined := map[*Conn]*sink{}
		var open [2][]string // connections still open when each CloseAll returned
		var panicked [3]any  // what each peer's Close panicked with
		closeAll := func(i int) func() {
			return func() {
				if p := safely(h.CloseAll); p != nil {
					open[i] = append(open[i], fmt.Sprint("(CloseAll panicked: ", p, ")"))
					return
				}
				for k, c := range conns {
					if !errors.Is(c.Send([]byte("after")), ErrClosed) {
						open[i] = append(open[i], conns[k].ID)
					}
				}
			}
		}
		calls := map[string]func(){
			"CloseAll":        closeAll(0),
			"CloseAll 2":      closeAll(1),
			"Close of user-0": func() { panicked[0] = safely(conns[0].Close) },
			"Close of user-5": func() { panicked[1] = safely(conns[5].Close) },
			"Close of user-7": func() { panicked[2] = safely(conns[7].Close) },
			"Len":             func() { h.Len() },
			"Send":            func() { conns[3].Send([]byte("late news")) },
			"Join": func() {
				s := &sink{}
				if c, err := h.Join("newcomer", s); err == nil {
					mu.Lock()
					joined[c] = s
					mu.Unlock()
				}
			},
		}
		if !leakcheck.Concurrently(t, clause3, 5*time.Second, calls) {
			return
		}
		for _, p := range panicked {
			if !clause4.Check(t, p == nil, "a peer's Close, while CloseAll ran, panicked: %v", p) {
				return
			}
		}
		for i := range open {
			if !clause1.Check(t, len(open[i]) == 0, "when a CloseAll returned, with another CloseAll and peers closing at the same time, these connections were still open: %v", open[i]) {
				return
			}
		}
		for c := range joined {
			if !clause2.ErrorIs(t, c.Send([]byte("after")), ErrClosed, "Send on a connection that joined while CloseAll ran, once CloseAll returned") {
				return
			}
		}
		var n int
		if !within(deadline, func() { n = h.Len() }) {
			clause3.Fatalf(t, "Len had not returned %v later", deadline)
		}
		if !clause1.Equal(t, 0, n, "Len after CloseAll returned") {
			return
		}
		for i, s := range sinks {
			if !clause1.Check(t, bytes.HasPrefix([]byte(s.String()), []byte("welcome "+conns[i].ID)),
				"what peer %s had received when CloseAll returned: %q", conns[i].ID, s.String()) {
				return
			}
		}
	}
}

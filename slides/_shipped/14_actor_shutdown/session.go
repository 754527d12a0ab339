// Exercise 14: the read loop nobody woke up.
//
// A Session serves one client connection with three goroutines: a read loop
// that splits the stream into lines, a processing loop that hands each message
// to the application, and a heartbeat that drops the client once its PINGs
// stop. The session ends when its owner calls Shutdown, when the client hangs
// up, or when the heartbeat times out; then OnClose tells the owner that it can
// forget the session.
//
// Goal: However a session ends, every goroutine it started has exited before
// OnClose runs, once, and Shutdown returns only after it.
//
//  1. Handle gets, one at a time and in order, every message line the client
//     sent before it hung up, and no PING.
//  2. However the session ends, when OnClose runs its loops have all returned
//     (none is still reading, handling or waiting) and its connection is
//     closed; OnClose runs exactly once.
//  3. The session ends by itself, without a Shutdown, when the client hangs up,
//     when the connection fails, and when no PING has come for
//     HeartbeatTimeout, not before.
//  4. Shutdown returns only once OnClose has returned, and may be called any
//     number of times, concurrently and at any moment, from any goroutine but
//     the session's own (Handle and OnClose, which it waits for).
//
// The tests name the clause they find broken.
//
//	go test ./exercises/14_actor_shutdown/
package session

import (
	"bufio"
	"net"
	"sync"
	"time"
)

// Ping is the line a client sends to show that it is alive. It is not passed
// to Handle.
const Ping = "PING"

// Config says what a Session does with its client.
type Config struct {
	// Handle is called with each message line, one at a time, in order, on
	// one of the session's goroutines. It must not call Shutdown, which
	// waits for it; to end the session, call Shutdown from a goroutine of
	// its own.
	Handle func(msg string)
	// OnClose is called once the session has ended, on one of its
	// goroutines; it must not call Shutdown either.
	OnClose func()
	// HeartbeatTimeout is how long the session waits for the next PING
	// before it drops the client.
	HeartbeatTimeout time.Duration
}

// Session is the server side of one client connection.
type Session struct {
	conn  net.Conn
	cfg   Config
	msgs  chan string   // read loop -> processing loop
	beats chan struct{} // read loop -> heartbeat
	done  chan struct{} // closed by Shutdown, never sent on
	once  sync.Once
}

// Start serves conn until the session ends. The session owns conn.
func Start(conn net.Conn, cfg Config) *Session {
	s := &Session{
		conn:  conn,
		cfg:   cfg,
		msgs:  make(chan string),
		beats: make(chan struct{}, 1),
		done:  make(chan struct{}),
	}
	go s.readLoop()
	go s.processLoop()
	go s.heartbeat()
	return s
}

// Shutdown ends the session. It is safe to call more than once.
func (s *Session) Shutdown() {
	s.once.Do(func() {
		close(s.done) // every loop checks done
		s.cfg.OnClose()
	})
}

// readLoop reads the client's lines. It ends the session when the client
// hangs up.
func (s *Session) readLoop() {
	defer s.Shutdown()
	sc := bufio.NewScanner(s.conn)
	for {
		select {
		case <-s.done:
			return
		default:
		}
		if !sc.Scan() {
			return // the client hung up
		}
		if sc.Text() == Ping {
			select {
			case s.beats <- struct{}{}:
			default: // a beat is already pending; one is enough
			}
			continue
		}
		select {
		case s.msgs <- sc.Text():
		case <-s.done:
			return
		}
	}
}

// processLoop hands the messages to Handle, one at a time.
func (s *Session) processLoop() {
	defer s.Shutdown()
	for {
		select {
		case msg := <-s.msgs:
			s.cfg.Handle(msg)
		case <-s.done:
			return
		}
	}
}

// heartbeat ends the session when no PING arrived for HeartbeatTimeout.
func (s *Session) heartbeat() {
	defer s.Shutdown()
	timer := time.NewTimer(s.cfg.HeartbeatTimeout)
	defer timer.Stop()
	for {
		select {
		case <-s.beats:
			timer.Reset(s.cfg.HeartbeatTimeout)
		case <-timer.C:
			return // the client went quiet
		case <-s.done:
			return
		}
	}
}

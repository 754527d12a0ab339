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
	conn   net.Conn
	cfg    Config
	msgs   chan string   // read loop -> processing loop
	beats  chan struct{} // read loop -> heartbeat
	done   chan struct{} // closed by stop, never sent on
	closed chan struct{} // closed after OnClose has returned
	once   sync.Once
	wg     sync.WaitGroup
}

// Start serves conn until the session ends. The session owns conn.
//
// The three loops are counted before they start, and the session ends in one
// place: the goroutine that waits for all of them and only then calls OnClose.
// Whichever loop returns first, for whatever reason, stops the others.
func Start(conn net.Conn, cfg Config) *Session {
	s := &Session{
		conn:   conn,
		cfg:    cfg,
		msgs:   make(chan string),
		beats:  make(chan struct{}, 1),
		done:   make(chan struct{}),
		closed: make(chan struct{}),
	}
	s.wg.Add(3)
	go s.run(s.readLoop)
	go s.run(s.processLoop)
	go s.run(s.heartbeat)
	go func() {
		s.wg.Wait()
		s.cfg.OnClose()
		close(s.closed)
	}()
	return s
}

// Shutdown ends the session and returns once OnClose has run. It is safe to
// call more than once, concurrently, from any goroutine but the session's own
// (Handle and OnClose run on those, and Shutdown waits for them).
//
// Unlike the seed's Shutdown, which does everything inside sync.Once, only
// stop is done once: the wait is on a channel that the closing goroutine
// closes, so no caller waits while holding the Once's lock, and a loop that
// ends never waits for the others (or for itself).
func (s *Session) Shutdown() {
	s.stop()
	<-s.closed
}

// run runs one loop of the session and stops the whole session when it returns.
func (s *Session) run(loop func()) {
	defer s.wg.Done()
	defer s.stop()
	loop()
}

// stop tells every loop to return. Closing done wakes the loops that wait in a
// select; only closing the connection wakes the read loop, which is blocked in
// Read and never sees done.
func (s *Session) stop() {
	s.once.Do(func() {
		s.conn.Close()
		close(s.done)
	})
}

// readLoop reads the client's lines until the connection fails or is closed.
func (s *Session) readLoop() {
	sc := bufio.NewScanner(s.conn)
	for sc.Scan() {
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
	for {
		select {
		case msg := <-s.msgs:
			s.cfg.Handle(msg)
		case <-s.done:
			return
		}
	}
}

// heartbeat returns when no PING arrived for HeartbeatTimeout.
func (s *Session) heartbeat() {
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

// Exercise 32: the buffer everyone wrote to.
//
// Logger is an audit log. Request handlers call Log from many goroutines at
// once; every line goes, numbered, through a bufio.Writer to a destination (a
// file, or a connection to a log collector), and a flush every FlushEvery
// pushes out what waits in the buffer. A bufio.Writer is not safe for
// concurrent use, and a write to a connection can take seconds.
//
// Goal: One goroutine owns the writer: Log hands it lines without ever waiting
// for the destination, every accepted line arrives numbered and in order, and
// Close ends the owner once everything is written.
//
//  1. When Close returns, every line Log accepted (it returned nil) has been
//     written to the destination and flushed, and nothing the Logger started is
//     still running, whatever the destination does (fast, slow, stuck until it
//     comes back, failing); Close returns the destination's first write error,
//     and the same on every later call.
//  2. Log never waits for the destination: while a write or a flush is slow or
//     stuck, Log returns at once, accepting at least Queue lines and then
//     refusing the next ones with ErrFull.
//  3. Every accepted line reaches the destination whole and numbered in the
//     order Log accepted it (1, 2, 3... without gaps or repeats, each caller's
//     lines in its order), within FlushEvery of Log returning, however quiet
//     the Logger is afterwards.
//  4. Log and Close may be called from any number of goroutines at once, also
//     racing each other, without a data race or a panic: a Log racing Close
//     either returns nil and its line is written by the time Close returns, or
//     returns ErrClosed (or ErrFull) and writes nothing; Log after Close
//     returns ErrClosed.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/32_shared_buffer/
package auditlog

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// ErrClosed is what Log returns once Close has been called.
var ErrClosed = errors.New("auditlog: closed")

// ErrFull is what Log returns when Queue lines already wait for a destination
// that is slow or stuck: the line is not logged, and the caller goes on.
var ErrFull = errors.New("auditlog: queue full")

// Config configures a Logger.
type Config struct {
	FlushEvery time.Duration // a logged line reaches the destination within this
	Queue      int           // lines that may wait for a busy destination
}

// Logger writes numbered lines to a destination. It is safe for concurrent
// use: one goroutine, the owner, touches the bufio.Writer and the line
// numbers; Log only hands it lines.
type Logger struct {
	lines chan string // to the owner; Close closes it
	err   error       // the first write error, set by the owner before it returns

	mu     sync.RWMutex // Log sends under RLock; Close closes lines under Lock
	closed bool

	owner sync.WaitGroup
}

// New starts a Logger that writes to dst. Close ends it and waits for it.
func New(dst io.Writer, cfg Config) *Logger {
	l := &Logger{lines: make(chan string, cfg.Queue)}
	// The owner lives until Close closes lines, and Close waits for it.
	l.owner.Go(func() { l.err = own(bufio.NewWriter(dst), l.lines, cfg.FlushEvery) })
	return l
}

// own is the only goroutine that touches w and the line numbers. It writes
// the lines it receives, flushes every interval, and once lines is closed and
// drained flushes the rest and returns the first write error.
func own(w *bufio.Writer, lines <-chan string, interval time.Duration) error {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	seq := 0
	for {
		select {
		case msg, ok := <-lines:
			if !ok {
				return w.Flush()
			}
			seq++
			fmt.Fprintf(w, "%d %s\n", seq, msg)
		case <-tick.C:
			w.Flush() // a write error sticks to w: the last Flush returns it
		}
	}
}

// Log hands msg (a line without its newline) to the owner, which numbers and
// writes it. It never waits for the destination: when Queue lines are already
// waiting it returns ErrFull.
func (l *Logger) Log(msg string) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		return ErrClosed
	}
	select {
	case l.lines <- msg: // never blocks, so holding the read lock here is brief
		return nil
	default:
		return ErrFull
	}
}

// Close lets the owner write out every line Log accepted, and returns once it
// has, with the first error writing to the destination. Log returns ErrClosed
// from then on. Close may be called again, from any goroutine, and returns
// the same error.
func (l *Logger) Close() error {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.lines)
	}
	l.mu.Unlock()
	l.owner.Wait()
	return l.err
}

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
// use.
type Logger struct {
	w *bufio.Writer

	mu     sync.Mutex // guards seq and closed
	seq    int        // the number of the last line
	closed bool
}

// New starts a Logger that writes to dst. Close it when done.
func New(dst io.Writer, cfg Config) *Logger {
	l := &Logger{w: bufio.NewWriter(dst)}
	go l.flushEvery(cfg.FlushEvery)
	return l
}

// flushEvery pushes out the buffered lines every interval, so that none waits
// longer than that for the next line to fill the buffer.
func (l *Logger) flushEvery(interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for range tick.C {
		l.w.Flush()
	}
}

// Log numbers msg (a line without its newline) and writes it.
func (l *Logger) Log(msg string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrClosed
	}
	l.seq++
	fmt.Fprintf(l.w, "%d %s\n", l.seq, msg)
	return nil
}

// Close writes out what is buffered and returns the first error writing to
// the destination. Log returns ErrClosed from then on.
func (l *Logger) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	return l.w.Flush()
}

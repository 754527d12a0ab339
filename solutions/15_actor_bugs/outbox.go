// Exercise 15: the Outbox that finished too early.
//
// An Outbox pushes notifications to one subscriber's connection. Notify only
// queues a message; a writer goroutine takes it from the queue and writes it,
// so that a slow subscriber (a TCP Write can block) never blocks the caller.
// Shutdown writes what is still queued and closes the connection.
//
// Goal: When Shutdown returns, every message Notify accepted has been written
// (unless the connection failed) and the connection is closed; Notify
// afterwards returns an error instead of panicking or blocking, and a
// subscriber that stops reading holds nothing for long.
//
//  1. Every message Notify accepted (returned nil for) is written, in order,
//     one line each, before Shutdown returns, unless the connection failed
//     first; Notify waits for room rather than drop a message.
//  2. When Shutdown returns, the writer goroutine has returned and the
//     connection is closed.
//  3. Once Shutdown has been called or the connection has failed, Notify
//     returns at once an error that wraps net.ErrClosed; it never panics, nor
//     recovers from a panic.
//  4. A write that the subscriber has not taken within 5s fails the connection,
//     so a subscriber that stops reading holds neither Shutdown nor a Notify
//     waiting for room for longer than that.
//  5. Shutdown may be called any number of times, concurrently, from any
//     goroutine; each call returns once the Outbox is shut down.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/15_actor_bugs/
package outbox

import (
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// ErrClosed is returned by Notify once the Outbox is shut down or its
// connection has failed.
var ErrClosed = fmt.Errorf("outbox: %w", net.ErrClosed)

// writeTimeout is how long a write may wait for the subscriber: a subscriber
// that takes nothing for that long is gone, whether or not it hung up.
const writeTimeout = 5 * time.Second

// Outbox queues notifications for one subscriber.
type Outbox struct {
	conn  net.Conn
	queue chan string   // never closed: Notify may send at any time
	done  chan struct{} // closed by stop, never sent on
	once  sync.Once
	wg    sync.WaitGroup // the writer

	mu      sync.Mutex
	stopped bool           // done is closed, or about to be
	senders sync.WaitGroup // Notify calls that may still put a message in the queue
}

// Open starts writing to conn. The Outbox owns conn.
func Open(conn net.Conn) *Outbox {
	o := &Outbox{
		conn:  conn,
		queue: make(chan string, 64),
		done:  make(chan struct{}),
	}
	// Add before go: a Shutdown right after Open must find the writer counted,
	// even if it has not started running yet.
	o.wg.Add(1)
	go func() {
		defer o.wg.Done()
		defer conn.Close()
		o.writeLoop()
	}()
	return o
}

// Notify queues msg for the subscriber, waiting for room in the queue if need
// be. It returns nil only for a message the writer will write (unless the
// connection fails first), and ErrClosed once the Outbox is shut down or the
// connection has failed.
func (o *Outbox) Notify(msg string) error {
	if !o.enter() {
		return ErrClosed
	}
	defer o.senders.Done()
	select {
	case o.queue <- msg:
		return nil
	case <-o.done:
		return ErrClosed
	}
}

// enter counts a Notify that may put a message in the queue, unless the
// Outbox is stopped: the writer's last look at the queue waits for the calls
// counted, so that no message they queue is left behind.
func (o *Outbox) enter() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.stopped {
		return false
	}
	o.senders.Add(1)
	return true
}

// Shutdown writes what Notify has accepted, closes the connection and
// returns. It is safe to call more than once, concurrently, from any
// goroutine. A subscriber that stops reading holds it for writeTimeout at
// most: the write it does not take fails, and what is left is dropped.
func (o *Outbox) Shutdown() {
	o.stop()
	o.wg.Wait()
}

// stop makes Notify fail from now on and tells the writer to finish. The
// queue stays open: closing a channel that others still send on makes them
// panic.
func (o *Outbox) stop() {
	o.once.Do(func() {
		o.mu.Lock()
		o.stopped = true
		o.mu.Unlock()
		close(o.done)
	})
}

// writeLoop writes the queued messages until stop, then what is left. A
// failed write ends the Outbox.
func (o *Outbox) writeLoop() {
	for {
		select {
		case msg := <-o.queue:
			if err := o.write(msg); err != nil {
				o.stop() // the subscriber is gone: Notify fails from now on
				return
			}
		case <-o.done:
			o.senders.Wait() // every Notify in flight has queued its message or given up
			o.flush()
			return
		}
	}
}

// flush writes the messages still in the queue.
func (o *Outbox) flush() {
	for {
		select {
		case msg := <-o.queue:
			if err := o.write(msg); err != nil {
				return
			}
		default:
			return
		}
	}
}

// write writes one line, giving the subscriber writeTimeout to take it.
func (o *Outbox) write(msg string) error {
	o.conn.SetWriteDeadline(time.Now().Add(writeTimeout))
	_, err := io.WriteString(o.conn, msg+"\n")
	return err
}

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
	"io"
	"net"
	"sync"
)

// Outbox queues notifications for one subscriber.
type Outbox struct {
	conn  net.Conn
	queue chan string
	once  sync.Once
	wg    sync.WaitGroup
}

// Open starts writing to conn. The Outbox owns conn.
func Open(conn net.Conn) *Outbox {
	o := &Outbox{conn: conn, queue: make(chan string, 64)}
	go o.writeLoop()
	return o
}

// Notify queues msg for the subscriber.
func (o *Outbox) Notify(msg string) error {
	o.queue <- msg
	return nil
}

// Shutdown writes what is still queued, closes the connection and returns.
// It is safe to call more than once.
func (o *Outbox) Shutdown() {
	o.once.Do(func() {
		close(o.queue) // writeLoop writes what is left, then returns
	})
	o.wg.Wait()
}

// writeLoop writes the queued messages, one line each.
func (o *Outbox) writeLoop() {
	o.wg.Add(1)
	defer o.wg.Done()
	defer o.conn.Close()
	for msg := range o.queue {
		if _, err := io.WriteString(o.conn, msg+"\n"); err != nil {
			return // the subscriber is gone
		}
	}
}

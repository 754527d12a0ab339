// Exercise 15: the Outbox that finished too early.
//
// An Outbox pushes notifications to one subscriber's connection. Notify only
// queues a message; a writer goroutine takes it from the queue and writes it,
// so that a slow subscriber (a TCP Write can block) never blocks the caller.
// Shutdown writes what is still queued and closes the connection.
//
// Goal: when Shutdown returns, every message queued before it was called has
// been written and the connection is closed. Notify after Shutdown, or after
// the connection failed, returns an error that wraps net.ErrClosed: it never
// panics (nor recovers from one) and never blocks forever. Shutdown may be called more than once, from
// any goroutine.
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

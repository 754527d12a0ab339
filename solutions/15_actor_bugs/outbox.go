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
	"fmt"
	"io"
	"net"
	"sync"
)

// ErrClosed is returned by Notify once the Outbox is shut down or its
// connection has failed.
var ErrClosed = fmt.Errorf("outbox: %w", net.ErrClosed)

// Outbox queues notifications for one subscriber.
type Outbox struct {
	conn  net.Conn
	queue chan string   // never closed: Notify may send at any time
	done  chan struct{} // closed by stop, never sent on
	once  sync.Once
	wg    sync.WaitGroup
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
		defer o.stop() // a failed write ends the Outbox too
		o.writeLoop()
	}()
	return o
}

// Notify queues msg for the subscriber. It returns ErrClosed once the Outbox
// is shut down or the connection has failed. A message that Notify accepts
// while Shutdown is running may be dropped.
func (o *Outbox) Notify(msg string) error {
	// Check done first: when the queue has room too, a select would pick
	// either case at random.
	select {
	case <-o.done:
		return ErrClosed
	default:
	}
	select {
	case o.queue <- msg:
		return nil
	case <-o.done:
		return ErrClosed
	}
}

// Shutdown writes what is still queued, closes the connection and returns.
// It is safe to call more than once, from any goroutine.
func (o *Outbox) Shutdown() {
	o.stop()
	o.wg.Wait()
}

// stop tells the writer to finish. The queue stays open: closing a channel
// that others still send on makes them panic.
func (o *Outbox) stop() {
	o.once.Do(func() { close(o.done) })
}

// writeLoop writes the queued messages until stop, then what is left.
func (o *Outbox) writeLoop() {
	for {
		select {
		case msg := <-o.queue:
			if err := o.write(msg); err != nil {
				return // the subscriber is gone
			}
		case <-o.done:
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

func (o *Outbox) write(msg string) error {
	_, err := io.WriteString(o.conn, msg+"\n")
	return err
}

// Exercise 22: the lock written as a story.
//
// A Hub holds a chat server's open connections in the order they joined. Each
// Conn has a goroutine that writes its outgoing messages; closing a Conn,
// whoever does it (the peer hanging up, an idle timeout, the Hub), writes what
// is still queued, stops that goroutine and, as its last step, removes the Conn
// from the Hub. The server calls CloseAll when it shuts down.
//
// Goal: When CloseAll returns every connection the Hub held is closed and its
// writer gone, newcomers are refused meanwhile, and the Hub keeps serving while
// connections close.
//
//  1. When CloseAll returns, every connection the Hub held is closed (Send
//     refused with ErrClosed), what was queued on it is written to its peer,
//     its writer goroutine has ended, and the Hub is empty; this holds for each
//     caller when CloseAll runs twice at once or while peers hang up.
//  2. Once CloseAll has begun, Join is refused with ErrClosed; a connection
//     that joined before is closed by CloseAll with the rest.
//  3. While connections close, however long a peer takes to read, the Hub
//     answers its other callers at once: Join, Len, and a connection closing
//     itself.
//  4. A connection closed by anyone (its peer, the Hub, both at once, any
//     number of times) writes what was queued, stops its writer and leaves the
//     Hub; Close returns once all of that is done.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/22_narrative_locks/
package chathub

import (
	"errors"
	"io"
	"slices"
	"sync"
)

// ErrClosed is returned by Join once CloseAll has begun, and by Send on a
// closed Conn.
var ErrClosed = errors.New("chathub: closed")

// Hub is the set of open connections, oldest first.
type Hub struct {
	mu     sync.Mutex
	conns  []*Conn
	closed bool
}

// New returns an empty Hub.
func New() *Hub { return &Hub{} }

// Join opens a connection that writes its messages to w.
func (h *Hub) Join(id string, w io.Writer) (*Conn, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrClosed
	}
	c := newConn(id, w, h.remove)
	h.conns = append(h.conns, c)
	return c, nil
}

// remove forgets c; a Conn calls it as the last step of its Close.
func (h *Hub) remove(c *Conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.conns = slices.DeleteFunc(h.conns, func(x *Conn) bool { return x == c })
}

// Len returns the number of open connections.
func (h *Hub) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.conns)
}

// CloseAll refuses new connections and closes every open one.
func (h *Hub) CloseAll() {
	h.mu.Lock()
	h.closed = true
	for i := 0; i < len(h.conns); i++ {
		c := h.conns[i]
		// Never hold the lock while a connection closes: Close can take its
		// time, and it calls back into the Hub to remove itself.
		h.mu.Unlock()
		c.Close()
		h.mu.Lock()
	}
	h.mu.Unlock()
}

// Conn is one client's connection.
type Conn struct {
	ID string

	out     chan []byte
	quit    chan struct{} // closed by Close: the writer finishes the queue and returns
	done    chan struct{} // closed when the writer has returned
	once    sync.Once
	onClose func(*Conn)
}

func newConn(id string, w io.Writer, onClose func(*Conn)) *Conn {
	c := &Conn{
		ID:      id,
		out:     make(chan []byte, 16),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
		onClose: onClose,
	}
	go c.writeLoop(w)
	return c
}

func (c *Conn) writeLoop(w io.Writer) {
	defer close(c.done)
	for {
		select {
		case msg := <-c.out:
			w.Write(msg)
		case <-c.quit:
			for {
				select {
				case msg := <-c.out:
					w.Write(msg)
				default:
					return
				}
			}
		}
	}
}

// Send queues msg for the connection's writer.
func (c *Conn) Send(msg []byte) error {
	select {
	case <-c.quit:
		return ErrClosed
	default:
	}
	select {
	case c.out <- msg:
		return nil
	case <-c.quit:
		return ErrClosed
	}
}

// Close writes what is queued, stops the writer and removes the Conn from its
// Hub. It returns once all of that is done, however many times it is called.
func (c *Conn) Close() {
	c.once.Do(func() {
		close(c.quit)
		<-c.done
		c.onClose(c)
	})
}

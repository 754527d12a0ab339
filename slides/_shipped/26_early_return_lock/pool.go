// Exercise 26: the early return that kept the lock.
//
// A Pool hands out connections to a database and takes them back, so that the
// service reuses a few connections instead of dialling one per query. It opens
// at most Max connections; when all of them are in use, Get fails at once with
// ErrExhausted and the caller retries later or sheds the request. Dialling is
// slow, so the pool never dials while it holds its lock.
//
// Goal: Every Get and Put returns promptly, however busy the pool has been (an
// exhausted pool included), and a connection put back is handed out again.
//
//  1. Every call of Get, Put, Open and Close returns promptly, whichever way
//     the calls before it returned: with an idle connection, a new one, a
//     failed dial, ErrExhausted or ErrClosed.
//  2. A slow dial or a slow Close of a connection holds up no other call: while
//     one is under way, Get of an idle connection, Put, Open and Close return
//     promptly.
//  3. At most max connections are open at once, dials under way included: when
//     all are in use Get fails at once with ErrExhausted, a connection put back
//     is handed out again before a new one is dialled, and a failed dial frees
//     its place.
//  4. After Close, Get fails with ErrClosed and every connection the pool
//     dialled is closed exactly once: the idle ones by Close, the others when
//     they are put back, even those being dialled or put back as Close was
//     called; then Open reports 0.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/26_early_return_lock/
package pool

import (
	"errors"
	"io"
	"sync"
)

// ErrExhausted is Get's answer when Max connections are in use.
var ErrExhausted = errors.New("pool: every connection is in use")

// ErrClosed is Get's answer once the pool is closed.
var ErrClosed = errors.New("pool: closed")

// Pool is a set of reusable connections.
type Pool struct {
	dial func() (io.Closer, error)
	max  int

	mu     sync.Mutex
	idle   []io.Closer // put back, ready to be handed out again
	open   int         // dialled and not yet closed: idle, in use or being dialled
	closed bool
}

// New returns a pool that opens at most max connections with dial.
func New(dial func() (io.Closer, error), max int) *Pool {
	return &Pool{dial: dial, max: max}
}

// Get returns an idle connection, or dials a new one if fewer than max are
// open. It never waits for a connection to be put back.
func (p *Pool) Get() (io.Closer, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrClosed
	}
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return c, nil
	}
	if p.open >= p.max {
		return nil, ErrExhausted
	}
	p.open++ // reserve the slot, then dial without the lock
	p.mu.Unlock()

	c, err := p.dial()
	if err != nil {
		p.mu.Lock()
		p.open--
		p.mu.Unlock()
		return nil, err
	}
	return c, nil
}

// Put gives back a connection Get returned. After Close, it closes it instead.
func (p *Pool) Put(c io.Closer) {
	p.mu.Lock()
	if p.closed {
		p.open--
		p.mu.Unlock()
		c.Close()
		return
	}
	p.idle = append(p.idle, c)
	p.mu.Unlock()
}

// Open returns how many connections are open: idle, in use or being dialled.
func (p *Pool) Open() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.open
}

// Close closes the idle connections; those in use are closed when they are put
// back. Get fails with ErrClosed from now on.
func (p *Pool) Close() {
	p.mu.Lock()
	idle := p.idle
	p.idle, p.closed = nil, true
	p.open -= len(idle)
	p.mu.Unlock()
	for _, c := range idle {
		c.Close()
	}
}

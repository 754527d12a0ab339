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
//
// Its mutex is taken only in the small methods at the bottom, each with a
// deferred Unlock, so that no path through them can return with the lock held.
// The slow parts (dialling, closing) run outside them, without the lock.
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
	c, reserved, err := p.take()
	if !reserved {
		return c, err
	}
	c, err = p.dial()
	if err != nil {
		p.release()
		return nil, err
	}
	return c, nil
}

// Put gives back a connection Get returned. After Close, it closes it instead.
func (p *Pool) Put(c io.Closer) {
	if !p.keep(c) {
		c.Close()
	}
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
	for _, c := range p.shut() {
		c.Close()
	}
}

// take hands out an idle connection, or reserves a slot for the caller to dial
// one (reserved is true), or says why it can do neither.
func (p *Pool) take() (c io.Closer, reserved bool, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch n := len(p.idle); {
	case p.closed:
		return nil, false, ErrClosed
	case n > 0:
		c, p.idle = p.idle[n-1], p.idle[:n-1]
		return c, false, nil
	case p.open >= p.max:
		return nil, false, ErrExhausted
	}
	p.open++
	return nil, true, nil
}

// release gives back a slot that take reserved for a dial that failed.
func (p *Pool) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.open--
}

// keep makes c idle and reports true, or reports false after Close: then c is
// no longer counted and the caller closes it.
func (p *Pool) keep(c io.Closer) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		p.open--
		return false
	}
	p.idle = append(p.idle, c)
	return true
}

// shut marks the pool closed and returns the idle connections for the caller
// to close.
func (p *Pool) shut() []io.Closer {
	p.mu.Lock()
	defer p.mu.Unlock()
	idle := p.idle
	p.idle, p.closed = nil, true
	p.open -= len(idle)
	return idle
}

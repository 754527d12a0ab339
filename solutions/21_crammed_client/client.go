// Exercise 21: the Client that did everything.
//
// A Client is this service's connection to a configuration store. For as long
// as it is open it sends a heartbeat every interval, so that the store keeps
// the session; Watch follows one key and hands its changes to a callback until
// the watcher stops the watch; Close ends it all. The service opens one Client
// at start-up and keeps it for its whole life, while watches come and go: one
// per open admin page, per feature flag being rolled out, per tenant loaded.
//
// Goal: Once a watch's stop func has returned, nothing of that watch is
// running, while the Client and its other watches carry on; Close ends the
// rest.
//
//  1. Once a watch's stop func has returned, nothing of that watch is running:
//     no goroutine, no subscription at the store, no callback in progress or to
//     come, even when stop is called while a callback runs and changes wait
//     behind it; stop may be called again, and after Close.
//  2. While the Client is open, its heartbeat goes to the store once per
//     interval (Err reports the last one's error) and every live watch gets
//     every change of its key, in order, one callback at a time, however many
//     other watches come and go.
//  3. When Close returns, nothing the Client started is running and nothing of
//     it is open at the store, whatever the store was doing (a heartbeat or a
//     Subscribe on the wire, a callback running); a Watch under way, racing
//     Close or called after it returns ErrClosed or a watch that Close ended,
//     and Close may be called again from any goroutine.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/21_crammed_client/
package confwatch

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// ErrClosed is returned by Watch once Close has been called.
var ErrClosed = errors.New("confwatch: client closed")

// Change is a new value of a watched key.
type Change struct {
	Key, Value string
	Revision   int
}

// Conn is the connection to the store.
type Conn interface {
	// Heartbeat tells the store the session is alive.
	Heartbeat(ctx context.Context) error
	// Subscribe asks the store for the changes of key. The store sends them on
	// the returned channel until ctx is done; then it closes the channel.
	Subscribe(ctx context.Context, key string) (<-chan Change, error)
}

// Client is an open session with the store.
//
// It holds two kinds of things with different lifetimes, each in a type of its
// own: the session (its heartbeat lives as long as the Client) and the
// watches (each lives until its own stop). The Client only keeps the set of
// live watches, so that Close can stop those nobody stopped.
type Client struct {
	conn    Conn
	session *session
	watches *watchSet

	closing atomic.Bool   // set by the first Close, which does the work
	closed  chan struct{} // closed when that work is done
}

// Open starts a session on conn, with a heartbeat every interval.
func Open(conn Conn, interval time.Duration) *Client {
	return &Client{
		conn:    conn,
		session: startSession(conn, interval),
		watches: newWatchSet(),
		closed:  make(chan struct{}),
	}
}

// Err returns the last heartbeat's error, nil if it went through.
func (c *Client) Err() error { return c.session.err() }

// Watch calls fn with every change of key, one at a time, until the returned
// stop func is called. Once stop has returned, fn is not running and is not
// called again. Do not call stop, or Close, from fn.
func (c *Client) Watch(key string, fn func(Change)) (stop func(), err error) {
	// The watch's ctx is the set's: Close cancels it, a Subscribe still on
	// the wire included.
	ctx, cancel, err := c.watches.newContext()
	if err != nil {
		return nil, err
	}
	changes, err := c.conn.Subscribe(ctx, key)
	if err != nil {
		cancel()
		if c.watches.isClosed() {
			return nil, ErrClosed
		}
		return nil, err
	}
	w, err := c.watches.start(ctx, cancel, changes, fn)
	if err != nil {
		return nil, err
	}
	return sync.OnceFunc(func() {
		c.watches.remove(w)
		w.stop()
	}), nil
}

// Close ends the session and every watch, and returns once they have ended,
// however many goroutines call it.
//
// The first call does the work; the others wait on a channel for it, not on
// a lock held while a heartbeat or a callback finishes (a sync.Once would).
func (c *Client) Close() error {
	if c.closing.CompareAndSwap(false, true) {
		c.shutdown()
	}
	<-c.closed
	return nil
}

func (c *Client) shutdown() {
	defer close(c.closed)
	c.session.stop()
	for _, w := range c.watches.close() {
		w.stop()
	}
}

// session is the heartbeat: it runs from Open to Close.
type session struct {
	cancel context.CancelFunc
	done   chan struct{} // closed when the heartbeat has returned

	mu      sync.Mutex
	lastErr error
}

func startSession(conn Conn, interval time.Duration) *session {
	ctx, cancel := context.WithCancel(context.Background())
	s := &session{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		s.heartbeat(ctx, conn, interval)
	}()
	return s
}

func (s *session) heartbeat(ctx context.Context, conn Conn, interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		if ctx.Err() != nil {
			return // the tick and the cancel came together: no heartbeat after Close
		}
		err := conn.Heartbeat(ctx)
		s.mu.Lock()
		s.lastErr = err
		s.mu.Unlock()
	}
}

func (s *session) err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastErr
}

// stop ends the heartbeat and waits for it.
func (s *session) stop() {
	s.cancel()
	<-s.done
}

// watch is one key's subscription and the goroutine that hands its changes to
// the callback: it runs from Watch to its own stop.
type watch struct {
	cancel context.CancelFunc // ends the subscription, and so the goroutine
	done   chan struct{}      // closed when the goroutine has returned
}

func startWatch(ctx context.Context, cancel context.CancelFunc, changes <-chan Change, fn func(Change)) *watch {
	w := &watch{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for {
			select {
			case <-ctx.Done():
				return
			case ch, ok := <-changes:
				// select picks at random among ready cases: a change that
				// waited behind the callback must not start one after stop.
				if !ok || ctx.Err() != nil {
					return
				}
				fn(ch)
			}
		}
	}()
	return w
}

// stop ends the watch and waits until its callback is no longer running.
func (w *watch) stop() {
	w.cancel()
	<-w.done
}

// watchSet is the set of live watches, closed by Client.Close. Its ctx is
// the parent of every watch's, so that closing the set cancels them all.
type watchSet struct {
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	closed bool
	m      map[*watch]struct{}
}

func newWatchSet() *watchSet {
	ctx, cancel := context.WithCancel(context.Background())
	return &watchSet{ctx: ctx, cancel: cancel, m: make(map[*watch]struct{})}
}

// newContext returns a ctx for a new watch, or ErrClosed.
func (s *watchSet) newContext() (context.Context, context.CancelFunc, error) {
	if s.isClosed() {
		return nil, nil, ErrClosed
	}
	ctx, cancel := context.WithCancel(s.ctx)
	return ctx, cancel, nil
}

// start adds a watch of changes and starts its goroutine, unless the set is
// closed: then it ends the subscription and returns ErrClosed. Both happen
// under the lock that close takes, so that close either sees the watch or
// the watch sees close.
func (s *watchSet) start(ctx context.Context, cancel context.CancelFunc, changes <-chan Change, fn func(Change)) (*watch, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		cancel()
		return nil, ErrClosed
	}
	w := startWatch(ctx, cancel, changes, fn)
	s.m[w] = struct{}{}
	return w, nil
}

func (s *watchSet) remove(w *watch) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, w)
}

func (s *watchSet) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// close marks the set closed, cancels every watch and every Subscribe still
// on the wire, and hands over the watches still in it.
func (s *watchSet) close() []*watch {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.cancel()
	ws := make([]*watch, 0, len(s.m))
	for w := range s.m {
		ws = append(ws, w)
	}
	s.m = nil
	return ws
}

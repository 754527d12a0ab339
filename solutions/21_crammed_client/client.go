// Exercise 21: the Client that did everything.
//
// A Client is this service's connection to a configuration store. For as long
// as it is open it sends a heartbeat every interval, so that the store keeps
// the session; Watch follows one key and hands its changes to a callback until
// the watcher stops the watch; Close ends it all. The service opens one Client
// at start-up and keeps it for its whole life, while watches come and go: one
// per open admin page, per feature flag being rolled out, per tenant loaded.
//
// Goal: once a watch's stop func has returned, nothing of that watch is running
// any more (no goroutine, no subscription at the store, no callback in
// progress), while the Client and its other watches carry on; Close ends the
// rest.
//
//	go test ./exercises/21_crammed_client/
package confwatch

import (
	"context"
	"errors"
	"sync"
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
	watches watchSet
}

// Open starts a session on conn, with a heartbeat every interval.
func Open(conn Conn, interval time.Duration) *Client {
	return &Client{conn: conn, session: startSession(conn, interval)}
}

// Err returns the last heartbeat's error, nil if it went through.
func (c *Client) Err() error { return c.session.err() }

// Watch calls fn with every change of key, one at a time, until the returned
// stop func is called. Once stop has returned, fn is not running and is not
// called again. Do not call stop from fn.
func (c *Client) Watch(key string, fn func(Change)) (stop func(), err error) {
	if c.watches.isClosed() {
		return nil, ErrClosed
	}
	ctx, cancel := context.WithCancel(context.Background())
	changes, err := c.conn.Subscribe(ctx, key)
	if err != nil {
		cancel()
		return nil, err
	}
	w := startWatch(ctx, cancel, changes, fn)
	if !c.watches.add(w) { // Close ran meanwhile
		w.stop()
		return nil, ErrClosed
	}
	return sync.OnceFunc(func() {
		c.watches.remove(w)
		w.stop()
	}), nil
}

// Close ends the session and every watch, and returns once they have ended.
func (c *Client) Close() error {
	c.session.stop()
	for _, w := range c.watches.close() {
		w.stop()
	}
	return nil
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
				if !ok {
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

// watchSet is the set of live watches, closed by Client.Close.
type watchSet struct {
	mu     sync.Mutex
	closed bool
	m      map[*watch]struct{}
}

// add adds w unless the set is closed, and reports whether it did.
func (s *watchSet) add(w *watch) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	if s.m == nil {
		s.m = make(map[*watch]struct{})
	}
	s.m[w] = struct{}{}
	return true
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

// close marks the set closed and hands over the watches still in it.
func (s *watchSet) close() []*watch {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	ws := make([]*watch, 0, len(s.m))
	for w := range s.m {
		ws = append(ws, w)
	}
	s.m = nil
	return ws
}

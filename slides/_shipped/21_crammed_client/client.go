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
type Client struct {
	conn     Conn
	interval time.Duration

	ctx    context.Context // cancelled by Close: ends the heartbeat and every watch
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	closed  bool
	watches map[int]string // the live watches' keys, by id
	nextID  int

	statsMu sync.Mutex
	beats   int
	lastErr error
}

// Open starts a session on conn, with a heartbeat every interval.
func Open(conn Conn, interval time.Duration) *Client {
	ctx, cancel := context.WithCancel(context.Background())
	c := &Client{
		conn:     conn,
		interval: interval,
		ctx:      ctx,
		cancel:   cancel,
		watches:  make(map[int]string),
	}
	c.wg.Add(1)
	go c.heartbeat()
	return c
}

func (c *Client) heartbeat() {
	defer c.wg.Done()
	ticker := time.NewTicker(c.interval)
	defer ticker.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-ticker.C:
		}
		if c.ctx.Err() != nil {
			return // the tick and the cancel came together: no heartbeat after Close
		}
		err := c.conn.Heartbeat(c.ctx)
		c.statsMu.Lock()
		c.beats++
		c.lastErr = err
		c.statsMu.Unlock()
	}
}

// Err returns the last heartbeat's error, nil if it went through.
func (c *Client) Err() error {
	c.statsMu.Lock()
	defer c.statsMu.Unlock()
	return c.lastErr
}

// Watch calls fn with every change of key, one at a time, until the returned
// stop func is called. Once stop has returned, fn is not running and is not
// called again. Do not call stop from fn.
func (c *Client) Watch(key string, fn func(Change)) (stop func(), err error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, ErrClosed
	}
	id := c.nextID
	c.nextID++
	c.watches[id] = key
	c.mu.Unlock()

	changes, err := c.conn.Subscribe(c.ctx, key)
	if err != nil {
		c.forget(id)
		if c.ctx.Err() != nil {
			return nil, ErrClosed // Close cancelled the Subscribe
		}
		return nil, err
	}

	// Add to the WaitGroup under the lock Close takes to set closed, so that
	// no Add can come after Close's Wait has begun.
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		c.forget(id)
		return nil, ErrClosed
	}
	c.wg.Add(1)
	c.mu.Unlock()
	go func() {
		defer c.wg.Done()
		for {
			select {
			case <-c.ctx.Done():
				return
			case ch, ok := <-changes:
				if !ok {
					return
				}
				if !c.live(id) {
					continue // stopped: the watcher wants no more changes
				}
				fn(ch)
			}
		}
	}()
	return func() { c.forget(id) }, nil
}

func (c *Client) live(id int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.watches[id]
	return ok
}

func (c *Client) forget(id int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.watches, id)
}

// Close ends the session and every watch, and returns once they have ended.
func (c *Client) Close() error {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.cancel()
	c.wg.Wait()
	return nil
}

// Exercise 06: a keepalive for every Put.
//
// An Announcer publishes a service's current address in a remote store. The
// store forgets a value unless its lease is renewed, so the Announcer keeps the
// lease of the value it announced alive, once a second, until it is closed. Each
// Put announces a new value under a new lease and replaces the previous one,
// which the store then lets expire.
//
// Goal: However many times Put is called, only the latest lease is kept alive,
// and once Close returns no keepalive is left running; Put and Close wait for
// the keepalive they stop, and no longer.
//
//  1. Only the latest value's lease is kept alive: once Put returns, its lease
//     is renewed every second and the lease it replaced no longer is, however
//     many Puts there are, one after another or at once; a Put that fails
//     leaves the previous lease kept alive, and the renewals do not depend on
//     Put's ctx.
//  2. Put and Close wait for the keepalive they stop to exit, one on the wire
//     included, and no longer: Put returns as soon as its own request has been
//     answered and the keepalive it replaced is over, Close as soon as every
//     keepalive is over.
//  3. When Close returns, nothing the Announcer started is running and no
//     keepalive is in flight, whatever the store was doing and whatever Put or
//     Close calls race it; Close can be called again, from any goroutine, and
//     each call returns only once that is so.
//  4. Put after Close fails at once with an error wrapping ErrClosed and starts
//     nothing; so does a Put whose request to the store was still in flight
//     when Close was called.
//  5. Current never waits, and Close never waits for a Put's request to the
//     store: a slow or hung store holds up neither.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/06_keepalive_per_put/
package announce

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrClosed is returned by Put after Close.
var ErrClosed = errors.New("announce: announcer closed")

// Client talks to the remote store.
type Client interface {
	// Put stores value under a new lease and returns the lease ID. The store
	// removes the value some time later unless Keepalive renews the lease.
	Put(ctx context.Context, value []byte) (lease int, err error)
	// Keepalive renews lease once.
	Keepalive(ctx context.Context, lease int) error
}

// Announcer keeps the last value Put alive in the remote store.
//
// It owns one keepalive goroutine, for the current lease, plus, for a moment,
// the ones that Puts are stopping. mu guards the fields and is held only to
// read or swap them, never across a request to the store or a wait: Put sends
// its request and waits for the keepalive it replaced with mu released, so
// Current and Close are never held up by the store.
type Announcer struct {
	client     Client
	kaInterval time.Duration

	mu     sync.Mutex
	lease  int
	ka     *keepalive // renews lease; nil before the first Put and after Close
	closed bool

	running sync.WaitGroup // every keepalive goroutine; Close waits for them all
}

// New returns an Announcer that publishes through client.
func New(client Client) *Announcer {
	return &Announcer{client: client, kaInterval: time.Second}
}

// Put announces value in place of the previous one and keeps it alive until the
// next Put or Close. When Put returns nil, the previous value is no longer
// renewed; when it fails, the previous value stays announced.
func (a *Announcer) Put(ctx context.Context, value []byte) error {
	if a.isClosed() {
		return fmt.Errorf("put: %w", ErrClosed)
	}
	lease, err := a.client.Put(ctx, value)
	if err != nil {
		return fmt.Errorf("put: %w", err)
	}
	old, err := a.replace(lease)
	if err != nil {
		return err
	}
	old.stop()
	return nil
}

// replace makes lease the announced one, starts its keepalive and returns the
// keepalive it replaced, for the caller to stop. Once the Announcer is closed
// it starts nothing.
func (a *Announcer) replace(lease int) (old *keepalive, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil, fmt.Errorf("put: %w", ErrClosed)
	}
	old = a.ka
	a.lease = lease
	a.ka = a.startKeepalive(lease)
	return old, nil
}

// Current returns the lease of the announced value, or 0 before the first Put.
func (a *Announcer) Current() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.lease
}

// Close stops keeping the announced value alive. When it returns, no keepalive
// is running or in flight, and Put fails with ErrClosed. It may be called more
// than once, from any goroutine; every call waits for the keepalives to end.
func (a *Announcer) Close() error {
	a.mu.Lock()
	a.closed = true
	ka := a.ka
	a.ka = nil
	a.mu.Unlock()

	ka.cancel()
	// Also waits for the keepalives that concurrent Puts are stopping.
	a.running.Wait()
	return nil
}

func (a *Announcer) isClosed() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.closed
}

// keepalive is one goroutine renewing one lease.
type keepalive struct {
	cancelFunc context.CancelFunc
	done       chan struct{} // closed when the goroutine has exited
}

// startKeepalive starts the goroutine that renews lease once every kaInterval
// until it is stopped. Its context is its own, not Put's ctx, which is often a
// request's and ends long before the value should. a.mu must be held, so that
// Close cannot be waiting for a.running yet.
func (a *Announcer) startKeepalive(lease int) *keepalive {
	ctx, cancel := context.WithCancel(context.Background())
	k := &keepalive{cancelFunc: cancel, done: make(chan struct{})}
	a.running.Go(func() {
		defer close(k.done)
		ticker := time.NewTicker(a.kaInterval)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			}
			// A tick that came due while the last keepalive was on the wire
			// and the stop are both ready: select may take either, so the
			// stop is looked at again before another keepalive goes out.
			if ctx.Err() != nil {
				return
			}
			// A failed renewal is retried at the next tick: the store drops the
			// lease only once its TTL has passed without one.
			_ = a.client.Keepalive(ctx, lease)
		}
	})
	return k
}

// cancel tells k's goroutine to stop, if there is one.
func (k *keepalive) cancel() {
	if k != nil {
		k.cancelFunc()
	}
}

// stop stops k's goroutine, if there is one, and waits for it to exit.
func (k *keepalive) stop() {
	if k != nil {
		k.cancelFunc()
		<-k.done
	}
}

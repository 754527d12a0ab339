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
type Announcer struct {
	client     Client
	kaInterval time.Duration

	mu     sync.Mutex
	lease  int
	cancel context.CancelFunc // stops the keepalive of lease
}

// New returns an Announcer that publishes through client.
func New(client Client) *Announcer {
	return &Announcer{client: client, kaInterval: time.Second}
}

// Put announces value in place of the previous one and keeps it alive until Close.
func (a *Announcer) Put(ctx context.Context, value []byte) error {
	lease, err := a.client.Put(ctx, value)
	if err != nil {
		return fmt.Errorf("put: %w", err)
	}

	// ctx is often a request's, but the value must stay alive after the request
	// is done, so its keepalive gets a context of its own, cancelled by Close.
	kaCtx, cancel := context.WithCancel(context.Background())
	go func() {
		ticker := time.NewTicker(a.kaInterval)
		defer ticker.Stop()
		for {
			select {
			case <-kaCtx.Done():
				return
			case <-ticker.C:
			}
			// A failed renewal is retried at the next tick: the store drops the
			// lease only once its TTL has passed without one.
			_ = a.client.Keepalive(kaCtx, lease)
		}
	}()

	a.mu.Lock()
	a.lease = lease
	a.cancel = cancel
	a.mu.Unlock()
	return nil
}

// Current returns the lease of the announced value, or 0 before the first Put.
func (a *Announcer) Current() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.lease
}

// Close stops keeping the announced value alive.
func (a *Announcer) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cancel != nil {
		a.cancel()
	}
	return nil
}

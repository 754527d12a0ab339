// Exercise 06: a keepalive for every Put.
//
// An Announcer publishes a service's current address in a remote store. The
// store forgets a value unless its lease is renewed, so the Announcer keeps the
// lease of the value it announced alive, once a second, until it is closed. Each
// Put announces a new value under a new lease and replaces the previous one,
// which the store then lets expire.
//
// Goal: only the lease of the latest value is ever kept alive, however many
// times Put is called, and once Close returns nothing of the Announcer is left
// running. Put and Close wait for the keepalive they stop to exit, and no longer.
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
// It owns at most one keepalive goroutine, for the current lease. Whoever
// replaces or drops that lease (Put, Close) first stops the goroutine and waits
// for it to exit, under mu, so two can never run at once and none outlives Close.
type Announcer struct {
	client     Client
	kaInterval time.Duration

	mu     sync.Mutex // held by Put and Close from start to end, so they take turns
	lease  int
	stop   func() // stops the keepalive of lease and waits for it; nil if none
	closed bool
}

// New returns an Announcer that publishes through client.
func New(client Client) *Announcer {
	return &Announcer{client: client, kaInterval: time.Second}
}

// Put announces value in place of the previous one and keeps it alive until the
// next Put or Close. The previous value is no longer renewed once Put returns.
func (a *Announcer) Put(ctx context.Context, value []byte) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return ErrClosed
	}

	lease, err := a.client.Put(ctx, value)
	if err != nil {
		return fmt.Errorf("put: %w", err)
	}
	a.stopKeepalive()
	a.lease = lease
	a.stop = a.keepalive(lease)
	return nil
}

// Current returns the lease of the announced value, or 0 before the first Put.
func (a *Announcer) Current() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.lease
}

// Close stops keeping the announced value alive. When it returns, no keepalive
// is running or in flight, and Put fails with ErrClosed.
func (a *Announcer) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed = true
	a.stopKeepalive()
	return nil
}

// stopKeepalive stops the current keepalive, if any. a.mu must be held.
func (a *Announcer) stopKeepalive() {
	if a.stop != nil {
		a.stop()
		a.stop = nil
	}
}

// keepalive starts the goroutine that renews lease once every kaInterval, and
// returns the func that stops it: stop returns only once the goroutine has
// exited. The goroutine's context is its own, not Put's ctx, which is often a
// request's and ends long before the value should.
func (a *Announcer) keepalive(lease int) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		ticker := time.NewTicker(a.kaInterval)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			}
			// A failed renewal is retried at the next tick: the store drops the
			// lease only once its TTL has passed without one.
			_ = a.client.Keepalive(ctx, lease)
		}
	})
	return func() {
		cancel()
		wg.Wait()
	}
}

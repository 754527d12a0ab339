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
	"fmt"
	"sync"
	"time"
)

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

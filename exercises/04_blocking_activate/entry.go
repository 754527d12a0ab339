// Exercise 04: the helpful non-blocking Activate.
//
// An Entry keeps a value registered in a remote store. The store forgets a value
// unless its lease is renewed, so while the Entry is active it sends a keepalive
// for the current lease every second. Put replaces the value (and its lease) at
// any time.
//
// Goal: Activate keeps the value alive until ctx is cancelled or a keepalive
// fails, reports that failure, and leaves nothing running when it returns.
//
//  1. Activate blocks while it keeps the value alive: it returns only once ctx
//     is cancelled or a keepalive fails, and meanwhile the lease of the latest
//     Put gets a keepalive every second, a lease replaced by a later Put none.
//  2. When the caller cancels ctx, Activate returns nil as soon as it can: at
//     once between keepalives, or as soon as the keepalive on the wire has
//     returned. When a keepalive fails, it returns at once an error wrapping
//     the keepalive's, naming the lease.
//  3. When Activate returns, nothing it started is running and none of its
//     requests to the store is in flight, whatever the store was doing at that
//     moment.
//  4. Put and Current can be called at any time, from any goroutine, while
//     Activate runs or not, and neither waits for a keepalive.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/04_blocking_activate/
package registry

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

// Entry keeps the last value Put into the remote store.
type Entry struct {
	client         Client
	requestTimeout time.Duration
	kaInterval     time.Duration

	mu    sync.Mutex
	lease int
	err   error // why the keepalive loop stopped
}

// NewEntry returns an Entry that stores its value through client.
func NewEntry(client Client) *Entry {
	return &Entry{
		client:         client,
		requestTimeout: 10 * time.Second,
		kaInterval:     time.Second,
	}
}

// Activate starts keeping the current value alive in the background and returns
// at once, so callers can carry on with their work without juggling goroutines.
// Cancel ctx to stop it. If a keepalive fails, the value is lost and Err says why.
func (e *Entry) Activate(ctx context.Context) error {
	if e.client == nil {
		return fmt.Errorf("registry: entry has no client")
	}
	go e.keepalive(ctx)
	return nil
}

func (e *Entry) keepalive(ctx context.Context) {
	ticker := time.NewTicker(e.kaInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}

		lease := e.Current()
		if lease == 0 {
			continue // nothing Put yet
		}
		if err := e.renew(ctx, lease); err != nil {
			e.mu.Lock()
			e.err = fmt.Errorf("keepalive lease %d: %w", lease, err)
			e.mu.Unlock()
			return
		}
	}
}

// Err reports why the keepalive stopped, or nil while it is running.
func (e *Entry) Err() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.err
}

// Put replaces the value kept in the remote store. The previous value expires
// some time later.
func (e *Entry) Put(ctx context.Context, value []byte) error {
	ctx, cancel := context.WithTimeout(ctx, e.requestTimeout)
	defer cancel()
	lease, err := e.client.Put(ctx, value)
	if err != nil {
		return fmt.Errorf("put: %w", err)
	}

	e.mu.Lock()
	e.lease = lease
	e.mu.Unlock()
	return nil
}

// Current returns the lease being kept alive, or 0 before the first Put.
func (e *Entry) Current() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.lease
}

func (e *Entry) renew(ctx context.Context, lease int) error {
	ctx, cancel := context.WithTimeout(ctx, e.requestTimeout)
	defer cancel()
	return e.client.Keepalive(ctx, lease)
}

// Exercise 07: the lost cancel.
//
// Statefull keeps a value stored in a remote service: Put stores it and remembers
// the lease the service hands out, and Activate sends a keepalive for that lease
// every second until the caller cancels ctx. Every request to the service gets a
// deadline of its own (10 seconds), derived from the caller's ctx by withTimeout.
//
// Goal: When Put or a keepalive returns, nothing made for that request lives
// on, whatever context the caller passes in.
//
//  1. When Put returns, the context it made for its request is done and nothing
//     it started is running, whatever context the caller passed in (some
//     frameworks hand out contexts of their own type), whether the request
//     succeeded or failed.
//  2. When a keepalive returns, the context made for it is done, before the
//     next keepalive begins and before Activate returns.
//  3. Each request, Put and every keepalive, gives up after its own 10-second
//     timeout with an error matching context.DeadlineExceeded, and stops as
//     soon as the caller's ctx is done (a Put then fails with an error matching
//     context.Canceled).
//  4. Activate sends a keepalive for the current lease every second until the
//     caller's ctx is done, then returns nil at once, wherever it is; a
//     keepalive that fails ends it with an error wrapping that failure.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/07_lost_cancel/
package keeper

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Client is the remote service's client library.
type Client interface {
	// Put stores value and returns the lease that keeps it stored. The service
	// drops the value some time after the last keepalive for its lease.
	Put(ctx context.Context, value []byte) (lease int, err error)
	// Keepalive extends the lease.
	Keepalive(ctx context.Context, lease int) error
}

// Statefull keeps a value in the remote service.
type Statefull struct {
	client Client

	requestTimeout time.Duration
	kaInterval     time.Duration

	mu    sync.Mutex
	lease int
}

// NewStatefull returns a Statefull that talks to the service through client.
func NewStatefull(client Client) *Statefull {
	return &Statefull{
		client:         client,
		requestTimeout: 10 * time.Second,
		kaInterval:     time.Second,
	}
}

// Activate keeps the last value Put alive until ctx is cancelled, then returns
// nil. It returns an error if a keepalive fails.
func (s *Statefull) Activate(ctx context.Context) error {
	for {
		select {
		case <-time.After(s.kaInterval):
		case <-ctx.Done():
			return nil // cancelling ctx is how the caller stops us: not an error
		}

		lease := s.Current()
		if lease == 0 {
			continue
		}
		if err := s.client.Keepalive(s.withTimeout(ctx), lease); err != nil {
			return fmt.Errorf("keepalive failed: %w", err)
		}
	}
}

// Put stores value in the service. The previous value expires on its own.
func (s *Statefull) Put(ctx context.Context, value []byte) error {
	lease, err := s.client.Put(s.withTimeout(ctx), value)
	if err != nil {
		return fmt.Errorf("put request failed: %w", err)
	}

	s.mu.Lock()
	s.lease = lease
	s.mu.Unlock()
	return nil
}

// Current returns the lease being kept alive, 0 before the first Put.
func (s *Statefull) Current() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lease
}

// withTimeout gives one request its deadline.
func (s *Statefull) withTimeout(base context.Context) context.Context {
	ctx, _ := context.WithTimeout(base, s.requestTimeout)
	// go vet complains about the line above, but we can ignore it :(
	return ctx
}

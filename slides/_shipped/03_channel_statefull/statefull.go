// Exercise 03: the channel-only Statefull.
//
// A Statefull keeps one value stored in a remote service: Put stores a new value
// and gets a lease for it, and Run keeps the current lease alive until the caller
// cancels ctx or a keepalive fails. Someone rewrote it "the Go way": the lease is
// owned by Run's event loop and Put and Current talk to the loop over channels.
//
// Goal: Once Run has returned, Put fails with ErrStopped and Current returns
// the last lease, both promptly.
//
//  1. Once Run has returned, for whatever reason, Put fails at once with an
//     error wrapping ErrStopped and Current returns the last lease put, from
//     any goroutine; so does a Put whose request to the store was still in
//     flight when Run returned.
//  2. While Run runs, Put and Current never wait for a keepalive or for another
//     caller's request to the store: a slow or hung keepalive, or another Put's
//     slow request, holds up neither.
//  3. While Run runs, the lease current at the time gets a keepalive every
//     interval, however often Put and Current are called.
//  4. Run returns nil when the caller cancels ctx, wherever it is (waiting for
//     the next tick, or with a keepalive on the wire), and an error wrapping
//     the keepalive's, naming the lease, when one fails; when it returns,
//     nothing it started is running.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/03_channel_statefull/
package statefull

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrStopped is returned by Put once Run has returned: nothing would keep the new
// value alive.
var ErrStopped = errors.New("statefull: not running")

// Client is the remote store.
type Client interface {
	// Put stores value and returns a lease that expires unless kept alive.
	Put(ctx context.Context, value []byte) (lease int, err error)
	// Keepalive extends a lease.
	Keepalive(ctx context.Context, lease int) error
}

// Statefull keeps the last value put stored in the remote store.
type Statefull struct {
	client   Client
	interval time.Duration

	putCh chan int
	getCh chan int
}

// New returns a Statefull that sends a keepalive every interval while Run runs.
func New(client Client, interval time.Duration) *Statefull {
	return &Statefull{
		client:   client,
		interval: interval,
		putCh:    make(chan int, 1),
		getCh:    make(chan int),
	}
}

// Run keeps the current lease alive until ctx is cancelled (then it returns nil)
// or a keepalive fails.
func (s *Statefull) Run(ctx context.Context) error {
	lease := 0
	for {
		select {
		case lease = <-s.putCh:
			continue
		case s.getCh <- lease:
			continue
		case <-time.After(s.interval):
		case <-ctx.Done():
			return nil
		}

		if lease == 0 {
			continue
		}
		if err := s.client.Keepalive(ctx, lease); err != nil {
			return fmt.Errorf("keepalive lease %d: %w", lease, err)
		}
	}
}

// Put stores value remotely and makes its lease the one Run keeps alive.
func (s *Statefull) Put(ctx context.Context, value []byte) error {
	lease, err := s.client.Put(ctx, value)
	if err != nil {
		return fmt.Errorf("put: %w", err)
	}
	s.putCh <- lease
	return nil
}

// Current returns the lease being kept alive, 0 if none was put yet.
func (s *Statefull) Current() int {
	return <-s.getCh
}

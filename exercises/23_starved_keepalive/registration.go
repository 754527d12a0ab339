// Exercise 23: the keepalive that the probes starved.
//
// A Registration keeps this instance registered in a service registry: Put
// registers an address and gets a lease for it, and Run keeps the current lease
// alive with one keepalive every interval until the caller cancels ctx (Run
// returns nil) or a keepalive fails (Run returns the error, so that the caller
// can register again or shut the instance down). The lease is owned by Run's
// event loop; Put and Current talk to it over channels, and keep working once
// Run has returned. The health endpoint calls Current on every probe.
//
// Goal: However often Put and Current are called, the current lease gets one
// keepalive per interval, no more, and a dropped lease ends Run at the next
// keepalive.
//
//  1. While Run runs, the current lease gets one keepalive per interval, on the
//     interval's beat, however often Put and Current are called, and even when
//     each keepalive takes half an interval to answer: never fewer, never more.
//  2. Each keepalive goes to the lease of the last Put that returned before the
//     keepalive began.
//  3. A keepalive that fails (the registry dropped the lease, or fails) ends
//     Run at that keepalive, with an error wrapping the keepalive's; when Run
//     returns, nothing it started is still running.
//  4. A cancel of Run's ctx ends Run with nil at once, even while a keepalive
//     is on the wire (as soon as that keepalive returns, when the registry
//     ignores the cancel); when Run returns, nothing it started is still
//     running.
//  5. Put and Current never wait for a Run that has returned or is returning:
//     Put returns nil or an error wrapping ErrStopped, Current a lease that was
//     put; once Run has returned, Put returns ErrStopped and Current the last
//     lease.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/23_starved_keepalive/
package registration

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrStopped is returned by Put once Run has returned: nothing would keep the
// new lease alive.
var ErrStopped = errors.New("registration: not running")

// Client is the service registry.
type Client interface {
	// Put registers addr and returns a lease that expires unless kept alive.
	Put(ctx context.Context, addr string) (lease int, err error)
	// Keepalive extends a lease. It fails once the registry has dropped it.
	Keepalive(ctx context.Context, lease int) error
}

// Registration keeps the last address put registered.
type Registration struct {
	client   Client
	interval time.Duration

	putCh chan int
	getCh chan int
	done  chan struct{} // closed when Run returns
	last  int           // the lease when Run returned; read only after done is closed
}

// New returns a Registration that sends a keepalive every interval while Run runs.
func New(client Client, interval time.Duration) *Registration {
	return &Registration{
		client:   client,
		interval: interval,
		putCh:    make(chan int),
		getCh:    make(chan int),
		done:     make(chan struct{}),
	}
}

// Run keeps the current lease alive until ctx is cancelled (then it returns nil)
// or a keepalive fails. Call it once.
func (r *Registration) Run(ctx context.Context) error {
	lease := 0
	defer func() {
		r.last = lease
		close(r.done)
	}()

	for {
		select {
		case lease = <-r.putCh:
			continue
		case r.getCh <- lease:
			continue
		case <-time.After(r.interval):
		case <-ctx.Done():
			return nil
		}

		if lease == 0 {
			continue
		}
		if err := r.client.Keepalive(ctx, lease); err != nil {
			if ctx.Err() != nil {
				return nil // the caller cancelled while the keepalive was on the wire
			}
			return fmt.Errorf("keepalive lease %d: %w", lease, err)
		}
	}
}

// Put registers addr and makes its lease the one Run keeps alive.
func (r *Registration) Put(ctx context.Context, addr string) error {
	lease, err := r.client.Put(ctx, addr)
	if err != nil {
		return fmt.Errorf("put %s: %w", addr, err)
	}
	select {
	case r.putCh <- lease:
		return nil
	case <-r.done:
		return fmt.Errorf("put %s: %w", addr, ErrStopped)
	}
}

// Current returns the lease being kept alive, 0 if none was put yet.
func (r *Registration) Current() int {
	select {
	case lease := <-r.getCh:
		return lease
	case <-r.done:
		return r.last
	}
}

// Exercise 05: the lock that keeps its context.
//
// Scheduled jobs run on every replica of a service, but each must run on only one
// at a time. RunExclusive takes a named lock from a lock service before it runs a
// job. The lock is held through a lease, which the service drops unless it is
// renewed every few seconds, so the lease is renewed in the background from the
// moment it is granted until the lock is released.
//
// Goal: However RunExclusive ends, nothing it started is still running when it
// returns and its lease is revoked, and it returns as soon as that is so.
//
//  1. The job runs only once the lock is held, and keeps it for as long as it
//     runs: the lease is renewed every second from the moment it is granted,
//     however long Acquire waits, a renewal that fails being retried at the
//     next tick; the job's ctx stays live while the job runs, until the
//     caller's is done.
//  2. However RunExclusive ends (the lock held elsewhere, Grant or Acquire
//     failing, the job returning, the caller cancelling at any moment), when it
//     returns nothing it started is running, none of its requests is in flight,
//     and the lease it was granted has been revoked, even if the caller's ctx
//     was cancelled.
//  3. RunExclusive returns as soon as that is so: once the job has returned or
//     the lock could not be taken, it waits only for the keepalive on the wire,
//     if any, and for Revoke.
//  4. A lock service that does not answer Revoke holds RunExclusive up for at
//     most five seconds after it sent Revoke: then it returns, and the lease
//     expires on its own.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/05_longtask_ctx_in_struct/
package jobs

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Client talks to the lock service.
type Client interface {
	// Grant creates a lease. The service drops it, and every lock it holds,
	// unless KeepAlive renews it within its TTL.
	Grant(ctx context.Context) (lease int, err error)
	// KeepAlive renews lease once.
	KeepAlive(ctx context.Context, lease int) error
	// Acquire blocks until the lock name is held by lease.
	Acquire(ctx context.Context, name string, lease int) error
	// Revoke drops lease at once, releasing its locks.
	Revoke(ctx context.Context, lease int) error
}

// keepAliveInterval is how often a lease is renewed, well within its TTL.
const keepAliveInterval = time.Second

// revokeTimeout bounds Revoke: a lease that cannot be revoked expires on its
// own within its TTL once nobody renews it, so waiting longer is pointless.
const revokeTimeout = 5 * time.Second

// RunExclusive runs job while holding the lock name, so that at most one replica
// runs it at a time. It returns job's error, or why the lock could not be taken.
//
// The lease, its keepalive goroutine and the lock all live and die inside this
// one call: there is no Lock value whose Unlock a caller (or an error path) could
// forget, and the deferred cleanup runs however the function returns.
func RunExclusive(ctx context.Context, client Client, name string, job func(ctx context.Context) error) (err error) {
	lease, err := client.Grant(ctx)
	if err != nil {
		return fmt.Errorf("grant lease: %w", err)
	}
	defer func() {
		// Revoking the lease frees the lock for other replicas now rather than
		// after its TTL. It must happen even when ctx is already cancelled, and
		// wait no longer than revokeTimeout.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), revokeTimeout)
		defer cancel()
		if rerr := client.Revoke(rctx, lease); rerr != nil && err == nil {
			err = fmt.Errorf("revoke lease: %w", rerr)
		}
	}()

	// The lease is renewed from now on: waiting for the lock can take longer
	// than the TTL.
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { keepAlive(ctx, client, lease) })
	defer func() {
		cancel()  // stop renewing the lease
		wg.Wait() // and return only once keepAlive has exited
	}()

	if err := client.Acquire(ctx, name, lease); err != nil {
		return fmt.Errorf("acquire %q: %w", name, err)
	}
	return job(ctx)
}

// keepAlive renews lease every keepAliveInterval until ctx is done.
func keepAlive(ctx context.Context, client Client, lease int) {
	ticker := time.NewTicker(keepAliveInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		// A tick that came due while the last keepalive was on the wire and
		// the cancel are both ready: select may take either, so the cancel is
		// looked at again before another keepalive goes out.
		if ctx.Err() != nil {
			return
		}
		// A failed renewal is retried at the next tick: the TTL allows for a few.
		_ = client.KeepAlive(ctx, lease)
	}
}

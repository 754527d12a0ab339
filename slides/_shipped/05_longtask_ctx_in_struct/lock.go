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
func RunExclusive(ctx context.Context, client Client, name string, job func(ctx context.Context) error) error {
	l, err := NewLock(ctx, client, name)
	if err != nil {
		return err
	}
	defer l.Unlock()
	return job(l.ctx)
}

// Lock is a held lock whose lease is kept alive in the background until Unlock.
type Lock struct {
	ctx    context.Context // the lock's lifetime: cancelled by Unlock
	cancel context.CancelFunc
	client Client
	lease  int
}

// NewLock acquires the lock name. Its lease is kept alive from the start, because
// waiting for another replica to release the lock can take longer than the TTL.
func NewLock(ctx context.Context, client Client, name string) (*Lock, error) {
	lease, err := client.Grant(ctx)
	if err != nil {
		return nil, fmt.Errorf("grant lease: %w", err)
	}

	ctx, cancel := context.WithCancel(ctx)
	l := &Lock{ctx: ctx, cancel: cancel, client: client, lease: lease}
	go l.keepAlive()

	if err := client.Acquire(ctx, name, lease); err != nil {
		return nil, fmt.Errorf("acquire %q: %w", name, err)
	}
	return l, nil
}

// Unlock releases the lock and stops renewing its lease.
func (l *Lock) Unlock() error {
	l.cancel()
	// l.ctx is done now, but the lease still has to go.
	ctx, cancel := context.WithTimeout(context.Background(), revokeTimeout)
	defer cancel()
	return l.client.Revoke(ctx, l.lease)
}

func (l *Lock) keepAlive() {
	ticker := time.NewTicker(keepAliveInterval)
	defer ticker.Stop()
	for {
		select {
		case <-l.ctx.Done():
			return
		case <-ticker.C:
		}
		// A failed renewal is retried at the next tick: the TTL allows for a few.
		_ = l.client.KeepAlive(l.ctx, l.lease)
	}
}

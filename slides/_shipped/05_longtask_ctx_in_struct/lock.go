// Exercise 05: the lock that keeps its context.
//
// Scheduled jobs run on every replica of a service, but each must run on only one
// at a time. RunExclusive takes a named lock from a lock service before it runs a
// job. The lock is held through a lease, which the service drops unless it is
// renewed every few seconds, so the lease is renewed in the background from the
// moment it is granted until the lock is released.
//
// Goal: however RunExclusive ends (the lock is taken elsewhere, the job fails,
// the caller gives up), nothing it started keeps running after it returns and the
// lease is revoked, so the lock is free for the next replica at once. It
// returns as soon as that is so: waiting for what it started, not guessing.
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
	return l.client.Revoke(context.Background(), l.lease)
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

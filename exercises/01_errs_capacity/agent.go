// Exercise 01: the forgotten errs capacity.
//
// Run registers an agent with its backend and then serves until the caller cancels
// ctx or a background task fails. It has grown over time: first it only kept the
// session alive, then it learned to watch a list of keys.
//
// Goal: Whichever way Run returns, every goroutine it started has ended by
// then, however many keys it watches.
//
//  1. When Run returns, every goroutine it started has ended and none of its
//     calls to the backend is still running or begins later, whichever way it
//     returns (registration fails, the keepalive or a watch fails, the caller
//     cancels) and however many keys it watches.
//  2. Until the first failure or the caller's cancel, the keepalive and every
//     watch run side by side; then Run returns that first failure (a failed
//     registration wrapped as "register: ...", or the keepalive's or a watch's
//     own error), or nil when the caller cancelled after registration had
//     succeeded.
//  3. Run returns as soon as its outcome is decided and every call it made to
//     the backend has returned, and no later, whatever the backend is doing at
//     that moment (a registration in flight, a watch slow to stop).
//
// The tests name the clause they find broken.
//
//	go test ./exercises/01_errs_capacity/
package agent

import (
	"context"
	"fmt"
)

// Backend is the remote side of the agent.
type Backend interface {
	// Register announces the agent.
	Register(ctx context.Context) error
	// Keepalive keeps the session alive. It blocks until ctx is done (then it
	// returns nil) or the session is lost.
	Keepalive(ctx context.Context) error
	// Watch follows one key. It blocks until ctx is done (then it returns nil)
	// or the watch fails.
	Watch(ctx context.Context, key string) error
}

// Run registers the agent, keeps its session alive and watches keys until ctx is
// cancelled or one of those fails. It returns the first error, or nil once ctx
// is cancelled.
func Run(ctx context.Context, b Backend, keys []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	errs := make(chan error, 1) // don't forget to increase when you add more goroutines

	go func() {
		errs <- b.Keepalive(ctx)
	}()
	for _, key := range keys {
		go func() {
			errs <- b.Watch(ctx, key)
		}()
	}

	if err := b.Register(ctx); err != nil {
		return fmt.Errorf("register: %w", err)
	}

	select {
	case err := <-errs:
		return err
	case <-ctx.Done():
		return nil
	}
}

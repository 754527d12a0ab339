// Exercise 01: the forgotten errs capacity.
//
// Run registers an agent with its backend and then serves until the caller cancels
// ctx or a background task fails. It has grown over time: first it only kept the
// session alive, then it learned to watch a list of keys.
//
// Goal: whichever way Run returns (registration fails, a task fails, the caller
// cancels), every goroutine Run started has ended by the time it returns, however
// many keys there are. Run keeps its contract: the first error wins, nil after a
// cancel, and it returns as soon as that is decided.
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

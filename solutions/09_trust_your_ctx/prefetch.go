// Exercise 09: trust your own ctx.
//
// FetchAll warms a cache: it fetches a list of keys from a remote store, all at
// once, and retries a key whose fetch fails, a few times, with a short pause in
// between. When the caller gives up, FetchAll returns at once, so nobody waits for
// fetches whose results are no longer wanted.
//
// The store's client library is of the common kind: when its own timeout passes,
// or when it drops a request for reasons of its own, it returns the bare
// context.DeadlineExceeded or context.Canceled, just as it does when the caller's
// ctx is done.
//
// Goal: FetchAll returns an error that matches context.Canceled or
// context.DeadlineExceeded only when the caller's ctx was cancelled or passed its
// deadline; a failure of the store is retried like any other and, in the end,
// reported as the store's failure: errors.Is still finds the store's own errors
// in it (wrapped with %w), but never the bare context errors the store returned
// (those keep their text only, %v). Whichever way FetchAll returns, no fetch it
// started is still running.
//
//	go test ./exercises/09_trust_your_ctx/
package prefetch

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// Store is the remote store's client.
type Store interface {
	Get(ctx context.Context, key string) (string, error)
}

const (
	attempts = 3                      // tries per key
	pause    = 200 * time.Millisecond // between tries
)

// FetchAll fetches every key concurrently and returns the values by key, or the
// first error.
//
// The fetches belong to an errgroup: FetchAll returns only after every one of them
// has, and the first error cancels the rest.
func FetchAll(ctx context.Context, s Store, keys []string) (map[string]string, error) {
	g, ctx := errgroup.WithContext(ctx)
	var mu sync.Mutex
	vals := make(map[string]string, len(keys))
	for _, key := range keys {
		g.Go(func() error {
			val, err := fetch(ctx, s, key)
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			vals[key] = val
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return vals, nil
}

// fetch gets one key, trying up to attempts times.
//
// Only ctx says whether to give up early. The store reports its own timeouts and
// dropped requests with the same bare context errors as a done ctx, so the error
// it returns cannot tell whether our caller gave up; ctx.Err() can.
func fetch(ctx context.Context, s Store, key string) (string, error) {
	var err error
	for i := range attempts {
		if i > 0 {
			select {
			case <-time.After(pause):
			case <-ctx.Done():
				return "", fmt.Errorf("get %q: %w", key, ctx.Err())
			}
		}
		var val string
		if val, err = s.Get(ctx, key); err == nil {
			return val, nil
		}
		if ctx.Err() != nil {
			return "", fmt.Errorf("get %q: %w", key, ctx.Err())
		}
	}
	return "", fmt.Errorf("get %q: %d attempts failed, last: %w", key, attempts, storeError(err))
}

// storeError keeps the store's own errors matchable with errors.Is, except its
// bare context errors: our caller did not give up, so those must not pass for
// its cancellation or deadline. Their text stays; their identity goes (%v).
func storeError(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("the store gave up: %v", err)
	}
	return err
}

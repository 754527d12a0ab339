// Exercise 09: trust your own ctx.
//
// FetchAll warms a cache: it fetches a list of keys from a remote store, all at
// once, and retries a key whose fetch fails, a few times, with a short pause in
// between. When the caller gives up, FetchAll stops: it tries nothing more, and
// returns as soon as the requests already sent have answered.
//
// The store's client library is of the common kind: when its own timeout passes,
// or when it drops a request for reasons of its own, it returns the bare
// context.DeadlineExceeded or context.Canceled, just as it does when the caller's
// ctx is done.
//
// Goal: FetchAll reports the caller's cancellation or deadline only when the
// caller's ctx ended, retries the store's own failures and reports them (still
// matchable with errors.Is, except the store's bare context errors), and leaves
// no fetch running.
//
//  1. While the caller's ctx lasts, FetchAll gets every key at once and returns
//     every value; a Get that fails, whatever its error (the store's bare
//     context errors included), is tried again 200ms later, up to 3 attempts
//     per key.
//  2. A key that fails 3 times makes FetchAll return an error that names the
//     key and says the store's last error, in which errors.Is finds that error
//     unless it is a context error.
//  3. FetchAll's error matches context.Canceled or context.DeadlineExceeded
//     only if the caller's ctx ended before FetchAll had its answer (every
//     value, or a key that failed 3 times), and then it matches what ctx.Err()
//     matches, not the other.
//  4. Once the caller's ctx has ended or a key has failed 3 times, FetchAll
//     tries no key again and returns as soon as the Gets in flight have
//     returned.
//  5. When FetchAll returns, no Get and no goroutine it started is still
//     running.
//
// The tests name the clause they find broken.
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

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
	"time"
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
func FetchAll(ctx context.Context, s Store, keys []string) (map[string]string, error) {
	type result struct {
		key, val string
		err      error
	}
	results := make(chan result)
	for _, key := range keys {
		go func() {
			val, err := fetch(ctx, s, key)
			select {
			case results <- result{key, val, err}:
			case <-ctx.Done(): // the caller gave up: nobody reads results any more
			}
		}()
	}

	vals := make(map[string]string, len(keys))
	var firstErr error
	for range keys {
		r := <-results
		switch {
		case errors.Is(r.err, context.Canceled), errors.Is(r.err, context.DeadlineExceeded):
			// The caller gave up: tell them now. The other fetches see
			// ctx.Done() as well and drop their results.
			return nil, r.err
		case r.err != nil:
			if firstErr == nil {
				firstErr = r.err
			}
		default:
			vals[r.key] = r.val
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return vals, nil
}

// fetch gets one key, trying up to attempts times.
func fetch(ctx context.Context, s Store, key string) (string, error) {
	for i := 1; ; i++ {
		val, err := s.Get(ctx, key)
		switch {
		case err == nil:
			return val, nil
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			return "", err // the caller gave up: no point in trying again
		case i == attempts:
			return "", fmt.Errorf("get %q: %d attempts failed, last: %w", key, attempts, err)
		}
		time.Sleep(pause)
	}
}

package prefetch

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

var errUnavailable = errors.New("503 service unavailable")

// fakeStore is the remote store on synctest's fake clock. A Get answers after
// delay, except that the first attempts at a key listed in fail return those
// errors, one per attempt, after failAfter. With hang set, Get never answers.
// Whatever it is doing, Get gives up with the bare ctx.Err() once ctx is done.
type fakeStore struct {
	delay     time.Duration
	fail      map[string][]error
	failAfter time.Duration
	hang      bool

	mu       sync.Mutex
	attempts map[string]int
}

func (f *fakeStore) Get(ctx context.Context, key string) (string, error) {
	f.mu.Lock()
	if f.attempts == nil {
		f.attempts = map[string]int{}
	}
	f.attempts[key]++
	n := f.attempts[key]
	f.mu.Unlock()

	var answer <-chan time.Time
	var err error
	switch {
	case f.hang:
	case n <= len(f.fail[key]):
		answer, err = time.After(f.failAfter), f.fail[key][n-1]
	default:
		answer = time.After(f.delay)
	}
	select {
	case <-answer:
		if err != nil {
			return "", err
		}
		return "value of " + key, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func keys(n int) []string {
	ks := make([]string, n)
	for i := range ks {
		ks[i] = fmt.Sprintf("user/%d", i)
	}
	return ks
}

// fetchAll calls FetchAll and returns its results and how long it took on the fake clock.
func fetchAll(t *testing.T, ctx context.Context, s Store, ks []string) (vals map[string]string, err error, took time.Duration) {
	t.Helper()
	start := time.Now()
	leakcheck.Within(t, time.Hour, "FetchAll", func() { vals, err = FetchAll(ctx, s, ks) })
	return vals, err, time.Since(start)
}

// The store's own failures, as its client library reports them.
var storeFailures = []struct {
	name string
	err  error
}{
	{"store timeout", context.DeadlineExceeded}, // the client's own per-request timeout passed
	{"store dropped request", context.Canceled}, // e.g. a shared in-flight request was cancelled by another of its callers
	{"store unavailable", errUnavailable},
}

func TestStoreFailureIsRetried(t *testing.T) {
	for _, sf := range storeFailures {
		t.Run(sf.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

			leakcheck.Bubble(t, func(t *testing.T) {
				ks := keys(50)
				flaky := ks[7]
				s := &fakeStore{
					delay:     3 * time.Second,
					fail:      map[string][]error{flaky: {sf.err}},
					failAfter: time.Second,
				}
				// A caller without a deadline: a batch job that waits as long as it takes.
				ctx := context.Background()

				vals, err, took := fetchAll(t, ctx, s, ks)
				time.Sleep(time.Minute) // time for any fetch still running to end

				require.NoError(t, err, "one failed attempt at %s must be retried: the caller did not give up", flaky)
				assert.Len(t, vals, len(ks), "FetchAll must return every key's value")
				assert.Equal(t, "value of "+flaky, vals[flaky], "FetchAll must return the retried key's value")
				assert.Equal(t, time.Second+pause+3*time.Second, took,
					"the keys must be fetched concurrently, and the failed one retried after the pause")
				// A goroutine of FetchAll's still waiting when this bubble ends is reported as a leak.
			})
		})
	}
}

func TestStoreKeepsFailing(t *testing.T) {
	for _, sf := range storeFailures {
		t.Run(sf.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

			leakcheck.Bubble(t, func(t *testing.T) {
				ks := keys(50)
				broken := ks[7]
				s := &fakeStore{
					delay:     3 * time.Second,
					fail:      map[string][]error{broken: {sf.err, sf.err, sf.err}},
					failAfter: time.Second,
				}
				ctx := context.Background()

				_, err, took := fetchAll(t, ctx, s, ks)
				time.Sleep(time.Minute) // time for any fetch still running to end

				require.Error(t, err, "FetchAll must fail when the store keeps failing")
				assert.NotErrorIs(t, err, context.Canceled, "the store's failure must not pass for the caller's cancellation")
				assert.NotErrorIs(t, err, context.DeadlineExceeded, "the store's failure must not pass for the caller's deadline")
				assert.ErrorContains(t, err, broken, "the error must name the key that failed")
				assert.ErrorContains(t, err, sf.err.Error(), "the error must say what the store reported")
				assert.Equal(t, 3*time.Second+2*pause, took, "FetchAll must give up after the third failed attempt")
				assert.Equal(t, 3, s.attempts[broken], "FetchAll must try the failing key 3 times")
			})
		})
	}
}

func TestCallerCancels(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		s := &fakeStore{hang: true}
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(2*time.Second, cancel)

		_, err, took := fetchAll(t, ctx, s, keys(50))

		require.ErrorIs(t, err, context.Canceled, "FetchAll must fail with the caller's cancellation")
		assert.Equal(t, 2*time.Second, took, "FetchAll must return as soon as the caller cancels")
	})
}

func TestCallerDeadline(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		s := &fakeStore{hang: true}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()

		_, err, took := fetchAll(t, ctx, s, keys(50))

		require.ErrorIs(t, err, context.DeadlineExceeded, "FetchAll must fail with the caller's deadline")
		assert.NotErrorIs(t, err, context.Canceled, "the caller's deadline is not a cancellation")
		assert.Equal(t, 2*time.Second, took, "FetchAll must return as soon as the caller's deadline passes")
	})
}

func TestCallerCancelsDuringPause(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		ks := keys(50)
		s := &fakeStore{
			delay:     3 * time.Second,
			fail:      map[string][]error{ks[7]: {errUnavailable}},
			failAfter: time.Second,
		}
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second+pause/2, cancel) // while ks[7] waits to be retried

		_, err, took := fetchAll(t, ctx, s, ks)

		require.ErrorIs(t, err, context.Canceled, "FetchAll must fail with the caller's cancellation")
		assert.Equal(t, time.Second+pause/2, took, "FetchAll must return as soon as the caller cancels, even in a pause between attempts")
	})
}

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
	running  int // Gets not answered yet
}

func (f *fakeStore) Get(ctx context.Context, key string) (string, error) {
	f.mu.Lock()
	if f.attempts == nil {
		f.attempts = map[string]int{}
	}
	f.attempts[key]++
	n := f.attempts[key]
	f.running++
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.running--
		f.mu.Unlock()
	}()

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

// Running returns how many Gets are not answered yet.
func (f *fakeStore) Running() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.running
}

// fetchAll calls FetchAll and returns its results and how long it took on the
// fake clock. It checks that no Get is still running when FetchAll returns.
func fetchAll(t *testing.T, ctx context.Context, s *fakeStore, ks []string) (vals map[string]string, err error, took time.Duration) {
	t.Helper()
	start := time.Now()
	leakcheck.Within(t, time.Hour, "FetchAll", func() { vals, err = FetchAll(ctx, s, ks) })
	took = time.Since(start)
	assert.Zero(t, s.Running(), "fetches still running when FetchAll returned: it must stop (cancel) and wait for "+
		"every fetch it started, whichever way it returns")
	return vals, err, took
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
		// Which key fails, and whether it fails while the other fetches are
		// still running (early) or after they are done (late).
		for _, when := range []struct {
			name      string
			broken    int
			failAfter time.Duration
		}{
			{"late", 7, time.Second},
			{"early", 0, 100 * time.Millisecond},
			{"first", 49, 10 * time.Millisecond},
		} {
			t.Run(sf.name+"/"+when.name, func(t *testing.T) {
				defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

				leakcheck.Bubble(t, func(t *testing.T) {
					ks := keys(50)
					broken := ks[when.broken]
					const delay = 3 * time.Second
					s := &fakeStore{
						delay:     delay,
						fail:      map[string][]error{broken: {sf.err, sf.err, sf.err}},
						failAfter: when.failAfter,
					}
					ctx := context.Background()

					_, err, took := fetchAll(t, ctx, s, ks)
					time.Sleep(time.Minute) // time for any fetch still running to end

					require.Error(t, err, "FetchAll must fail when the store keeps failing")
					assert.NotErrorIs(t, err, context.Canceled, "the store's failure must not pass for the caller's cancellation")
					assert.NotErrorIs(t, err, context.DeadlineExceeded, "the store's failure must not pass for the caller's deadline")
					if sf.err == errUnavailable {
						assert.ErrorIs(t, err, errUnavailable,
							"an error of the store's own must stay matchable with errors.Is (wrap it with %w); only its context errors must not")
					}
					assert.ErrorContains(t, err, broken, "the error must name the key that failed")
					assert.ErrorContains(t, err, sf.err.Error(), "the error must say what the store reported")
					failed := 3*when.failAfter + 2*pause
					assert.GreaterOrEqual(t, took, failed, "FetchAll must try the failing key 3 times before it gives up")
					assert.LessOrEqual(t, took, max(failed, delay),
						"FetchAll must return once the third attempt has failed (or the other fetches are done)")
					assert.Equal(t, 3, s.attempts[broken], "FetchAll must try the failing key 3 times")
				})
			})
		}
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

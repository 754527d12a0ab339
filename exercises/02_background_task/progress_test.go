package progress

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

const interval = time.Second

var (
	errNotFound = errors.New("job not found")
	errBackend  = errors.New("job service unavailable")
)

// fakeJobs is a job service with one job, "job-1". Its first Poll is the check
// Watch makes before streaming; poll number k (k >= 1) reports k*100/steps percent.
type fakeJobs struct {
	steps  int // polls until the job is done; 0 means it never finishes
	failAt int // poll number that fails; 0 means none

	mu    sync.Mutex
	polls int
}

func (j *fakeJobs) Poll(ctx context.Context, jobID string) (Report, error) {
	if jobID != "job-1" {
		return Report{}, errNotFound
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	k := j.polls
	j.polls++
	switch {
	case k > 0 && k == j.failAt:
		return Report{}, errBackend
	case j.steps == 0:
		return Report{Percent: k % 100}, nil
	default:
		return Report{Percent: k * 100 / j.steps, Done: k == j.steps}, nil
	}
}

func (j *fakeJobs) Polls() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.polls
}

// watch calls Watch, failing the test if it does not return at once.
func watch(t *testing.T, ctx context.Context, jobs *fakeJobs, id string) (ch <-chan Report, err error) {
	t.Helper()
	w := &Watcher{Jobs: jobs, Interval: interval}
	leakcheck.Within(t, interval, "Watch", func() { ch, err = w.Watch(ctx, id) })
	return ch, err
}

// next receives from ch, failing the test and returning ok false if nothing
// comes within d (of fake time): a Watch that never sends, or never closes the
// channel, must not hang go test.
func next(t *testing.T, ch <-chan Report, d time.Duration) (r Report, ok bool) {
	t.Helper()
	select {
	case r, ok = <-ch:
		return r, ok
	case <-time.After(d):
		t.Errorf("no report and no close within %v of fake time: Watch must send one report per interval and close the channel when it is done", d)
		return Report{}, false
	}
}

// readAll receives until ch is closed, sleeping pause after each report like a
// slow reader.
func readAll(t *testing.T, ch <-chan Report, pause time.Duration) []Report {
	t.Helper()
	var got []Report
	for {
		r, ok := next(t, ch, 2*interval)
		if !ok {
			return got
		}
		got = append(got, r)
		time.Sleep(pause)
	}
}

func TestUnknownJob(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		ch, err := watch(t, t.Context(), &fakeJobs{steps: 5}, "job-2")
		require.ErrorIs(t, err, errNotFound)
		assert.Nil(t, ch)
	})
}

func TestSlowReaderGetsEveryReport(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		ch, err := watch(t, t.Context(), &fakeJobs{steps: 5}, "job-1")
		require.NoError(t, err)

		got := readAll(t, ch, 3*interval) // the reader is slower than the job
		assert.Equal(t, []Report{{Percent: 20}, {Percent: 40}, {Percent: 60}, {Percent: 80}, {Percent: 100, Done: true}}, got,
			"a caller that keeps reading must get every report, in order, then the channel closes")
	})
}

func TestPollErrorIsReported(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		ch, err := watch(t, t.Context(), &fakeJobs{steps: 10, failAt: 3}, "job-1")
		require.NoError(t, err)

		got := readAll(t, ch, 2*interval)
		require.Len(t, got, 3, "two reports, then the error, then the channel closes")
		assert.Equal(t, []Report{{Percent: 10}, {Percent: 20}}, got[:2])
		assert.ErrorIs(t, got[2].Err, errBackend, "the last report carries the poll error")
	})
}

func TestCallerStopsReading(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reads int
	}{
		{"never reads", 0},
		{"reads two reports", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				jobs := &fakeJobs{} // a job that never finishes
				ctx, cancel := context.WithCancel(t.Context())
				ch, err := watch(t, ctx, jobs, "job-1")
				require.NoError(t, err)
				for range tc.reads {
					_, ok := next(t, ch, 2*interval)
					require.True(t, ok, "a watched job that never finishes must keep reporting")
				}

				// The caller moves on and, much later, its request ends.
				time.Sleep(time.Hour)
				// Polls beyond the check, the reports read, one waiting to be
				// handed over and one queued in a channel of capacity 1: a
				// bigger buffer keeps polling for nobody, and only postpones the
				// moment its goroutine blocks for good.
				unread := jobs.Polls() - 1 - tc.reads
				assert.LessOrEqual(t, unread, 2, "Watch polled the job %d times for a caller that stopped reading: a bigger buffer only hides the goroutine nobody will drain (a goroutine leak)", unread)
				cancel()
				synctest.Wait()
				polls := jobs.Polls()
				time.Sleep(10 * interval)
				assert.Equal(t, polls, jobs.Polls(), "the job is still polled after the caller cancelled")
				// A goroutine of Watch still blocked when this bubble ends is a leak.
			})
		})
	}
}

func TestCancelWhileReading(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		ch, err := watch(t, ctx, &fakeJobs{}, "job-1")
		require.NoError(t, err)

		for range 10 {
			_, ok := next(t, ch, 2*interval)
			require.True(t, ok, "a watched job that never finishes must keep reporting")
		}
		cancel()
		start := time.Now()
		// At most the report already handed over, then the close.
		for i := 0; ; i++ {
			if _, ok := next(t, ch, 2*interval); !ok {
				break
			}
			if i == 2 {
				t.Fatal("reports keep coming after the caller cancelled")
			}
		}
		assert.LessOrEqual(t, time.Since(start), interval, "the channel must close soon after the caller cancels")
	})
}

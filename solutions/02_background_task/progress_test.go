package progress

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/leakcheck"
)

const (
	interval = time.Second
	pollRTT  = 100 * time.Millisecond // how long a prompt poll takes
)

var (
	errNotFound = errors.New("job not found")
	errBackend  = errors.New("job service unavailable")
)

// fakeJobs is a job service with one job, "job-1", on synctest's fake clock
// (or the real one). Its first Poll is the check Watch makes before streaming;
// poll number k (k >= 1) reports k*100/steps percent, or k%100 if the job
// never finishes (steps 0). Poll number failAt fails with errBackend. Each
// poll answers as speeds says (at once unless told otherwise), inside the
// point "Poll".
type fakeJobs struct {
	steps  int
	failAt int
	speeds map[int]fake.Speed

	points fake.Points

	mu    sync.Mutex
	polls int
}

func (j *fakeJobs) Poll(ctx context.Context, jobID string) (Report, error) {
	if jobID != "job-1" {
		return Report{}, errNotFound
	}
	j.mu.Lock()
	k := j.polls
	j.polls++
	speed := j.speeds[k]
	j.mu.Unlock()

	if err := j.points.Call(ctx, "Poll", speed, pollRTT); err != nil {
		return Report{}, err
	}
	switch {
	case k > 0 && k == j.failAt:
		return Report{}, errBackend
	case j.steps == 0:
		return Report{Percent: k % 100}, nil
	default:
		return Report{Percent: k * 100 / j.steps, Done: k == j.steps}, nil
	}
}

// Polls returns how many polls have begun, the check included.
func (j *fakeJobs) Polls() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.polls
}

// watch calls Watch and returns what it returned and when. Watch itself must
// return at once (its first poll aside): it is given an interval to do so.
func watch(t *testing.T, ctx context.Context, jobs *fakeJobs, id string) (ch <-chan Report, err error, at time.Time) {
	t.Helper()
	w := &Watcher{Jobs: jobs, Interval: interval}
	leakcheck.Within(t, interval, "Watch", func() { ch, err = w.Watch(ctx, id) })
	return ch, err, time.Now()
}

// watchReal calls Watch on the real clock, and reports clause 4 broken if it
// does not return within a second.
func watchReal(t *testing.T, ctx context.Context, w *Watcher) (<-chan Report, bool) {
	t.Helper()
	var ch <-chan Report
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		ch, err = w.Watch(ctx, "job-1")
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		clause4.Errorf(t, "Watch had not returned a second after it was called")
		return nil, false
	}
	return ch, clause4.NoError(t, err, "Watch of a job that can be polled") && ch != nil
}

// next receives from ch, and reports clause 3 broken if nothing comes within
// d (of fake time): a reader must get a report per interval, or the close.
func next(t *testing.T, ch <-chan Report, d time.Duration) (r Report, ok bool) {
	t.Helper()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case r, ok = <-ch:
		return r, ok
	case <-timer.C:
		clause3.Errorf(t, "no report and no close came within %v of asking for the next one", d)
		return Report{}, false
	}
}

// readAll receives until ch is closed, pausing after each report like a slow
// reader, and returns the reports and when each came.
func readAll(t *testing.T, ch <-chan Report, pause time.Duration) (got []Report, at []time.Time) {
	t.Helper()
	for {
		r, ok := next(t, ch, pause+2*interval)
		if !ok {
			return got, at
		}
		got = append(got, r)
		at = append(at, time.Now())
		time.Sleep(pause)
	}
}

// closedAfterCancel checks, right after the caller's cancel (inside a
// bubble, every goroutine run until it blocks), that nothing Watch started is
// running and that the channel is closed, once the reports already in it, if
// any, are read. Those are clause 2's business.
func closedAfterCancel(t *testing.T, m leakcheck.Mark, ch <-chan Report) {
	t.Helper()
	m.Stopped(t, clause1, "cancel()")
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		default:
			clause1.Errorf(t, "the channel was still open after the caller cancelled, with nothing left in it to read")
			return
		}
	}
}

// TestCancelStopsEverything cancels the caller's ctx wherever the goroutine
// can be, and judges at that instant. No cancel lands on a tick: the
// goroutine may then as well take the tick and begin one more poll.
func TestCancelStopsEverything(t *testing.T) {
	noteFailure(t)
	for _, tc := range []struct {
		name  string
		jobs  func() *fakeJobs
		reads int
		// before cancelling, after the reads
		wait func(t *testing.T, j *fakeJobs)
	}{
		{"waiting for the next tick", func() *fakeJobs { return &fakeJobs{} }, 2,
			func(t *testing.T, j *fakeJobs) { time.Sleep(interval / 2) }},
		{"inside a poll that never answers", func() *fakeJobs { return &fakeJobs{speeds: map[int]fake.Speed{3: fake.Hung}} }, 2,
			func(t *testing.T, j *fakeJobs) { j.points.Await(t, "Poll", 1, time.Minute) }},
		{"inside a slow poll", func() *fakeJobs { return &fakeJobs{speeds: map[int]fake.Speed{3: fake.Slow}} }, 2,
			func(t *testing.T, j *fakeJobs) { j.points.Await(t, "Poll", 1, time.Minute) }},
		{"holding a report nobody reads", func() *fakeJobs { return &fakeJobs{} }, 2,
			func(t *testing.T, j *fakeJobs) { time.Sleep(time.Hour + interval/2) }},
		{"holding the job's last report", func() *fakeJobs { return &fakeJobs{steps: 3} }, 2,
			func(t *testing.T, j *fakeJobs) { time.Sleep(time.Hour + interval/2) }},
		{"holding an error report", func() *fakeJobs { return &fakeJobs{steps: 10, failAt: 3} }, 2,
			func(t *testing.T, j *fakeJobs) { time.Sleep(time.Hour + interval/2) }},
		{"at the instant a poll answers", func() *fakeJobs { return &fakeJobs{speeds: map[int]fake.Speed{3: fake.Prompt}} }, 2,
			func(t *testing.T, j *fakeJobs) {
				j.points.Await(t, "Poll", 1, time.Minute)
				time.Sleep(pollRTT)
			}},
	} {
		ok := t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				jobs := tc.jobs()
				// The caller's ctx, cancelled only below: it outlives the checks.
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				m := leakcheck.Now()
				ch, err, _ := watch(t, ctx, jobs, "job-1")
				clause4.NoError(t, err, "Watch of a job that can be polled")
				if ch == nil {
					return
				}
				for range tc.reads {
					if _, ok := next(t, ch, 2*interval); !ok {
						clause3.Fatalf(t, "the channel was closed before the job was done")
					}
				}
				tc.wait(t, jobs)

				cancel()
				polls := jobs.Polls() // a poll that begins from now on began after the cancel
				closedAfterCancel(t, m, ch)
				time.Sleep(10 * interval)
				clause1.Check(t, jobs.Polls() == polls, "%d poll(s) began after the caller cancelled", jobs.Polls()-polls)
			})
		})
		if !ok {
			break // the other places fail the same way
		}
	}
}

// TestCancelRightAfterARead: the reader takes a report it kept waiting for
// longer than an interval, so a tick is due, and the caller cancels at that
// very instant: no poll may begin. Ten rounds, since the goroutine's next
// select sees the tick and the cancel at once and may take either.
func TestCancelRightAfterARead(t *testing.T) {
	noteFailure(t)
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	for round := range 10 {
		if t.Failed() {
			break
		}
		leakcheck.Bubble(t, func(t *testing.T) {
			jobs := &fakeJobs{}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			m := leakcheck.Now()
			ch, err, _ := watch(t, ctx, jobs, "job-1")
			clause4.NoError(t, err, "Watch of a job that can be polled")
			if ch == nil {
				return
			}
			if _, ok := next(t, ch, 2*interval); !ok {
				clause3.Fatalf(t, "the channel was closed before the job was done")
			}
			time.Sleep(2*interval + interval/2)
			if _, ok := next(t, ch, 2*interval); !ok {
				clause3.Fatalf(t, "the channel was closed before the job was done")
			}
			// Counted once cancel has returned: a poll that begins after
			// that began after the cancel, whatever the scheduler did.
			cancel()
			polls := jobs.Polls()
			closedAfterCancel(t, m, ch)
			clause1.Check(t, jobs.Polls() == polls, "round %d: %d poll(s) began when the caller cancelled right after taking a report, a tick being due", round+1, jobs.Polls()-polls)
		})
	}
}

// TestCallerStopsReading: a caller that stops reading, and cancels an hour
// later, costs no more than two reports polled ahead.
func TestCallerStopsReading(t *testing.T) {
	noteFailure(t)
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
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				m := leakcheck.Now()
				ch, err, _ := watch(t, ctx, jobs, "job-1")
				clause4.NoError(t, err, "Watch of a job that can be polled")
				if ch == nil {
					return
				}
				for range tc.reads {
					if _, ok := next(t, ch, 2*interval); !ok {
						clause3.Fatalf(t, "the channel was closed before the job was done")
					}
				}

				// The caller moves on and, much later, its request ends (between
				// two ticks: a cancel that lands with a tick may let one more
				// poll begin).
				time.Sleep(time.Hour + interval/2)
				ahead := jobs.Polls() - 1 - tc.reads
				clause2.Check(t, ahead <= 2, "an hour after the caller stopped reading, %d report(s) had been polled ahead of the last one read", ahead)
				cancel()
				closedAfterCancel(t, m, ch)
			})
		})
	}
}

// TestSlowReaderGetsEveryReport: a reader slower than the job gets every
// report, in order, then the close.
func TestSlowReaderGetsEveryReport(t *testing.T) {
	noteFailure(t)
	for _, tc := range []struct {
		name  string
		pause time.Duration
		speed fake.Speed
	}{
		{"reads at once", 0, fake.Instant},
		{"reads every three intervals", 3 * interval, fake.Instant},
		{"reads every three intervals, polls take 100ms", 3 * interval, fake.Prompt},
		{"reads every half interval, polls take 100ms", interval / 2, fake.Prompt},
		{"reads every hour", fake.Long, fake.Instant}, // beyond any time a fix might give a reader
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				jobs := &fakeJobs{steps: 5, speeds: map[int]fake.Speed{}}
				for k := 1; k <= 5; k++ {
					jobs.speeds[k] = tc.speed
				}
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				ch, err, start := watch(t, ctx, jobs, "job-1")
				clause4.NoError(t, err, "Watch of a job that can be polled")
				if ch == nil {
					return
				}

				got, at := readAll(t, ch, tc.pause)
				want := []Report{{Percent: 20}, {Percent: 40}, {Percent: 60}, {Percent: 80}, {Percent: 100, Done: true}}
				clause3.Equal(t, want, got, "the reports a reader got, in order, before the channel was closed")
				for k, when := range at {
					if !clause3.Check(t, !when.Before(start.Add(time.Duration(k+1)*interval)),
						"report %d came %v after Watch returned, sooner than %d interval(s)", k+1, when.Sub(start), k+1) {
						break
					}
				}
			})
		})
	}
}

// TestPollErrorIsReported: a failed poll is the last report, then the close.
func TestPollErrorIsReported(t *testing.T) {
	noteFailure(t)
	for _, pause := range []time.Duration{0, 2 * interval, fake.Long} {
		t.Run(fmt.Sprintf("reads every %v", pause), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				m := leakcheck.Now()
				ch, err, _ := watch(t, ctx, &fakeJobs{steps: 10, failAt: 3}, "job-1")
				clause4.NoError(t, err, "Watch of a job that can be polled")
				if ch == nil {
					return
				}

				got, _ := readAll(t, ch, pause)
				if !clause3.Check(t, len(got) == 3, "the reader got %d report(s) before the close, for a job whose third poll failed: %v", len(got), got) {
					return
				}
				clause3.Equal(t, []Report{{Percent: 10}, {Percent: 20}}, got[:2], "the reports before the failed poll")
				clause3.ErrorIs(t, got[2].Err, errBackend, "the last report's Err")
				m.Stopped(t, clause1, "the close")
			})
		})
	}
}

// TestJobCannotBePolled: Watch fails at once, and starts nothing.
func TestJobCannotBePolled(t *testing.T) {
	noteFailure(t)
	for _, tc := range []struct {
		name   string
		id     string
		speeds map[int]fake.Speed
		cancel bool
		want   error
	}{
		{"unknown job", "job-2", nil, false, errNotFound},
		{"the service fails", "job-1", map[int]fake.Speed{0: fake.Failing}, false, fake.ErrInjected},
		{"the caller has cancelled", "job-1", map[int]fake.Speed{0: fake.Hung}, true, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				jobs := &fakeJobs{steps: 5, speeds: tc.speeds}
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				if tc.cancel {
					cancel()
				}
				m := leakcheck.Now()
				ch, err, _ := watch(t, ctx, jobs, tc.id)
				clause4.ErrorIs(t, err, tc.want, "Watch's error for a job that cannot be polled")
				clause4.Check(t, ch == nil, "Watch returned a channel with its error")
				m.Stopped(t, clause4, "Watch")
				polls := jobs.Polls()
				time.Sleep(10 * interval)
				clause4.Check(t, jobs.Polls() == polls, "%d poll(s) began after Watch had failed", jobs.Polls()-polls)
			})
		})
	}
}

// failedBefore is set once a test of the fake clock has failed: the real-clock
// tests are then not worth running, since a goroutine that leaks on the fake
// clock leaks for good on the real one, round after round.
var failedBefore atomic.Bool

// noteFailure sets failedBefore if t fails, its leak checks included.
func noteFailure(t *testing.T) {
	t.Cleanup(func() {
		if t.Failed() {
			failedBefore.Store(true)
		}
	})
}

// skipAfterFailure skips a real-clock test once a fake-clock test has failed.
func skipAfterFailure(t *testing.T) {
	if failedBefore.Load() {
		t.Skip("skipped: a test before this one failed, and on the real clock its goroutines would be left behind for good")
	}
}

// TestCancelWhileReadingRealClock: on the real clock, many rounds, the caller
// cancels at any moment while another goroutine of its reads: the channel must
// close, nothing may be polled once it is closed, and nothing may be left.
func TestCancelWhileReadingRealClock(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	skipAfterFailure(t)
	deadline := time.Now().Add(150 * time.Millisecond)
	for round := 1; round <= 1000 && (round <= 20 || time.Now().Before(deadline)); round++ {
		jobs := &fakeJobs{}
		w := &Watcher{Jobs: jobs, Interval: 50 * time.Microsecond}
		ctx, cancel := context.WithCancel(context.Background())
		ch, ok := watchReal(t, ctx, w)
		if !ok {
			cancel()
			return
		}
		closed := make(chan int, 1) // polls begun when the reader saw the close
		go func() {
			for range ch {
			}
			closed <- jobs.Polls()
		}()
		time.Sleep(time.Duration(round%7) * 20 * time.Microsecond)
		cancel()
		timer := time.NewTimer(time.Second)
		select {
		case polls := <-closed:
			timer.Stop()
			time.Sleep(100 * time.Microsecond)
			if !clause1.Check(t, jobs.Polls() == polls, "round %d: %d poll(s) began after the channel was closed", round, jobs.Polls()-polls) {
				return
			}
		case <-timer.C:
			clause1.Errorf(t, "round %d: the channel was still open a second after the caller cancelled", round)
			return
		}
	}
	// Anything of Watch's still running now is reported by VerifyNone.
}

// TestReadersRaceTheCancelRealClock: several readers share the channel while
// the caller cancels; they all see it closed.
func TestReadersRaceTheCancelRealClock(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	skipAfterFailure(t)
	for round := 1; round <= 50; round++ {
		w := &Watcher{Jobs: &fakeJobs{}, Interval: 20 * time.Microsecond}
		ctx, cancel := context.WithCancel(context.Background())
		ch, ok := watchReal(t, ctx, w)
		if !ok {
			cancel()
			return
		}
		readers := map[string]func(){}
		for i := range 3 {
			readers[fmt.Sprintf("reader %d", i+1)] = func() {
				for range ch {
				}
			}
		}
		readers["cancel"] = func() {
			time.Sleep(time.Duration(round%5) * 30 * time.Microsecond)
			cancel()
		}
		if !leakcheck.Concurrently(t, clause1, time.Second, readers) {
			cancel()
			return
		}
	}
}

// Exercise 02: BackgroundTask, the report channel nobody drains.
//
// Watch checks that a job exists and then streams its progress on a channel, one
// Report per interval, until the job is done. Callers range over the channel; some
// stop early (they got what they needed, or their request was cancelled).
//
// Goal: Watch's goroutine ends when the caller cancels, even if it stopped
// reading, and a reading caller gets every report.
//
//  1. When the caller cancels ctx, the goroutine behind the channel ends and
//     closes it at once, wherever it was (waiting for the next tick, inside a
//     poll, or holding a report nobody reads): nothing Watch started is running
//     then, and no poll begins after the cancel.
//  2. A caller that stops reading stops the polling: at most two reports are
//     polled ahead of the last one read, however long the caller waits before
//     it cancels.
//  3. A caller that keeps reading, however slowly, gets every report in order,
//     the k-th no sooner than k intervals after Watch returned, and the last
//     one (the job's Done report, or an Err report wrapping the poll's error)
//     just before the channel is closed.
//  4. When the job cannot be polled, Watch returns an error wrapping the poll's
//     and a nil channel, and starts nothing.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/02_background_task/
package progress

import (
	"context"
	"fmt"
	"time"
)

// Report is one progress sample of a job.
type Report struct {
	Percent int
	Done    bool  // the last report of a job that finished
	Err     error // the last report of a job that could not be polled any more
}

// Poller asks the job service for a job's progress.
type Poller interface {
	Poll(ctx context.Context, jobID string) (Report, error)
}

// Watcher streams the progress of jobs.
type Watcher struct {
	Jobs     Poller
	Interval time.Duration
}

// Watch returns an error at once if the job cannot be polled. Otherwise it
// returns a channel that receives one Report per interval until the job is done
// or polling fails; then the channel is closed. Cancel ctx to stop watching.
func (w *Watcher) Watch(ctx context.Context, jobID string) (<-chan Report, error) {
	if _, err := w.Jobs.Poll(ctx, jobID); err != nil {
		return nil, fmt.Errorf("watch %s: %w", jobID, err)
	}

	progress := make(chan Report, 1)
	go func() {
		defer close(progress)
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(w.Interval):
			}

			r, err := w.Jobs.Poll(ctx, jobID)
			if err != nil {
				r = Report{Err: fmt.Errorf("poll %s: %w", jobID, err)}
			}
			progress <- r
			if r.Done || r.Err != nil {
				return
			}
		}
	}()
	return progress, nil
}

// Exercise 02: BackgroundTask, the report channel nobody drains.
//
// Watch checks that a job exists and then streams its progress on a channel, one
// Report per interval, until the job is done. Callers range over the channel; some
// stop early (they got what they needed, or their request was cancelled).
//
// Goal: the goroutine behind the channel must end when the caller's ctx is
// cancelled, even if the caller has stopped reading, and a caller that keeps
// reading must still get every report, including the last error.
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

package demo

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestFixedReturnsWhenCancelled cancels the fixed handler's request at random
// points, many times: before it starts, while the feeder is handing out jobs,
// while workers process or send, while the collector waits. Every call must
// return (nil, the first job error or the caller's cancellation) and leave
// none of its goroutines running. The fixed handler is the slide's model of
// "every wait has a way out"; a wait without one hangs here.
func TestFixedReturnsWhenCancelled(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	runs := 300
	if testing.Short() {
		runs = 50
	}
	for i := range runs {
		jobs := make([]Job, 1+rand.IntN(12))
		if rand.IntN(3) == 0 { // a failing job somewhere, or none
			jobs[rand.IntN(len(jobs))].Fail = true
		}
		ctx, cancel := context.WithCancel(context.Background())
		delay := time.Duration(rand.Int64N(int64(3 * time.Millisecond)))
		if i%10 == 0 {
			delay = 0 // cancelled before the first job is handed out
		}
		stop := time.AfterFunc(delay, cancel)
		done := make(chan error, 1)
		go func() { done <- Fixed(ctx, jobs) }()
		select {
		case err := <-done:
			if err != nil && !errors.Is(err, errJob) && !errors.Is(err, context.Canceled) {
				t.Fatalf("run %d (%d jobs, cancel after %v): Fixed returned %v; want nil, the job's error or context.Canceled", i, len(jobs), delay, err)
			}
		case <-time.After(10 * time.Second): // only a hang takes this long, however busy the machine
			t.Fatalf("run %d (%d jobs, cancel after %v): Fixed has not returned 10 s after its ctx was cancelled: a wait with no way out", i, len(jobs), delay)
		}
		stop.Stop()
		cancel()
	}
}

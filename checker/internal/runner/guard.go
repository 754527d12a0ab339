package runner

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// The guard stops a run that makes no progress, never one that is only slow:
// a cold build cache on a busy laptop compiles for minutes, printing nothing,
// and that is progress. Progress is output (on stdout or stderr) or CPU time
// used by the run's processes (where the tracker can measure it); a run that
// shows neither for the stall limit is stopped. A test that hangs is go test's
// own -timeout to report, with its goroutines' stacks.

// NoGuard is a Guard that never fires.
const NoGuard time.Duration = -1

// ErrGuard is what the error of a run the guard stopped is (errors.Is).
var ErrGuard = errors.New("the run made no progress and was stopped")

// StallError is a run the guard stopped.
type StallError struct{ Limit time.Duration }

func (e *StallError) Error() string {
	return fmt.Sprintf("the run made no progress for %s (nothing printed, no CPU time used) and was stopped", e.Limit)
}

func (e *StallError) Is(target error) bool { return target == ErrGuard }

// stall is how long a run may show no progress: Guard when set, else two
// minutes where the run's CPU time is measured and ten where only its output is.
func (o Options) stall() time.Duration {
	switch {
	case o.Guard == NoGuard:
		return 0
	case o.Guard > 0:
		return o.Guard
	case cpuKnown:
		return 2 * time.Minute
	}
	return 10 * time.Minute
}

// activity counts the bytes a run printed.
type activity struct{ n atomic.Int64 }

func (a *activity) Write(p []byte) (int, error) {
	a.n.Add(int64(len(p)))
	return len(p), nil
}

// reader counts what passes through r.
func (a *activity) reader(r io.Reader) io.Reader { return countingReader{r, a} }

type countingReader struct {
	r io.Reader
	a *activity
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.a.n.Add(int64(n))
	return n, err
}

// stallGuard calls stop once the run has printed nothing (out) and its
// processes have used next to no CPU time (t) for limit: less than 1% of the
// time since the last progress, so that a blocked process's runtime
// housekeeping is not progress. It returns a func that ends the watch.
func stallGuard(limit time.Duration, t *tracker, out *activity, stop func()) (end func()) {
	if limit <= 0 {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(min(limit/20, time.Second))
		defer tick.Stop()
		since, cpu, n := time.Now(), t.CPU(), out.n.Load()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			nowCPU, nowN := t.CPU(), out.n.Load()
			if nowN != n || nowCPU-cpu >= max(50*time.Millisecond, time.Since(since)/100) {
				since, cpu, n = time.Now(), nowCPU, nowN
				continue
			}
			if time.Since(since) >= limit {
				stop()
				return
			}
		}
	}()
	return func() { close(done) }
}

// DiskFullError is a run that could not write what it needed (a test binary,
// the build cache): the disk is full.
type DiskFullError struct{ Said string }

func (e *DiskFullError) Error() string { return e.Said }

func (e *DiskFullError) Is(target error) bool { return target == syscall.ENOSPC }

// noSpace is how the go command and the system say it.
const noSpace = "no space left on device"

// diskFull returns a DiskFullError for the first line of said that says the
// disk is full, or nil.
func diskFull(said ...string) error {
	for _, s := range said {
		for _, line := range strings.Split(s, "\n") {
			if strings.Contains(line, noSpace) {
				return &DiskFullError{Said: strings.TrimSpace(line)}
			}
		}
	}
	return nil
}

// startError says why a process could not start, a full disk as such.
func startError(what string, err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		return &DiskFullError{Said: fmt.Sprintf("cannot start %s: %v", what, err)}
	}
	return fmt.Errorf("cannot start %s: %w", what, err)
}

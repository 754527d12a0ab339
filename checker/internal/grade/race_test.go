package grade

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"gohunters/checker/internal/runner"
)

// A race run stopped by the guard or a deadline timed out: the learner is
// told to grade again, not that there is no race detector.
func TestRaceReason(t *testing.T) {
	for _, c := range []struct {
		err  error
		why  string
		want RaceReason
	}{
		{runner.ErrGuard, runner.ErrGuard.Error(), RaceTimedOut},
		{fmt.Errorf("go test: %w", context.DeadlineExceeded), "go test: context deadline exceeded", RaceTimedOut},
		{nil, "go build: context deadline exceeded", RaceTimedOut},
		{nil, "go: -race requires cgo; enable cgo by setting CGO_ENABLED=1", RaceBuildFailed},
		{errors.New("exec: go: not found"), "exec: go: not found", RaceBuildFailed},
	} {
		if got := raceReason(c.err, c.why); got != c.want {
			t.Errorf("raceReason(%v, %q) = %v, want %v", c.err, c.why, got, c.want)
		}
	}
}

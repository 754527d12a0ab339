package grade

import (
	"context"
	"errors"
	"fmt"
	"strings"
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

// A done exercise stays done when its race run timed out (not checked,
// grade again), turns racy on a data race, and takes the race run's verdict
// when it failed otherwise.
func TestAfterRace(t *testing.T) {
	done := Verdict{Status: Done, Pristine: false}
	if v := afterRace(done, Verdict{Status: Done}, ""); v.Status != Done || v.Race != RaceChecked {
		t.Errorf("clean race run: %+v", v)
	}
	if v := afterRace(done, Verdict{Status: TimedOut}, "panic: test timed out after 20s"); v.Status != Done || v.Race != RaceUnavailable || v.RaceWhy != RaceTimedOut {
		t.Errorf("race run timed out: %+v", v)
	}
	if v := afterRace(done, Verdict{Status: TimedOut}, "WARNING: DATA RACE\n...\npanic: test timed out after 20s"); v.Status != Racy {
		t.Errorf("a race, then a timeout: %+v", v)
	}
	if v := afterRace(done, Verdict{Status: Failing, Pristine: true}, "--- FAIL"); v.Status != Failing || v.Pristine {
		t.Errorf("race run failed: %+v", v)
	}
}

// A test the runner stopped early at its leak report has its goal clauses
// read as clauses, with what was observed, not left among its messages.
func TestStoppedTestClauses(t *testing.T) {
	ev := &Evidence{
		Package: &runner.Package{Stopped: true, Action: "fail"},
		Before: "    agent_test.go:276: goal clause 1 not met: When Run returns, nothing it started is running.\n" +
			"        observed: when Run returned (3 keys), 3 of its calls to the backend were still running\n" +
			"    agent_test.go:290: something else\n",
	}
	v := classify(ev, func(string) bool { return true }, "")
	if len(v.Clauses) != 1 || v.Clauses[0].N != 1 || v.Clauses[0].Observed != "when Run returned (3 keys), 3 of its calls to the backend were still running" || v.Clauses[0].Line != 276 {
		t.Errorf("clauses %+v", v.Clauses)
	}
	for _, m := range v.Message {
		if strings.Contains(m, "goal clause") || strings.Contains(m, "observed:") {
			t.Errorf("a clause left among the messages: %q", v.Message)
		}
	}
}

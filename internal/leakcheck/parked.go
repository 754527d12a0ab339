package leakcheck

import (
	"strings"
	"testing"

	"gohunters/internal/goal"
	"gohunters/internal/stacks"
	"gohunters/internal/words"
)

// Parked is Stopped for code that must run on the real clock, outside a
// bubble (a test that waits on a sync.Mutex, a real network): at the instant
// it is called, no goroutine started since m by the code under test may be
// parked, waiting on a channel, a lock, I/O or a timer. It reports clause c
// broken, with their stacks, if one is; when names the call that just
// returned.
//
// Without a bubble there is no synctest.Wait to let goroutines run until they
// block or exit, so a goroutine still running or runnable is let go: it may be
// a step away from its end (just past a WaitGroup's Done). A goroutine parked
// at the instant of return is not on its way out: something must still wake
// it. Goroutines the test started, and those with a function whose name
// contains one of ignore in their stack, are not counted, as for Stopped.
func (m Mark) Parked(t testing.TB, c goal.Clause, when string, ignore ...string) bool {
	t.Helper()
	all := stacks.Parse(allStacks())
	if len(all) == 0 {
		t.Fatal("leakcheck: no goroutine in runtime.Stack's dump")
	}
	var left []stacks.Goroutine
	for _, g := range all[1:] { // the caller first
		if m.ids[g.ID] || !parked(g) || startedByTest(g) || mentions(g, ignore) {
			continue
		}
		left = append(left, g)
	}
	if len(left) == 0 {
		return true
	}
	var dump strings.Builder
	for _, g := range left {
		dump.WriteString("\n" + strings.TrimRight(g.Text, "\n") + "\n")
	}
	c.Errorf(t, "%d goroutine(s) started by the code under test %s %s returned:\n%s",
		len(left), words.StillRunning, when, Summarize(dump.String()))
	return false
}

// parked reports whether g waits for something to wake it.
func parked(g stacks.Goroutine) bool {
	switch g.State {
	case "running", "runnable", "syscall":
		return false
	}
	return true
}

package leakcheck

import (
	"maps"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"gohunters/internal/goal"
	"gohunters/internal/stacks"
	"gohunters/internal/words"
)

// Mark is the set of goroutines running at one instant. Take it before the code
// under test starts anything, and ask Stopped right after the call that must
// have ended everything (Close, Shutdown, Run's return):
//
//	m := leakcheck.Now()
//	a := New(client)
//	...
//	a.Close()
//	m.Stopped(t, clause3, "Close")
//
// goleak's check at the end of a test retries for half a second, and a bubble's
// own check runs after the test's contexts are cancelled, so both forgive a
// goroutine that ends "a moment after" the call returned, or only once the
// test's t.Context() is cancelled. Stopped forgives neither.
type Mark struct{ ids map[int]bool }

// Now marks the goroutines running now.
func Now() Mark {
	m := Mark{ids: map[int]bool{}}
	for _, g := range stacks.Parse(allStacks()) {
		m.ids[g.ID] = true
	}
	return m
}

// Stopped checks, at the instant it is called, that no goroutine started since
// m by the code under test is still running in the caller's synctest bubble,
// and reports clause c broken, with their stacks, if one is; when names the
// call that just returned. It must be called inside a bubble: it first lets
// every goroutine of the bubble run until it blocks or exits (synctest.Wait,
// which takes no fake time), so a goroutine that would end only when a timer
// fires is still there to be seen.
//
// Goroutines the test itself started (their go statement is in a _test.go file
// or in the workshop's test helpers) are not counted, nor those with a
// function whose name contains one of ignore in their stack.
func (m Mark) Stopped(t testing.TB, c goal.Clause, when string, ignore ...string) bool {
	t.Helper()
	synctest.Wait()
	all := stacks.Parse(allStacks())
	if len(all) == 0 {
		t.Fatal("leakcheck: no goroutine in runtime.Stack's dump")
	}
	self := all[0] // runtime.Stack lists the calling goroutine first
	var left []stacks.Goroutine
	for _, g := range all[1:] {
		if m.ids[g.ID] || g.Bubble != self.Bubble || startedByTest(g) || mentions(g, ignore) {
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

// startedByTest reports whether g was started by a go statement of the test
// itself: in a _test.go file, in the workshop's test helpers or in the testing
// packages.
func startedByTest(g stacks.Goroutine) bool {
	cb := g.CreatedBy
	if strings.HasSuffix(cb.File, "_test.go") {
		return true
	}
	for _, pkg := range []string{"gohunters/internal/leakcheck.", "gohunters/internal/goal.", "gohunters/internal/fake.",
		"testing.", "testing/synctest.", "github.com/stretchr/"} {
		if strings.HasPrefix(cb.Func, pkg) {
			return true
		}
	}
	return false
}

func mentions(g stacks.Goroutine, funcs []string) bool {
	for _, f := range g.Stack {
		for _, name := range funcs {
			if strings.Contains(f.Func, name) {
				return true
			}
		}
	}
	return false
}

// allStacks returns runtime.Stack's dump of every goroutine, the caller first.
// The buffer starts small and doubles: under the race detector each megabyte
// allocated costs milliseconds, and tests take a Mark in every round.
func allStacks() string {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

// Concurrently runs every f of fs at once, each in a goroutine of its own,
// released together, and waits at most d (fake time in a bubble) for all of
// them to return. If some do not, it reports clause c broken, naming them, and
// returns false: callers racing the end of an object (Close, Shutdown, Run's
// return) must all come back. The ones still running are left for the test's
// leak check to report.
func Concurrently(t testing.TB, c goal.Clause, d time.Duration, fs map[string]func()) bool {
	t.Helper()
	start := make(chan struct{})
	done := make(chan string, len(fs))
	for name, f := range fs {
		go func() {
			<-start
			f()
			done <- name
		}()
	}
	close(start)
	timer := time.NewTimer(d)
	defer timer.Stop()
	left := map[string]bool{}
	for name := range fs {
		left[name] = true
	}
	for len(left) > 0 {
		select {
		case name := <-done:
			delete(left, name)
		case <-timer.C:
			names := slices.Sorted(maps.Keys(left))
			c.Errorf(t, "started together, %s had not returned %v later", strings.Join(names, ", "), d)
			return false
		}
	}
	return true
}

package grade

import (
	"strings"

	"gohunters/checker/internal/explain"
	"gohunters/checker/internal/runner"
	"gohunters/internal/stacks"
	"gohunters/internal/words"
)

// Evidence is what one package's run showed, each part read once: the output,
// how the test binary died (if it did), the goroutines of every dump and
// report, the goal clauses the tests found not met. Classification and the
// judges work on it; nothing reads the raw output again.
type Evidence struct {
	Package *runner.Package
	Output  string // everything the package printed (capped: runner.Capped)
	// Panic is how the test binary died: a panic or fatal error, with its dump.
	// Only output that can hold a binary's last words is searched (a test that
	// never ended, one that failed, the package's own), and only when the
	// package did not pass: a test that logs "panic: ..." is no panic.
	Panic *explain.Panic
	// Dump is the goroutine dump of an early stop (runner.One's SIGQUIT), and
	// Before what the stopped test had said by then.
	Dump   []stacks.Goroutine
	Before string
	// Failed are the failing tests with no failing subtest, in the order they
	// started: the ones whose output says why.
	Failed []TestEvidence
	// Own is what the package printed outside any test (VerifyTestMain's report).
	Own string
}

// TestEvidence is one failing test's part of the evidence.
type TestEvidence struct {
	Name       string
	Output     string
	Goroutines []stacks.Goroutine // every goroutine its output shows (goleak's report)
	Detected   bool               // a detector reported leaked goroutines in it
	Clauses    []Clause
	Said       string // its output without the clauses' lines: what else it said
}

// Read reads a package's results into its evidence.
func Read(p *runner.Package) *Evidence {
	ev := &Evidence{Package: p, Output: p.Output.String(), Own: p.Own.String()}
	if p.BuildFailed {
		return ev
	}
	if p.Stopped {
		before, dump, _ := strings.Cut(ev.Output, runner.EarlyMarker)
		if t := p.Test(stoppedTest(p)); t != nil {
			before, _, _ = strings.Cut(t.Output.String(), runner.EarlyMarker)
		}
		ev.Before, ev.Dump = before, stacks.Parse(dump)
		return ev
	}
	if p.Action != "pass" {
		ev.Panic = explain.FindPanic(lastWords(p))
	}
	for _, t := range p.Failed() {
		out := t.Output.String()
		te := TestEvidence{Name: t.Name, Output: out, Detected: LeakReported(out)}
		te.Clauses, te.Said = clauses(t.Name, out)
		if te.Detected {
			te.Goroutines = stacks.Parse(out)
		}
		ev.Failed = append(ev.Failed, te)
	}
	return ev
}

// lastWords is the output that can hold a test binary's last words: that of
// the tests that never ended or failed, then the package's own.
func lastWords(p *runner.Package) string {
	var sb strings.Builder
	for _, t := range p.Tests {
		if t.Action == "run" || t.Action == "fail" {
			sb.WriteString(t.Output.String())
		}
	}
	sb.WriteString(p.Own.String())
	return sb.String()
}

// stoppedTest is the test an early stop interrupted: the first that failed,
// else the last still running.
func stoppedTest(p *runner.Package) string {
	if t := p.FirstFailed(); t != nil {
		return t.Name
	}
	if r := p.Running(); len(r) > 0 {
		return r[len(r)-1]
	}
	return ""
}

// StoppedWithoutStacks reports whether an early stop's dump names no
// goroutine of the code in own: on a loaded machine the stop can arrive after
// goleak has begun its report and cut it short.
func (ev *Evidence) StoppedWithoutStacks(own explain.Scope) bool {
	return ev.Package.Stopped && len(explain.LocateIn(ev.Dump, own)) == 0
}

// Clauses are every goal clause the failing tests found not met, in order.
func (ev *Evidence) Clauses() []Clause {
	var out []Clause
	for _, t := range ev.Failed {
		out = append(out, t.Clauses...)
	}
	return out
}

// OutOfMemory reports whether the run ran out of the memory it was allowed.
func (ev *Evidence) OutOfMemory() bool {
	return ev.Package.OutOfMemory || (ev.Panic != nil && ev.Panic.Message == words.OutOfMemory)
}

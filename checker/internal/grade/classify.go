package grade

import (
	"strings"
	"time"

	"gohunters/checker/internal/explain"
	"gohunters/checker/internal/runner"
	"gohunters/internal/catalogue"
	"gohunters/internal/stacks"
)

// ClassifyEvidence grades exercise e from the evidence of its run. tests are
// the tests and subtests that must all have run and passed for done: the
// test tree recorded when the exercise shipped; nil stands for the top-level
// tests the test files in dir define.
func ClassifyEvidence(e catalogue.Exercise, ev *Evidence, dir string, tests []string) Verdict {
	v := classify(ev, explain.DirScope(dir), dir, tests)
	v.Exercise = e
	return v
}

// ClassifyModule grades any package of any module from its results, as
// checker explain does: own says which files are the module's code. No
// catalogue, checksums or shipped test list are involved.
func ClassifyModule(p *runner.Package, own explain.Scope) Verdict {
	return classify(Read(p), own, "", nil)
}

// classify is the one grading path: shipped is the directory whose test files
// define the tests that must all pass for done ("" to skip that check), tests
// those tests when they were recorded (nil: the top-level ones of shipped).
func classify(ev *Evidence, own explain.Scope, shipped string, tests []string) Verdict {
	p := ev.Package
	v := Verdict{Cached: p.Cached, Elapsed: time.Duration(p.Elapsed * float64(time.Second))}
	switch {
	case p.BuildFailed:
		v.Status = NoCompile
		v.Output = p.BuildOutput.String() + ev.Output
		v.Compile = explain.CompileErrors(v.Output)
	case ev.OutOfMemory():
		v.Status, v.Output = OutOfMemory, ev.Output
		if r := p.Running(); len(r) > 0 {
			v.Test = r[len(r)-1]
		}
	case p.Stopped:
		v.Status, v.Early, v.Test = Leaking, true, stoppedTest(p)
		// What the test said before it was stopped may name goal clauses
		// not met: read them as clauses, as for any failing test.
		var said string
		v.Clauses, said = clauses(v.Test, ev.Before)
		v.Message = messages(said)
		v.Leaks = leaks(explain.LocateIn(ev.Dump, own))
		v.Output = ev.Output
	case ev.Panic != nil:
		classifyPanic(&v, ev, own)
	case len(ev.Failed) > 0:
		classifyFailures(&v, ev, own)
	case p.Action == "fail" && LeakReported(ev.Own):
		// goleak.VerifyTestMain reports after every test passed, for the
		// package as a whole: the package's own output holds the report, after
		// whatever the tests logged (which is not the leak's story).
		report := fromReport(ev.Own)
		f := Failure{Test: "TestMain", Message: messages(report), Leaked: true,
			Leaks: leaks(explain.LocateAll(stacks.Parse(report), own))}
		v.Status, v.Test, v.Message, v.Leaks, v.Output = Leaking, f.Test, f.Message, f.Leaks, report
		v.Failed = []Failure{f}
	case p.Action == "pass" || p.Action == "skip":
		// skip: the package has no tests (no test files, or none matched); an
		// exercise that ships tests is then incomplete, below.
		v.Status = Done
		if shipped == "" {
			break
		}
		if tests == nil {
			var err error
			if tests, err = ShippedTests(shipped); err != nil {
				tests = []string{"(" + err.Error() + ")"}
			}
		}
		if v.Unran = unran(tests, p); len(v.Unran) > 0 {
			v.Status, v.Output = Incomplete, ev.Output
		}
	case p.Action == "fail":
		// No test failed and nothing panicked: the binary exited under a test,
		// or a signal killed it, or its output said PASS while its exit status
		// said otherwise.
		v.Status, v.Output = Exited, ev.Output
		switch {
		case p.Unproven:
			v.Why = ExitUnproven
		case p.Contradicted:
			v.Why = ExitContradicted
		case p.Signal != "":
			v.Why = ExitSignal + p.Signal
		}
		if r := p.Running(); len(r) > 0 {
			v.Test = r[len(r)-1]
		}
	default:
		v.Status, v.Output = Failing, ev.Output
		v.Message = messages(ev.Output)
	}
	if !p.Stopped { // a stopped test's clauses come from what it said before
		v.Clauses = ev.Clauses()
	}
	return v
}

// classifyPanic grades a test binary that died: synctest's report of a
// bubble's goroutines left blocked is a leak, whoever called synctest.Test;
// go test's timeout, an os.Exit under a test and any other panic are what they
// say.
func classifyPanic(v *Verdict, ev *Evidence, own explain.Scope) {
	pn := ev.Panic
	v.Panic, v.Output = pn, ev.Output
	if Synctest.Reported(Synctest{}, pn.Message) {
		var bubbled []stacks.Goroutine
		for _, g := range pn.Goroutines {
			if g.Bubble != 0 {
				bubbled = append(bubbled, g)
			}
		}
		v.Status, v.Test = Leaking, dyingTest(ev.Package)
		v.Message = []string{pn.Message}
		v.Leaks = leaks(explain.LocateAll(bubbled, own))
		v.Failed = []Failure{{Test: v.Test, Message: v.Message, Leaked: true, Leaks: v.Leaks}}
		return
	}
	v.Stuck = explain.LocateIn(pn.Goroutines, own)
	switch {
	case pn.Timeout:
		v.Status = TimedOut
		if len(pn.Running) > 0 {
			v.Test = pn.Running[len(pn.Running)-1]
		}
	case pn.Exit:
		v.Status = Exited
	default:
		v.Status = Panicked
	}
	if v.Test == "" {
		v.Test = dyingTest(ev.Package)
	}
}

// dyingTest is the test a binary died under: the last still running, else the
// first that failed.
func dyingTest(p *runner.Package) string {
	if r := p.Running(); len(r) > 0 {
		return r[len(r)-1]
	}
	if t := p.FirstFailed(); t != nil {
		return t.Name
	}
	return ""
}

// classifyFailures grades failing tests: leaking only when a detector
// reported goroutines (goleak, synctest), whatever words the tests' messages
// use; the first such test leads.
func classifyFailures(v *Verdict, ev *Evidence, own explain.Scope) {
	lead := 0
	v.Status = Failing
	for i, t := range ev.Failed {
		f := Failure{Test: t.Name, Message: messages(t.Said), Clauses: t.Clauses, Leaked: t.Detected}
		if t.Detected {
			f.Leaks = leaks(explain.LocateAll(t.Goroutines, own))
			if v.Status != Leaking {
				v.Status, lead = Leaking, i
				v.Leaks = f.Leaks
			}
		}
		v.Failed = append(v.Failed, f)
	}
	v.Test, v.Message = v.Failed[lead].Test, v.Failed[lead].Message
	v.Output = ev.Failed[lead].Output
}

// fromReport is out from the line before a detector's report on: the
// caller's prefix ("goleak: Errors on successful test run: ") and the report.
func fromReport(out string) string {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if LeakReported(l) {
			return strings.Join(lines[i:], "\n")
		}
	}
	return out
}

func leaks(ws []explain.Where) []Leak {
	if len(ws) == 0 {
		return nil
	}
	out := make([]Leak, len(ws))
	for i, w := range ws {
		out[i] = Leak{Where: w}
	}
	return out
}

// Package grade turns a package's test results into an exercise's verdict:
// done, leaking, failing, does not compile, timed out, panicked, exited; and,
// before anything runs, checks an exercise's files against the checksums
// recorded when it shipped (tests modified, missing, not started).
package grade

import (
	"fmt"
	"os"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gohunters/checker/internal/explain"
	"gohunters/checker/internal/runner"
	"gohunters/internal/catalogue"
	"gohunters/internal/leakprofile"
)

// Status is an exercise's state. The values are stable: reports carry them.
type Status string

const (
	Done          Status = "done"
	Leaking       Status = "leaking"
	Failing       Status = "failing"
	NoCompile     Status = "build-failed"
	TimedOut      Status = "timeout"
	Panicked      Status = "panic"
	Exited        Status = "exit"
	NotStarted    Status = "not-started"
	TestsModified Status = "tests-modified"
	Missing       Status = "missing"
	Stopped       Status = "stopped" // the run was interrupted
	// Incomplete: no test failed, but not every test the shipped test files
	// define ran and passed (something stopped them: os.Exit, a -run filter).
	Incomplete Status = "incomplete"
	// Racy: the tests pass, but fail under the race detector.
	Racy Status = "data-race"
	// SupportModified: a file the tests depend on outside the exercise (go.mod,
	// go.sum, internal/leakcheck, ...) differs from the shipped one.
	SupportModified Status = "support-modified"
	// Unverified: no checksums are recorded for the exercise, so its tests
	// cannot be shown to be the shipped ones.
	Unverified Status = "unverified"
	// NestedModule: a go.mod (or go.work) inside the exercise's folder makes it a
	// module of its own, which the workshop's go test does not see.
	NestedModule Status = "nested-module"
	// OutOfMemory: the tests used more memory than the checker allows.
	OutOfMemory Status = "out-of-memory"
)

// Statuses lists every status, in the order above: what a report may carry.
var Statuses = []Status{Done, Leaking, Failing, NoCompile, TimedOut, Panicked, Exited, NotStarted,
	TestsModified, Missing, Stopped, Incomplete, Racy, SupportModified, Unverified, NestedModule, OutOfMemory}

// Race says whether a done verdict was checked with the race detector.
type Race string

const (
	RaceNotRun      Race = ""            // not done, or not checked
	RaceChecked     Race = "checked"     // passed again under -race
	RaceUnavailable Race = "unavailable" // no race detector here (RaceNote says why)
)

// Passed reports whether the status earns credit.
func (s Status) Passed() bool { return s == Done }

// Verdict is everything the checker knows about one exercise after a run.
type Verdict struct {
	Exercise catalogue.Exercise
	Status   Status
	Test     string   // the failing (or running) test
	Message  []string // what the test said, without stacks
	// Failed is every failing test (innermost subtests) with what it said, Test's first.
	Failed []Failure
	// FirstOnly: the run stopped at the first failing test (-test.failfast), so
	// Failed names that one; later tests did not run.
	FirstOnly bool
	Leaks     []explain.Where
	// Runtime is the Go runtime's verdict on each of Leaks (same order), from the
	// goroutineleak profile the test wrote; nil unless the runtime view is on.
	Runtime []leakprofile.Verdict
	// RuntimeOthers is its verdict on the goroutines goleak reported when none of
	// them runs the exercise's own code (Leaks is empty), e.g. net/http's.
	RuntimeOthers []RuntimeOf
	Stuck         []explain.Where // timed out or panicked: where the exercise's goroutines were
	Compile       []explain.CompileError
	Panic         *explain.Panic
	Early         bool     // leak evidence is a goroutine dump taken when the test reported it
	Output        string   // the raw output behind the verdict
	Modified      []string // test files edited, added or deleted (support files for SupportModified)
	Unran         []string // Incomplete: shipped tests that did not run to a pass
	Race          Race
	RaceNote      string // why the race detector is unavailable
	Pristine      bool   // the learner's files are as shipped
	Cached        bool
	Elapsed       time.Duration
}

// Failure is one failing test and what it said.
type Failure struct {
	Test    string
	Message []string
	Leaked  bool            // a detector (goleak, synctest) reported goroutines
	Leaks   []explain.Where // those goroutines, located
	// Runtime is the Go runtime's verdict on each of Leaks, when known (explain).
	Runtime []leakprofile.Verdict
}

// View says whether the runtime's goroutineleak profile is shown beside goleak's report.
type View int

const (
	ViewOff         View = iota // turned off (--no-runtime)
	ViewUnavailable             // the toolchain has no such profile
	ViewOn
)

// String names the view in reports.
func (v View) String() string {
	switch v {
	case ViewOn:
		return "on"
	case ViewUnavailable:
		return "unavailable"
	}
	return "off"
}

// JudgeRuntime adds to a leaking verdict the runtime's verdict on each leaked
// goroutine, from the goroutineleak profile its test wrote under profiles (the
// directory LEAKCHECK_PROFILE_DIR named). Goroutines in a synctest bubble need no
// profile: the runtime never marks them leaked. An absent profile is never read
// as "no leak".
func JudgeRuntime(v *Verdict, profiles string) {
	if v.Status != Leaking {
		return
	}
	profile, _ := leakprofile.Find(profiles, v.Exercise.Dir, v.Test)
	judges := []Judge{StateJudge{}, ProfileJudge{Profiles: []string{profile}, Profile: profile}, NoProfileJudge{}}
	judge := func(s leakprofile.Stuck) leakprofile.Verdict {
		jv, _ := Opinion(s, judges...)
		return jv
	}
	if len(v.Leaks) > 0 {
		v.Runtime = make([]leakprofile.Verdict, len(v.Leaks))
		for i, w := range v.Leaks {
			v.Runtime[i] = judge(Stuck(w))
		}
		return
	}
	for _, s := range leakprofile.ParseGoleak(v.Output) {
		v.RuntimeOthers = append(v.RuntimeOthers, RuntimeOf{Func: s.Func, Verdict: judge(s)})
	}
}

// RuntimeOf is the runtime's verdict on a goroutine running function Func.
type RuntimeOf struct {
	Func    string
	Verdict leakprofile.Verdict
}

// Stuck is a located goroutine as leakprofile matches it against a profile.
func Stuck(w explain.Where) leakprofile.Stuck {
	s := leakprofile.Stuck{ID: w.ID, State: w.RawState, Func: w.Func, File: w.StuckAt.File, Line: w.StuckAt.Line,
		CreatedBy: w.CreatedBy.Func, Count: w.Count}
	if len(w.Stack) > 0 { // the frame it is stuck in, even when that is not the exercise's code
		top := w.Stack[0]
		s.Func, s.File, s.Line = top.Func, top.File, top.Line
	}
	return s
}

// Files is what Inspect found on disk.
type Files struct {
	Missing  bool
	Nested   string   // a go.mod or go.work inside the exercise, by slash path
	Modified []string // test files that differ from the recorded sums
	Pristine bool     // every non-test file as shipped, none added
	Recorded bool     // checksums exist for this exercise
}

// Inspect compares exercises/<Dir> under root with the recorded checksums.
func Inspect(root string, e catalogue.Exercise, sums []catalogue.FileSum) Files {
	dir := e.DirIn(root)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return Files{Missing: true, Recorded: len(sums) > 0}
	}
	have, err := catalogue.HashDir(dir)
	if err != nil {
		return Files{Missing: true, Recorded: len(sums) > 0}
	}
	f := Files{Recorded: len(sums) > 0, Pristine: len(sums) > 0}
	for name := range have {
		if base := path.Base(name); (base == "go.mod" || base == "go.work") && (f.Nested == "" || name < f.Nested) {
			f.Nested = name
		}
	}
	if !f.Recorded {
		return f
	}
	known := map[string]bool{}
	for _, s := range sums {
		known[s.Name] = true
		got, ok := have[s.Name]
		switch {
		case s.Test && got != s.SHA256:
			f.Modified = append(f.Modified, s.Name)
		case !s.Test && (!ok || got != s.SHA256):
			f.Pristine = false
		}
	}
	for name := range have {
		if known[name] {
			continue
		}
		if catalogue.IsTestFile(name) {
			f.Modified = append(f.Modified, name)
		} else if strings.HasSuffix(name, ".go") {
			f.Pristine = false
		}
	}
	return f
}

// Classify grades exercise e from its package's results; dir is its absolute
// directory (stacks print absolute paths).
func Classify(e catalogue.Exercise, p *runner.Package, dir string) Verdict {
	v := classify(p, explain.DirScope(dir), dir)
	v.Exercise = e
	return v
}

// ClassifyModule grades any package of any module from its results, as
// checker explain does: own says which files are the module's code. No
// catalogue, checksums or shipped test list are involved.
func ClassifyModule(p *runner.Package, own explain.Scope) Verdict {
	return classify(p, own, "")
}

// classify is the one grading path: shipped is the directory whose test files
// define the tests that must all pass for done ("" to skip that check).
func classify(p *runner.Package, own explain.Scope, shipped string) Verdict {
	v := Verdict{Cached: p.Cached, Elapsed: time.Duration(p.Elapsed * float64(time.Second))}
	out := p.Output.String()
	if p.BuildFailed {
		v.Status = NoCompile
		v.Output = p.BuildOutput.String() + out
		v.Compile = explain.CompileErrors(v.Output)
		return v
	}
	if pn := explain.FindPanic(out); p.OutOfMemory || (pn != nil && pn.Message == "runtime: out of memory") {
		v.Status, v.Output = OutOfMemory, out
		if r := p.Running(); len(r) > 0 {
			v.Test = r[len(r)-1]
		}
		return v
	}
	if p.Stopped {
		v.Status, v.Early = Leaking, true
		if t := p.FirstFailed(); t != nil {
			v.Test = t.Name
		} else if r := p.Running(); len(r) > 0 {
			v.Test = r[len(r)-1]
		}
		before, dump, _ := strings.Cut(out, runner.EarlyMarker)
		if t := p.Test(v.Test); t != nil {
			before, _, _ = strings.Cut(t.Output.String(), runner.EarlyMarker)
		}
		v.Message = messages(before)
		v.Leaks = explain.LocateIn(explain.ParseStacks(dump), own)
		v.Output = out
		return v
	}
	if pn := explain.FindPanic(out); pn != nil {
		v.Panic = pn
		v.Stuck = explain.LocateIn(pn.Goroutines, own)
		v.Output = out
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
			if r := p.Running(); len(r) > 0 {
				v.Test = r[len(r)-1]
			} else if t := p.FirstFailed(); t != nil {
				v.Test = t.Name
			}
		}
		return v
	}
	if failed := p.Failed(); len(failed) > 0 {
		// Leaking only when a detector reported goroutines (goleak, synctest),
		// whatever words the test's messages use; the first such test leads.
		lead := 0
		v.Status = Failing
		for i, t := range failed {
			to := t.Output.String()
			f := Failure{Test: t.Name, Message: messages(to)}
			if LeakReported(to) {
				f.Leaked = true
				f.Leaks = explain.LocateAll(explain.ParseStacks(to), own)
				if v.Status != Leaking {
					v.Status, lead = Leaking, i
					v.Leaks = f.Leaks
				}
			}
			v.Failed = append(v.Failed, f)
		}
		v.Test, v.Message = v.Failed[lead].Test, v.Failed[lead].Message
		v.Output = failed[lead].Output.String()
		return v
	}
	if p.Action == "fail" && LeakReported(out) {
		// goleak.VerifyTestMain reports after every test passed, for the
		// package as a whole.
		f := Failure{Test: "TestMain", Message: messages(out), Leaked: true,
			Leaks: explain.LocateAll(explain.ParseStacks(out), own)}
		v.Status, v.Test, v.Message, v.Leaks, v.Output = Leaking, f.Test, f.Message, f.Leaks, out
		v.Failed = []Failure{f}
		return v
	}
	switch p.Action {
	case "pass":
		v.Status = Done
		if shipped == "" {
			break
		}
		tests, err := ShippedTests(shipped)
		if err != nil {
			tests = []string{"(" + err.Error() + ")"}
		}
		if v.Unran = unran(tests, p); len(v.Unran) > 0 {
			v.Status, v.Output = Incomplete, out
		}
	case "fail":
		// No test failed and nothing panicked: the binary exited under a test.
		v.Status, v.Output = Exited, out
		if r := p.Running(); len(r) > 0 {
			v.Test = r[len(r)-1]
		}
	default:
		v.Status, v.Output = Failing, out
		v.Message = messages(out)
	}
	return v
}

// messages keeps what a failing test said in its own words: every log line up
// to the first goroutine report, without go test's framing. What pushes the
// words out goes first: testify's "Error Trace" and "Test" lines, and a diff
// beyond a few lines.
func messages(out string) []string {
	const diffLines = 8
	var msgs []string
	inTrace, inDiff, diffCut := false, false, 0
	for _, line := range strings.Split(out, "\n") {
		trim := strings.TrimSpace(line)
		switch {
		case trim == "", strings.HasPrefix(trim, "=== "), strings.HasPrefix(trim, "--- "),
			trim == "FAIL", trim == "PASS", strings.HasPrefix(trim, "FAIL\t"), strings.HasPrefix(trim, "exit status"):
			continue
		case strings.HasPrefix(trim, "[Goroutine"), strings.HasPrefix(trim, "goroutine "), strings.HasPrefix(trim, "panic:"):
			return endDiff(msgs, diffCut)
		case strings.HasPrefix(trim, "Error Trace:"), strings.HasPrefix(trim, "Test:"):
			inTrace, inDiff = true, false
			continue
		case inTrace && testifyTraceLine.MatchString(trim):
			continue
		case strings.HasPrefix(trim, "Diff:"):
			inTrace, inDiff = false, true
			msgs = append(msgs, ClipLine(trim))
			continue
		}
		inTrace = false
		if inDiff && testifyField.MatchString(trim) {
			inDiff = false
			msgs = endDiff(msgs, diffCut)
			diffCut = 0
		}
		if inDiff {
			if n := countDiff(msgs); n >= diffLines {
				diffCut++
				continue
			}
		}
		msgs = append(msgs, ClipLine(trim))
		if strings.HasSuffix(trim, "found unexpected goroutines:") {
			return endDiff(msgs, diffCut)
		}
	}
	return endDiff(msgs, diffCut)
}

var (
	testifyTraceLine = regexp.MustCompile(`^\S+\.go:\d+$`)
	testifyField     = regexp.MustCompile(`^(Error|Messages|Expected|Actual|Test|Error Trace|Diff):`)
)

// countDiff counts the lines kept since the last "Diff:".
func countDiff(msgs []string) int {
	for i := len(msgs) - 1; i >= 0; i-- {
		if strings.HasPrefix(msgs[i], "Diff:") {
			return len(msgs) - 1 - i
		}
	}
	return 0
}

// endDiff notes how many diff lines were left out.
func endDiff(msgs []string, cut int) []string {
	if cut > 0 {
		msgs = append(msgs, fmt.Sprintf(DiffCutMarker, cut))
	}
	return msgs
}

// DiffCutMarker stands for the lines of a long diff left out of a message; the
// renderer says it in words (ui.MsgDiffCut).
const DiffCutMarker = "…[-%d diff lines]…"

// MaxLine is the longest line a verdict keeps; longer ones keep their start and
// end around runner.CutMarker.
const MaxLine = 2000

// ClipLine shortens a line longer than MaxLine bytes.
func ClipLine(s string) string {
	if len(s) <= MaxLine {
		return s
	}
	head, tail := MaxLine*3/4, MaxLine/4
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	start := len(s) - tail
	for start < len(s) && !utf8.RuneStart(s[start]) {
		start++
	}
	return s[:head] + fmt.Sprintf(runner.CutMarker, start-head) + s[start:]
}

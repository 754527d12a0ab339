package grade

// Golden tests of the one grading path: recorded go test -json streams of
// fixture exercises (paths rewritten to /ROOT) in, a verdict summary out.
// Regenerate the .golden files with: go test ./checker/internal/grade -update

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gohunters/checker/internal/explain"
	"gohunters/checker/internal/runner"
)

var update = flag.Bool("update", false, "rewrite the .golden files")

// summary is what a verdict says, in a stable text form.
func summary(v Verdict) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "status %s\ntest %s\n", v.Status, v.Test)
	for _, f := range v.Failed {
		fmt.Fprintf(&sb, "failed %s leaked=%v\n", f.Test, f.Leaked)
		for _, m := range f.Message {
			fmt.Fprintf(&sb, "  says %s\n", m)
		}
	}
	where := func(kind string, ws []explain.Where) {
		for _, w := range ws {
			fmt.Fprintf(&sb, "%s %d× %s [%s] stuck %s:%d started %s:%d via %s library=%v\n", kind, w.Count, w.Func, w.State,
				filepath.Base(w.StuckAt.File), w.StuckAt.Line, filepath.Base(w.Started.File), w.Started.Line, w.Via.Func, w.Library)
		}
	}
	var ls []explain.Where
	for _, l := range v.Leaks {
		ls = append(ls, l.Where)
	}
	where("leak", ls)
	where("stuck", v.Stuck)
	for _, c := range v.Clauses {
		fmt.Fprintf(&sb, "clause %d of %d in %s at %s:%d: %s | observed %q\n", c.N, c.Exercise, c.Test, c.File, c.Line, c.Text, c.Observed)
	}
	fmt.Fprintf(&sb, "output lines %d\n", strings.Count(v.Output, "\n"))
	if v.Panic != nil {
		fmt.Fprintf(&sb, "panic %q timeout=%v exit=%v\n", v.Panic.Message, v.Panic.Timeout, v.Panic.Exit)
	}
	if len(v.Unran) > 0 {
		fmt.Fprintf(&sb, "unran %s\n", strings.Join(v.Unran, " "))
	}
	return sb.String()
}

func TestClassifyGolden(t *testing.T) {
	const fixture = "../cli/testdata/fixture/exercises/"
	cases := []struct {
		stream  string
		dir     string // the exercise's directory, "" for a module (ClassifyModule)
		shipped string // where the shipped test files are, when not dir
		golden  string // when not stream
	}{
		{stream: "01_ok", dir: "/ROOT/exercises/01_ok", shipped: fixture + "01_ok"},
		// The same stream against test files that define a test it never ran.
		{stream: "01_ok", dir: "/ROOT/exercises/01_ok", shipped: fixture + "07_fail", golden: "01_ok_unran"},
		{stream: "02_leak", dir: "/ROOT/exercises/02_leak"},
		{stream: "04_hang", dir: "/ROOT/exercises/04_hang"},
		{stream: "05_panic", dir: "/ROOT/exercises/05_panic"},
		{stream: "06_exit", dir: "/ROOT/exercises/06_exit"},
		{stream: "07_fail", dir: "/ROOT/exercises/07_fail"},
		{stream: "13_library_leak", dir: "/ROOT/exercises/13_http_body_not_closed"},
		{stream: "19_words_not_leak", dir: "/ROOT/exercises/19_write_the_leak_test"},
		{stream: "testmain_leak"},
		// A goal clause not met (package goal's report), kept as data: the
		// exercise's clause number, its text, what was observed (two lines),
		// where; the test's other words stay its message.
		{stream: "11_clause", dir: "/ROOT/exercises/11_clause"},
		// Recorded from testdata/explain/real of checker/internal/cli (go test
		// -json, paths rewritten to /SHOP): synctest.Test's own report of a
		// bubble's leak is a leak, not a panic; a passing test that prints
		// "panic: ..." passes; VerifyTestMain's report comes without the 300
		// lines the package logged before it.
		{stream: "module_bubble"},
		{stream: "module_logs"},
		{stream: "module_server"},
	}
	for _, c := range cases {
		if c.golden == "" {
			c.golden = c.stream
		}
		if c.shipped == "" {
			c.shipped = c.dir
		}
		t.Run(c.golden, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", c.stream+".json"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			res := runner.NewResults()
			if err := runner.Decode(f, func(ev runner.Event) { res.Add(ev) }); err != nil {
				t.Fatal(err)
			}
			if len(res.Paths()) != 1 {
				t.Fatalf("%d packages in the stream", len(res.Paths()))
			}
			var v Verdict
			for _, path := range res.Paths() {
				p := res.Package(path)
				if c.dir == "" {
					v = ClassifyModule(p, explain.TreeScope("/SHOP", "/usr/local/go"))
				} else {
					v = classify(Read(p), explain.DirScope(c.dir), c.shipped, nil)
				}
			}
			got := summary(v)
			golden := filepath.Join("testdata", c.golden+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("verdict differs from %s:\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}

// A third detector is one type: here, one that reads a made-up report line.
type countDetector struct{}

func (countDetector) Name() string { return "count" }
func (countDetector) Reported(output string) bool {
	return strings.Contains(output, "goroutine count grew")
}

func TestDetectorsAreOneList(t *testing.T) {
	if LeakReported("ok") || !LeakReported("x: found unexpected goroutines:") || !LeakReported("deadlock: main bubble goroutine has exited but blocked goroutines remain") {
		t.Fatal("goleak's or synctest's report missed, or a plain line taken for one")
	}
	defer func(saved []Detector) { Detectors = saved }(Detectors)
	Detectors = append(Detectors, countDetector{})
	if !LeakReported("TestX: goroutine count grew by 3") {
		t.Error("a third detector in Detectors is not consulted")
	}
}

package cli

// The checker's robustness matrix, on fixture exercises run by the real go test:
// one fixture module is laid out once (testdata/fixture plus the repository's
// go.mod, go.sum, internal/leakcheck and internal/leakprofile) and graded once by a shared check run;
// cases that change files work on copies that need no test run.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/repo"
	"gohunters/checker/internal/runner"
	"gohunters/internal/catalogue"
)

var fixtureExercises = []catalogue.Exercise{
	{Number: 1, Dir: "01_ok", Title: "Passes", Principle: "P5", Goal: "Pass.", Hints: []string{"one", "two", "three"}},
	{Number: 2, Dir: "02_leak", Title: "Leaks", Principle: "P3", Goal: "Leak nothing."},
	{Number: 3, Dir: "03_compile", Title: "Does not compile", Principle: "P1", Goal: "Compile."},
	{Number: 4, Dir: "04_hang", Title: "Deadlocks", Principle: "A2", Goal: "Return."},
	{Number: 5, Dir: "05_panic", Title: "Panics", Principle: "P2", Goal: "Do not panic."},
	{Number: 6, Dir: "06_exit", Title: "Exits", Principle: "P1", Goal: "Do not exit."},
	{Number: 7, Dir: "07_fail", Title: "Fails", Principle: "P1", Goal: "Halve."},
}

var (
	fixtureRoot string // pristine fixture module, never modified
	realRoot    string
)

func TestMain(m *testing.M) {
	// The checker keeps hints, backups and room queues in the user's
	// configuration directory: the tests' go to a directory of their own.
	config, err := os.MkdirTemp("", "checker-config-")
	if err == nil {
		os.Setenv("XDG_CONFIG_HOME", config)
		realRoot, err = filepath.Abs("../../..")
	}
	if err == nil {
		fixtureRoot, err = os.MkdirTemp("", "checker-fixture-")
	}
	if err == nil {
		err = layFixture(fixtureRoot)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fixture:", err)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(fixtureRoot)
	os.RemoveAll(config)
	os.Exit(code)
}

func layFixture(dst string) error {
	if err := copyTree("testdata/fixture", dst); err != nil {
		return err
	}
	for _, f := range []string{"go.mod", "go.sum", ".gitignore"} {
		if err := copyTree(filepath.Join(realRoot, f), filepath.Join(dst, f)); err != nil {
			return err
		}
	}
	// The helpers the exercise tests import, without their own tests: the
	// catalogue's list, which a maintainers' test keeps in step with go list.
	for _, pkg := range catalogue.SupportPackages {
		if err := copyTree(filepath.Join(realRoot, filepath.FromSlash(pkg)), filepath.Join(dst, filepath.FromSlash(pkg))); err != nil {
			return err
		}
	}
	return nil
}

func copyTree(src, dst string) error {
	return filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			if info.Name() == "testdata" && strings.Contains(p, "internal") {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		if strings.HasSuffix(p, "_test.go") && strings.Contains(p, "internal") {
			return nil // the helpers' own tests are not needed
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// copyFixture returns a fresh copy of the pristine fixture for a case that edits it.
func copyFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := copyTree(fixtureRoot, dir); err != nil {
		t.Fatal(err)
	}
	// Without what the checker kept from grading the fixture itself (its
	// test binaries: a race binary there makes a single check race-first).
	if err := os.RemoveAll(filepath.Join(dir, ".checker")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Exercises laid out in testdata/fixture but graded only by the tests that name them.
var extraExercises = []catalogue.Exercise{
	{Number: 8, Dir: "08_unreachable", Title: "Unreachable", Principle: "P2", Goal: "Leak nothing."},
	{Number: 9, Dir: "09_reachable", Title: "Reachable", Principle: "P2", Goal: "Leak nothing."},
	{Number: 10, Dir: "10_racy", Title: "Racy", Principle: "P3", Goal: "Count without a race."},
	{Number: 11, Dir: "11_clause", Title: "Clauses", Principle: "P2", Goal: "1. Stop returns nil. 2. A second Stop returns ErrStopped."},
}

// sumsText is the sums file of root's fixture exercises as a maintainer would
// generate it: what a checker built on root embeds.
func sumsText(root string) string {
	exs := append(append([]catalogue.Exercise(nil), fixtureExercises...), extraExercises...)
	trees, err := catalogue.UnrecordedTrees(root, exs)
	if err != nil {
		panic(err)
	}
	b, err := catalogue.GenerateSums(root, exs, trees)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// fixtureSums is the pristine fixture's sums file.
var fixtureSumsText = sync.OnceValue(func() string { return sumsText(fixtureRoot) })

func fixtureSums(t *testing.T) string { return fixtureSumsText() }

type result struct {
	code           int
	stdout, stderr string
}

// checker runs the checker in-process in cwd with args.
func checker(t *testing.T, ctx context.Context, cwd string, env map[string]string, tty bool, args ...string) result {
	t.Helper()
	return checkerWith(t, ctx, cwd, env, tty, nil, args...)
}

// checkerWith is checker with the Env changed by set first (nil: as is).
func checkerWith(t *testing.T, ctx context.Context, cwd string, env map[string]string, tty bool, set func(*Env), args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := Env{
		Args: args, Stdout: &out, Stderr: &errb, Cwd: cwd, TTY: tty, ErrTTY: tty,
		Getenv:    func(k string) string { return env[k] },
		Exercises: fixtureExercises,
		SumsText:  fixtureSums(t),
	}
	if set != nil {
		set(&e)
	}
	code := Main(ctx, e)
	return result{code, out.String(), errb.String()}
}

// sharedCheck grades every fixture exercise once, in one go test run.
var sharedCheck = sync.OnceValues(func() (result, time.Duration) {
	start := time.Now()
	var out, errb bytes.Buffer
	code := Main(context.Background(), Env{
		Args: []string{"check", "--timeout", "3s"}, Stdout: &out, Stderr: &errb, Cwd: fixtureRoot,
		Getenv: func(string) string { return "" }, Exercises: fixtureExercises,
		SumsText: fixtureSumsText(),
		// A Go without the goroutineleak profile, whichever Go runs this test.
		Toolchain: func(string, []string) (repo.Toolchain, error) { return repo.Toolchain{Version: "go1.26.8"}, nil },
	})
	return result{code, out.String(), errb.String()}, time.Since(start)
})

// section returns the part of a check's output about exercise n.
func section(out string, n int) string {
	start := strings.Index(out, fmt.Sprintf("%02d ", n))
	if start < 0 {
		return ""
	}
	end := strings.Index(out[start+3:], fmt.Sprintf("\n%02d ", n+1))
	if end < 0 {
		return out[start:]
	}
	return out[start : start+3+end]
}

func sharedSection(t *testing.T, n int) string {
	t.Helper()
	r, took := sharedCheck()
	t.Logf("shared check of %d fixture exercises took %v", len(fixtureExercises), took)
	if r.code != ExitFail {
		t.Fatalf("check exited %d, want %d\n%s%s", r.code, ExitFail, r.stdout, r.stderr)
	}
	s := section(r.stdout, n)
	if s == "" {
		t.Fatalf("no verdict for exercise %d in:\n%s", n, r.stdout)
	}
	return s
}

func mustContain(t *testing.T, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("output lacks %q:\n%s", w, s)
		}
	}
}

// Without the profile, the checker says once per run what to set, never per leak.
func TestRuntimeUnavailableSaidOnce(t *testing.T) {
	sharedSection(t, 2)
	r, _ := sharedCheck()
	if n := strings.Count(r.stdout, "GOTOOLCHAIN=go1.27.3 go run ./checker"); n != 1 {
		t.Errorf("the note on the runtime's view appears %d times:\n%s", n, r.stdout)
	}
	mustContain(t, r.stdout, "(go1.26.8) does not have it", "GOEXPERIMENT=goroutineleakprofile go run ./checker")
	if strings.Contains(r.stdout, "    runtime    ") || strings.Contains(r.stdout, "no leak") {
		t.Errorf("a per-leak runtime verdict without the profile:\n%s", r.stdout)
	}
}

// runtimeToolchain is a Go with the goroutineleak profile; the go command
// downloads it from the module proxy once (about 10 s).
const runtimeToolchain = "go1.27.3"

// On a Go with the goroutineleak profile, each leak carries the runtime's verdict:
// two fixture leaks outside any synctest bubble, graded in one run (their profiles
// must not collide), one the runtime proves and one it cannot see (the channel is
// a package variable).
func TestRuntimeViewOnGo127(t *testing.T) {
	env := []string{"GOTOOLCHAIN=" + runtimeToolchain}
	version := exec.Command("go", "version")
	version.Dir, version.Env = fixtureRoot, append(os.Environ(), env...)
	if out, err := version.CombinedOutput(); err != nil {
		t.Skipf("cannot get %s (no network?), so the checker's runtime view is not tested: %v\n%s", runtimeToolchain, err, out)
	}
	exercises := extraExercises[:2]
	start := time.Now()
	var out, errb bytes.Buffer
	code := Main(context.Background(), Env{
		Args: []string{"check", "--timeout", "10s", "8", "9"}, Stdout: &out, Stderr: &errb, Cwd: fixtureRoot,
		Getenv: func(string) string { return "" }, Exercises: exercises, GoEnv: env,
		SumsText: fixtureSumsText(),
	})
	t.Logf("check 8 9 on %s took %v:\n%s", runtimeToolchain, time.Since(start), out.String())
	if code != ExitFail {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	mustContain(t, section(out.String(), 8), "leaking", "unreachable.Start.func1",
		"    runtime    confirmed by the Go runtime: blocked forever sending on a channel, and nothing that can still run can reach the channel")
	mustContain(t, section(out.String(), 9), "leaking", "reachable.send",
		"    runtime    not confirmed by the Go runtime (goleak's report stands): what it waits on is still reachable: "+
			"a live struct, a package variable")
	for _, no := range []string{"no leak", "does not have it", "view is missing"} {
		if strings.Contains(out.String(), no) {
			t.Errorf("output says %q:\n%s", no, out.String())
		}
	}
}

func TestPassingExerciseIsDone(t *testing.T) {
	mustContain(t, sharedSection(t, 1), "done")
}

func TestLeakIsExplained(t *testing.T) {
	mustContain(t, sharedSection(t, 2), "leaking", "leak.Start.func1", "chan send",
		"stuck at   exercises/02_leak/leak.go:8", "started at exercises/02_leak/leak.go:7", "Principle P3")
}

func TestCompileError(t *testing.T) {
	mustContain(t, sharedSection(t, 3), "does not compile", "exercises/03_compile/broken.go:6:9", "cannot use")
}

func TestDeadlockTimesOut(t *testing.T) {
	mustContain(t, sharedSection(t, 4), "timed out after 3s in TestHang", "probably deadlocked at exercises/04_hang/cache.go:20",
		"sync.Mutex.Lock", "04_hang.(*Cache).size", "04_hang.(*Cache).Get")
}

func TestPanicInGoroutine(t *testing.T) {
	mustContain(t, sharedSection(t, 5), "panicked: assignment to entry in nil map", "exercises/05_panic/worker.go:10")
}

func TestOSExit(t *testing.T) {
	mustContain(t, sharedSection(t, 6), "exited", "os.Exit during TestLoad")
}

func TestAssertionFailure(t *testing.T) {
	mustContain(t, sharedSection(t, 7), "failing", "Half(10) = 3, want 5")
}

// The fast path for one exercise, run from a subdirectory: paths are relative to
// it, and the leak's stacks are taken as soon as leakcheck reports it.
func TestCheckOneFromSubdirectory(t *testing.T) {
	start := time.Now()
	r := checker(t, context.Background(), filepath.Join(fixtureRoot, "exercises", "02_leak"), nil, false, "check", "2", "--no-runtime")
	if r.code != ExitFail {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Usually from the early stop's dump ("stacks taken when the test reported the
	// leak"); on a loaded machine from goleak's own report after a second run.
	mustContain(t, r.stdout, "leaking", "stuck at   leak.go:8", "started at leak.go:7")
	if strings.Contains(r.stdout, "runtime") || strings.Contains(r.stdout, "GOTOOLCHAIN") {
		t.Errorf("--no-runtime still shows the runtime's view:\n%s", r.stdout)
	}
	t.Logf("verdict in %v", time.Since(start))
}

func TestOutsideRepository(t *testing.T) {
	r := checker(t, context.Background(), t.TempDir(), nil, false, "list")
	if r.code != ExitUsage {
		t.Fatalf("exit %d", r.code)
	}
	// It says where to go: the root, where go run ./checker works (not any
	// folder: ./checker is relative to it).
	mustContain(t, r.stderr, "not inside the workshop's repository", "module gohunters", "cd to the root of your clone of the workshop (the folder with go.mod)")
	r = checker(t, context.Background(), t.TempDir(), map[string]string{"LANG": "ja_JP.UTF-8"}, false, "list")
	mustContain(t, r.stderr, "ワークショップのリポジトリの中ではありません", "クローンしたワークショップのルート(go.mod のあるフォルダー)に cd して")
}

func TestGoOlderThanModuleNeeds(t *testing.T) {
	dir := t.TempDir()
	mod, err := os.ReadFile(filepath.Join(fixtureRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mod = regexp.MustCompile(`(?m)^go .*$`).ReplaceAll(mod, []byte("go 1.99.0"))
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), mod, 0o644); err != nil {
		t.Fatal(err)
	}
	r := checker(t, context.Background(), dir, nil, false, "check")
	if r.code != ExitUsage {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, r.stderr, "this workshop needs Go 1.99.0 or newer", "https://go.dev/dl/")
	if strings.Contains(r.stderr, "toolchain") {
		t.Errorf("toolchain error leaked through:\n%s", r.stderr)
	}
}

func TestUnknownExerciseAndCommand(t *testing.T) {
	r := checker(t, context.Background(), fixtureRoot, nil, false, "check", "42")
	if r.code != ExitUsage || !strings.Contains(r.stderr, `there is no exercise "42"`) {
		t.Errorf("check 42: exit %d, %q", r.code, r.stderr)
	}
	r = checker(t, context.Background(), fixtureRoot, nil, false, "frobnicate")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "unknown command") {
		t.Errorf("frobnicate: exit %d, %q", r.code, r.stderr)
	}
	r = checker(t, context.Background(), fixtureRoot, nil, false, "-h")
	if r.code != ExitPass || !strings.Contains(r.stdout, "Exit codes") {
		t.Errorf("-h: exit %d, %q", r.code, r.stdout)
	}
}

func TestEditedTestFile(t *testing.T) {
	root := copyFixture(t)
	test := filepath.Join(root, "exercises", "01_ok", "sum_test.go")
	if err := os.WriteFile(test, []byte("package sum\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := checker(t, context.Background(), root, nil, false, "check", "1")
	if r.code != ExitFail {
		t.Fatalf("exit %d\n%s", r.code, r.stdout)
	}
	mustContain(t, r.stdout, "tests modified", "sum_test.go", "go run ./checker reset --tests 1")
}

func TestDeletedExerciseDirectory(t *testing.T) {
	root := copyFixture(t)
	if err := os.RemoveAll(filepath.Join(root, "exercises", "02_leak")); err != nil {
		t.Fatal(err)
	}
	r := checker(t, context.Background(), root, nil, false, "check", "2")
	if r.code != ExitFail {
		t.Fatalf("exit %d\n%s", r.code, r.stdout)
	}
	mustContain(t, r.stdout, "missing", "go run ./checker reset 2")
}

// list with every exercise as shipped runs no test: they are not started.
func TestNoColorAndNonTTY(t *testing.T) {
	for _, c := range []struct {
		name  string
		tty   bool
		env   map[string]string
		color bool
	}{
		{"tty", true, nil, true},
		{"NO_COLOR", true, map[string]string{"NO_COLOR": "1"}, false},
		{"not a tty", false, nil, false},
	} {
		r := checker(t, context.Background(), fixtureRoot, c.env, c.tty, "list")
		if r.code != ExitFail {
			t.Fatalf("%s: exit %d\n%s%s", c.name, r.code, r.stdout, r.stderr)
		}
		mustContain(t, r.stdout, "not started", "0/7 exercises done", "Next: exercise 01")
		if got := strings.Contains(r.stdout+r.stderr, "\x1b["); got != c.color {
			t.Errorf("%s: escape codes %v, want %v:\n%q", c.name, got, c.color, r.stdout)
		}
		if !c.tty && strings.Contains(r.stderr, "\r") {
			t.Errorf("%s: progress output on a non-terminal: %q", c.name, r.stderr)
		}
	}
}

// Ctrl-C while go test runs a hanging test: the checker returns at once and no
// process of the run survives.
func TestInterruptLeavesNoProcess(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var groups []int
	var out, errb bytes.Buffer
	start := time.Now()
	code := Main(ctx, Env{
		Args: []string{"check", "--timeout", "5m", "4", "1"}, Stdout: &out, Stderr: &errb, Cwd: fixtureRoot,
		Getenv: func(string) string { return "" }, Exercises: fixtureExercises,
		SumsText: fixtureSumsText(),
		OnStart: func(pgid int) {
			mu.Lock()
			groups = append(groups, pgid)
			mu.Unlock()
		},
		OnEvent: func(ev runner.Event) {
			if ev.Action == "run" && ev.Test == "TestHang" {
				time.AfterFunc(200*time.Millisecond, cancel) // the test binary is blocked now
			}
		},
	})
	if code != ExitInterrupted {
		t.Fatalf("exit %d after %v\n%s%s", code, time.Since(start), out.String(), errb.String())
	}
	mustContain(t, errb.String(), "interrupted")
	if time.Since(start) > time.Minute {
		t.Errorf("took %v", time.Since(start))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(groups) == 0 {
		t.Fatal("no process group seen")
	}
	for _, g := range groups {
		// Only a process that never goes away matters: a busy machine may take
		// a while to reap one.
		deadline := time.Now().Add(30 * time.Second)
		for runner.GroupAlive(g) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if runner.GroupAlive(g) {
			t.Errorf("process group %d still has processes", g)
		}
	}
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSolution(t *testing.T) {
	r := checker(t, context.Background(), fixtureRoot, nil, false, "solution", "7")
	if r.code != ExitFail || !strings.Contains(r.stderr, "does not pass yet") {
		t.Fatalf("solution 7: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = checker(t, context.Background(), fixtureRoot, nil, false, "solution", "--force", "7")
	mustContain(t, r.stdout, "-func Half(n int) int { return n / 3 }", "+func Half(n int) int { return n / 2 }")
	r = checker(t, context.Background(), fixtureRoot, nil, false, "solution", "1")
	if r.code != ExitPass {
		t.Fatalf("solution 1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, r.stdout, "+func Sum(xs []int) (total int) {")
}

func TestReport(t *testing.T) {
	junit := filepath.Join(t.TempDir(), "junit.xml")
	r := checker(t, context.Background(), fixtureRoot, nil, false, "report", "--json", "--all", "--name", "Ada", "--junit", junit, "1", "3")
	if r.code != ExitFail {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var rep struct {
		Go            string
		Learner       string
		Passed, Total int
		Exercises     []struct {
			Dir, Status, Location string
			HintsUsed             int `json:"hints_used"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if rep.Learner != "Ada" || rep.Passed != 1 || rep.Total != 2 || rep.Exercises[1].Status != string(grade.NoCompile) || rep.Exercises[1].Location != "exercises/03_compile/broken.go:6" {
		t.Errorf("report %+v", rep)
	}
	// The Go the tests ran on, as go env says it in the module.
	cmd := exec.Command("go", "env", "GOVERSION")
	cmd.Dir = fixtureRoot
	if want, err := cmd.Output(); err != nil || rep.Go != strings.TrimSpace(string(want)) {
		t.Errorf("report's go is %q, want %q (%v)", rep.Go, want, err)
	}
	x := string(mustRead(t, junit))
	mustContain(t, x, `<testsuite name="Ada" tests="2" failures="0" errors="1"`, `<property name="learner" value="Ada">`, `<testcase name="01_ok"`, `<error message="build-failed"`)
}

func TestWatchRegradesOnSave(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	root := copyFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := new(lockedBuffer)
	done := make(chan int)
	go func() {
		done <- Main(ctx, Env{Args: []string{"watch", "7"}, Stdout: w, Stderr: w, Cwd: root,
			Getenv: func(string) string { return "" }, Exercises: fixtureExercises, SumsText: fixtureSums(t)})
	}()
	waitFor := func(s string) { t.Helper(); w.waitFor(t, s) }
	waitFor("save a file to re-grade")
	mustContain(t, w.String(), "failing")
	// Save the fix the way many editors do: write a temporary file, rename it over.
	src := filepath.Join(root, "exercises", "07_fail", "div.go")
	fixed := strings.Replace(string(mustRead(t, src)), "n / 3", "n / 2", 1)
	saved := time.Now()
	if err := os.WriteFile(src+".tmp~", []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(src+".tmp~", src); err != nil {
		t.Fatal(err)
	}
	waitFor("Fails   done")
	t.Logf("verdict %v after save", time.Since(saved))
	cancel()
	if code := <-done; code != ExitPass {
		t.Errorf("watch exited %d", code)
	}
}

// lockedBuffer collects what a checker running in another goroutine writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor waits until s has been written, for two minutes at most: only a
// checker that never says it matters, and a busy machine may take long to.
func (l *lockedBuffer) waitFor(t *testing.T, s string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !strings.Contains(l.String(), s) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in:\n%s", s, l.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

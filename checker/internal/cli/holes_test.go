package cli

// Credit that was not earned: each case is a way a learner (or their
// environment) once got "done" without the shipped tests running and passing.
// Every case grades a copy of the fixture with the real go test.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gohunters/internal/catalogue"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// reportStatus runs report --json on exercise n and returns its status.
func reportStatus(t *testing.T, root string, n string) string {
	t.Helper()
	return reportStatusWith(t, root, n, nil)
}

func reportStatusWith(t *testing.T, root string, n string, set func(*Env)) string {
	t.Helper()
	r := checkerWith(t, context.Background(), root, nil, false, set, "report", "--json", "--all", n)
	var rep struct{ Exercises []struct{ Status string } }
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Exercises) != 1 {
		t.Fatalf("report: %v\n%s%s", err, r.stdout, r.stderr)
	}
	return rep.Exercises[0].Status
}

// noInspect grades without the look at the learner's code that refuses most
// tricks before anything runs: the defenses at run time, behind it, must hold
// on their own.
func noInspect(e *Env) { e.NoInspect = true }

// notCredited checks that check (the fast path), the list and the report all
// refuse credit, and that check says why, with the look at the code off (the
// run-time defenses); refusedFirst checks the look at the code.
func notCredited(t *testing.T, root string, why ...string) {
	t.Helper()
	r := checkerWith(t, context.Background(), root, nil, false, noInspect, "check", "1")
	if r.code != ExitFail || strings.Contains(r.stdout, "done") {
		t.Errorf("check 1 credited it: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, r.stdout, why...)
	if st := reportStatusWith(t, root, "1", noInspect); st == "done" {
		t.Errorf("report --json credited it")
	}
	r = checkerWith(t, context.Background(), root, nil, false, noInspect, "list")
	if line := listLine(r.stdout, 1); line == "" || strings.Contains(line, "done") {
		t.Errorf("the list credited it:\n%s", r.stdout)
	}
}

// refusedFirst checks that the look at the learner's code refuses the trick,
// naming the file and line and what it does, before any test runs.
func refusedFirst(t *testing.T, root string, why ...string) {
	t.Helper()
	r := checker(t, context.Background(), root, nil, false, "check", "1")
	if r.code != ExitFail || strings.Contains(r.stdout, "done") {
		t.Errorf("check 1 credited it: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, r.stdout, append([]string{"not allowed in a fix"}, why...)...)
	if st := reportStatus(t, root, "1"); st != "refused" {
		t.Errorf("report --json: %s, want refused", st)
	}
}

const incomplete = "tests did not all run"

// unproven is what a test binary that ended before its tests did is told,
// whatever it printed.
const unproven = "the testing package never finished running its tests"

func TestHoleInitExit(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	root := copyFixture(t)
	writeFile(t, filepath.Join(root, "exercises", "01_ok", "zz.go"), "package sum\n\nimport \"os\"\n\nfunc init() { os.Exit(0) }\n")
	refusedFirst(t, root, "zz.go:5: calls os.Exit")
	notCredited(t, root, unproven)
}

func TestHoleArgsRunFilter(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	for _, flag := range []string{"-test.run=^$", "-test.skip=."} {
		t.Run(flag, func(t *testing.T) {
			root := copyFixture(t)
			writeFile(t, filepath.Join(root, "exercises", "01_ok", "zz.go"),
				"package sum\n\nimport \"os\"\n\nfunc init() { os.Args = append(os.Args, \""+flag+"\") }\n")
			refusedFirst(t, root, "zz.go:5: uses os.Args")
			notCredited(t, root, incomplete, "TestSum")
		})
	}
}

func TestHoleSyscallExit(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	root := copyFixture(t)
	src := filepath.Join(root, "exercises", "01_ok", "sum.go")
	code := strings.Replace(string(mustRead(t, src)), "total := 0", "syscall.Exit(0)\n\ttotal := 0", 1)
	code = strings.Replace(code, "package sum\n", "package sum\n\nimport \"syscall\"\n", 1)
	writeFile(t, src, code)
	refusedFirst(t, root, "sum.go:4: imports syscall", "calls syscall.Exit")
	notCredited(t, root, unproven, "TestSum")
}

// GOFLAGS from the environment cannot decide which tests run: the exercise is
// graded on its real tests (here: done, because it passes them).
func TestHoleGOFLAGS(t *testing.T) {
	for _, flags := range []string{"-run=^$", "-skip=.", "-count=1 -run=NoSuchTest"} {
		t.Run(flags, func(t *testing.T) {
			t.Setenv("GOFLAGS", flags)
			root := copyFixture(t)
			// A failing exercise stays failing: no test was filtered away.
			r := checker(t, context.Background(), root, nil, false, "check", "7")
			mustContain(t, r.stdout, "failing", "Half(10) = 3, want 5")
			if st := reportStatus(t, root, "7"); st != "failing" {
				t.Errorf("report: %s, want failing", st)
			}
		})
	}
}

// A neutered helper outside the exercise costs every exercise its credit.
func TestHoleNeuteredLeakcheck(t *testing.T) {
	root := copyFixture(t)
	helper := filepath.Join(root, "internal", "leakcheck", "leakcheck.go")
	code := strings.Replace(string(mustRead(t, helper)), "if err := goleak.Find(opts...); err != nil {", "if err := goleak.Find(opts...); false && err != nil {", 1)
	writeFile(t, helper, code)
	notCredited(t, root, "helpers modified", "internal/leakcheck/leakcheck.go", "git checkout -- internal/leakcheck/leakcheck.go")
	// From the exercise's folder, the command names the file from there.
	r := checker(t, context.Background(), filepath.Join(root, "exercises", "01_ok"), nil, false, "check", "1")
	mustContain(t, r.stdout, "helpers modified", "git checkout -- ../../internal/leakcheck/leakcheck.go")
	// The list's next step says so too: editing the exercise cannot help.
	r = checker(t, context.Background(), root, nil, false, "list")
	mustContain(t, r.stdout, "git checkout -- internal/leakcheck/leakcheck.go")
	// An added file in a helper package or a changed go.mod counts as well.
	root = copyFixture(t)
	writeFile(t, filepath.Join(root, "internal", "leakcheck", "zz.go"), "package leakcheck\n")
	notCredited(t, root, "helpers modified", "internal/leakcheck/zz.go")
	root = copyFixture(t)
	mod := filepath.Join(root, "go.mod")
	writeFile(t, mod, string(mustRead(t, mod))+"\nreplace go.uber.org/goleak => ./goleak\n")
	notCredited(t, root, "helpers modified", "go.mod")
}

// A learner who edits a test and regenerates the checksums (the maintainers'
// go generate ./internal/catalogue, which a rebuilt checker embeds) gains
// nothing in a clone: the checksums come from the shipped commit in git.
func TestHoleRegeneratedSums(t *testing.T) {
	requireGit(t)
	root := copyFixture(t)
	writeFile(t, filepath.Join(root, filepath.FromSlash(catalogue.SumsFile)), fixtureSumsText())
	git(t, root, "init", "-q")
	git(t, root, "add", "-A")
	git(t, root, "commit", "-qm", "shipped")
	git(t, root, "update-ref", "refs/remotes/origin/main", "HEAD")
	// The learner's "fix": a test that asserts nothing, committed with sums to match.
	writeFile(t, filepath.Join(root, "exercises", "07_fail", "div_test.go"), "package div\n\nimport \"testing\"\n\nfunc TestHalf(t *testing.T) {}\n")
	regenerated := sumsText(root)
	writeFile(t, filepath.Join(root, filepath.FromSlash(catalogue.SumsFile)), regenerated)
	git(t, root, "commit", "-qam", "my sums")
	check7 := func(t *testing.T, want ...string) {
		t.Helper()
		var out, errb strings.Builder
		code := Main(context.Background(), Env{Args: []string{"check", "7"}, Stdout: &out, Stderr: &errb, Cwd: root,
			Getenv: func(string) string { return "" }, Exercises: fixtureExercises, SumsText: regenerated})
		if code != ExitFail || strings.Contains(listLine(out.String(), 7), "done") {
			t.Fatalf("check 7 with regenerated sums credited it: exit %d\n%s%s", code, out.String(), errb.String())
		}
		mustContain(t, out.String(), want...)
	}
	check7(t, "tests modified", "div_test.go")

	// The ways git could be made to say nothing, or something else: none
	// falls back to the regenerated checksums silently.
	t.Run("GIT_DIR elsewhere", func(t *testing.T) {
		t.Setenv("GIT_DIR", t.TempDir())
		t.Setenv("GIT_WORK_TREE", t.TempDir())
		check7(t, "tests modified", "div_test.go")
	})
	t.Run("git replace of the sums", func(t *testing.T) {
		shipped := strings.TrimSpace(gitOut(t, root, "rev-parse", "refs/remotes/origin/main:"+catalogue.SumsFile))
		mine := strings.TrimSpace(gitOut(t, root, "rev-parse", "HEAD:"+catalogue.SumsFile))
		git(t, root, "replace", "-f", shipped, mine)
		defer git(t, root, "replace", "-d", shipped)
		check7(t, "tests modified", "div_test.go")
		t.Setenv("GIT_REPLACE_REF_BASE", "refs/replace/")
		check7(t, "tests modified", "div_test.go")
	})
	t.Run("git missing from PATH", func(t *testing.T) {
		goBin, err := exec.LookPath("go")
		if err != nil {
			t.Skip(err)
		}
		bin := t.TempDir()
		if err := os.Symlink(goBin, filepath.Join(bin, "go")); err != nil {
			t.Fatal(err)
		}
		t.Setenv("PATH", bin)
		check7(t, "no credit", "git cannot be run")
	})
	t.Run("remote removed", func(t *testing.T) {
		head := strings.TrimSpace(gitOut(t, root, "rev-parse", "refs/remotes/origin/main"))
		git(t, root, "update-ref", "-d", "refs/remotes/origin/main")
		defer git(t, root, "update-ref", "refs/remotes/origin/main", head)
		check7(t, "no credit", "no remote-tracking branch")
	})
}

func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %v: %v", args, err)
	}
	return string(out)
}

// Deleting a line of the sums file (here: the only test file of exercise 01,
// whose test is then deleted too) is refused, with or without git.
func TestHoleDeletedSumsLine(t *testing.T) {
	root := copyFixture(t)
	var kept []string
	for _, l := range strings.SplitAfter(fixtureSumsText(), "\n") {
		if !strings.Contains(l, "01_ok/sum_test.go") {
			kept = append(kept, l)
		}
	}
	if err := os.Remove(filepath.Join(root, "exercises", "01_ok", "sum_test.go")); err != nil {
		t.Fatal(err)
	}
	var out, errb strings.Builder
	code := Main(context.Background(), Env{Args: []string{"check", "1"}, Stdout: &out, Stderr: &errb, Cwd: root,
		Getenv: func(string) string { return "" }, Exercises: fixtureExercises, SumsText: strings.Join(kept, "")})
	if code != ExitUsage || !strings.Contains(errb.String(), "cannot read the checksums") {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
}

// A racy "fix" passes go test but is not done: done includes a -race run.
func TestHoleRacyFix(t *testing.T) {
	var out, errb strings.Builder
	exs := append(append([]catalogue.Exercise(nil), fixtureExercises...), extraExercises[2])
	for _, args := range [][]string{{"check", "10"}, {"check", "10", "1"}} {
		out.Reset()
		errb.Reset()
		code := Main(context.Background(), Env{Args: args, Stdout: &out, Stderr: &errb, Cwd: fixtureRoot,
			Getenv: func(string) string { return "" }, Exercises: exs, SumsText: fixtureSumsText()})
		if code != ExitFail {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out.String(), errb.String())
		}
		mustContain(t, section(out.String(), 10), "data race", "race detector")
		if len(args) == 3 {
			mustContain(t, section(out.String(), 1), "done", "checked with the race detector too")
		}
	}
}

// Without cgo there is no race detector: done, saying it was not checked.
func TestRaceUnavailableSaid(t *testing.T) {
	t.Setenv("CGO_ENABLED", "0")
	r := checker(t, context.Background(), fixtureRoot, nil, false, "check", "1")
	if r.code != ExitPass {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, r.stdout, "done", "not checked for data races", "CGO_ENABLED=0")
}

func requireGit(t *testing.T) {
	t.Helper()
	if _, err := lookGit(); err != nil {
		t.Skip("git not installed")
	}
}

func lookGit() (string, error) { return exec.LookPath("git") }

// listLine is the list's line for exercise n.
func listLine(out string, n int) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, " →✓"), fmt.Sprintf("%02d ", n)) {
			return l
		}
	}
	return ""
}

// forgedFraming is learner code that prints what the test binary prints for
// a passing TestSum under go test -json (its framing, marker byte included,
// built at run time so that no literal gives it away) and exits 0 before any
// test runs.
const forgedFraming = `package sum

import (
	"fmt"
	"os"
)

func init() {
	m := string(rune(0x16))
	fmt.Print(m + "=== RUN   TestSum\n" + m + "--- PASS: TestSum (0.00s)\n" + m + "PASS\n")
	os.Exit(0)
}
`

// Forged test2json framing: the code under test prints a passing run of every
// shipped test and exits 0 in init. Its output and its exit status agree, but
// the testing package never finished a run (its test log is missing): not
// done, in the fast path, through go test -json (--no-fast), the race run,
// the list and the report.
func TestHoleForgedFraming(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	root := copyFixture(t)
	writeFile(t, filepath.Join(root, "exercises", "01_ok", "zz.go"), forgedFraming)
	refusedFirst(t, root, "zz.go:11: calls os.Exit")
	notCredited(t, root, unproven)
	r := checkerWith(t, context.Background(), root, nil, false, noInspect, "check", "--no-fast", "1")
	if r.code != ExitFail || strings.Contains(r.stdout, "done") {
		t.Errorf("check --no-fast 1 credited it: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, r.stdout, unproven)
	// No test log is left in the exercise's folder.
	if left, _ := filepath.Glob(filepath.Join(root, "exercises", "01_ok", ".gohunters-testlog-*")); len(left) > 0 {
		t.Errorf("test logs left behind: %v", left)
	}
}

// The race run fails closed: a file built only with the race detector that
// does not compile, or whose init sleeps (where no test timeout reaches: the
// run makes no progress), makes the exercise not done, never "done, not
// checked for data races".
func TestHoleRaceRunFailsClosed(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	for _, tc := range []struct {
		name, code, want string
		guard            time.Duration
	}{
		{"does not compile", "//go:build race\n\npackage sum\n\nvar broken int = \"race\"\n", "does not compile", 0},
		// A short stall limit: the sleeping init is stopped in seconds.
		{"sleeps", "//go:build race\n\npackage sum\n\nimport \"time\"\n\nfunc init() { time.Sleep(time.Hour) }\n", "made no progress", 30 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.guard > 0 {
				slowHole(t, "waits for the stall guard three times")
			}
			root := copyFixture(t)
			writeFile(t, filepath.Join(root, "exercises", "01_ok", "zz_race.go"), tc.code)
			set := func(e *Env) { e.NoInspect, e.Guard = true, tc.guard }
			// One exercise (its race run first), through go test -json, and
			// two (the race re-check of the done one).
			for _, args := range [][]string{{"check", "1"}, {"check", "--no-fast", "1"}, {"check", "1", "7"}} {
				r := checkerWith(t, context.Background(), root, nil, false, set, args...)
				if r.code != ExitFail || strings.Contains(listLine(r.stdout, 1), "done") || strings.Contains(r.stdout, "not checked") {
					t.Errorf("%v credited it: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
				}
				mustContain(t, r.stdout+r.stderr, tc.want)
			}
		})
	}
}

// Subtests a learner's init filters out (-test.skip=TestSum/.) leave the
// top-level test passing: done needs every subtest recorded when the exercise
// shipped.
func TestHoleSubtestFilter(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	root := copyFixture(t)
	ex := filepath.Join(root, "exercises", "01_ok")
	writeFile(t, filepath.Join(ex, "sum_test.go"), `package sum

import (
	"testing"

	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

func TestSum(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	t.Run("six", func(t *testing.T) {
		if got := Sum([]int{1, 2, 3}); got != 6 {
			t.Fatalf("Sum = %d, want 6", got)
		}
	})
}
`)
	// The sums file a maintainer generates from this workshop, its test tree
	// recorded (what go generate records from the solutions).
	exs := append(append([]catalogue.Exercise(nil), fixtureExercises...), extraExercises...)
	trees, err := catalogue.UnrecordedTrees(root, exs)
	if err != nil {
		t.Fatal(err)
	}
	rec := trees["01_ok"]
	rec.Tests = []string{"TestSum", "TestSum/six"}
	trees["01_ok"] = rec
	sums, err := catalogue.GenerateSums(root, exs, trees)
	if err != nil {
		t.Fatal(err)
	}
	withSums := func(e *Env) { e.SumsText, e.NoInspect = string(sums), true }
	if r := checkerWith(t, context.Background(), root, nil, false, withSums, "check", "1"); r.code != ExitPass {
		t.Fatalf("as shipped with a subtest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The code is wrong; the init filters the subtest that says so.
	writeFile(t, filepath.Join(ex, "sum.go"), "package sum\n\nimport \"os\"\n\nfunc init() { os.Args = append(os.Args, \"-test.skip=TestSum/.\") }\n\nfunc Sum(xs []int) int { return 0 }\n")
	for _, args := range [][]string{{"check", "1"}, {"check", "--no-fast", "1"}} {
		r := checkerWith(t, context.Background(), root, nil, false, withSums, args...)
		if r.code != ExitFail || strings.Contains(listLine(r.stdout, 1), "done") {
			t.Errorf("%v credited it: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		mustContain(t, r.stdout, incomplete, "TestSum/six")
	}
}

// GOTOOLCHAIN naming a version makes the go command run a program of that
// name found on PATH, unchecked, as the toolchain: the checker leaves such
// folders out of PATH (and says so), so the toolchain is the go command's own
// download (here from the module cache, as TestRuntimeView leaves it).
func TestHoleFakeToolchainOnPath(t *testing.T) {
	const version = "go1.27.3"
	slowHole(t, "builds the fixture with "+version)
	fake, marker := t.TempDir(), filepath.Join(t.TempDir(), "ran")
	writeFile(t, filepath.Join(fake, version), "#!/bin/sh\ntouch "+marker+"\necho '{}'\nexit 0\n")
	if err := os.Chmod(filepath.Join(fake, version), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOTOOLCHAIN", version)
	t.Setenv("PATH", fake+string(os.PathListSeparator)+os.Getenv("PATH"))
	root := copyFixture(t)
	r := checker(t, context.Background(), root, nil, false, "check", "7")
	if _, err := os.Stat(marker); err == nil {
		t.Errorf("the fake %s on PATH was run\n%s%s", version, r.stdout, r.stderr)
	}
	if r.code == ExitPass || strings.Contains(listLine(r.stdout, 7), "done") {
		t.Errorf("credited a failing exercise: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, r.stderr, "not used for grading", "PATH="+fake)
}

// slowHole skips a case of the matrix that takes a minute or more unless
// HOLES_SLOW=1 (the quick checks of the same defense run always).
func slowHole(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("HOLES_SLOW") != "1" {
		t.Skip("HOLES_SLOW=1 runs it: it " + why)
	}
}

// testing.Testing() lets code behave one way under test and another in
// production (the leak switched off under test): refused, with the line.
func TestHoleTestingTesting(t *testing.T) {
	root := copyFixture(t)
	writeFile(t, filepath.Join(root, "exercises", "01_ok", "zz.go"), "package sum\n\nimport \"testing\"\n\nvar underTest = testing.Testing()\n")
	refusedFirst(t, root, "zz.go:3: imports testing")
}

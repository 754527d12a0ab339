package cli

// What learner code (or a learner's setup) does by accident: the checker must
// not hang, flood, lose its explanation or leave processes behind.

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// editSum replaces the body of the fixture's Sum (exercise 01) with body, which
// may use the imports listed.
func editSum(t *testing.T, root, imports, body string) {
	t.Helper()
	writeFile(t, filepath.Join(root, "exercises", "01_ok", "sum.go"),
		"package sum\n\nimport (\n"+imports+"\n)\n\nfunc Sum(xs []int) int {\n"+body+"\n}\n")
}

// Millions of lines and then a test that hangs: the timeout's panic lands on
// the end of the last line printed (no newline), and is still a timeout.
func TestTimeoutGluedToOutput(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	root := copyFixture(t)
	editSum(t, root, `"fmt"; "strings"`, `line := strings.Repeat("y", 99)
	for i := 0; i < 200000; i++ {
		fmt.Println(line)
	}
	fmt.Print("no newline")
	select {}`)
	r := checker(t, context.Background(), root, nil, false, "check", "1", "--timeout", "3s")
	mustContain(t, r.stdout, "timed out after 3s in TestSum")
	if strings.Contains(r.stdout, "exited") || len(r.stdout) > 64<<10 {
		t.Errorf("%d bytes:\n%.3000s", len(r.stdout), r.stdout)
	}
}

// One enormous line: what is shown and reported keeps its head and tail and
// says how much was cut; the test's own message survives.
func TestHugeLineCapped(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	root := copyFixture(t)
	editSum(t, root, `"fmt"; "strings"`, `fmt.Println("HEAD" + strings.Repeat("z", 64<<20) + "TAIL")
	return 0`)
	r := checker(t, context.Background(), root, nil, false, "check", "1", "-v")
	if len(r.stdout) > 8<<20 {
		t.Errorf("check printed %d bytes", len(r.stdout))
	}
	mustContain(t, r.stdout, "Sum = 0, want 6", "HEAD", "TAIL", "bytes of output cut here")
	rep := checker(t, context.Background(), root, nil, false, "report", "--json", "1")
	if len(rep.stdout) > 64<<10 {
		t.Errorf("report --json is %d bytes", len(rep.stdout))
	}
	var doc struct{ Exercises []struct{ Message []string } }
	if err := json.Unmarshal([]byte(rep.stdout), &doc); err != nil || len(doc.Exercises) != 1 {
		t.Fatalf("%v\n%.2000s", err, rep.stdout)
	}
	mustContain(t, strings.Join(doc.Exercises[0].Message, "\n"), "Sum = 0, want 6")
}

// Run from a subdirectory reached through a symlink (macOS's /tmp is one), the
// leak is still located.
func TestSymlinkedSubdirectory(t *testing.T) {
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(fixtureRoot, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	r := checker(t, context.Background(), filepath.Join(link, "exercises", "02_leak"), nil, false, "check", "2", "--no-runtime")
	mustContain(t, r.stdout, "leaking", "goroutine(s) leaked", "stuck at   leak.go:8", "started at leak.go:7")
}

// A go.mod made by mistake in an exercise's folder: say what is wrong and how to fix it.
func TestStrayGoMod(t *testing.T) {
	root := copyFixture(t)
	writeFile(t, filepath.Join(root, "exercises", "02_leak", "go.mod"), "module leak\n\ngo 1.25\n")
	r := checker(t, context.Background(), root, nil, false, "check", "2")
	mustContain(t, r.stdout, "stray go.mod", "module of its own", "rm exercises/02_leak/go.mod")
	r = checker(t, context.Background(), root, nil, false, "list")
	if !strings.Contains(listLine(r.stdout, 2), "stray go.mod") {
		t.Errorf("list:\n%s", r.stdout)
	}
}

// Code that allocates without end is stopped at the bound and told so, in
// check (the fast path) and in the list (go test).
func TestMemoryBounded(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	root := copyFixture(t)
	editSum(t, root, ``, `var keep [][]byte
	for {
		b := make([]byte, 32<<20)
		for i := range b {
			b[i] = 1
		}
		keep = append(keep, b)
	}`)
	for _, args := range [][]string{{"check", "1"}, {"list"}} {
		start := time.Now()
		r := checker(t, context.Background(), root, nil, false, append(args, "--memory", "300")...)
		if r.code != ExitFail {
			t.Fatalf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		mustContain(t, r.stdout, "used too much memory")
		if args[0] == "check" {
			mustContain(t, r.stdout, "more than 300 MB")
		}
		t.Logf("%v: %v", args, time.Since(start))
	}
}

// A goal clause not met comes first in the verdict: its number and text, what
// was observed, where the test checks it; then what else the test said.
func TestGoalClauseFirst(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		r := run(t, fixtureRoot, opts{env: map[string]string{"LANG": lang}, exercises: extraExercises[3:]}, "check", "--lang", lang, "11")
		if r.code != ExitFail {
			t.Fatalf("%s: exit %d\n%s%s", lang, r.code, r.stdout, r.stderr)
		}
		clause, said := "goal clause 2 not met: A second Stop returns ErrStopped", "the test says:"
		observed, at := "observed: Stop returned <nil>,", "(checked at exercises/11_clause/stop_test.go:25, in TestStop)"
		if lang == "ja" {
			clause, said = "ゴールの条件 2 が満たされていません: A second Stop returns ErrStopped", "テストの出力:"
			observed, at = "実際には: Stop returned <nil>,", "(exercises/11_clause/stop_test.go:25、テスト TestStop で確かめています)"
		}
		mustContain(t, r.stdout, clause, observed, "      not ErrStopped", at, "the worker was stopped once")
		if i, j := strings.Index(r.stdout, clause), strings.Index(r.stdout, "the worker was stopped once"); i < 0 || j < i {
			t.Errorf("%s: the clause does not come first:\n%s", lang, r.stdout)
		}
		if strings.Count(r.stdout, "not ErrStopped") != 1 {
			t.Errorf("%s: the observation is shown twice:\n%s", lang, r.stdout)
		}
		_ = said
	}
}

// A test binary, plain or built for the race detector, is reused while the
// exercise's files and the helpers are as they were when it was built: no go
// command runs before the tests start. An edit rebuilds it. (check 1 of a done
// exercise builds both the first time; after that check N runs the race
// detector's binary first, and a plain one is there from check N N... or list.)
func TestBinaryReusedWhileInputsUnchanged(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	root := copyFixture(t)
	check := func() {
		t.Helper()
		if r := checker(t, context.Background(), root, nil, false, "check", "1"); r.code != ExitPass {
			t.Fatalf("check 1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	}
	built := func(name string) time.Time {
		t.Helper()
		bins, _ := filepath.Glob(filepath.Join(root, ".checker", "bin", name))
		if len(bins) != 1 {
			t.Fatalf("no %s among the test binaries", name)
		}
		st, err := os.Stat(bins[0])
		if err != nil {
			t.Fatal(err)
		}
		return st.ModTime()
	}
	check()
	if r := checker(t, context.Background(), root, nil, false, "check", "1", "2"); r.code != ExitFail {
		t.Fatalf("check 1 2: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	plain, race := built("01_ok.test"), built(filepath.Join("race", "01_ok.test"))
	time.Sleep(50 * time.Millisecond) // a rebuild would show in the modification time
	check()
	checker(t, context.Background(), root, nil, false, "check", "1", "2")
	if !built("01_ok.test").Equal(plain) || !built(filepath.Join("race", "01_ok.test")).Equal(race) {
		t.Error("a binary was built again though nothing changed")
	}
	src := filepath.Join(root, "exercises", "01_ok", "sum.go")
	writeFile(t, src, string(mustRead(t, src))+"\n// an edit\n")
	check()
	if built(filepath.Join("race", "01_ok.test")).Equal(race) {
		t.Error("an edited exercise ran its old binary")
	}
}

// A negative bound is a usage error, not "no bound".
func TestMemoryNegativeRefused(t *testing.T) {
	r := checker(t, context.Background(), fixtureRoot, nil, false, "check", "--memory", "-5", "1")
	if r.code != ExitUsage {
		t.Errorf("--memory -5: exit %d, want %d\n%s%s", r.code, ExitUsage, r.stdout, r.stderr)
	}
	mustContain(t, r.stderr, "invalid value \"-5\" for flag -memory: it takes a number of MB, 0 or more")
}

// Until a race binary has been built in the clone, check N runs the plain
// binary first: on a fresh machine the race detector's build compiles the
// standard library a second time, and a first check is usually of an exercise
// that still leaks. Once one has been built (a done exercise's race run), the
// race binary goes first.
func TestPlainFirstUntilARaceBinaryIsBuilt(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	root := copyFixture(t)
	exists := func(rel string) bool {
		_, err := os.Stat(filepath.Join(root, ".checker", "bin", filepath.FromSlash(rel)))
		return err == nil
	}
	if r := checker(t, context.Background(), root, nil, false, "check", "2"); r.code != ExitFail {
		t.Fatalf("check 2: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !exists("02_leak.test") || exists("race/02_leak.test") {
		t.Errorf("a first check of a leaking exercise: plain binary built %v, race binary built %v; want only the plain one",
			exists("02_leak.test"), exists("race/02_leak.test"))
	}
	if r := checker(t, context.Background(), root, nil, false, "check", "1"); r.code != ExitPass || !exists("race/01_ok.test") {
		t.Fatalf("check 1: exit %d, race binary built %v\n%s%s", r.code, exists("race/01_ok.test"), r.stdout, r.stderr)
	}
	if r := checker(t, context.Background(), root, nil, false, "check", "2"); r.code != ExitFail || !exists("race/02_leak.test") {
		t.Errorf("check 2 after a race build: exit %d, race binary built %v; want the race binary first\n%s%s",
			r.code, exists("race/02_leak.test"), r.stdout, r.stderr)
	}
}

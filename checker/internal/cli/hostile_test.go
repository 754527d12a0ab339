package cli

// The checker under accidental and hostile conditions: the learner's work is
// never lost (concurrent resets, git clean, deleted state, notes in the
// exercise folder, a copy without git history), and the environment's faults
// (a read-only tree, a broken go set-up, a subdirectory, TERM=dumb) read as what
// they are. Real go test runs on the fixture module where grading is involved.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"gohunters/checker/internal/pristine"
	"gohunters/checker/internal/repo"
	"gohunters/internal/catalogue"
)

// opts are what a case sets beyond the arguments.
type opts struct {
	env     map[string]string
	tty     bool
	goEnv   []string
	config  string // the user's configuration directory; "" for none (no HOME)
	cache   string
	shipped fs.FS
	// exercises replaces the fixture's usual ones (fixtureExercises).
	exercises []catalogue.Exercise
}

// run runs the checker in-process from cwd on the fixture's exercises.
func run(t *testing.T, cwd string, o opts, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := Env{
		Args: args, Stdout: &out, Stderr: &errb, Cwd: cwd, TTY: o.tty, ErrTTY: o.tty,
		Getenv:    func(k string) string { return o.env[k] },
		Exercises: fixtureExercises, SumsText: fixtureSums(t), GoEnv: o.goEnv,
		Shipped:   o.shipped,
		ConfigDir: dirFunc(o.config), CacheDir: dirFunc(o.cache),
		Toolchain: func(string, []string) (repo.Toolchain, error) { return repo.Toolchain{Version: "go1.26.8"}, nil },
	}
	if e.Shipped == nil {
		e.Shipped = fixtureShipped(t)
	}
	if o.exercises != nil {
		e.Exercises = o.exercises
	}
	code := Main(context.Background(), e)
	return result{code, out.String(), errb.String()}
}

func dirFunc(dir string) func() (string, error) {
	return func() (string, error) {
		if dir == "" {
			return "", fmt.Errorf("neither $XDG_CONFIG_HOME nor $HOME are defined")
		}
		return dir, nil
	}
}

// fixtureShipped is the archive a maintainer would generate from the fixture.
func fixtureShipped(t *testing.T) fs.FS {
	t.Helper()
	files, err := pristine.Collect(fixtureRoot, fixtureExercises)
	if err != nil {
		t.Fatal(err)
	}
	return pristine.Parse(pristine.Format(files))
}

var (
	mine     = []byte("package sum\n\n// My attempt.\nfunc Sum(xs []int) int { return 0 }\n")
	sumGo    = filepath.Join("exercises", "01_ok", "sum.go")
	savedIn  = regexp.MustCompile(`saved in (\S+)`)
	shipped1 = func(t *testing.T, name string) []byte {
		return mustRead(t, filepath.Join(fixtureRoot, "exercises", "01_ok", name))
	}
)

func write(t *testing.T, p string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Two resets at once, 40 times: each backup directory is reported once, the
// learner's version is in one of them, byte for byte, and the exercise ends as
// shipped.
func TestConcurrentResetsNeverLoseWork(t *testing.T) {
	root, config := copyFixture(t), t.TempDir()
	o := opts{config: config, shipped: fixtureShipped(t)}
	for trial := range 40 {
		write(t, filepath.Join(root, sumGo), mine)
		var wg sync.WaitGroup
		rs := make([]result, 2)
		for i := range rs {
			wg.Go(func() { rs[i] = run(t, root, o, "reset", "1") })
		}
		wg.Wait()
		var saved []string
		for _, r := range rs {
			if r.code != ExitPass {
				t.Fatalf("trial %d: exit %d\n%s%s", trial, r.code, r.stdout, r.stderr)
			}
			if m := savedIn.FindStringSubmatch(r.stdout); m != nil {
				saved = append(saved, m[1])
			}
		}
		if len(saved) != 1 {
			t.Fatalf("trial %d: %d resets say they saved the learner's version, want 1:\n%s\n%s", trial, len(saved), rs[0].stdout, rs[1].stdout)
		}
		if got := mustRead(t, filepath.Join(saved[0], "sum.go")); !bytes.Equal(got, mine) {
			t.Fatalf("trial %d: backup %s holds %q", trial, saved[0], got)
		}
		if !bytes.Equal(mustRead(t, filepath.Join(root, sumGo)), shipped1(t, "sum.go")) {
			t.Fatalf("trial %d: sum.go is not as shipped", trial)
		}
	}
	backups, _ := filepath.Glob(filepath.Join(config, "gohunters", "*", "backup", "01_ok", "*"))
	if len(backups) != 40 {
		t.Errorf("%d backups, want one per trial", len(backups))
	}
}

// Backups live outside the tree: git clean -fdx leaves them, restore lists
// them and brings one back, first backing up what is there now.
func TestBackupsSurviveGitCleanAndComeBack(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root, config := copyFixture(t), t.TempDir()
	o := opts{config: config}
	git(t, root, "init", "-q")
	git(t, root, "add", "-A")
	git(t, root, "commit", "-qm", "shipped")
	write(t, filepath.Join(root, sumGo), mine)
	r := run(t, root, o, "reset", "1")
	mustContain(t, r.stdout, "saved in "+config, "restore 1 ", "back as shipped")
	git(t, root, "clean", "-qfdx")

	r = run(t, filepath.Join(root, "exercises"), o, "restore")
	mustContain(t, r.stdout, "backups, newest first, in "+config, "  01  ")
	r = run(t, root, o, "restore", "1")
	mustContain(t, r.stdout, "backups of exercise 01", "restore 1 latest")
	ids := regexp.MustCompile(`(?m)^  (\d{8}-\d{6}\.\d{3}\S*) `).FindAllStringSubmatch(r.stdout, -1)
	if len(ids) != 1 {
		t.Fatalf("backups listed: %q\n%s", ids, r.stdout)
	}

	// Unsaved work is backed up before the backup comes back.
	unsaved := []byte("package sum\n\n// Unsaved elsewhere.\nfunc Sum(xs []int) int { return 1 }\n")
	write(t, filepath.Join(root, sumGo), unsaved)
	r = run(t, root, o, "restore", "1", ids[0][1])
	if r.code != ExitPass {
		t.Fatalf("restore: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, r.stdout, "back as it was in backup "+ids[0][1])
	if !bytes.Equal(mustRead(t, filepath.Join(root, sumGo)), mine) {
		t.Error("restore did not bring the learner's version back")
	}
	m := savedIn.FindStringSubmatch(r.stdout)
	if m == nil || !bytes.Equal(mustRead(t, filepath.Join(m[1], "sum.go")), unsaved) {
		t.Errorf("the unsaved version was not backed up first:\n%s", r.stdout)
	}
	if r := run(t, root, o, "restore", "1", "nope"); r.code != ExitUsage || !strings.Contains(r.stderr, `no backup "nope"`) {
		t.Errorf("unknown backup: exit %d\n%s", r.code, r.stderr)
	}
}

// reset leaves the learner's notes in place, takes out Go files that would be
// built with the shipped code, and says both.
func TestResetKeepsNotesAndSaysWhatItMoved(t *testing.T) {
	root, config := copyFixture(t), t.TempDir()
	dir := filepath.Join(root, "exercises", "01_ok")
	write(t, filepath.Join(dir, "NOTES.md"), []byte("what I tried\n"))
	write(t, filepath.Join(dir, "scratch", "idea.txt"), []byte("idea\n"))
	write(t, filepath.Join(dir, "helper.go"), []byte("package sum\n"))
	write(t, filepath.Join(dir, "sum.go"), mine)
	r := run(t, root, opts{config: config}, "reset", "1")
	if r.code != ExitPass {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, r.stdout, "NOTES.md, scratch/idea.txt stay where they are", "helper.go were taken out", "they are in the backup")
	for _, f := range []string{"NOTES.md", "scratch/idea.txt"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s removed: %v", f, err)
		}
	}
	backup := savedIn.FindStringSubmatch(r.stdout)[1]
	for f, want := range map[string][]byte{"helper.go": []byte("package sum\n"), "sum.go": mine, "NOTES.md": []byte("what I tried\n")} {
		if got, err := os.ReadFile(filepath.Join(backup, f)); err != nil || !bytes.Equal(got, want) {
			t.Errorf("backup's %s: %q, %v", f, got, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "helper.go")); err == nil {
		t.Error("helper.go is still in the exercise")
	}
	// Nothing to do the second time: no backup of an exercise as shipped.
	r = run(t, root, opts{config: config}, "reset", "1")
	mustContain(t, r.stdout, "already as shipped")
	if strings.Contains(r.stdout, "saved in") {
		t.Errorf("a second backup:\n%s", r.stdout)
	}
}

// A copy without git history (a downloaded ZIP) resets from the archive built
// into the checker, and only from content that matches the recorded checksums.
func TestResetWithoutGitHistory(t *testing.T) {
	root, config := copyFixture(t), t.TempDir()
	write(t, filepath.Join(root, sumGo), mine)
	write(t, filepath.Join(root, "exercises", "01_ok", "sum_test.go"), []byte("package sum\n"))

	tampered := fstestFS(t, map[string]string{"01_ok/sum.go": "package sum // tampered\n", "01_ok/sum_test.go": string(shipped1(t, "sum_test.go"))})
	r := run(t, root, opts{config: config, shipped: tampered}, "reset", "1")
	if r.code != ExitFail || !strings.Contains(r.stderr, "Nothing was changed") || !strings.Contains(r.stderr, "sum.go") {
		t.Fatalf("tampered archive: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !bytes.Equal(mustRead(t, filepath.Join(root, sumGo)), mine) {
		t.Fatal("a refused reset changed sum.go")
	}

	r = run(t, root, opts{config: config}, "reset", "--tests", "1")
	mustContain(t, r.stdout, "tests are back as shipped")
	if !bytes.Equal(mustRead(t, filepath.Join(root, sumGo)), mine) {
		t.Error("reset --tests changed the learner's code")
	}
	r = run(t, root, opts{config: config}, "reset", "1")
	mustContain(t, r.stdout, "back as shipped")
	for _, f := range []string{"sum.go", "sum_test.go"} {
		if !bytes.Equal(mustRead(t, filepath.Join(root, "exercises", "01_ok", f)), shipped1(t, f)) {
			t.Errorf("%s not restored", f)
		}
	}
}

func fstestFS(t *testing.T, files map[string]string) fs.FS {
	t.Helper()
	m := map[string][]byte{}
	for k, v := range files {
		m[k] = []byte(v)
	}
	return pristine.Parse(pristine.Format(m))
}

// The real archive built into the checker restores a real exercise in a copy
// of the workshop that has no .git at all.
func TestResetRealExerciseFromBuiltInArchive(t *testing.T) {
	root := t.TempDir()
	e := catalogue.Exercises[0]
	write(t, filepath.Join(root, "go.mod"), mustRead(t, filepath.Join(realRoot, "go.mod")))
	src := filepath.Join(realRoot, "exercises", e.Dir)
	if err := copyTree(src, filepath.Join(root, "exercises", e.Dir)); err != nil {
		t.Fatal(err)
	}
	sums := catalogue.Sums(e.Dir)
	victim := filepath.Join(root, "exercises", e.Dir, sums[0].Name)
	write(t, victim, []byte("package broken\n"))
	var out, errb bytes.Buffer
	code := Main(context.Background(), Env{Args: []string{"reset", "1"}, Stdout: &out, Stderr: &errb, Cwd: root,
		Getenv: func(string) string { return "" }, ConfigDir: dirFunc(t.TempDir())})
	if code != ExitPass {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	if got := catalogue.Hash(mustRead(t, victim)); got != sums[0].SHA256 {
		t.Errorf("%s not restored:\n%s", sums[0].Name, out.String())
	}
}

// Hints shown are remembered outside the tree: deleting .checker/ (or a git
// clean) does not give them back; hints an older checker recorded in the tree count.
func TestHintsSurviveDeletedStateFile(t *testing.T) {
	root, config := copyFixture(t), t.TempDir()
	o := opts{config: config}
	for level := 1; level <= 2; level++ {
		mustContain(t, run(t, root, o, "hint", "1").stdout, fmt.Sprintf("Hint %d/3", level))
	}
	if err := os.RemoveAll(filepath.Join(root, ".checker")); err != nil {
		t.Fatal(err)
	}
	mustContain(t, run(t, root, o, "hint", "1").stdout, "Hint 3/3")
	mustContain(t, run(t, root, o, "hint", "1").stdout, "Hint 3/3")

	legacy := copyFixture(t)
	write(t, filepath.Join(legacy, ".checker", "state.txt"), []byte("hints 01_ok 2\n"))
	mustContain(t, run(t, legacy, opts{config: t.TempDir()}, "hint", "1").stdout, "Hint 3/3")
}

// A store in the tree (no user directory) is said to be there, where a clean
// deletes it.
func TestStoreInTreeIsSaid(t *testing.T) {
	root := copyFixture(t)
	write(t, filepath.Join(root, sumGo), mine)
	r := run(t, root, opts{}, "reset", "1")
	mustContain(t, r.stdout, "saved in .checker/backup/01_ok/", "git clean -fdx")
}

// A broken go set-up is a set-up error, exit 2, for every command that runs Go.
func TestSetupErrorsEverywhere(t *testing.T) {
	root := copyFixture(t)
	write(t, filepath.Join(root, sumGo), mine) // started, so list runs it
	faults := []struct {
		name  string
		env   []string
		words string
	}{
		// GOFLAGS cannot break a check (the checker drops all but harmless
		// build flags), but a setting the go command itself refuses does.
		{"GOEXPERIMENT=bogus", []string{"GOEXPERIMENT=bogus"}, "unknown GOEXPERIMENT bogus"},
		{"HOME unset", []string{"HOME=", "XDG_CACHE_HOME=", "GOCACHE="}, "Set HOME"},
		// Never downloaded for this test: from the module cache, else "toolchain not available".
		{"GOTOOLCHAIN older than go.mod", []string{"GOTOOLCHAIN=go1.24.0", "GOPROXY=off"}, "set-up"},
	}
	for _, f := range faults {
		for _, args := range [][]string{{"check", "1"}, {"check"}, {"list"}, {"report", "--json"}, {"solution", "1"}, {"watch", "1"}} {
			r := run(t, root, opts{goEnv: f.env, config: t.TempDir()}, args...)
			if r.code != ExitUsage || !strings.Contains(r.stderr, f.words) || strings.Contains(r.stdout, "does not compile") {
				t.Errorf("%s, %v: exit %d, want %d with %q\nstdout:\n%s\nstderr:\n%s", f.name, args, r.code, ExitUsage, f.words, r.stdout, r.stderr)
			}
		}
	}
}

// From a subdirectory, every suggested command is one that works there.
func TestSuggestionsWorkFromSubdirectory(t *testing.T) {
	r := run(t, filepath.Join(fixtureRoot, "exercises", "01_ok"), opts{}, "list")
	mustContain(t, r.stdout, "go run ../../checker check 1", "go run ../../checker watch")
	if strings.Contains(r.stdout+r.stderr, "go run ./checker") {
		t.Errorf("a command that fails here:\n%s", r.stdout)
	}
	// The form suggested there runs the checker.
	cmd := exec.Command("go", "run", "../checker", "help")
	cmd.Dir = filepath.Join(realRoot, "exercises")
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("go run ../checker [command]")) {
		t.Errorf("go run ../checker help from exercises/: %v\n%s", err, out)
	}
}

// TERM=dumb: no escape sequence at all, on either stream, even on a terminal.
func TestTermDumb(t *testing.T) {
	r := run(t, fixtureRoot, opts{tty: true, env: map[string]string{"TERM": "dumb"}, config: t.TempDir()}, "check", "1")
	if r.code != ExitPass {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if strings.ContainsAny(r.stdout+r.stderr, "\x1b\r") {
		t.Errorf("escapes or carriage returns for TERM=dumb:\nstdout %q\nstderr %q", r.stdout, r.stderr)
	}
}

// A tree the checker cannot write to still grades: test binaries go to the
// user's cache directory.
func TestReadOnlyCheckout(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	root, cache := copyFixture(t), t.TempDir()
	if os.Geteuid() == 0 {
		// root writes anywhere: make .checker a file, so nothing can be made in it.
		os.RemoveAll(filepath.Join(root, ".checker"))
		write(t, filepath.Join(root, ".checker"), []byte("not a directory\n"))
	} else {
		makeReadOnly(t, root)
	}
	r := run(t, root, opts{cache: cache, config: t.TempDir()}, "check", "1")
	if r.code != ExitPass {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, r.stdout, "done")
	if bins, _ := filepath.Glob(filepath.Join(cache, "gohunters", "*", "bin", "race", "01_ok.test")); len(bins) != 1 {
		t.Errorf("test binary not in the cache directory: %v", bins)
	}
}

func makeReadOnly(t *testing.T, root string) {
	t.Helper()
	var dirs []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return err
	})
	for _, d := range dirs {
		os.Chmod(d, 0o555)
	}
	t.Cleanup(func() {
		for _, d := range dirs {
			os.Chmod(d, 0o755)
		}
	})
}

// report carries the hints used from the store.
func TestReportHintsFromStore(t *testing.T) {
	root, config := copyFixture(t), t.TempDir()
	run(t, root, opts{config: config}, "hint", "1")
	os.RemoveAll(filepath.Join(root, ".checker"))
	r := run(t, root, opts{config: config}, "report", "--json", "1")
	var rep struct {
		Exercises []struct {
			HintsUsed int `json:"hints_used"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Exercises) != 1 || rep.Exercises[0].HintsUsed != 1 {
		t.Errorf("report: %+v, %v\n%s", rep, err, r.stdout)
	}
}

// The same as separate processes, the way a learner double-runs a command: the
// real checker, built once, resetting a real exercise 20 times two at a time.
func TestConcurrentResetProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the checker")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "checker")
	build := exec.Command("go", "build", "-o", bin, "./checker/gohunters")
	build.Dir = realRoot
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	root, home := filepath.Join(tmp, "clone"), filepath.Join(tmp, "home")
	e := catalogue.Exercises[0]
	write(t, filepath.Join(root, "go.mod"), mustRead(t, filepath.Join(realRoot, "go.mod")))
	if err := copyTree(filepath.Join(realRoot, "exercises", e.Dir), filepath.Join(root, "exercises", e.Dir)); err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(root, "exercises", e.Dir, catalogue.Sums(e.Dir)[0].Name)
	shipped := mustRead(t, victim)
	for trial := range 20 {
		learner := fmt.Appendf(nil, "%s// learner's attempt %d\n", shipped, trial)
		write(t, victim, learner)
		outs := make([][]byte, 2)
		var wg sync.WaitGroup
		for i := range outs {
			wg.Go(func() {
				cmd := exec.Command(bin, "reset", "1")
				cmd.Dir = root
				cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "NO_COLOR=1")
				outs[i], _ = cmd.CombinedOutput()
			})
		}
		wg.Wait()
		var saved []string
		for _, out := range outs {
			if m := savedIn.FindSubmatch(out); m != nil {
				saved = append(saved, string(m[1]))
			}
		}
		if len(saved) != 1 {
			t.Fatalf("trial %d: %d processes say they saved the learner's version:\n%s\n%s", trial, len(saved), outs[0], outs[1])
		}
		if got := mustRead(t, filepath.Join(saved[0], filepath.Base(victim))); !bytes.Equal(got, learner) {
			t.Fatalf("trial %d: the backup does not hold the learner's version", trial)
		}
		if !bytes.Equal(mustRead(t, victim), shipped) {
			t.Fatalf("trial %d: not back as shipped", trial)
		}
	}
}

// Package cli is the checker's command line: it parses arguments, finds the
// repository, and wires the catalogue, the runner, the grader and the renderer
// into the list, check, watch, hint, reset, solution and report commands.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"gohunters/checker/catalogue"
	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/repo"
	"gohunters/checker/internal/report"
	"gohunters/checker/internal/restore"
	"gohunters/checker/internal/runner"
	"gohunters/checker/internal/state"
	"gohunters/checker/internal/ui"
	"gohunters/checker/internal/watch"
	"gohunters/internal/leakprofile"
)

// Exit codes.
const (
	ExitPass        = 0
	ExitFail        = 1
	ExitUsage       = 2
	ExitInterrupted = 130
)

// Env is everything the checker takes from its process, so that tests can run
// it in-process on fixture repositories.
type Env struct {
	Args      []string
	Stdout    io.Writer
	Stderr    io.Writer
	Getenv    func(string) string
	Cwd       string
	TTY       bool // Stdout is a terminal
	ErrTTY    bool // Stderr is a terminal: show progress there
	Exercises []catalogue.Exercise
	Sums      func(dir string) []catalogue.FileSum
	GoVersion func() (string, error) // the installed Go; repo.InstalledGo by default
	// Toolchain says which Go the tests will run on (repo.TestToolchain by default):
	// it decides whether the runtime's goroutineleak profile is shown.
	Toolchain func(dir string, env []string) (repo.Toolchain, error)
	GoEnv     []string           // added to the environment of every go command the checker runs (tests)
	OnStart   func(pgid int)     // observes each go test process group (tests)
	OnEvent   func(runner.Event) // observes every test event (tests)
	Now       func() time.Time
}

type flags struct {
	help, verbose, force, testsOnly, poll, all, jsonOut, noFast, noRuntime bool
	timeout                                                                time.Duration
	junit, name                                                            string
}

type app struct {
	Env
	flags
	root  string
	goVer string
	out   *ui.Printer
	errp  *ui.Printer
	// view says whether the runtime's verdict is shown beside goleak's, decided
	// once, before the first run (viewKnown).
	view      grade.View
	viewKnown bool
	testGo    repo.Toolchain
}

// Main runs the checker and returns its exit code.
func Main(ctx context.Context, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Sums == nil {
		env.Sums = catalogue.Sums
	}
	if env.Exercises == nil {
		env.Exercises = catalogue.Exercises
	}
	if env.GoVersion == nil {
		env.GoVersion = repo.InstalledGo
	}
	if env.Toolchain == nil {
		env.Toolchain = repo.TestToolchain
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	a := &app{Env: env}
	color := ui.UseColor(env.TTY, env.Getenv)
	a.out = &ui.Printer{W: env.Stdout, Color: color, TTY: env.TTY, Cwd: env.Cwd}
	a.errp = &ui.Printer{W: env.Stderr, Color: color, Cwd: env.Cwd}

	fs := flag.NewFlagSet("checker", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&a.help, "h", false, "show help")
	fs.BoolVar(&a.help, "help", false, "show help")
	fs.BoolVar(&a.verbose, "v", false, "show the tests' full output")
	fs.BoolVar(&a.testsOnly, "tests", false, "reset: restore only the test files, keep your code")
	fs.BoolVar(&a.force, "force", false, "solution: show it even if the exercise does not pass yet")
	fs.BoolVar(&a.poll, "poll", false, "watch: poll for changes instead of using file-system notifications")
	fs.BoolVar(&a.all, "all", false, "list, report: also run the tests of exercises not started yet")
	fs.BoolVar(&a.jsonOut, "json", false, "report: write JSON to standard output")
	fs.StringVar(&a.name, "name", "", "report: who these results belong to (default: git config user.name)")
	fs.StringVar(&a.junit, "junit", "", "report: write JUnit XML to `FILE`")
	fs.BoolVar(&a.noFast, "no-fast", false, "run even a single exercise through go test -json (benchmarks, debugging)")
	fs.BoolVar(&a.noRuntime, "no-runtime", false, "do not ask the Go runtime's goroutineleak profile for its verdict on leaks")
	fs.DurationVar(&a.timeout, "timeout", 20*time.Second, "per-exercise test timeout")

	var pos []string
	rest := env.Args
	for {
		if err := fs.Parse(rest); err != nil {
			a.errp.Errorf(ui.MsgFlagUnknown, err)
			return ExitUsage
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		pos, rest = append(pos, rest[0]), rest[1:]
	}
	cmd := "list"
	if len(pos) > 0 {
		cmd, pos = pos[0], pos[1:]
	}
	if a.help || cmd == "help" {
		a.usage(fs)
		return ExitPass
	}
	a.out.Verbose = a.verbose

	commands := map[string]func(context.Context, []string) int{
		"list": a.list, "check": a.check, "watch": a.watch, "hint": a.hint,
		"reset": a.reset, "solution": a.solution, "report": a.report,
	}
	run, ok := commands[cmd]
	if !ok {
		// "go run ./checker 3" means check 3.
		if _, isEx := a.lookup(cmd); isEx {
			run, pos = a.check, append([]string{cmd}, pos...)
		} else {
			a.errp.Errorf(ui.MsgUnknownCommand, cmd)
			return ExitUsage
		}
	}
	if code, ok := a.setup(cmd != "hint" && cmd != "reset"); !ok {
		return code
	}
	return run(ctx, pos)
}

func (a *app) usage(fs *flag.FlagSet) {
	fmt.Fprint(a.Stdout, ui.MsgUsage)
	fs.SetOutput(a.Stdout)
	fs.PrintDefaults()
	fmt.Fprint(a.Stdout, ui.MsgExitCodes)
}

// setup finds the repository and, when the command runs Go, checks its version.
func (a *app) setup(needGo bool) (int, bool) {
	root, err := repo.Find(a.Cwd)
	if err != nil {
		a.errp.Errorf(ui.MsgNotInRepo, a.Cwd)
		return ExitUsage, false
	}
	a.root, a.out.Root, a.errp.Root = root, root, root
	if !needGo {
		return 0, true
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		a.errp.Errorf(ui.MsgNotInRepo, a.Cwd)
		return ExitUsage, false
	}
	want := repo.GoLine(string(mod))
	have, err := a.GoVersion()
	if err != nil {
		a.errp.Errorf(ui.MsgNoGo, err, want)
		return ExitUsage, false
	}
	a.goVer = have
	if want != "" && repo.Older(have, want) {
		a.errp.Errorf(ui.MsgGoTooOld, have, want, want, want)
		return ExitUsage, false
	}
	return 0, true
}

// lookup finds an exercise by number ("3", "03") or directory ("03_name",
// "exercises/03_name/").
func (a *app) lookup(name string) (catalogue.Exercise, bool) {
	num, err := strconv.Atoi(name)
	name = strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(name), "exercises/"), "/")
	for _, e := range a.Exercises {
		if (err == nil && e.Number == num) || e.Dir == name {
			return e, true
		}
	}
	return catalogue.Exercise{}, false
}

func (a *app) selectExercises(names []string) ([]catalogue.Exercise, bool) {
	if len(names) == 0 {
		return a.Exercises, true
	}
	var out []catalogue.Exercise
	for _, n := range names {
		e, ok := a.lookup(n)
		if !ok {
			a.errp.Errorf(ui.MsgUnknownExercise, n, len(a.Exercises))
			return nil, false
		}
		out = append(out, e)
	}
	return out, true
}

func (a *app) one(cmd string, names []string) (catalogue.Exercise, bool) {
	if len(names) != 1 {
		a.errp.Errorf(ui.MsgNeedExercise, cmd, cmd)
		return catalogue.Exercise{}, false
	}
	es, ok := a.selectExercises(names)
	if !ok {
		return catalogue.Exercise{}, false
	}
	return es[0], true
}

// stoppedWithoutStacks reports whether the fast path stopped p early but the
// dump it got names no leaked goroutine.
func stoppedWithoutStacks(e catalogue.Exercise, p *runner.Package, dir string) bool {
	return p != nil && p.Stopped && len(grade.Classify(e, p, dir).Leaks) == 0
}

func (a *app) exDir(e catalogue.Exercise) string {
	return filepath.Join(a.root, "exercises", e.Dir)
}

// gradeAll grades exs: files are inspected first (modified tests and missing
// directories are not run); exercises whose files are as shipped are not run
// either unless runPristine (they fail as shipped: that is the verify harness's
// guarantee). Everything else runs in one go test -json invocation, or through
// the single-package fast path when there is exactly one and fast is set.
func (a *app) gradeAll(ctx context.Context, exs []catalogue.Exercise, runPristine, fast bool) ([]grade.Verdict, error) {
	vs := make([]grade.Verdict, len(exs))
	var toRun []int
	for i, e := range exs {
		vs[i].Exercise = e
		f := grade.Inspect(a.root, e, a.Sums(e.Dir))
		vs[i].Pristine = f.Pristine
		switch {
		case f.Missing:
			vs[i].Status = grade.Missing
		case len(f.Modified) > 0:
			vs[i].Status, vs[i].Modified = grade.TestsModified, f.Modified
		case f.Pristine && !runPristine:
			vs[i].Status = grade.NotStarted
		default:
			toRun = append(toRun, i)
		}
	}
	if len(toRun) == 0 {
		return vs, nil
	}
	// -failfast would stop go test from starting the other packages after the
	// first failure, so it is used only when a single exercise runs.
	opts := runner.Options{Dir: a.root, Timeout: a.timeout, FailFast: len(toRun) == 1, OnStart: a.OnStart, Env: a.GoEnv}
	profiles := ""
	if a.runtimeView() == grade.ViewOn {
		// Each leaking test writes its goroutineleak profile under profiles/<package directory>/.
		if dir, err := os.MkdirTemp("", "gohunters-leakprofiles-"); err == nil {
			profiles = dir
			defer os.RemoveAll(dir)
			opts.Env = append(append([]string(nil), a.GoEnv...), leakprofile.DirEnv+"="+dir)
		}
	}
	var res *runner.Results
	var err error
	progress := a.progress(len(toRun))
	opts.OnEvent = progress.event
	if fast && !a.noFast && len(toRun) == 1 {
		e := exs[toRun[0]]
		bin := filepath.Join(state.BinDir(a.root), e.Dir+".test")
		if runtime.GOOS == "windows" {
			bin += ".exe"
		}
		res, err = runner.One{Options: opts, ImportPath: importPath(e), PackageDir: a.exDir(e), Binary: bin,
			EarlyStacks: true, EarlyOnlyInBubble: profiles != ""}.Run(ctx)
		if err == nil && res != nil && stoppedWithoutStacks(e, res.Packages[importPath(e)], a.exDir(e)) {
			// On a loaded machine the stop can arrive after goleak has begun its
			// report and cut it short, leaving no stacks: grade it the ordinary way.
			opts.Packages = []string{"./exercises/" + e.Dir}
			res, err = runner.Run(ctx, opts)
		}
	} else {
		for _, i := range toRun {
			opts.Packages = append(opts.Packages, "./exercises/"+exs[i].Dir)
		}
		res, err = runner.Run(ctx, opts)
	}
	progress.done()
	for _, i := range toRun {
		e := exs[i]
		p := res.Packages[importPath(e)]
		if p == nil {
			vs[i].Status = grade.Stopped
			continue
		}
		pristine := vs[i].Pristine
		vs[i] = grade.Classify(e, p, a.exDir(e))
		vs[i].Pristine = pristine
		if err != nil && !vs[i].Status.Passed() && p.Action == "" {
			vs[i].Status = grade.Stopped
		}
		if profiles != "" {
			grade.JudgeRuntime(&vs[i], profiles)
		}
	}
	return vs, err
}

// runtimeView decides, once, whether leaks get the Go runtime's verdict: on
// unless --no-runtime, when the Go the tests run on has the goroutineleak profile.
func (a *app) runtimeView() grade.View {
	if a.viewKnown {
		return a.view
	}
	a.viewKnown = true
	a.view = grade.ViewOff
	if a.noRuntime {
		return a.view
	}
	a.view = grade.ViewUnavailable
	t, err := a.Toolchain(a.root, a.GoEnv)
	a.testGo = t
	if err == nil && t.HasLeakProfile() {
		a.view = grade.ViewOn
	}
	return a.view
}

// runtimeNote says, once per run, what to install or set to get the runtime's
// verdict, when a leak was reported and the tests' Go has no profile.
func (a *app) runtimeNote(vs []grade.Verdict) {
	if a.view != grade.ViewUnavailable {
		return
	}
	for _, v := range vs {
		if v.Status == grade.Leaking {
			version := a.testGo.Version
			if version == "" {
				version = a.goVer
			}
			a.out.Notef(ui.MsgRuntimeUnavailable, version)
			return
		}
	}
}

func importPath(e catalogue.Exercise) string { return repo.Module + "/exercises/" + e.Dir }

// progress shows "grading k/N" on a terminal's stderr while a run goes on.
type progress struct {
	a       *app
	n, k    int
	enabled bool
}

func (a *app) progress(n int) *progress {
	p := &progress{a: a, n: n, enabled: a.ErrTTY}
	if p.enabled {
		fmt.Fprintf(a.Stderr, "\r"+ui.MsgRunning, n)
	}
	return p
}

func (p *progress) event(ev runner.Event) {
	if p.a.OnEvent != nil {
		p.a.OnEvent(ev)
	}
	if !p.enabled || ev.Test != "" || (ev.Action != "pass" && ev.Action != "fail") {
		return
	}
	p.k++
	fmt.Fprintf(p.a.Stderr, "\r%s %d/%d ", p.a.errp.Bar(p.k, p.n), p.k, p.n)
}

func (p *progress) done() {
	if p.enabled {
		fmt.Fprint(p.a.Stderr, "\r\x1b[K")
	}
}

// runError reports a run that did not complete and returns the exit code.
func (a *app) runError(err error) int {
	switch {
	case errors.Is(err, context.Canceled):
		a.errp.Errorf(ui.MsgInterrupted)
		return ExitInterrupted
	case errors.Is(err, runner.ErrGuard):
		a.errp.Errorf(ui.MsgGuard)
		return ExitFail
	}
	a.errp.Errorf(ui.MsgRunFailed, err)
	return ExitUsage
}

func exitCode(vs []grade.Verdict) int {
	for _, v := range vs {
		if !v.Status.Passed() {
			return ExitFail
		}
	}
	return ExitPass
}

func (a *app) list(ctx context.Context, args []string) int {
	if len(args) > 0 {
		return a.check(ctx, args)
	}
	vs, err := a.gradeAll(ctx, a.Exercises, a.all, false)
	if err != nil {
		return a.runError(err)
	}
	a.out.List(vs)
	return exitCode(vs)
}

func (a *app) check(ctx context.Context, args []string) int {
	exs, ok := a.selectExercises(args)
	if !ok {
		return ExitUsage
	}
	vs, err := a.gradeAll(ctx, exs, true, true)
	if err != nil {
		return a.runError(err)
	}
	done := 0
	for _, v := range vs {
		if v.Status.Passed() {
			done++
			a.out.Verdict(v)
			continue
		}
		a.out.Verdict(v)
		fmt.Fprintln(a.Stdout)
	}
	if len(vs) > 1 {
		fmt.Fprintf(a.Stdout, ui.MsgProgress+"\n", a.out.Bar(done, len(vs)), done, len(vs))
	}
	a.runtimeNote(vs)
	return exitCode(vs)
}

func (a *app) hint(ctx context.Context, args []string) int {
	e, ok := a.one("hint", args)
	if !ok {
		return ExitUsage
	}
	st := state.Load(a.root)
	level := st.Hints[e.Dir] + 1
	if level > len(e.Hints) {
		level = len(e.Hints)
	}
	if len(e.Hints) > 0 {
		st.Hints[e.Dir] = level
		if err := st.Save(); err != nil {
			a.errp.Errorf("%v", err)
		}
	}
	a.out.Hint(e, level)
	return ExitPass
}

func (a *app) reset(ctx context.Context, args []string) int {
	e, ok := a.one("reset", args)
	if !ok {
		return ExitUsage
	}
	files, err := restore.Pristine(a.root, e.Dir, a.Sums(e.Dir))
	if err != nil {
		a.errp.Errorf(ui.MsgResetCannot, e.Number, err, e.Dir)
		return ExitFail
	}
	backup := state.BackupDir(a.root, e.Dir, a.Now())
	var only func(string) bool
	if a.testsOnly {
		only = func(name string) bool { return strings.HasSuffix(name, "_test.go") }
	}
	backedUp, err := restore.Reset(a.exDir(e), backup, files, only)
	if backedUp {
		fmt.Fprintf(a.Stdout, ui.MsgResetBackup+"\n", e.Number, a.out.Path(backup, 0))
	} else if err == nil {
		fmt.Fprintf(a.Stdout, ui.MsgResetNothing+"\n", e.Number)
	}
	if err != nil {
		a.errp.Errorf(ui.MsgResetCannot, e.Number, err, e.Dir)
		return ExitFail
	}
	if a.testsOnly {
		fmt.Fprintf(a.Stdout, ui.MsgResetTestsDone+"\n", e.Number)
	} else {
		fmt.Fprintf(a.Stdout, ui.MsgResetDone+"\n", e.Number, len(files))
	}
	return ExitPass
}

func (a *app) solution(ctx context.Context, args []string) int {
	e, ok := a.one("solution", args)
	if !ok {
		return ExitUsage
	}
	if !a.force {
		vs, err := a.gradeAll(ctx, []catalogue.Exercise{e}, true, true)
		if err != nil {
			return a.runError(err)
		}
		if !vs[0].Status.Passed() {
			a.errp.Errorf(ui.MsgSolutionLocked, e.Number, ui.StatusText[vs[0].Status], e.Number)
			return ExitFail
		}
	}
	solDir := filepath.Join(a.root, "solutions", e.Dir)
	entries, err := os.ReadDir(solDir)
	if err != nil {
		a.errp.Errorf("%v", err)
		return ExitUsage
	}
	fmt.Fprintf(a.Stdout, ui.MsgSolutionHeader+"\n", e.Number)
	same := true
	for _, ent := range entries {
		name := ent.Name()
		if ent.IsDir() || catalogue.IsTestFile(name) || !strings.HasSuffix(name, ".go") {
			continue
		}
		mine := filepath.Join("exercises", e.Dir, name)
		ref := filepath.Join("solutions", e.Dir, name)
		differs, err := a.diff(mine, ref)
		if err != nil {
			fmt.Fprintln(a.Stdout, ui.MsgSolutionNoDiff)
			b, _ := os.ReadFile(filepath.Join(a.root, ref))
			fmt.Fprintf(a.Stdout, "==> %s <==\n%s\n", ref, b)
			same = false
			continue
		}
		same = same && !differs
	}
	if same {
		fmt.Fprintln(a.Stdout, ui.MsgSolutionSame)
	}
	return ExitPass
}

// diff shows a unified diff of two root-relative files with git, else diff -u.
// It returns whether they differ; an error means no tool could be run.
func (a *app) diff(mine, ref string) (bool, error) {
	var cmd *exec.Cmd
	if _, err := exec.LookPath("git"); err == nil {
		color := "--color=never"
		if a.out.Color {
			color = "--color=always"
		}
		cmd = exec.Command("git", "diff", "--no-index", color, "--", mine, ref)
	} else if _, err := exec.LookPath("diff"); err == nil {
		cmd = exec.Command("diff", "-u", mine, ref)
	} else {
		return false, err
	}
	cmd.Dir, cmd.Stdout, cmd.Stderr = a.root, a.Stdout, a.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return false, nil
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		return true, nil
	}
	return false, err
}

// learner is --name, or else the name git knows the learner by.
func (a *app) learner() string {
	if a.name != "" {
		return a.name
	}
	cmd := exec.Command("git", "config", "user.name")
	cmd.Dir = a.root
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func (a *app) report(ctx context.Context, args []string) int {
	if !a.jsonOut && a.junit == "" {
		a.errp.Errorf(ui.MsgReportNeedFormat)
		return ExitUsage
	}
	exs, ok := a.selectExercises(args)
	if !ok {
		return ExitUsage
	}
	vs, err := a.gradeAll(ctx, exs, a.all, false)
	if err != nil {
		return a.runError(err)
	}
	r := report.New(a.root, a.goVer, a.Now(), vs, a.runtimeView())
	r.Learner = a.learner()
	hints := state.Load(a.root).Hints
	for i := range r.Exercises {
		r.Exercises[i].HintsUsed = hints[r.Exercises[i].Dir]
	}
	if a.jsonOut {
		if err := report.WriteJSON(a.Stdout, r); err != nil {
			a.errp.Errorf("%v", err)
			return ExitUsage
		}
	}
	if a.junit != "" {
		path := a.junit
		if !filepath.IsAbs(path) {
			path = filepath.Join(a.Cwd, path)
		}
		f, err := os.Create(path)
		if err == nil {
			err = report.WriteJUnit(f, r)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			a.errp.Errorf("%v", err)
			return ExitUsage
		}
		fmt.Fprintf(a.Stderr, ui.MsgReportWritten+"\n", a.junit)
	}
	return exitCode(vs)
}

func (a *app) watch(ctx context.Context, args []string) int {
	current := catalogue.Exercise{}
	if len(args) > 0 {
		e, ok := a.one("watch", args)
		if !ok {
			return ExitUsage
		}
		current = e
	} else {
		vs, err := a.gradeAll(ctx, a.Exercises, false, false)
		if err != nil {
			return a.runError(err)
		}
		current = a.Exercises[0]
		for _, v := range vs {
			if !v.Status.Passed() {
				current = v.Exercise
				break
			}
		}
	}
	var dirs []string
	byDir := map[string]catalogue.Exercise{}
	for _, e := range a.Exercises {
		if _, err := os.Stat(a.exDir(e)); err == nil {
			dirs = append(dirs, a.exDir(e))
			byDir[a.exDir(e)] = e
		}
	}
	var src watch.Source
	if a.poll {
		src = watch.NewPoll(dirs, 500*time.Millisecond)
	} else {
		n, err := watch.NewNotify(dirs)
		if err != nil {
			a.errp.Errorf(ui.MsgWatchFailed, err)
			return ExitUsage
		}
		src = n
	}
	defer src.Close()

	show := func(e catalogue.Exercise) {
		vs, err := a.gradeAll(ctx, []catalogue.Exercise{e}, true, true)
		if err != nil && ctx.Err() != nil {
			return
		}
		a.out.ClearScreen()
		if err != nil {
			a.runError(err)
		} else {
			a.out.Verdict(vs[0])
			a.runtimeNote(vs)
		}
		fmt.Fprintln(a.Stdout)
		fmt.Fprintf(a.Stdout, ui.MsgWatchStart+"\n", a.out.Path(a.exDir(e), 0))
		if a.poll {
			a.out.Notef(ui.MsgWatchPolling, "500ms")
		} else {
			a.out.Notef(ui.MsgWatchPollHint)
		}
	}
	show(current)
	for {
		path, ok := watch.Debounce(ctx, src.Changes(), 100*time.Millisecond)
		if !ok {
			fmt.Fprintln(a.Stdout, ui.MsgWatchBye)
			return ExitPass
		}
		if e, ok := byDir[filepath.Dir(path)]; ok {
			current = e
		}
		fmt.Fprintf(a.Stdout, ui.MsgWatchChanged+"\n", a.out.Path(path, 0))
		show(current)
	}
}

package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/repo"
	"gohunters/checker/internal/runner"
	"gohunters/checker/internal/ui"
	"gohunters/internal/catalogue"
	"gohunters/internal/leakprofile"
)

// stoppedWithoutStacks reports whether the fast path stopped p early but the
// dump it got names no leaked goroutine.
func stoppedWithoutStacks(e catalogue.Exercise, p *runner.Package, dir string) bool {
	return p != nil && p.Stopped && len(grade.Classify(e, p, dir).Leaks) == 0
}

// gradeAll grades exs: files are inspected first (modified tests and missing
// directories are not run); exercises whose files are as shipped are not run
// either unless runPristine (they fail as shipped: that is the verify harness's
// guarantee). Everything else runs in one go test -json invocation, or through
// the single-package fast path when there is exactly one and fast is set.
func (a *app) gradeAll(ctx context.Context, exs []catalogue.Exercise, runPristine, fast bool) ([]grade.Verdict, error) {
	vs := make([]grade.Verdict, len(exs))
	var toRun []int
	support := grade.InspectSupport(a.root, a.support)
	for i, e := range exs {
		vs[i].Exercise = e
		f := grade.Inspect(a.root, e, a.Sums(e.Dir))
		vs[i].Pristine = f.Pristine
		switch {
		case f.Missing:
			vs[i].Status = grade.Missing
		case f.Nested != "":
			vs[i].Status, vs[i].Modified = grade.NestedModule, []string{f.Nested}
		case len(f.Modified) > 0:
			vs[i].Status, vs[i].Modified = grade.TestsModified, f.Modified
		case !f.Recorded:
			vs[i].Status = grade.Unverified
		case len(support) > 0:
			vs[i].Status, vs[i].Modified = grade.SupportModified, support
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
	view := a.runtimeView()
	// The learner's GOFLAGS (environment or go env -w) must not decide which
	// tests run; the checker's own additions (tests, GOTOOLCHAIN) come last.
	env := append(runner.GoEnv(a.testGo.GoFlags), a.GoEnv...)
	opts := runner.Options{Dir: a.root, Timeout: a.timeout, OnStart: a.OnStart, Env: env,
		Memory: int64(a.memoryMB) << 20}
	profiles := ""
	if view == grade.ViewOn {
		// Each leaking test writes its goroutineleak profile under profiles/<package directory>/.
		if dir, err := os.MkdirTemp("", "gohunters-leakprofiles-"); err == nil {
			profiles = dir
			defer os.RemoveAll(dir)
			opts.Env = append(append([]string(nil), env...), leakprofile.DirEnv+"="+dir)
		}
	}
	var pkgs map[string]*runner.Package
	var err error
	progress := a.progress(len(toRun))
	opts.OnEvent = progress.event
	stopsFirst := !a.noFast && (fast || len(toRun) > 1)
	if stopsFirst {
		pkgs, err = a.runEach(ctx, exs, toRun, opts, profiles != "")
	} else {
		var paths []string
		for _, i := range toRun {
			opts.Packages = append(opts.Packages, "./"+exs[i].Rel())
			paths = append(paths, importPath(exs[i]))
		}
		var res *runner.Results
		res, err = runner.Run(ctx, opts)
		pkgs = packagesOf(res, paths)
	}
	progress.done()
	for _, i := range toRun {
		e := exs[i]
		p := pkgs[importPath(e)]
		if p == nil {
			vs[i].Status = grade.Stopped
			continue
		}
		pristine := vs[i].Pristine
		vs[i] = grade.Classify(e, p, a.exDir(e))
		vs[i].Pristine = pristine
		vs[i].FirstOnly = stopsFirst
		if err != nil && !vs[i].Status.Passed() && p.Action == "" {
			vs[i].Status = grade.Stopped
		}
		if profiles != "" {
			grade.JudgeRuntime(&vs[i], profiles)
		}
	}
	if err == nil {
		err = a.raceCheck(ctx, vs, toRun, opts, fast && !a.noFast && len(toRun) == 1)
	}
	return vs, err
}

// raceCheck runs the tests of every done exercise again under the race
// detector: a "fix" that only hides a leak behind a data race is not done.
// Where the race detector is not available the verdict stays done and says so.
func (a *app) raceCheck(ctx context.Context, vs []grade.Verdict, toRun []int, opts runner.Options, fast bool) error {
	var done []int
	for _, i := range toRun {
		if vs[i].Status == grade.Done {
			done = append(done, i)
		}
	}
	if len(done) == 0 {
		return nil
	}
	unavailable := func(why string) {
		for _, i := range done {
			vs[i].Race, vs[i].RaceNote = grade.RaceUnavailable, why
		}
	}
	if a.testGo.CGO == "0" {
		unavailable("CGO_ENABLED=0")
		return nil
	}
	opts.Race, opts.FailFast, opts.Packages = true, len(done) == 1, nil
	var res *runner.Results
	var err error
	if fast {
		e := exs(vs, done)[0]
		res, err = runner.One{Options: opts, ImportPath: importPath(e), PackageDir: a.exDir(e), Binary: a.binary(e, ".race")}.Run(ctx)
	} else {
		for _, i := range done {
			opts.Packages = append(opts.Packages, "./"+vs[i].Exercise.Rel())
		}
		res, err = runner.Run(ctx, opts)
	}
	if err != nil && ctx.Err() != nil {
		return err
	}
	for _, i := range done {
		e := vs[i].Exercise
		var p *runner.Package
		if res != nil {
			p = res.Package(importPath(e))
		}
		if err != nil || p == nil || p.BuildFailed {
			why := "the race build failed"
			if p != nil {
				why = firstLine(p.BuildOutput.String(), why)
			}
			if err != nil {
				why = firstLine(err.Error(), why)
			}
			vs[i].Race, vs[i].RaceNote = grade.RaceUnavailable, why
			continue
		}
		rv := grade.Classify(e, p, a.exDir(e))
		switch {
		case rv.Status == grade.Done:
			vs[i].Race = grade.RaceChecked
		case strings.Contains(p.Output.String(), "WARNING: DATA RACE"):
			rv.Status = grade.Racy
			fallthrough
		default:
			rv.Pristine = vs[i].Pristine
			vs[i] = rv
		}
	}
	return nil
}

// packagesOf picks the packages of paths out of res (nil for none).
func packagesOf(res *runner.Results, paths []string) map[string]*runner.Package {
	out := map[string]*runner.Package{}
	if res == nil {
		return out
	}
	for _, path := range paths {
		if p := res.Package(path); p != nil {
			out[path] = p
		}
	}
	return out
}

func exs(vs []grade.Verdict, idx []int) []catalogue.Exercise {
	out := make([]catalogue.Exercise, len(idx))
	for k, i := range idx {
		out[k] = vs[i].Exercise
	}
	return out
}

func firstLine(s, otherwise string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return otherwise
}

// binary is where the fast path keeps exercise e's test binary.
func (a *app) binary(e catalogue.Exercise, suffix string) string {
	bin := filepath.Join(a.binDir(), e.Dir+suffix+".test")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	return bin
}

// runEach grades each exercise through the single-package fast path, several
// at once: each test binary stops at its first failing test (-test.failfast)
// and, when leakcheck reports a leak, at once (EarlyStacks), where go test
// would run every test and goleak's retries to the end. The machine's cores
// mostly wait on those tests' timers, so more run at once than there are cores.
func (a *app) runEach(ctx context.Context, exs []catalogue.Exercise, toRun []int, opts runner.Options, profiles bool) (map[string]*runner.Package, error) {
	paths := make([]string, len(toRun))
	for k, i := range toRun {
		paths[k] = importPath(exs[i])
	}
	// One go command builds every test binary (only what changed is relinked).
	// The first run on a fresh clone compiles the tests' dependencies too, for
	// tens of seconds: say so rather than show nothing.
	slow := time.AfterFunc(2*time.Second, func() { a.errp.Notef(ui.MsgBuilding) })
	res, err := runner.Build(ctx, opts, a.binDir(), paths)
	slow.Stop()
	if err != nil {
		return packagesOf(res, paths), err
	}
	// Each worker writes its own slot; the results are put together once
	// every worker has returned, so nothing is shared while they run.
	slots := make([]*runner.Package, len(toRun))
	var g errgroup.Group
	g.SetLimit(max(4, 2*runtime.NumCPU()))
	for k, i := range toRun {
		e := exs[i]
		if p := res.Package(importPath(e)); p != nil && p.BuildFailed {
			slots[k] = p
			continue
		}
		g.Go(func() error {
			o := opts
			o.FailFast = true // --no-fast runs every test and names each failing one
			r, err := runner.One{Options: o, ImportPath: importPath(e), PackageDir: a.exDir(e), Binary: a.binary(e, ""),
				EarlyStacks: true, EarlyOnlyInBubble: profiles}.Exec(ctx)
			if err == nil && r != nil && stoppedWithoutStacks(e, r.Package(importPath(e)), a.exDir(e)) {
				// On a loaded machine the stop can arrive after goleak has begun its
				// report and cut it short, leaving no stacks: grade it the ordinary way.
				o.Packages = []string{"./" + e.Rel()}
				r, err = runner.Run(ctx, o)
			}
			if r != nil {
				slots[k] = r.Package(importPath(e))
			}
			return err
		})
	}
	err = g.Wait()
	out := make(map[string]*runner.Package, len(toRun))
	for k, i := range toRun {
		if slots[k] != nil {
			out[importPath(exs[i])] = slots[k]
		}
	}
	return out, err
}

// runtimeView decides, once, whether leaks get the Go runtime's verdict: on
// unless --no-runtime, when the Go the tests run on has the goroutineleak profile.
// It also learns, once, which Go that is and the settings it builds with.
func (a *app) runtimeView() grade.View {
	if a.viewKnown {
		return a.view
	}
	a.viewKnown = true
	a.testGo, a.testGoErr = a.Toolchain(a.root, a.GoEnv)
	a.view = grade.ViewOff
	if a.noRuntime {
		return a.view
	}
	a.view = grade.ViewUnavailable
	if t, err := a.testGo, a.testGoErr; err == nil && t.HasLeakProfile() {
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

func importPath(e catalogue.Exercise) string { return e.ImportPath(repo.Module) }

// progress shows "grading k/N" on a terminal's stderr while a run goes on.
type progress struct {
	mu      sync.Mutex // events come from several runs at once
	a       *app
	n, k    int
	enabled bool
}

func (a *app) progress(n int) *progress {
	p := &progress{a: a, n: n, enabled: a.ErrTTY}
	if p.enabled {
		fmt.Fprintf(a.Stderr, "\r"+a.out.T(ui.MsgRunning), n)
	}
	return p
}

func (p *progress) event(ev runner.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
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

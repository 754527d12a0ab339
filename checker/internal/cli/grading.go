package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/judge"
	"gohunters/checker/internal/runner"
	"gohunters/checker/internal/ui"
	"gohunters/internal/catalogue"
)

// gradeAll grades exs through the grader: files are inspected first (modified
// tests and missing directories are not run); exercises whose files are as
// shipped are not run either unless runPristine. Everything else runs through
// the single-package fast path when fast is set or there are several, else in
// one go test -json.
func (a *app) gradeAll(ctx context.Context, exs []catalogue.Exercise, runPristine, fast bool) ([]grade.Verdict, error) {
	if len(a.dropped) > 0 && !a.droppedSaid {
		a.droppedSaid = true
		a.errp.Notef(ui.MsgEnvDropped, strings.Join(a.dropped, " "))
	}
	g := a.grader()
	progress := &progress{a: a}
	g.Planned, g.Run.OnEvent = progress.start, progress.event
	building := g.Building
	g.Building = func() { progress.aside(building) }
	defer progress.done()
	return g.Grade(ctx, exs, grade.Plan{RunPristine: runPristine, Fast: fast})
}

// grader is the grading pipeline, set up for this run of the checker.
func (a *app) grader() *grade.Grader {
	view := a.runtimeView()
	timeout := a.testTimeout()
	untrusted := ""
	if u := a.sumSource.Untrusted; u != nil {
		untrusted = u.Error()
	}
	secret, _ := a.store().Secret()
	return &grade.Grader{
		Root: a.root, Sums: a.Sums, Support: a.support, Tree: a.tree, Untrusted: untrusted, Shipped: a.Shipped,
		Toolchain: a.testGo, GoEnv: a.goEnv, View: view,
		Run: runner.Options{Dir: a.root, Timeout: timeout, OnStart: a.OnStart, Env: a.goCmdEnv,
			Memory: int64(a.memoryMB) << 20, Guard: a.Guard, Cache: a.goEnv.GOCACHE},
		BinDir: a.binDir(), NoFast: a.noFast, Secret: secret, NoInspect: a.NoInspect,
		Building: func() { a.errp.Notef(ui.MsgBuilding) },
	}
}

// testTimeout is each test binary's timeout: --timeout as given, else the
// default scaled by how busy the machine is (a wait for a CPU is not a hang).
func (a *app) testTimeout() time.Duration {
	if a.timeoutSet {
		return a.timeout
	}
	return runner.Scaled(a.timeout, a.Busy())
}

// runtimeView decides, once, whether leaks get the Go runtime's verdict: on
// unless --no-runtime, when the Go the tests run on has the goroutineleak profile.
// It also learns, once, which Go that is and the settings it builds with.
func (a *app) runtimeView() judge.View {
	if a.viewKnown {
		return a.view
	}
	a.viewKnown = true
	a.testGo, a.testGoErr = a.Toolchain(a.root, a.goCmdEnv)
	a.view = judge.ViewOff
	if a.noRuntime {
		return a.view
	}
	a.view = judge.ViewUnavailable
	if t, err := a.testGo, a.testGoErr; err == nil && t.HasLeakProfile() {
		a.view = judge.ViewOn
	}
	return a.view
}

// runtimeNote says, once per run, what to install or set to get the runtime's
// verdict, when a leak was reported and the tests' Go has no profile.
func (a *app) runtimeNote(vs []grade.Verdict) {
	if a.view != judge.ViewUnavailable {
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

// copyNote says, once per run, that a copy without git history was graded
// against the checksums the checker was built with, when something passed.
func (a *app) copyNote(vs []grade.Verdict) {
	if !a.sumSource.Copy {
		return
	}
	for _, v := range vs {
		if v.Status.Passed() {
			a.out.Notef(ui.MsgSumsCopy)
			return
		}
	}
}

// progress shows "grading k/N" on a terminal's stderr while a run goes on,
// and "k/N under the race detector" while the done ones are checked again.
// It erases its line before anything else is printed (a note while tests
// build) and when the run is over, so that it never stays on the screen in
// front of a verdict, which stdout prints on the same terminal.
type progress struct {
	mu      sync.Mutex // events come from several runs at once
	a       *app
	n, k    int
	race    int             // packages seen again: the race detector's pass
	seen    map[string]bool // packages that have finished once
	line    string          // what the line shows now ("" when erased)
	enabled bool
}

// start shows the line for n exercises about to run.
func (p *progress) start(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n, p.enabled, p.seen = n, p.a.ErrTTY, map[string]bool{}
	p.show(fmt.Sprintf(p.a.out.T(ui.MsgRunning), n))
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
	if p.seen[ev.Package] {
		p.race = min(p.race+1, p.n)
		p.show(fmt.Sprintf(p.a.out.T(ui.MsgProgressRace), p.a.errp.Bar(p.race, p.n), p.race, p.n))
		return
	}
	p.seen[ev.Package] = true
	p.k = min(p.k+1, p.n)
	p.show(fmt.Sprintf("%s %d/%d ", p.a.errp.Bar(p.k, p.n), p.k, p.n))
}

// show replaces the line with s.
func (p *progress) show(s string) {
	if p.enabled {
		fmt.Fprint(p.a.Stderr, "\r\x1b[K"+s)
		p.line = s
	}
}

// aside erases the line, lets say print a line of its own, and shows the
// line again below it.
func (p *progress) aside(say func()) {
	if say == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	line := p.line
	p.erase()
	say()
	p.show(line)
}

func (p *progress) erase() {
	if p.enabled && p.line != "" {
		fmt.Fprint(p.a.Stderr, "\r\x1b[K")
		p.line = ""
	}
}

func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.enabled {
		fmt.Fprint(p.a.Stderr, "\r\x1b[K")
		p.line = ""
	}
}

// runError reports a run that did not complete and returns the exit code.
func (a *app) runError(err error) int {
	switch {
	case errors.Is(err, context.Canceled):
		a.errp.Errorf(ui.MsgInterrupted)
		return ExitInterrupted
	}
	var stall *runner.StallError
	var full *runner.DiskFullError
	switch {
	case errors.As(err, &stall):
		a.errp.Errorf(ui.MsgGuard, stall.Limit)
		return ExitFail
	case errors.As(err, &full):
		a.errp.Errorf(ui.MsgDiskFull, full.Said)
		return ExitUsage
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

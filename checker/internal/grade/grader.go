package grade

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"gohunters/checker/internal/explain"
	"gohunters/checker/internal/judge"
	"gohunters/checker/internal/repo"
	"gohunters/checker/internal/runner"
	"gohunters/internal/catalogue"
	"gohunters/internal/leakprofile"
	"gohunters/internal/words"
)

// Grader grades the workshop's exercises: the one pipeline below the checker's
// commands. Grade inspects the files, plans what to run, runs it, reads each
// package's output once into its Evidence, classifies it, asks the judges for
// their opinions on every leak, and re-checks done exercises under the race
// detector.
type Grader struct {
	Root    string
	Sums    func(dir string) []catalogue.FileSum // the trusted checksums of an exercise's files
	Support []catalogue.FileSum                  // ... and of the files its tests depend on outside it
	// Toolchain is the Go the tests run on: its version names it when it has no
	// goroutineleak profile, and CGO_ENABLED=0 means no race detector.
	Toolchain repo.Toolchain
	// GoEnv is what go env said in the workshop: the Go and the settings a test
	// binary is built with, which decide whether a built one can be reused.
	GoEnv repo.GoEnv
	View  judge.View
	// Run is what every run starts from: Dir (the root), Timeout, Memory, Env,
	// OnStart, OnEvent.
	Run    runner.Options
	BinDir string // where the fast path keeps test binaries
	NoFast bool   // run everything through go test -json
	// Planned is called with the number of exercises that will run, before
	// they do (a progress line starts there).
	Planned func(n int)
	// Building is called when building the tests has taken two seconds: the
	// first run on a fresh clone compiles their dependencies, for tens of
	// seconds, and should say so rather than show nothing.
	Building func()
}

// Plan says what to grade of the exercises asked for.
type Plan struct {
	// RunPristine runs exercises whose files are as shipped; otherwise they are
	// "not started" without a run (they fail as shipped: the self-check's guarantee).
	RunPristine bool
	// Fast sends a single exercise through the fast path (check N, watch):
	// several always go through it unless NoFast.
	Fast bool
}

// Grade grades exs; the error is for runs that could not be made or were
// stopped (Ctrl-C, the guard), not for failing tests.
func (g *Grader) Grade(ctx context.Context, exs []catalogue.Exercise, plan Plan) ([]Verdict, error) {
	vs, toRun := g.inspect(exs, plan.RunPristine)
	if len(toRun) == 0 {
		return vs, nil
	}
	if g.Planned != nil {
		g.Planned(len(toRun))
	}
	opts := g.Run
	opts.Env = append([]string(nil), opts.Env...)
	profiles := ""
	if g.View == judge.ViewOn {
		// Each leaking test writes its goroutineleak profile under
		// profiles/<its package's import path>/.
		if dir, err := os.MkdirTemp("", "gohunters-leakprofiles-"); err == nil {
			profiles = dir
			defer os.RemoveAll(dir)
			opts.Env = append(opts.Env, leakprofile.DirEnv+"="+dir)
		}
	}
	run := make([]catalogue.Exercise, len(toRun))
	for k, i := range toRun {
		run[k] = exs[i]
	}
	each := !g.NoFast && (plan.Fast || len(toRun) > 1)
	if each && len(run) == 1 && g.Toolchain.CGO != "0" {
		// One exercise: its race run answers everything a plain run would,
		// done included; the plain run is only for what it cannot answer.
		if v, err, ok := g.raceFirst(ctx, run[0], opts, profiles); ok {
			v.Pristine = vs[toRun[0]].Pristine
			vs[toRun[0]] = v
			return vs, err
		}
	}
	var evs map[string]*Evidence
	var err error
	if each {
		evs, err = g.runEach(ctx, run, opts)
	} else {
		evs, err = g.runAll(ctx, run, opts)
	}
	for _, i := range toRun {
		e := exs[i]
		ev := evs[g.importPath(e)]
		if ev == nil {
			vs[i].Status = Stopped
			continue
		}
		pristine := vs[i].Pristine
		vs[i] = ClassifyEvidence(e, ev, g.dir(e))
		vs[i].Pristine, vs[i].FirstOnly = pristine, each
		if err != nil && !vs[i].Status.Passed() && ev.Package.Action == "" {
			vs[i].Status = Stopped
		}
		if vs[i].Status == Leaking {
			Ask(&vs[i], g.sources(e, profiles)...)
		}
	}
	if err == nil {
		err = g.raceCheck(ctx, vs, toRun, opts)
	}
	return vs, err
}

// raceFirst grades one exercise with its race detector's test binary first.
// Done there is done, race-checked, with no plain run; a failure there is the
// verdict, unless the race detector reported a data race: then the plain run
// says whether the tests fail anyway (that verdict) or only under the race
// detector (racy). ok is false when the race detector cannot answer (no race
// build here): the caller grades the ordinary way, which says why.
func (g *Grader) raceFirst(ctx context.Context, e catalogue.Exercise, opts runner.Options, profiles string) (v Verdict, err error, ok bool) {
	race := opts
	race.Race = true
	ev, err := g.runBinary(ctx, e, race, profiles != "")
	if ev == nil || ctx.Err() != nil {
		return Verdict{Exercise: e, Status: Stopped}, err, ev != nil || ctx.Err() != nil
	}
	if ev.Package.BuildFailed && len(explain.CompileErrors(ev.Package.BuildOutput.String())) == 0 {
		return Verdict{}, nil, false // no race build here, not the code's fault
	}
	v = ClassifyEvidence(e, ev, g.dir(e))
	v.FirstOnly = true
	switch {
	case err != nil:
		if !v.Status.Passed() && ev.Package.Action == "" {
			v.Status = Stopped
		}
	case v.Status == Done:
		v.Race = RaceChecked
	case strings.Contains(ev.Output, words.DataRace):
		plain, perr := g.runBinary(ctx, e, opts, profiles != "")
		if plain == nil {
			return Verdict{Exercise: e, Status: Stopped}, perr, true
		}
		if pv := ClassifyEvidence(e, plain, g.dir(e)); pv.Status != Done {
			pv.FirstOnly = true
			v, err = pv, perr
		} else {
			v.Status = Racy
		}
	}
	if v.Status == Leaking {
		Ask(&v, g.sources(e, profiles)...)
	}
	return v, err, true
}

// runBinary runs exercise e's test binary (its race detector's when
// opts.Race), built first unless the one there has the same inputs, and reads
// the evidence once. A build that fails is the evidence.
func (g *Grader) runBinary(ctx context.Context, e catalogue.Exercise, opts runner.Options, profiles bool) (*Evidence, error) {
	bin := g.binaryOf(e, opts.Race)
	support, _ := catalogue.SupportHashes(g.Root)
	key, _ := g.binaryKey(e, opts.Race, support, opts.Env)
	if !upToDate(bin, key) {
		stop := after(2*time.Second, g.Building)
		built, err := runner.Build(ctx, opts, filepath.Dir(bin), []string{g.importPath(e)})
		stop()
		if built == nil || err != nil {
			return nil, err
		}
		if p := built.Package(g.importPath(e)); p != nil && p.BuildFailed {
			stamp(bin, "")
			return Read(p), nil
		}
		stamp(bin, key)
	}
	return g.runOne(ctx, e, opts, profiles)
}

// sources are the second opinions asked on every leak of e: the Go runtime's.
// A third source is one more entry here.
func (g *Grader) sources(e catalogue.Exercise, profiles string) []Asker {
	return []Asker{judge.Asker{View: g.View, Profiles: judge.ReadProfiles(profiles, g.importPath(e)), Version: g.Toolchain.Version}}
}

// inspect compares each exercise's files with the trusted checksums: modified
// tests and missing directories are not run, nor (unless runPristine) the
// exercises as shipped. It returns the verdicts so far and what to run.
func (g *Grader) inspect(exs []catalogue.Exercise, runPristine bool) ([]Verdict, []int) {
	vs := make([]Verdict, len(exs))
	var toRun []int
	support := InspectSupport(g.Root, g.Support)
	for i, e := range exs {
		vs[i].Exercise = e
		f := Inspect(g.Root, e, g.Sums(e.Dir))
		vs[i].Pristine = f.Pristine
		switch {
		case f.Missing:
			vs[i].Status = Missing
		case f.Nested != "":
			vs[i].Status, vs[i].Modified = NestedModule, []string{f.Nested}
		case len(f.Modified) > 0:
			vs[i].Status, vs[i].Modified = TestsModified, f.Modified
		case !f.Recorded:
			vs[i].Status = Unverified
		case len(support) > 0:
			vs[i].Status, vs[i].Modified = SupportModified, support
		case f.Pristine && !runPristine:
			vs[i].Status = NotStarted
		default:
			toRun = append(toRun, i)
		}
	}
	return vs, toRun
}

// runAll runs every exercise in one go test -json, and reads the evidence.
func (g *Grader) runAll(ctx context.Context, exs []catalogue.Exercise, opts runner.Options) (map[string]*Evidence, error) {
	for _, e := range exs {
		opts.Packages = append(opts.Packages, "./"+e.Rel())
	}
	res, err := runner.Run(ctx, opts)
	evs := map[string]*Evidence{}
	for _, e := range exs {
		if p := res.Package(g.importPath(e)); p != nil {
			evs[g.importPath(e)] = Read(p)
		}
	}
	return evs, err
}

// runEach grades each exercise through the single-package fast path, several
// at once: each test binary stops at its first failing test (-test.failfast)
// and, when leakcheck reports a leak, at once (EarlyStacks), where go test
// would run every test and goleak's retries to the end. The machine's cores
// mostly wait on those tests' timers, so more run at once than there are cores.
// Each worker writes its own slot; the slots become the result once all have
// returned.
func (g *Grader) runEach(ctx context.Context, exs []catalogue.Exercise, opts runner.Options) (map[string]*Evidence, error) {
	paths := make([]string, len(exs))
	for k, e := range exs {
		paths[k] = g.importPath(e)
	}
	// A binary whose inputs are as they were is run as it is; one go command
	// builds the others (its cache makes that a relink of what changed).
	support, _ := catalogue.SupportHashes(g.Root)
	keys := make([]string, len(exs))
	var stale []string
	for k, e := range exs {
		keys[k], _ = g.binaryKey(e, false, support, opts.Env)
		if !upToDate(g.binaryOf(e, false), keys[k]) {
			stale = append(stale, paths[k])
		}
	}
	evs := map[string]*Evidence{}
	built := runner.NewResults()
	var err error
	if len(stale) > 0 {
		stop := after(2*time.Second, g.Building)
		built, err = runner.Build(ctx, opts, g.BinDir, stale)
		stop()
		if built == nil {
			return evs, err
		}
		if err != nil {
			for _, path := range stale {
				if p := built.Package(path); p != nil {
					evs[path] = Read(p)
				}
			}
			return evs, err
		}
		for k, e := range exs {
			if slices.Contains(stale, paths[k]) {
				if p := built.Package(paths[k]); p != nil && p.BuildFailed {
					stamp(g.binaryOf(e, false), "")
				} else {
					stamp(g.binaryOf(e, false), keys[k])
				}
			}
		}
	}
	slots := make([]*Evidence, len(exs))
	var wg errgroup.Group
	wg.SetLimit(max(4, 2*runtime.NumCPU()))
	profiles := hasProfiles(opts.Env)
	for k, e := range exs {
		if p := built.Package(paths[k]); p != nil && p.BuildFailed {
			slots[k] = Read(p)
			continue
		}
		wg.Go(func() error {
			ev, err := g.runOne(ctx, e, opts, profiles)
			slots[k] = ev
			return err
		})
	}
	err = wg.Wait()
	for k, ev := range slots {
		if ev != nil {
			evs[paths[k]] = ev
		}
	}
	return evs, err
}

// runOne runs one exercise's test binary, stopping it at its first failing
// test, and reads the evidence once.
func (g *Grader) runOne(ctx context.Context, e catalogue.Exercise, opts runner.Options, profiles bool) (*Evidence, error) {
	opts.FailFast = true // --no-fast runs every test and names each failing one
	r, err := runner.One{Options: opts, ImportPath: g.importPath(e), PackageDir: g.dir(e), Binary: g.binaryOf(e, opts.Race),
		Test2JSON: g.test2json(), EarlyStacks: true, EarlyOnlyInBubble: profiles}.Exec(ctx)
	if r == nil || r.Package(g.importPath(e)) == nil {
		return nil, err
	}
	ev := Read(r.Package(g.importPath(e)))
	if err == nil && ev.StoppedWithoutStacks(explain.DirScope(g.dir(e))) {
		// On a loaded machine the stop can arrive after goleak has begun its
		// report and cut it short, leaving no stacks: grade it the ordinary way.
		opts.Packages = []string{"./" + e.Rel()}
		r, err = runner.Run(ctx, opts)
		if p := r.Package(g.importPath(e)); p != nil {
			ev = Read(p)
		}
	}
	return ev, err
}

func hasProfiles(env []string) bool {
	for _, kv := range env {
		if strings.HasPrefix(kv, leakprofile.DirEnv+"=") {
			return true
		}
	}
	return false
}

// raceCheck runs the tests of every done exercise again under the race
// detector: a "fix" that only hides a leak behind a data race is not done.
// Where the race detector is not available the verdict stays done and says so.
func (g *Grader) raceCheck(ctx context.Context, vs []Verdict, toRun []int, opts runner.Options) error {
	var done []int
	for _, i := range toRun {
		if vs[i].Status == Done {
			done = append(done, i)
		}
	}
	if len(done) == 0 {
		return nil
	}
	unavailable := func(why string) {
		for _, i := range done {
			vs[i].Race, vs[i].RaceNote = RaceUnavailable, why
		}
	}
	if g.Toolchain.CGO == "0" {
		unavailable("CGO_ENABLED=0")
		return nil
	}
	opts.Race, opts.FailFast, opts.Packages = true, len(done) == 1, nil
	var res *runner.Results
	var err error
	for _, i := range done {
		opts.Packages = append(opts.Packages, "./"+vs[i].Exercise.Rel())
	}
	res, err = runner.Run(ctx, opts)
	if err != nil && ctx.Err() != nil {
		return err
	}
	for _, i := range done {
		e := vs[i].Exercise
		var p *runner.Package
		if res != nil {
			p = res.Package(g.importPath(e))
		}
		if err != nil || p == nil || p.BuildFailed {
			why := "the race build failed"
			if p != nil {
				why = firstLine(p.BuildOutput.String(), why)
			}
			if err != nil {
				why = firstLine(err.Error(), why)
			}
			vs[i].Race, vs[i].RaceNote = RaceUnavailable, why
			continue
		}
		ev := Read(p)
		rv := ClassifyEvidence(e, ev, g.dir(e))
		switch {
		case rv.Status == Done:
			vs[i].Race = RaceChecked
		case strings.Contains(ev.Output, words.DataRace):
			rv.Status = Racy
			fallthrough
		default:
			rv.Pristine = vs[i].Pristine
			vs[i] = rv
		}
	}
	return nil
}

// test2json is the go command's test2json tool, found once per Go and kept
// beside the test binaries: asking the go command for it costs a second.
func (g *Grader) test2json() string {
	trusted := func(path string) bool {
		for _, dir := range []string{g.GoEnv.GOROOT, g.GoEnv.GOCACHE} {
			if rel, err := filepath.Rel(dir, path); dir != "" && err == nil && filepath.IsLocal(rel) {
				return strings.TrimSuffix(filepath.Base(path), ".exe") == "test2json"
			}
		}
		return false
	}
	return runner.Test2JSON(filepath.Join(g.BinDir, "test2json.path"), g.GoEnv.GOVERSION+" "+g.GoEnv.GOROOT, g.Run.Env, trusted)
}

// after calls f in d unless stop comes first; stop waits for an f already
// running, so that nothing it prints lands after the caller moved on.
func after(d time.Duration, f func()) (stop func()) {
	if f == nil {
		return func() {}
	}
	done := make(chan struct{})
	t := time.AfterFunc(d, func() {
		defer close(done)
		f()
	})
	return func() {
		if !t.Stop() {
			<-done
		}
	}
}

func firstLine(s, otherwise string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return otherwise
}

func (g *Grader) importPath(e catalogue.Exercise) string { return e.ImportPath(repo.Module) }

func (g *Grader) dir(e catalogue.Exercise) string { return e.DirIn(g.Root) }

// binaryOf is where the fast path keeps exercise e's test binary, or its race
// detector's (in a folder of their own: the go command names a binary it
// builds for a package after the package).
func (g *Grader) binaryOf(e catalogue.Exercise, race bool) string {
	dir := g.BinDir
	if race {
		dir = filepath.Join(dir, "race")
	}
	bin := filepath.Join(dir, e.Dir+".test")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	return bin
}

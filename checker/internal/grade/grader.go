package grade

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"

	"gohunters/checker/internal/explain"
	"gohunters/checker/internal/inspect"
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
	// Tree is the trusted test tree of an exercise: every test and subtest
	// that passed in its solution when it shipped. Done needs each of them to
	// have run and passed. nil, or nil for an exercise: the top-level tests
	// its test files define.
	Tree func(dir string) []string
	// Untrusted says why the trusted checksums could not be read (a clone
	// whose git history the checker could not read): then every exercise is
	// unverified, none is run. "" when they were read.
	Untrusted string
	// Shipped holds the exercises as shipped (<dir>/<name>): what the
	// learner's code is compared with when it is inspected (package inspect):
	// what the shipped code already did is the exercise's own.
	Shipped fs.FS
	// NoInspect skips the look at the learner's code (package inspect), so
	// that the defenses behind it, at run time, can be tested on their own.
	NoInspect bool
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
	// Secret is the clone's secret, which the stamps of the test binaries
	// kept in BinDir are signed with (a binary is reused only when its stamp
	// verifies); nil: no binary is reused.
	Secret []byte
	NoFast bool // run everything through go test -json
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
	if each && len(run) == 1 && g.GoEnv.NoRace() == "" && g.raceBuilt() {
		// One exercise: its race run answers everything a plain run would,
		// done included; the plain run is only for what it cannot answer.
		// Until a race binary has been built here, the plain run goes first:
		// the race detector's build compiles the standard library once more,
		// and a first check is usually of an exercise that still leaks.
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
		vs[i] = g.classify(e, ev)
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

// raceFirst grades one exercise with its race detector's test binary first
// (the race detector is available: GoEnv.NoRace). Done there is done,
// race-checked, with no plain run. A failure there is the verdict, unless the
// race detector reported a data race or the run failed in a way a plain run
// might not (it did not build, hung, died): then the plain run says whether
// the tests fail anyway (that verdict) or only under the race detector (racy,
// or the race run's verdict marked RaceFailed). ok is false only when the run
// could not be made at all.
func (g *Grader) raceFirst(ctx context.Context, e catalogue.Exercise, opts runner.Options, profiles string) (v Verdict, err error, ok bool) {
	race := opts
	race.Race = true
	ev, err := g.runBinary(ctx, e, race, profiles != "")
	if ev == nil || ctx.Err() != nil {
		return Verdict{Exercise: e, Status: Stopped}, err, ev != nil || ctx.Err() != nil || err != nil
	}
	v = g.classify(e, ev)
	v.FirstOnly = true
	switch {
	case err != nil:
		if !v.Status.Passed() && ev.Package.Action == "" {
			v.Status = Stopped
		}
	case v.Status == Done:
		v.Race = RaceChecked
	case strings.Contains(ev.Output, words.DataRace) || raceOnly(v.Status):
		plain, perr := g.runBinary(ctx, e, opts, profiles != "")
		if plain == nil {
			return Verdict{Exercise: e, Status: Stopped}, perr, true
		}
		switch pv := g.classify(e, plain); {
		case pv.Status != Done:
			pv.FirstOnly = true
			v, err = pv, perr
		case strings.Contains(ev.Output, words.DataRace):
			v.Status = Racy
		default:
			v.Race = RaceFailed
		}
	}
	if v.Status == Leaking {
		Ask(&v, g.sources(e, profiles)...)
	}
	return v, err, true
}

// raceOnly are the verdicts of a race run that a plain run may not share: a
// build that fails only with the race detector (a file for the race build
// alone), a hang or a death only there.
func raceOnly(s Status) bool {
	switch s {
	case NoCompile, TimedOut, Panicked, Exited, Incomplete, OutOfMemory:
		return true
	}
	return false
}

// classify grades e from the evidence of its run, against its trusted test tree.
func (g *Grader) classify(e catalogue.Exercise, ev *Evidence) Verdict {
	var tests []string
	if g.Tree != nil {
		tests = g.Tree(e.Dir)
	}
	return ClassifyEvidence(e, ev, g.dir(e), tests)
}

// runBinary runs exercise e's test binary (its race detector's when
// opts.Race), built first unless the one there has the same inputs, and reads
// the evidence once. A build that fails is the evidence.
func (g *Grader) runBinary(ctx context.Context, e catalogue.Exercise, opts runner.Options, profiles bool) (*Evidence, error) {
	bin := g.binaryOf(e, opts.Race)
	support, _ := catalogue.SupportHashes(g.Root)
	key, _ := g.binaryKey(e, opts.Race, support, opts.Env)
	if !g.upToDate(bin, key) {
		stop := after(2*time.Second, g.Building)
		built, err := runner.Build(ctx, opts, filepath.Dir(bin), []string{g.importPath(e)})
		stop()
		if built == nil || err != nil {
			return nil, err
		}
		if p := built.Package(g.importPath(e)); p != nil && p.BuildFailed {
			g.stamp(bin, "")
			return Read(p), nil
		}
		g.stamp(bin, key)
	}
	return g.runOne(ctx, e, opts, profiles)
}

// sources are the second opinions asked on every leak of e: the Go runtime's.
// A third source is one more entry here.
func (g *Grader) sources(e catalogue.Exercise, profiles string) []Asker {
	return []Asker{judge.Asker{View: g.View, Profiles: judge.ReadProfiles(profiles, g.importPath(e)), Version: g.Toolchain.Version}}
}

// inspect compares each exercise's files with the trusted checksums and
// looks at the learner's code: modified tests, missing directories and code a
// fix has no use for are not run, nor (unless runPristine) the exercises as
// shipped. It returns the verdicts so far and what to run.
func (g *Grader) inspect(exs []catalogue.Exercise, runPristine bool) ([]Verdict, []int) {
	vs := make([]Verdict, len(exs))
	var toRun []int
	support := InspectSupport(g.Root, g.Support)
	for i, e := range exs {
		vs[i].Exercise = e
		if g.Untrusted != "" {
			vs[i].Status, vs[i].Why = Unverified, g.Untrusted
			continue
		}
		sums := g.Sums(e.Dir)
		f := Inspect(g.Root, e, sums)
		vs[i].Pristine = f.Pristine
		var refused []inspect.Finding
		if !f.Pristine && !f.Missing && f.Recorded && !g.NoInspect {
			refused = g.refused(e, sums)
		}
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
		case len(refused) > 0:
			vs[i].Status, vs[i].Refused = Refused, refused
		case f.Pristine && !runPristine:
			vs[i].Status = NotStarted
		default:
			toRun = append(toRun, i)
		}
	}
	return vs, toRun
}

// refused looks at the learner's code of exercise e (every file that is not
// as shipped) for what a fix must not do, the shipped code's own constructs
// allowed (package inspect).
func (g *Grader) refused(e catalogue.Exercise, sums []catalogue.FileSum) []inspect.Finding {
	dir := g.dir(e)
	have, err := catalogue.HashDir(dir)
	if err != nil {
		return nil
	}
	recorded := map[string]string{}
	for _, s := range sums {
		recorded[s.Name] = s.SHA256
	}
	files, shipped := map[string][]byte{}, map[string][]byte{}
	for name, sum := range have {
		if catalogue.IsTestFile(name) || recorded[name] == sum {
			continue
		}
		if b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
			files[name] = b
		}
	}
	if g.Shipped != nil {
		for _, s := range sums {
			if s.Test || !strings.HasSuffix(s.Name, ".go") {
				continue
			}
			if b, err := fs.ReadFile(g.Shipped, path.Join(e.Dir, s.Name)); err == nil && catalogue.Hash(b) == s.SHA256 {
				shipped[s.Name] = b
			}
		}
	}
	return inspect.Code(files, shipped)
}

// runAll runs every exercise in one go test -json, and reads the evidence.
func (g *Grader) runAll(ctx context.Context, exs []catalogue.Exercise, opts runner.Options) (map[string]*Evidence, error) {
	for _, e := range exs {
		opts.Packages = append(opts.Packages, "./"+e.Rel())
	}
	opts.Prove = true
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
		keys[k], _ = g.binaryKey(e, opts.Race, support, opts.Env)
		if !g.upToDate(g.binaryOf(e, opts.Race), keys[k]) {
			stale = append(stale, paths[k])
		}
	}
	evs := map[string]*Evidence{}
	built := runner.NewResults()
	var err error
	if len(stale) > 0 {
		stop := after(2*time.Second, g.Building)
		built, err = runner.Build(ctx, opts, filepath.Dir(g.binaryOf(exs[0], opts.Race)), stale)
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
					g.stamp(g.binaryOf(e, opts.Race), "")
				} else {
					g.stamp(g.binaryOf(e, opts.Race), keys[k])
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
		opts.Packages, opts.Prove = []string{"./" + e.Rel()}, true
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
// detector: a "fix" that only hides a leak behind a data race is not done, nor
// one whose race run fails to build or run. Only where the race detector is
// not available (GoEnv.NoRace, known before building) does the verdict stay
// done, saying so.
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
	if why := g.GoEnv.NoRace(); why != "" {
		for _, i := range done {
			vs[i].Race, vs[i].RaceNote, vs[i].RaceWhy = RaceUnavailable, why, RaceNoDetector
		}
		return nil
	}
	// Each done exercise's race detector's test binary, run as the plain ones
	// were (and, like them, proved to have run its tests to the end); with
	// --no-fast, one go test -race -json.
	opts.Race = true
	var exs []catalogue.Exercise
	for _, i := range done {
		exs = append(exs, vs[i].Exercise)
	}
	var evs map[string]*Evidence
	var err error
	if g.NoFast {
		opts.FailFast = len(done) == 1
		evs, err = g.runAll(ctx, exs, opts)
	} else {
		evs, err = g.runEach(ctx, exs, opts)
	}
	for _, i := range done {
		e := vs[i].Exercise
		ev := evs[g.importPath(e)]
		if ev == nil || (err != nil && !ev.Package.BuildFailed && ev.Package.Action == "") {
			// The race run did not give this exercise a verdict: not done.
			vs[i] = Verdict{Exercise: e, Status: Stopped, Pristine: vs[i].Pristine, Race: RaceFailed}
			continue
		}
		rv := g.classify(e, ev)
		switch {
		case rv.Status == Done:
			vs[i].Race = RaceChecked
			continue
		case strings.Contains(ev.Output, words.DataRace):
			rv.Status = Racy
		default:
			rv.Race = RaceFailed
		}
		rv.Pristine = vs[i].Pristine
		vs[i] = rv
	}
	if err != nil && (ctx.Err() != nil || errors.Is(err, runner.ErrGuard) || errors.Is(err, syscall.ENOSPC)) {
		return err
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

func (g *Grader) importPath(e catalogue.Exercise) string { return e.ImportPath(repo.Module) }

func (g *Grader) dir(e catalogue.Exercise) string { return e.DirIn(g.Root) }

// binaryOf is where the fast path keeps exercise e's test binary, or its race
// detector's (in a folder of their own: the go command names a binary it
// builds for a package after the package).
// raceBuilt tells whether a race test binary has been built in this clone
// before, so that the race detector's standard library is likely in the
// build cache.
func (g *Grader) raceBuilt() bool {
	entries, _ := os.ReadDir(filepath.Join(g.BinDir, "race"))
	for _, e := range entries {
		if strings.HasSuffix(strings.TrimSuffix(e.Name(), ".exe"), ".test") {
			return true
		}
	}
	return false
}

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

package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gohunters/checker/internal/explain"
	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/hook"
	"gohunters/checker/internal/judge"
	"gohunters/checker/internal/repo"
	"gohunters/checker/internal/runner"
	"gohunters/checker/internal/ui"
	"gohunters/internal/leakprofile"
)

// explainCmd runs the tests of any Go module (or reads a go test -json stream
// given as "-") and explains every leak goleak or synctest reported in them:
// no catalogue, checksums or workshop layout involved. It sets no limit the
// module did not ask for: go test's own defaults, --timeout passed through.
func (a *app) explainCmd(ctx context.Context, args []string) int {
	if len(args) == 1 && args[0] == "-" {
		return a.explainStream()
	}
	ge, err := repo.LoadGoEnv(a.Cwd, a.GoEnv)
	var goErr *repo.GoError
	switch {
	case errors.As(err, &goErr):
		a.errp.Errorf(ui.MsgExplainGoFailed, firstLines(goErr.Said, 3))
		return ExitUsage
	case err != nil:
		a.errp.Errorf(ui.MsgNoGo, err, "1.25")
		return ExitUsage
	}
	mod := ge.Module()
	if mod.Root == "" {
		a.errp.Errorf(ui.MsgExplainNoModule, a.Cwd)
		return ExitUsage
	}
	a.out.Root, a.errp.Root = mod.Root, mod.Root
	pkgs := args
	if len(pkgs) == 0 {
		pkgs = []string{"./..."}
	}
	if a.ErrTTY {
		fmt.Fprintf(a.Stderr, a.errp.T(ui.MsgExplainRunning)+"\n", pkgs)
	}
	opts := runner.Options{Dir: a.Cwd, Packages: pkgs, Env: a.GoEnv,
		OnStart: a.OnStart, OnEvent: a.OnEvent, Guard: runner.NoGuard, NoAncestors: true}
	// The module's own limits only: go test's default timeout, no memory
	// bound, unless asked for.
	if a.timeoutSet {
		opts.Timeout = a.timeout
	}
	if a.memorySet {
		opts.Memory = int64(a.memoryMB) << 20
	}
	asker, profiles := a.runtimeAsker(ge, &opts)
	if profiles != "" {
		defer os.RemoveAll(profiles)
	}
	res, err := runner.Run(ctx, opts)
	if res == nil {
		return a.runError(err)
	}
	own := explain.TreeScope(mod.Root, mod.GoRoot, mod.ModCache)
	verdicts := map[string]grade.Verdict{}
	var again []string
	for _, path := range res.Paths() {
		if path == "" {
			continue
		}
		p := res.Package(path)
		if p.Action == "" && err != nil {
			continue // stopped before it ended: nothing to say about it
		}
		v := grade.ClassifyModule(p, own)
		verdicts[path] = v
		if needsAncestors(v) {
			again = append(again, path)
		}
	}
	if len(again) > 0 && err == nil && profiles != "" && asker.Missing == nil {
		// Library code started a leaked goroutine and goleak's report does not
		// say which call of the module's own led there: run those packages'
		// leaking tests again with the creators' stacks in every dump, which
		// the goroutineleak profile the hook writes then carries.
		a.withAncestors(ctx, opts, again, own, verdicts, profiles)
	}
	var sum ui.ExplainSummary
	for _, path := range sortedKeys(verdicts) {
		v := verdicts[path]
		if v.Status == grade.Leaking {
			a := asker
			a.Profiles = judge.ReadProfiles(profiles, path)
			grade.Ask(&v, a)
		}
		a.out.Explain(path, v, &sum)
	}
	a.out.ExplainEnd(sum)
	if err != nil {
		// Packages that finished are explained above; say why the others are not.
		return a.runError(err)
	}
	if sum.Leaks > 0 || sum.Failing > 0 || sum.Broken > 0 {
		return ExitFail
	}
	return ExitPass
}

// runtimeAsker decides whether leaks get the runtime's opinion and, when the
// tests' Go has the goroutineleak profile, asks every goleak-based test for it
// (package hook). It returns the asker and the profiles' directory ("" when
// none is written).
func (a *app) runtimeAsker(ge repo.GoEnv, o *runner.Options) (judge.Asker, string) {
	asker := judge.Asker{View: judge.ViewOff, Version: ge.GOVERSION}
	if a.noRuntime {
		return asker, ""
	}
	asker.View = judge.ViewUnavailable
	if !ge.Toolchain().HasLeakProfile() {
		return asker, ""
	}
	asker.View = judge.ViewOn
	cache, err := a.CacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	h, why := hook.Prepare(a.Cwd, filepath.Join(cache, "gohunters"), ge, leakprofile.DirEnv, a.GoEnv)
	if why != "" {
		missing := judge.Unavailability(judge.NotHooked, why)
		asker.Missing = &missing
		return asker, ""
	}
	dir, err := os.MkdirTemp("", "gohunters-explain-")
	if err != nil {
		missing := judge.Unavailability(judge.NotHooked, judge.HookFailed)
		asker.Missing = &missing
		return asker, ""
	}
	o.BuildFlags = append(o.BuildFlags, h.Flags...)
	o.Env = append(append([]string(nil), o.Env...), leakprofile.DirEnv+"="+dir)
	return asker, dir
}

// needsAncestors reports whether a leak of v was started by library code and
// the dump does not show which line of the module's own called it.
func needsAncestors(v grade.Verdict) bool {
	for _, f := range v.Failed {
		for _, l := range f.Leaks {
			if l.Started.File == "" && l.CreatedBy.Func != "" && !strings.HasPrefix(l.CreatedBy.Func, "testing.") {
				return true
			}
		}
	}
	return false
}

// withAncestors runs the leaking tests of paths again with
// GODEBUG=tracebackancestors, and keeps each new verdict that still leaks.
func (a *app) withAncestors(ctx context.Context, o runner.Options, paths []string, own explain.Scope, verdicts map[string]grade.Verdict, profiles string) {
	for _, path := range paths {
		v := verdicts[path]
		// The first run's profiles go: the second's goroutine ids are others.
		os.RemoveAll(leakprofile.PackageDir(profiles, path))
		o.Packages, o.NoAncestors, o.OnEvent = []string{path}, false, nil
		o.Tests = leakingTests(v)
		res, err := runner.Run(ctx, o)
		if err != nil || res.Package(path) == nil {
			continue
		}
		nv := grade.ClassifyModule(res.Package(path), own)
		if nv.Status != grade.Leaking {
			continue
		}
		grade.FollowCreators(&nv, judge.ReadProfiles(profiles, path).Goroutine, own)
		verdicts[path] = mergeLeaks(v, nv)
	}
}

// leakingTests is a -run pattern for the tests of v that leaked: all of them
// when the package as a whole did (VerifyTestMain).
func leakingTests(v grade.Verdict) string {
	var names []string
	for _, f := range v.Failed {
		if !f.Leaked {
			continue
		}
		if f.Test == "TestMain" {
			return ""
		}
		top, _, _ := strings.Cut(f.Test, "/")
		names = append(names, regexp.QuoteMeta(top))
	}
	if len(names) == 0 {
		return ""
	}
	return "^(" + strings.Join(names, "|") + ")$"
}

// mergeLeaks keeps first's verdict, with the leaks of again (the same tests
// run with the creators' stacks) where again has them.
func mergeLeaks(first, again grade.Verdict) grade.Verdict {
	byTest := map[string]grade.Failure{}
	for _, f := range again.Failed {
		byTest[f.Test] = f
	}
	for i, f := range first.Failed {
		if nf, ok := byTest[f.Test]; ok && nf.Leaked {
			first.Failed[i].Leaks = nf.Leaks
			if f.Test == first.Test {
				first.Leaks = nf.Leaks
			}
		}
	}
	return first
}

// explainStream explains a go test -json stream read from standard input.
// Anything else is refused with exit 2 and what it looks like (empty, a plain
// or -v go test log, something else), and so is a stream cut short, after
// what it holds of the packages that finished.
func (a *app) explainStream() int {
	if a.Stdin == nil {
		a.errp.Errorf(ui.MsgExplainNoStdin)
		return ExitUsage
	}
	res := runner.NewResults()
	var log plainLog
	st, err := runner.DecodeStream(a.Stdin, func(ev runner.Event) {
		if ev.Package == "" && ev.ImportPath == "" {
			log.see(ev.Output)
		}
		res.Add(ev)
	})
	switch {
	case err != nil:
		a.errp.Errorf(ui.MsgExplainStdinError, err)
		return ExitUsage
	case st.Events == 0 && st.Other == 0:
		a.errp.Errorf(ui.MsgExplainStdinEmpty)
		return ExitUsage
	case st.Events == 0 && log.looksLikeTest():
		a.errp.Errorf(ui.MsgExplainStdinPlain)
		return ExitUsage
	case st.Events == 0:
		a.errp.Errorf(ui.MsgExplainStdinGarbage, firstLines(log.first, 1))
		return ExitUsage
	}
	a.out.Root, a.errp.Root = a.Cwd, a.Cwd
	own := explain.TreeScope(a.Cwd)
	if mod, err := repo.ModuleAt(a.Cwd, a.GoEnv); err == nil && mod.Root != "" {
		own = explain.TreeScope(mod.Root, mod.GoRoot, mod.ModCache)
		a.out.Root, a.errp.Root = mod.Root, mod.Root
	}
	stream := judge.Unavailability(judge.FromStream)
	asker := judge.Asker{View: judge.ViewOn, Missing: &stream}
	if a.noRuntime {
		asker.View = judge.ViewOff
	}
	var sum ui.ExplainSummary
	var unfinished []string
	for _, path := range res.Paths() {
		if path == "" {
			continue
		}
		p := res.Package(path)
		if p.Action == "" && !p.BuildFailed {
			unfinished = append(unfinished, path)
			continue
		}
		v := grade.ClassifyModule(p, own)
		if v.Status == grade.Leaking {
			grade.Ask(&v, asker)
		}
		a.out.Explain(path, v, &sum)
	}
	a.out.ExplainEnd(sum)
	if st.Cut || len(unfinished) > 0 {
		a.errp.Errorf(ui.MsgExplainStdinCut, len(unfinished), strings.Join(unfinished, " "))
		return ExitUsage
	}
	if sum.Leaks > 0 || sum.Failing > 0 || sum.Broken > 0 {
		return ExitFail
	}
	return ExitPass
}

// plainLog watches the lines of a stream that were not events, to tell a go
// test log without -json from anything else.
type plainLog struct {
	first string
	test  int
}

var testLogLine = regexp.MustCompile(`^(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|FAIL|SKIP):|(ok|FAIL|\?) +\S+\t|PASS$|FAIL$)`)

func (l *plainLog) see(line string) {
	line = strings.TrimRight(line, "\n")
	if strings.TrimSpace(line) == "" {
		return
	}
	if l.first == "" {
		l.first = line
	}
	if testLogLine.MatchString(strings.TrimLeft(line, " ")) {
		l.test++
	}
}

func (l *plainLog) looksLikeTest() bool { return l.test > 0 }

func sortedKeys(m map[string]grade.Verdict) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

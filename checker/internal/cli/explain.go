package cli

import (
	"context"
	"fmt"
	"os"
	pathpkg "path"
	"path/filepath"
	"strings"

	"gohunters/checker/internal/explain"
	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/hook"
	"gohunters/checker/internal/repo"
	"gohunters/checker/internal/runner"
	"gohunters/checker/internal/ui"
	"gohunters/internal/leakprofile"
)

// explainCmd runs the tests of any Go module (or reads a go test -json stream
// given as "-") and explains every leak goleak or synctest reported in them:
// no catalogue, checksums or workshop layout involved.
func (a *app) explainCmd(ctx context.Context, args []string) int {
	mod, err := repo.ModuleAt(a.Cwd, a.GoEnv)
	fromStdin := len(args) == 1 && args[0] == "-"
	switch {
	case err != nil && !fromStdin:
		a.errp.Errorf(ui.MsgNoGo, err, "1.25")
		return ExitUsage
	case mod.Root == "" && !fromStdin:
		a.errp.Errorf(ui.MsgExplainNoModule, a.Cwd)
		return ExitUsage
	}
	root := mod.Root
	if root == "" {
		root = a.Cwd
	}
	a.out.Root, a.errp.Root = root, root
	var res *runner.Results
	profiles := "" // where the tests wrote the runtime's goroutineleak profiles
	if fromStdin {
		if a.Stdin == nil {
			a.errp.Errorf(ui.MsgExplainNoStdin)
			return ExitUsage
		}
		res = runner.NewResults()
		err = runner.Decode(a.Stdin, func(ev runner.Event) { res.Add(ev) })
	} else {
		pkgs := args
		if len(pkgs) == 0 {
			pkgs = []string{"./..."}
		}
		if a.ErrTTY {
			fmt.Fprintf(a.Stderr, a.errp.T(ui.MsgExplainRunning)+"\n", pkgs)
		}
		opts := runner.Options{Dir: a.Cwd, Packages: pkgs, Timeout: a.timeout,
			Memory: int64(a.memoryMB) << 20, Env: a.GoEnv, OnStart: a.OnStart, OnEvent: a.OnEvent}
		if dir := a.runtimeHook(&opts); dir != "" {
			defer os.RemoveAll(dir)
			profiles = filepath.Join(dir, "profiles")
		}
		res, err = runner.Run(ctx, opts)
	}
	if err != nil {
		return a.runError(err)
	}
	own := explain.TreeScope(root, mod.GoRoot, mod.ModCache)
	var sum ui.ExplainSummary
	for _, path := range res.Paths() {
		if path == "" {
			continue
		}
		v := grade.ClassifyModule(res.Package(path), own)
		if profiles != "" {
			judgeRuntime(&v, filepath.Join(profiles, pathpkg.Base(path)))
		} else {
			judgeRuntime(&v, "")
		}
		a.out.Explain(path, v, &sum)
	}
	a.out.ExplainEnd(sum)
	if sum.Leaks > 0 || sum.Failing > 0 {
		return ExitFail
	}
	return ExitPass
}

// runtimeHook asks, when the tests' Go has the goroutineleak profile, every
// goleak-based test for the runtime's verdict on the goroutines goleak
// reports (package hook). It returns the temporary directory it made, or "".
func (a *app) runtimeHook(o *runner.Options) string {
	if a.noRuntime {
		return ""
	}
	t, err := a.Toolchain(a.Cwd, a.GoEnv)
	if err != nil || !t.HasLeakProfile() {
		return ""
	}
	dir, err := os.MkdirTemp("", "gohunters-explain-")
	if err != nil {
		return ""
	}
	modfile, ok, err := hook.Modfile(a.Cwd, dir, leakprofile.DirEnv, a.GoEnv)
	if err != nil || !ok {
		os.RemoveAll(dir)
		return ""
	}
	o.BuildFlags = append(o.BuildFlags, "-modfile="+modfile)
	o.Env = append(append([]string(nil), o.Env...), leakprofile.DirEnv+"="+filepath.Join(dir, "profiles"))
	return dir
}

// judgeRuntime adds the runtime's verdict to each leak of v: the marks in
// goleak's report, else the profiles its package's test process wrote in dir
// (none when dir is ""), matched by goroutine id.
func judgeRuntime(v *grade.Verdict, dir string) {
	var profiles []string
	if dir != "" {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if b, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && strings.HasSuffix(e.Name(), ".goroutineleak.txt") {
				profiles = append(profiles, string(b))
			}
		}
	}
	grade.JudgeFailures(v, grade.StateJudge{}, grade.ProfileJudge{Profiles: profiles})
}

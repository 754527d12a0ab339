package cli

import (
	"context"
	"fmt"
	"sort"

	"gohunters/checker/internal/explain"
	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/repo"
	"gohunters/checker/internal/runner"
	"gohunters/checker/internal/ui"
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
			fmt.Fprintf(a.Stderr, ui.MsgExplainRunning+"\n", pkgs)
		}
		res, err = runner.Run(ctx, runner.Options{Dir: a.Cwd, Packages: pkgs, Timeout: a.timeout,
			Memory: int64(a.memoryMB) << 20, Env: a.GoEnv, OnStart: a.OnStart, OnEvent: a.OnEvent})
	}
	if err != nil {
		return a.runError(err)
	}
	own := explain.TreeScope(root, mod.GoRoot, mod.ModCache)
	paths := make([]string, 0, len(res.Packages))
	for path := range res.Packages {
		if path != "" {
			paths = append(paths, path)
		}
	}
	sort.Strings(paths)
	var sum ui.ExplainSummary
	for _, path := range paths {
		v := grade.ClassifyModule(res.Packages[path], own)
		a.out.Explain(path, v, &sum)
	}
	a.out.ExplainEnd(sum)
	if sum.Leaks > 0 || sum.Failing > 0 {
		return ExitFail
	}
	return ExitPass
}

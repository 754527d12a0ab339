package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"gohunters/checker/internal/report"
	"gohunters/checker/internal/ui"
	"gohunters/internal/catalogue"
)

func (a *app) list(ctx context.Context, args []string) int {
	if len(args) > 0 {
		return a.check(ctx, args)
	}
	vs, err := a.gradeAll(ctx, a.Exercises, a.all, false)
	if err != nil {
		return a.runError(err)
	}
	a.out.List(vs)
	a.copyNote(vs)
	return exitCode(vs)
}

func (a *app) check(ctx context.Context, args []string) int {
	exs, ok := a.selectExercises(args)
	if !ok {
		return ExitUsage
	}
	if !a.roomOK() {
		return ExitUsage
	}
	vs, err := a.gradeAll(ctx, exs, true, true)
	if err != nil {
		return a.runError(err)
	}
	defer a.toRoom(ctx, vs)
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
		fmt.Fprintf(a.Stdout, a.out.T(ui.MsgProgress)+"\n", a.out.Bar(done, len(vs)), done, len(vs))
	}
	a.runtimeNote(vs)
	a.copyNote(vs)
	return exitCode(vs)
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
			a.errp.Errorf(ui.MsgSolutionLocked, e.Number, ui.StatusIn(a.out.Lang, vs[0].Status), e.Number)
			return ExitFail
		}
	}
	solDir := e.SolutionIn(a.root)
	entries, err := os.ReadDir(solDir)
	if err != nil {
		a.errp.Errorf("%v", err)
		return ExitUsage
	}
	fmt.Fprintf(a.Stdout, a.out.T(ui.MsgSolutionHeader)+"\n", e.Number)
	same := true
	for _, ent := range entries {
		name := ent.Name()
		if ent.IsDir() || catalogue.IsTestFile(name) || !strings.HasSuffix(name, ".go") {
			continue
		}
		mine := filepath.Join(filepath.FromSlash(e.Rel()), name)
		ref := filepath.Join(catalogue.SolutionsDir, e.Dir, name)
		differs, err := a.diff(mine, ref)
		if err != nil {
			fmt.Fprintln(a.Stdout, a.out.T(ui.MsgSolutionNoDiff))
			b, _ := os.ReadFile(filepath.Join(a.root, ref))
			fmt.Fprintf(a.Stdout, "==> %s <==\n%s\n", ref, b)
			same = false
			continue
		}
		same = same && !differs
	}
	if same {
		fmt.Fprintln(a.Stdout, a.out.T(ui.MsgSolutionSame))
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
	r := a.newReport(vs)
	a.sign(&r)
	if a.jsonOut {
		if err := report.WriteJSON(a.Stdout, r); err != nil {
			a.errp.Errorf("%v", err)
			return ExitUsage
		}
	}
	if a.junit != "" {
		if err := a.writeJUnit(r); err != nil {
			a.errp.Errorf("%v", err)
			return ExitUsage
		}
	}
	return exitCode(vs)
}

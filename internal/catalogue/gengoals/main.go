// Command gengoals writes, for every exercise whose catalogue entry has clauses,
// the goal_test.go of its folder and its solution's, and the Goal paragraph of
// the comment at the top of their code. Run it with go generate ./internal/catalogue.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"gohunters/internal/catalogue"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gengoals:", err)
		os.Exit(1)
	}
}

func run() error {
	root := filepath.Join("..", "..") // go generate runs in internal/catalogue
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return fmt.Errorf("run it with go generate ./internal/catalogue: %w", err)
	}
	for _, e := range catalogue.Exercises {
		if len(e.Clauses) == 0 {
			continue
		}
		for _, dir := range []string{e.DirIn(root), e.SolutionIn(root)} {
			name, src, pkg, err := catalogue.CodeWithGoal(dir)
			if err != nil {
				return err
			}
			out, _ := catalogue.WithGoalBlock(src, e)
			if err := os.WriteFile(name, out, 0o644); err != nil {
				return err
			}
			if pkg, err = catalogue.TestPackage(dir, pkg); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(dir, catalogue.GoalFile), catalogue.GoalTestFile(e, pkg), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

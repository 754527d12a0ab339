// Command gen writes checker/internal/pristine/exercises.txtar from the
// exercises of the module it runs in. Run it (go generate ./internal/catalogue) after
// changing an exercise, on a tree where the exercises are as shipped.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"gohunters/checker/internal/pristine"
	"gohunters/checker/internal/repo"
	"gohunters/internal/catalogue"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "pristine/gen:", err)
		os.Exit(1)
	}
}

func run() error {
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	root, err := repo.Find(cwd)
	if err != nil {
		return err
	}
	files, err := pristine.Collect(root, catalogue.Exercises)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(root, filepath.FromSlash(pristine.File)), pristine.Format(files), 0o644)
}

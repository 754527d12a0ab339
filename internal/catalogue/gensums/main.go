// Command gensums records the checksums of every exercise's files as shipped in
// internal/catalogue/sums.txt. Run it (go generate ./internal/catalogue) after
// adding or changing an exercise, on a tree where the exercises are untouched.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"gohunters/internal/catalogue"
)

func main() {
	root, err := moduleRoot()
	if err == nil {
		var b []byte
		if b, err = catalogue.GenerateSums(root, catalogue.Exercises); err == nil {
			err = os.WriteFile(filepath.Join(root, filepath.FromSlash(catalogue.SumsFile)), b, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gensums:", err)
		os.Exit(1)
	}
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	for err == nil {
		if _, serr := os.Stat(filepath.Join(dir, "go.mod")); serr == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the current directory")
		}
		dir = parent
	}
	return "", err
}

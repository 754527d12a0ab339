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
		err = generate(root)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gensums:", err)
		os.Exit(1)
	}
}

// generate writes the sums file, keeping the test trees whose test files did
// not change and recording the others from the solutions.
func generate(root string) error {
	file := filepath.Join(root, filepath.FromSlash(catalogue.SumsFile))
	var old catalogue.Trees
	if b, err := os.ReadFile(file); err == nil {
		if sums, err := catalogue.ParseSums(string(b)); err == nil {
			old = sums.Trees()
		}
	}
	trees, err := catalogue.RecordTrees(root, catalogue.Exercises, old)
	if err != nil {
		return err
	}
	b, err := catalogue.GenerateSums(root, catalogue.Exercises, trees)
	if err != nil {
		return err
	}
	return os.WriteFile(file, b, 0o644)
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

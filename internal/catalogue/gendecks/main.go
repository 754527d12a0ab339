// Command gendecks writes what the slides derive from the catalogue: each
// deck's debrief slides (between its "// Debriefs of exercises" line and the
// end marker), the appendix deck with every other exercise's debrief, in both
// languages, and slides/_shipped, the exercises' code as shipped for the decks
// to embed. Run it with go generate ./internal/catalogue, after the pristine
// archive is written.
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"gohunters/internal/catalogue"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gendecks:", err)
		os.Exit(1)
	}
}

func run() error {
	root := filepath.Join("..", "..") // go generate runs in internal/catalogue
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return fmt.Errorf("run it with go generate ./internal/catalogue: %w", err)
	}
	files, err := catalogue.GenerateDecks(root)
	if err != nil {
		return err
	}
	shipped := filepath.Join(root, "slides", catalogue.ShippedDir)
	if err := os.RemoveAll(shipped); err != nil {
		return err
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

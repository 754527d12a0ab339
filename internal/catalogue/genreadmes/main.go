// Command genreadmes writes every exercise folder's README.md and README.ja.md
// from the catalogue, keeping the hand-written part below catalogue.ReadmeEnd,
// and the exercise tables of the root's README.md and README.ja.md.
// Run it with go generate ./internal/catalogue (before gensums, which records the
// READMEs' checksums too).
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"gohunters/internal/catalogue"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "genreadmes:", err)
		os.Exit(1)
	}
}

func run() error {
	// go generate runs in the package's directory, internal/catalogue.
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return fmt.Errorf("run it with go generate ./internal/catalogue: %w", err)
	}
	for _, e := range catalogue.Exercises {
		for lang, name := range catalogue.Readmes {
			path := filepath.Join(root, "exercises", e.Dir, name)
			old, err := os.ReadFile(path)
			if err != nil && !os.IsNotExist(err) {
				return err
			}
			if err := os.WriteFile(path, []byte(catalogue.Readme(e, lang, catalogue.HandWritten(string(old)))), 0o644); err != nil {
				return err
			}
		}
	}
	// The exercise tables of README.md and README.ja.md, so that adding an
	// exercise needs no second command (internal/verify checks README.md's).
	for name, lang := range map[string]string{"README.md": "en", "README.ja.md": "ja"} {
		path := filepath.Join(root, name)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out, ok := catalogue.WithTable(string(b), catalogue.MarkdownTableIn(lang))
		if !ok {
			return fmt.Errorf("%s has no %q ... %q markers", name, catalogue.TableBegin, catalogue.TableEnd)
		}
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			return err
		}
	}
	return nil
}

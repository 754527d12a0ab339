package catalogue

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDecksUpToDate: the debrief slides, the appendix deck and slides/_shipped
// are what go generate ./internal/catalogue writes from today's catalogue,
// solutions and pristine archive.
func TestDecksUpToDate(t *testing.T) {
	root := filepath.Join("..", "..")
	files, err := GenerateDecks(root)
	if err != nil {
		t.Fatalf("%v\n\t(fix the catalogue entry or the deck, then run %s)", err, RegenerateCommand)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s is stale (the catalogue, a solution, a deck's debrief list or the exercises changed): run %s", name, RegenerateCommand)
		}
	}
	shipped := filepath.Join(root, "slides", ShippedDir)
	filepath.WalkDir(shipped, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if _, ok := files[filepath.ToSlash(rel)]; !ok {
			t.Errorf("%s is embedded by no deck: run %s", rel, RegenerateCommand)
		}
		return nil
	})
}

// TestEveryExerciseHasADebrief: every exercise names the solution code its
// debrief shows.
func TestEveryExerciseHasADebrief(t *testing.T) {
	for _, e := range Exercises {
		if len(entries[e.Dir].Solution) == 0 {
			t.Errorf("internal/catalogue/ex%02d.go: add Solution: []Excerpt{{\"file.go\", `/^func .../,/^}/`}} next to Minutes, the code its debrief shows", e.Number)
		}
		for _, x := range entries[e.Dir].Solution {
			if !filepath.IsLocal(x.File) || strings.Contains(x.File, `\\`) {
				t.Errorf("ex%02d.go: Solution file %q is a slash-separated path inside solutions/%s", e.Number, x.File, e.Dir)
			}
		}
	}
}

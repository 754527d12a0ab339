package slidecheck

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// processArtifact matches remarks about how the workshop was made rather than
// about goroutines: an issue, a note to the checker or to maintainers, an
// earlier version, a to-do. None belongs in what a room reads or hears.
var processArtifact = regexp.MustCompile(`(?i)\bissues?\b|note for the checker|\bchecker's [^.]*\bnote\b|workshop note|maintainers' note|earlier version|previous version|\bTODO\b|\bFIXME\b|\bXXX\b|チェッカー向け|以前の版|前の版`)

// pendingArtifacts are known ones in files this package's owners do not edit;
// the test fails once a file no longer has its artifact, so that the entry is
// removed.
var pendingArtifacts = map[string]string{}

// TestNoProcessArtifacts reads every deck (slides and notes), the slides'
// READMEs, and every exercise's and solution's code and README.
func TestNoProcessArtifacts(t *testing.T) {
	root := filepath.Dir(slidesDir(t))
	var files []string
	decks, _ := filepath.Glob(filepath.Join(root, "slides", "*.slide"))
	files = append(files, decks...)
	for _, dir := range []string{"exercises", "solutions"} {
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".md")) {
				files = append(files, p)
			}
			return err
		})
	}
	for _, p := range files {
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for i, line := range strings.Split(string(b), "\n") {
			m := processArtifact.FindString(line)
			if m == "" {
				continue
			}
			if want, ok := pendingArtifacts[rel]; ok && strings.Contains(line, want) {
				found = true
				continue
			}
			t.Errorf("%s:%d: %q is about how the workshop was made, not about goroutines: say it for the room or leave it out", rel, i+1, m)
		}
		if _, ok := pendingArtifacts[rel]; ok && !found {
			t.Errorf("%s no longer has its pending artifact: remove it from pendingArtifacts", rel)
		}
	}
}

package slidecheck

import (
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDecksEmbedNothingLearnersEdit: a deck embeds the exercises' code from
// slides/_shipped (written from the pristine archive), never from exercises/,
// which learners edit: a fix there would break the deck's address.
func TestDecksEmbedNothingLearnersEdit(t *testing.T) {
	for _, d := range readDecks(t) {
		for _, c := range codeCmds(d) {
			for _, part := range strings.Split(filepath.ToSlash(filepath.Clean(c.file)), "/") {
				if part == "exercises" {
					t.Errorf("%s:%d: embeds %s, which learners edit: embed _shipped/... instead (go generate ./internal/catalogue copies it)", d.name, c.line, c.file)
				}
			}
		}
	}
}

// TestDecksRenderInASolvedClone serves every deck with go tool present from a
// copy of the workshop in which every file under exercises/ has been changed,
// as after a room's work, and requires every deck to render.
func TestDecksRenderInASolvedClone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and serves go tool present; not with -short")
	}
	root := filepath.Dir(slidesDir(t))
	clone := t.TempDir()
	for _, dir := range []string{"slides", "solutions", "checker/internal/demo", "internal/leakcheck"} {
		copyTree(t, filepath.Join(root, dir), filepath.Join(clone, dir))
	}
	changed := 0
	filepath.WalkDir(filepath.Join(root, "exercises"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out := filepath.Join(clone, rel)
		os.MkdirAll(filepath.Dir(out), 0o755)
		changed++
		return os.WriteFile(out, []byte("package solved\n\n// Rewritten by a learner: nothing a deck could address is left.\n"), 0o644)
	})
	if changed == 0 {
		t.Fatal("no exercise files found")
	}
	base := servePresentIn(t, root, filepath.Join(clone, "slides"))
	names, _ := filepath.Glob(filepath.Join(clone, "slides", "*.slide"))
	client := &http.Client{Timeout: time.Minute}
	for _, name := range names {
		resp, err := client.Get(base + "/" + filepath.Base(name))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s does not render once the exercises are changed (%s): %s", filepath.Base(name), resp.Status, firstLine(body))
			continue
		}
		if n := len(regexp.MustCompile(`<article`).FindAll(body, -1)); n < 2 {
			t.Errorf("%s rendered %d slides", filepath.Base(name), n)
		}
	}
	t.Logf("%d decks rendered with %d exercise files changed", len(names), changed)
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		out := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

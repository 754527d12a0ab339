package watch

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// next waits for the next change src delivers, for a minute at most (only a
// change never seen matters).
func next(t *testing.T, src Source, what string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	got, ok := Debounce(ctx, src.Changes(), 50*time.Millisecond)
	if !ok {
		t.Fatalf("%s: no change delivered", what)
	}
	return got
}

// A watched folder moved away and back (issue 26: watch stayed on a stale
// verdict): its going and its coming are changes, and a file saved in it
// once it is back is seen, with either source.
func TestFolderMovedAwayAndBack(t *testing.T) {
	for _, c := range []struct {
		name string
		src  func(dir string) (Source, error)
	}{
		{"notify", func(dir string) (Source, error) { return NewNotify([]string{dir}) }},
		{"poll", func(dir string) (Source, error) { return NewPoll([]string{dir}, 20*time.Millisecond), nil }},
	} {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "07_ex")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "agent.go"), []byte("package x\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			src, err := c.src(dir)
			if err != nil {
				t.Skipf("fsnotify unavailable here: %v", err)
			}
			defer src.Close()
			time.Sleep(50 * time.Millisecond) // the poll's first snapshot
			away := filepath.Join(parent, "away")
			if err := os.Rename(dir, away); err != nil {
				t.Fatal(err)
			}
			if got := next(t, src, "moved away"); got != dir && filepath.Dir(got) != dir {
				t.Errorf("moved away: got %q, want the folder or a file of it", got)
			}
			if err := os.WriteFile(filepath.Join(away, "agent.go"), []byte("package x // changed while away\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(away, dir); err != nil {
				t.Fatal(err)
			}
			if got := next(t, src, "moved back"); got != dir && filepath.Dir(got) != dir {
				t.Errorf("moved back: got %q, want the folder or a file of it", got)
			}
			if err := os.WriteFile(filepath.Join(dir, "agent.go"), []byte("package x // saved once back\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if got := next(t, src, "saved once back"); got != filepath.Join(dir, "agent.go") {
				t.Errorf("saved once back: got %q, want %q", got, filepath.Join(dir, "agent.go"))
			}
		})
	}
}

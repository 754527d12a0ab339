package watch

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// An editor that saves by writing a temporary file and renaming it over the
// original (vim's backupcopy=no, many IDEs) must still trigger a run.
func testRenameOnSave(t *testing.T, src Source, dir string) {
	t.Helper()
	defer src.Close()
	tmp := filepath.Join(dir, ".agent.go.swp")
	if err := os.WriteFile(tmp, []byte("package x // edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "agent.go")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // only a change never seen matters
	defer cancel()
	got, ok := Debounce(ctx, src.Changes(), 50*time.Millisecond)
	if !ok || filepath.Base(got) != "agent.go" {
		t.Fatalf("got %q, %v; want agent.go", got, ok)
	}
}

func setup(t *testing.T) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "agent.go"), []byte("package x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestNotifyRenameOnSave(t *testing.T) {
	dir := setup(t)
	n, err := NewNotify([]string{dir})
	if err != nil {
		t.Skipf("fsnotify unavailable here: %v", err)
	}
	testRenameOnSave(t, n, dir)
}

func TestPollRenameOnSave(t *testing.T) {
	dir := setup(t)
	p := NewPoll([]string{dir}, 20*time.Millisecond)
	time.Sleep(30 * time.Millisecond) // first snapshot
	testRenameOnSave(t, p, dir)
}

func TestRelevant(t *testing.T) {
	for p, want := range map[string]bool{"a/agent.go": true, "a/.agent.go.swp": false, "a/agent.go~": false, "a/#agent.go#": false, "a/notes.md": false} {
		if Relevant(p) != want {
			t.Errorf("Relevant(%q) = %v", p, !want)
		}
	}
}

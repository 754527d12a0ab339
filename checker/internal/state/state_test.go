package state

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLocate(t *testing.T) {
	root, user := t.TempDir(), t.TempDir()
	s := Locate(root, user)
	if s.InTree() || !strings.HasPrefix(s.Dir, filepath.Join(user, "gohunters", filepath.Base(root)+"-")) {
		t.Errorf("store %q, want one of its own under %s", s.Dir, user)
	}
	if other := Locate(t.TempDir(), user); other.Dir == s.Dir {
		t.Error("two clones share a store")
	}
	// The same clone reached through a symbolic link has the same store.
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(root, link); err == nil {
		if Locate(link, user).Dir != s.Dir {
			t.Error("a symlinked path gets another store")
		}
	}
	if in := Locate(root, ""); !in.InTree() || in.Dir != filepath.Join(root, Dir) {
		t.Errorf("without a user directory: %+v", in)
	}
}

// Hints are kept in the store; those an older checker wrote in the tree count
// too, the larger level winning.
func TestHintsLoadSave(t *testing.T) {
	root := t.TempDir()
	s := Locate(root, t.TempDir())
	st := s.Load()
	st.Hints["01_a"] = 1
	st.Hints["02_b"] = 3
	if err := st.Save(); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(s.Legacy, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.Legacy, "state.txt"), []byte("hints 01_a 2\nhints 02_b 1\njunk\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := s.Load().Hints
	if got["01_a"] != 2 || got["02_b"] != 3 || len(got) != 2 {
		t.Errorf("hints %v", got)
	}
	os.RemoveAll(s.Legacy)
	if got := s.Load().Hints; got["02_b"] != 3 {
		t.Errorf("hints lost with the tree's .checker: %v", got)
	}
}

// Backups made at the same millisecond, even at once, get distinct directories,
// listed newest first.
func TestNewBackupUnique(t *testing.T) {
	s := Locate(t.TempDir(), t.TempDir())
	now := time.Date(2026, 11, 29, 22, 15, 30, 42e6, time.Local)
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			p, err := s.NewBackup("01_a", now)
			mu.Lock()
			defer mu.Unlock()
			if err != nil || seen[p] {
				t.Errorf("backup %q, %v", p, err)
			}
			seen[p] = true
			fill(t, p)
		})
	}
	wg.Wait()
	later, err := s.NewBackup("01_a", now.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	fill(t, later)
	bs := s.Backups("01_a")
	if len(bs) != 21 || bs[0].Path != later || bs[0].ID != "20261129-221531.042" || !bs[0].Time.Equal(now.Add(time.Second)) {
		t.Errorf("backups: %d, newest %+v", len(bs), bs[0])
	}
	if len(s.Backups("02_b")) != 0 {
		t.Error("backups of another exercise")
	}
}

// The lock excludes a second holder until the first releases it.
func TestLock(t *testing.T) {
	s := Locate(t.TempDir(), t.TempDir())
	unlock, err := s.Lock()
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan struct{})
	go func() {
		u, err := s.Lock()
		if err == nil {
			u()
		}
		close(got)
	}()
	select {
	case <-got:
		t.Fatal("a second lock while the first is held")
	case <-time.After(100 * time.Millisecond):
	}
	unlock()
	select {
	case <-got:
	case <-time.After(time.Minute): // only a lock never handed over matters
		t.Fatal("the lock was not handed over")
	}
	if b, err := os.ReadFile(filepath.Join(s.Dir, "clone.txt")); err != nil || !strings.Contains(string(b), s.Root) {
		t.Errorf("clone.txt: %q, %v", b, err)
	}
}

func TestBinDir(t *testing.T) {
	root, cache := t.TempDir(), t.TempDir()
	if got := BinDir(root, cache); got != filepath.Join(root, Dir, "bin") {
		t.Errorf("writable tree: %s", got)
	}
	// A tree where .checker cannot be a directory.
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, Dir), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := BinDir(other, cache); !strings.HasPrefix(got, filepath.Join(cache, "gohunters")) {
		t.Errorf("unwritable tree: %s", got)
	}
	if got := BinDir(other, ""); !strings.HasPrefix(got, os.TempDir()) {
		t.Errorf("unwritable tree, no cache: %s", got)
	}
}

// The state file is sealed: hints lowered by hand, or the file deleted, show
// as an edit, and saving again does not hide it.
func TestStateSealShowsEdits(t *testing.T) {
	s := Locate(t.TempDir(), t.TempDir())
	st := s.Load()
	st.Hints["01_a"] = 3
	if err := st.Save(); err != nil {
		t.Fatal(err)
	}
	if st := s.Load(); !st.Edited.IsZero() || st.Hints["01_a"] != 3 {
		t.Fatalf("as saved: edited %v, hints %v", st.Edited, st.Hints)
	}
	p := filepath.Join(s.Dir, "state.txt")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), "hints 01_a 3", "hints 01_a 0", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	edited := s.Load()
	if edited.Edited.IsZero() {
		t.Fatal("hints lowered by hand: not marked edited")
	}
	if err := edited.Save(); err != nil {
		t.Fatal(err)
	}
	if s.Load().Edited.IsZero() {
		t.Error("saving again hid the edit")
	}
	// Deleted after a sealed one was written.
	s2 := Locate(t.TempDir(), t.TempDir())
	if err := s2.Load().Save(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(s2.Dir, "state.txt")); err != nil {
		t.Fatal(err)
	}
	if s2.Load().Edited.IsZero() {
		t.Error("state deleted: not marked edited")
	}
}

// A backup is listed only once it is complete: a copy under way (or cut short
// by kill -9) and a name reserved but not yet filled are not backups.
func TestPartialBackupsNotListed(t *testing.T) {
	s := Locate(t.TempDir(), t.TempDir())
	b := s.Saver("01_a", time.Now())
	tmp, err := b.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "a.go"), []byte("package a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NewBackup("01_a", time.Now().Add(time.Hour)); err != nil { // reserved, never filled
		t.Fatal(err)
	}
	if got := s.Backups("01_a"); len(got) != 0 {
		t.Fatalf("listed before Commit: %v", got)
	}
	final, err := b.Commit(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Backups("01_a"); len(got) != 1 || got[0].Path != final {
		t.Errorf("after Commit: %v, want %s", got, final)
	}
}

// fill gives a backup directory a file, as a finished backup has.
func fill(t *testing.T, dir string) {
	if err := os.WriteFile(filepath.Join(dir, "a.go"), []byte("package a\n"), 0o644); err != nil {
		t.Error(err)
	}
}

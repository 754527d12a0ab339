package restore

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The exercise folder replaced by something else: a file, a link to a folder
// elsewhere, a link to nothing. Reset keeps that thing in a backup, under the
// folder's name, and makes the folder again as shipped; what a link points to
// is left as it was.
func TestResetFolderReplacedByFileOrLink(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(t *testing.T, ex string) (check func(t *testing.T, kept string))
	}{
		{"a file", func(t *testing.T, ex string) func(*testing.T, string) {
			if err := os.WriteFile(ex, []byte("the learner's file\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			return func(t *testing.T, kept string) {
				fi, err := os.Lstat(kept)
				if err != nil || !fi.Mode().IsRegular() {
					t.Fatalf("backup holds %v (%v), want the regular file", fi, err)
				}
				if b, _ := os.ReadFile(kept); string(b) != "the learner's file\n" {
					t.Errorf("backed-up file holds %q, want the learner's bytes", b)
				}
			}
		}},
		{"a link to a folder", func(t *testing.T, ex string) func(*testing.T, string) {
			target := t.TempDir()
			lay(t, target, map[string]string{"a.go": "package a // mine, moved away\n"})
			if err := os.Symlink(target, ex); err != nil {
				t.Fatal(err)
			}
			return func(t *testing.T, kept string) {
				if got, err := os.Readlink(kept); err != nil || got != target {
					t.Errorf("backup holds link to %q (%v), want %q", got, err, target)
				}
				if got := files(t, target); got["a.go"] != "package a // mine, moved away\n" || len(got) != 1 {
					t.Errorf("the folder the link pointed to changed: %v", got)
				}
			}
		}},
		{"a link to nothing", func(t *testing.T, ex string) func(*testing.T, string) {
			target := filepath.Join(t.TempDir(), "gone")
			if err := os.Symlink(target, ex); err != nil {
				t.Fatal(err)
			}
			return func(t *testing.T, kept string) {
				if got, err := os.Readlink(kept); err != nil || got != target {
					t.Errorf("backup holds link to %q (%v), want %q", got, err, target)
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ex := filepath.Join(t.TempDir(), "01_a")
			check := tc.make(t, ex)
			b := &backups{t: t}
			res, err := Reset(ex, shipped, nil, b)
			if err != nil {
				t.Fatalf("Reset: %v, want the folder made again as shipped", err)
			}
			if !res.Changed || !reflect.DeepEqual(res.Moved, []string{"01_a"}) || len(b.made) != 1 || res.Backup != b.made[0] {
				t.Fatalf("result %+v with backups %v, want changed, 01_a moved into the one backup", res, b.made)
			}
			ents, err := os.ReadDir(res.Backup)
			if err != nil || len(ents) != 1 || ents[0].Name() != "01_a" {
				t.Fatalf("backup %s holds %v (%v), want only 01_a", res.Backup, ents, err)
			}
			check(t, filepath.Join(res.Backup, "01_a"))
			if fi, err := os.Lstat(ex); err != nil || !fi.IsDir() {
				t.Fatalf("%s is %v (%v) after reset, want a folder", ex, fi, err)
			}
			want := map[string]string{}
			for k, v := range shipped {
				want[k] = string(v)
			}
			if got := files(t, ex); !reflect.DeepEqual(got, want) {
				t.Errorf("exercise after reset %v, want as shipped %v", got, want)
			}
		})
	}
}

// stuckCopy is a Saver whose Begin succeeds but whose copy cannot be
// finished: what a disk that fills up during the backup looks like. The
// folder it hands out already has a file where the copy needs a folder, so
// the copy stops there, the files copied before it left in the folder.
type stuckCopy struct {
	t         *testing.T
	tmp       string
	committed bool
}

func (s *stuckCopy) Begin() (string, error) {
	s.tmp = filepath.Join(s.t.TempDir(), ".partial-1")
	if err := os.MkdirAll(s.tmp, 0o755); err != nil {
		return "", err
	}
	return s.tmp, os.WriteFile(filepath.Join(s.tmp, "sub"), nil, 0o644)
}

func (s *stuckCopy) Commit(tmp string) (string, error) {
	s.committed = true
	return tmp, nil
}

// A backup whose copy fails after Begin (a full disk) stops the reset, and the
// restore, before anything changes, and leaves no partial copy behind.
func TestBackupCutShortChangesNothing(t *testing.T) {
	mine := map[string]string{"a.go": "package a // mine\n", "a_test.go": "package a // test\n", "sub/b.go": "package b // mine\n"}
	for _, tc := range []struct {
		name string
		do   func(ex string, s Saver) (Result, error)
	}{
		{"reset", func(ex string, s Saver) (Result, error) { return Reset(ex, shipped, nil, s) }},
		{"restore", func(ex string, s Saver) (Result, error) {
			from := t.TempDir()
			lay(t, from, map[string]string{"a.go": "package a // an older try\n"})
			return Restore(ex, from, s)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ex := t.TempDir()
			lay(t, ex, mine)
			s := &stuckCopy{t: t}
			res, err := tc.do(ex, s)
			if err == nil || !strings.Contains(err.Error(), "nothing was changed") {
				t.Fatalf("err %v, want a backup failure that says nothing was changed", err)
			}
			if res.Backup != "" || s.committed {
				t.Errorf("a backup was made of a cut-short copy: %+v, committed %v", res, s.committed)
			}
			if _, err := os.Stat(s.tmp); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the partial copy %s is still there (%v)", s.tmp, err)
			}
			if got := files(t, ex); !reflect.DeepEqual(got, mine) {
				t.Errorf("exercise changed: %v, want %v", got, mine)
			}
		})
	}
}

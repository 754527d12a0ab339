package restore

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"gohunters/internal/catalogue"
)

func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	m, err := readDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}

func lay(t *testing.T, dir string, content map[string]string) {
	t.Helper()
	for name, s := range content {
		if err := write(dir, name, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
}

// backups hands out fresh directories and counts the backups made in them.
type backups struct {
	t    *testing.T
	made []string
	fail error // Begin's
}

func (b *backups) Begin() (string, error) {
	if b.fail != nil {
		return "", b.fail
	}
	return b.t.TempDir(), nil
}

func (b *backups) Commit(tmp string) (string, error) {
	d := filepath.Join(b.t.TempDir(), "backup")
	if err := os.Rename(tmp, d); err != nil {
		return "", err
	}
	b.made = append(b.made, d)
	return d, nil
}

var shipped = map[string][]byte{"a.go": []byte("package a\n"), "a_test.go": []byte("package a // test\n")}

func TestResetKeepsNotesMovesGoFiles(t *testing.T) {
	ex := t.TempDir()
	lay(t, ex, map[string]string{"a.go": "package a // mine\n", "a_test.go": "package a // test\n", "notes.txt": "n\n", "extra.go": "package a\n", "extra_test.go": "package a\n", "testdata/x.txt": "x\n", "go.mod": "module a\n"})
	before := files(t, ex)
	b := &backups{t: t}
	res, err := Reset(ex, shipped, nil, b)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Changed || len(b.made) != 1 || res.Backup != b.made[0] {
		t.Fatalf("result %+v, backups %v", res, b.made)
	}
	if !reflect.DeepEqual(files(t, res.Backup), before) {
		t.Errorf("backup %v, want %v", files(t, res.Backup), before)
	}
	if want := []string{"notes.txt"}; !reflect.DeepEqual(res.Kept, want) {
		t.Errorf("kept %v", res.Kept)
	}
	if want := []string{"extra.go", "extra_test.go", "go.mod", "testdata/x.txt"}; !reflect.DeepEqual(res.Moved, want) {
		t.Errorf("moved %v", res.Moved)
	}
	if got, want := files(t, ex), map[string]string{"a.go": "package a\n", "a_test.go": "package a // test\n", "notes.txt": "n\n"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after reset %v", got)
	}
	// Already as shipped (notes aside): nothing changes, no backup.
	res, err = Reset(ex, shipped, nil, b)
	if err != nil || res.Changed || len(b.made) != 1 {
		t.Errorf("second reset %+v, %v, backups %v", res, err, b.made)
	}
}

func TestResetOnlyTests(t *testing.T) {
	ex := t.TempDir()
	lay(t, ex, map[string]string{"a.go": "package a // mine\n", "a_test.go": "package a // edited\n", "b_test.go": "package a\n"})
	b := &backups{t: t}
	res, err := Reset(ex, shipped, func(n string) bool { return strings.HasSuffix(n, "_test.go") }, b)
	if err != nil || !res.Changed || res.Backup == "" {
		t.Fatalf("%+v, %v", res, err)
	}
	if got, want := files(t, ex), map[string]string{"a.go": "package a // mine\n", "a_test.go": "package a // test\n"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after reset --tests %v", got)
	}
}

func TestResetMissingDirectory(t *testing.T) {
	ex := filepath.Join(t.TempDir(), "gone")
	b := &backups{t: t}
	res, err := Reset(ex, shipped, nil, b)
	if err != nil || !res.Changed || res.Backup != "" || len(b.made) != 0 {
		t.Fatalf("%+v, %v, %v", res, err, b.made)
	}
	if len(files(t, ex)) != 2 {
		t.Error("not restored")
	}
}

// A backup that cannot be made stops the reset before anything changes.
func TestResetBackupFailureChangesNothing(t *testing.T) {
	ex := t.TempDir()
	lay(t, ex, map[string]string{"a.go": "package a // mine\n"})
	_, err := Reset(ex, shipped, nil, &backups{t: t, fail: errors.New("disk full")})
	if err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("err %v", err)
	}
	if got := files(t, ex); got["a.go"] != "package a // mine\n" || len(got) != 1 {
		t.Errorf("changed: %v", got)
	}
}

func TestRestore(t *testing.T) {
	ex, from := t.TempDir(), t.TempDir()
	lay(t, from, map[string]string{"a.go": "package a // mine\n", "notes.txt": "n\n"})
	lay(t, ex, map[string]string{"a.go": "package a // unsaved\n", "b.go": "package a\n"})
	current := files(t, ex)
	b := &backups{t: t}
	res, err := Restore(ex, from, b)
	if err != nil || !res.Changed || res.Backup == "" {
		t.Fatalf("%+v, %v", res, err)
	}
	if !reflect.DeepEqual(files(t, ex), files(t, from)) {
		t.Errorf("restored %v", files(t, ex))
	}
	if !reflect.DeepEqual(files(t, res.Backup), current) {
		t.Errorf("unsaved work not backed up: %v", files(t, res.Backup))
	}
	res, err = Restore(ex, from, b)
	if err != nil || res.Changed || len(b.made) != 1 {
		t.Errorf("restoring the same again: %+v, %v", res, err)
	}
}

// Pristine takes a shipped file only when it matches the recorded checksum,
// and names what no source has.
func TestPristineChecksShipped(t *testing.T) {
	sums := []catalogue.FileSum{{Dir: "01_a", Name: "a.go", SHA256: catalogue.Hash(shipped["a.go"])}}
	good := fstest.MapFS{"01_a/a.go": {Data: shipped["a.go"]}}
	got, err := Pristine(good, t.TempDir(), "01_a", sums)
	if err != nil || string(got["a.go"]) != "package a\n" {
		t.Fatalf("%q, %v", got, err)
	}
	bad := fstest.MapFS{"01_a/a.go": {Data: []byte("package evil\n")}}
	_, err = Pristine(bad, t.TempDir(), "01_a", sums)
	var nf *NotFoundError
	if !errors.As(err, &nf) || !reflect.DeepEqual(nf.Files, []string{"a.go"}) {
		t.Errorf("tampered archive: %v", err)
	}
	if _, err := Pristine(good, t.TempDir(), "01_a", nil); !errors.Is(err, ErrNoSums) {
		t.Errorf("no sums: %v", err)
	}
}

// readDir returns every file under dir by slash-separated relative name.
func readDir(dir string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	return out, err
}

// A huge file in the exercise folder (a log the learner's code wrote) is
// backed up and compared as a stream, never held in memory.
func TestResetHugeFileStreams(t *testing.T) {
	ex := t.TempDir()
	lay(t, ex, map[string]string{"a.go": "package a // mine\n", "a_test.go": "package a // test\n"})
	const size = 64 << 20
	big, err := os.Create(filepath.Join(ex, "out.log"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(size); err != nil {
		t.Fatal(err)
	}
	big.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b := &backups{t: t}
	res, err := Reset(ex, shipped, nil, b)
	runtime.ReadMemStats(&after)
	if err != nil || res.Backup == "" || !reflect.DeepEqual(res.Kept, []string{"out.log"}) {
		t.Fatalf("%+v, %v", res, err)
	}
	if st, err := os.Stat(filepath.Join(res.Backup, "out.log")); err != nil || st.Size() != size {
		t.Errorf("backup of out.log: %v, %v", st, err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > size/4 {
		t.Errorf("reset allocated %d MB for a %d MB file", alloc>>20, size>>20)
	}
}

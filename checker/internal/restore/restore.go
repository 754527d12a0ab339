// Package restore brings an exercise back to its shipped state from sources the
// learner's edits cannot have changed (the archive of the shipped exercises
// built into the checker, then the git history), keeping only content whose
// sha256 matches the checksums recorded when the exercise shipped; and brings a
// backup back. The learner's version is always backed up first.
package restore

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"gohunters/internal/catalogue"
)

// ErrNoSums means there is nothing to check a source against.
var ErrNoSums = errors.New("no checksums are recorded for this exercise")

// NotFoundError lists the files no trusted source holds.
type NotFoundError struct {
	Files  []string
	Reason string // why git could not help, if it could not run at all
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no shipped copy of %s found (%s)", strings.Join(e.Files, ", "), e.Reason)
}

// Pristine returns the shipped content of every recorded file of exercise dir:
// from shipped (files named <dir>/<name>, the archive built into the checker;
// may be nil), else from git objects, whichever matches the recorded sha256.
func Pristine(shipped fs.FS, root, dir string, sums []catalogue.FileSum) (map[string][]byte, error) {
	if len(sums) == 0 {
		return nil, ErrNoSums
	}
	found := map[string][]byte{}
	var missing []catalogue.FileSum
	for _, s := range sums {
		if shipped != nil {
			if b, err := fs.ReadFile(shipped, path.Join(dir, s.Name)); err == nil && catalogue.Hash(b) == s.SHA256 {
				found[s.Name] = b
				continue
			}
		}
		missing = append(missing, s)
	}
	if len(missing) == 0 {
		return found, nil
	}
	if _, err := exec.LookPath("git"); err != nil {
		return found, &NotFoundError{Files: names(missing), Reason: "git is not installed"}
	}
	if out, err := git(root, "rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(string(out)) != "true" {
		return found, &NotFoundError{Files: names(missing), Reason: "this copy of the workshop is not a git clone"}
	}
	var still []string
	for _, s := range missing {
		rel := "./" + path.Join(catalogue.ExercisesDir, dir, s.Name)
		if b, ok := search(root, rel, s.SHA256); ok {
			found[s.Name] = b
		} else {
			still = append(still, s.Name)
		}
	}
	if len(still) > 0 {
		return found, &NotFoundError{Files: still, Reason: "no commit of this clone has it"}
	}
	return found, nil
}

// search looks for rel's shipped content at HEAD, then in every commit that touched it.
func search(root, rel, sum string) ([]byte, bool) {
	revs := []string{"HEAD"}
	if out, err := git(root, "log", "--all", "--format=%H", "--", rel); err == nil {
		revs = append(revs, strings.Fields(string(out))...)
	}
	for _, rev := range revs {
		b, err := git(root, "show", rev+":"+rel)
		if err == nil && catalogue.Hash(b) == sum {
			return b, true
		}
	}
	return nil, false
}

func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"--no-replace-objects"}, args...)...)
	cmd.Dir = dir
	cmd.Env = catalogue.GitEnv()
	return cmd.Output()
}

func names(sums []catalogue.FileSum) []string {
	var out []string
	for _, s := range sums {
		out = append(out, s.Name)
	}
	return out
}

// Result says what Reset and Restore did.
type Result struct {
	Changed bool     // whether the exercise's files changed at all
	Backup  string   // where the exercise's previous content was saved, "" if nowhere
	Kept    []string // files of the learner's own left in place (notes, ...)
	Moved   []string // files of the learner's own taken out: they are in Backup
}

// Saver makes backups that are complete or absent (state.BackupSaver).
type Saver interface {
	// Begin returns a new, empty directory for a backup's copy, which no
	// listing of backups shows.
	Begin() (string, error)
	// Commit makes the finished copy in tmp a backup, in one rename, and
	// returns where it is.
	Commit(tmp string) (string, error)
}

// Reset makes exercise directory exDir hold files, the shipped content. Before
// it changes anything it backs exDir up with saver (only when exDir differs
// from what it will become). Files the exercise never shipped stay in place,
// except Go files and test data, which would be built or read with the
// shipped code: those are taken out (they are in the backup). With only set,
// it touches only the files whose slash-separated names only accepts (e.g. the
// tests). An exDir that is a file, not a folder, is backed up and replaced.
func Reset(exDir string, files map[string][]byte, only func(name string) bool, saver Saver) (Result, error) {
	var res Result
	if only == nil {
		only = func(string) bool { return true }
	}
	if fi, err := os.Lstat(exDir); err == nil && !fi.IsDir() {
		// Something else where the folder should be (a file, a link): keep it
		// in the backup, then make the folder.
		if res.Backup, err = backupFile(exDir, saver); err != nil {
			return res, err
		}
		if err := os.Remove(exDir); err != nil {
			return res, err
		}
		res.Changed, res.Moved = true, []string{filepath.Base(exDir)}
		for name, b := range files {
			if err := write(exDir, name, b); err != nil {
				return res, err
			}
		}
		return res, nil
	}
	current, err := list(exDir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return res, err
	}
	var extra []string
	changes := false
	for name, size := range current {
		want, shipped := files[name]
		switch {
		case !only(name):
		case !shipped && buildInput(name):
			extra = append(extra, name)
			changes = true
		case !shipped:
			res.Kept = append(res.Kept, name)
		default:
			differs, err := differsFrom(filepath.Join(exDir, filepath.FromSlash(name)), size, want)
			if err != nil {
				return res, err
			}
			changes = changes || differs
		}
	}
	for name := range files {
		if _, ok := current[name]; !ok && only(name) {
			changes = true
		}
	}
	sort.Strings(res.Kept)
	sort.Strings(extra)
	if !changes {
		res.Kept = nil
		return res, nil
	}
	res.Changed = true
	if len(current) > 0 {
		if res.Backup, err = backup(exDir, saver); err != nil {
			return res, err
		}
	}
	for _, name := range extra {
		if err := os.Remove(filepath.Join(exDir, filepath.FromSlash(name))); err != nil {
			return res, err
		}
		res.Moved = append(res.Moved, name)
	}
	for name, b := range files {
		if only(name) {
			if err := write(exDir, name, b); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// buildInput reports whether the go command builds or reads name, or the tests
// read it: Go and other source files, test data, and a stray go.mod, which
// would cut the exercise off from the workshop's module.
func buildInput(name string) bool {
	switch path.Base(name) {
	case "go.mod", "go.sum", "go.work", "go.work.sum":
		return true
	}
	switch path.Ext(name) {
	case ".go", ".s", ".S", ".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".hxx", ".m", ".f", ".F", ".for", ".f90", ".swig", ".swigcxx", ".syso":
		return true
	}
	return catalogue.IsTestFile(name)
}

// differsFrom reports whether the file at p, of size bytes, differs from want,
// line endings aside, without reading a file far larger than want.
func differsFrom(p string, size int64, want []byte) (bool, error) {
	if size > 2*int64(len(want))+16 { // more than CRLF line endings could add
		return true, nil
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return false, err
	}
	return catalogue.Hash(b) != catalogue.Hash(want), nil
}

// Restore makes exDir hold exactly the files of the backup at from. The
// current content, unless it is the same, is first backed up with saver.
func Restore(exDir, from string, saver Saver) (Result, error) {
	var res Result
	want, err := list(from)
	if err != nil {
		return res, err
	}
	current, err := list(exDir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return res, err
	}
	if same, err := sameTree(exDir, from); err != nil || same {
		return res, err
	}
	res.Changed = true
	if len(current) > 0 {
		if res.Backup, err = backup(exDir, saver); err != nil {
			return res, err
		}
	}
	for name := range current {
		if _, ok := want[name]; !ok {
			if err := os.Remove(filepath.Join(exDir, filepath.FromSlash(name))); err != nil {
				return res, err
			}
		}
	}
	return res, copyTree(from, exDir)
}

// backup copies exDir into a new backup, checks the copy, and only then
// makes it a backup: one cut short (a full disk) is removed, never listed.
func backup(exDir string, saver Saver) (string, error) {
	return saveWith(saver, func(dst string) error {
		if err := copyTree(exDir, dst); err != nil {
			return err
		}
		if same, err := sameTree(exDir, dst); err != nil || !same {
			if err == nil {
				err = errors.New("the copy differs from the original")
			}
			return err
		}
		return nil
	})
}

// backupFile keeps the file (or link) at p in a new backup, under its name.
func backupFile(p string, saver Saver) (string, error) {
	return saveWith(saver, func(dst string) error {
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, filepath.Base(p))
		if fi.Mode()&os.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, to)
		}
		return copyFile(p, to)
	})
}

func saveWith(saver Saver, fill func(dst string) error) (string, error) {
	tmp, err := saver.Begin()
	if err == nil {
		if err = fill(tmp); err == nil {
			var dst string
			if dst, err = saver.Commit(tmp); err == nil {
				return dst, nil
			}
		}
		os.RemoveAll(tmp)
	}
	return "", fmt.Errorf("backup failed, nothing was changed: %w", err)
}

// list returns the size of every file under dir by slash-separated relative name.
func list(dir string) (map[string]int64, error) {
	out := map[string]int64{}
	if _, err := os.Stat(dir); err != nil {
		return out, err
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = info.Size()
		return nil
	})
	return out, err
}

// sameTree reports whether directories a and b hold the same files, byte for byte.
func sameTree(a, b string) (bool, error) {
	la, err := list(a)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	lb, err := list(b)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	if len(la) != len(lb) {
		return false, nil
	}
	for name, size := range la {
		if other, ok := lb[name]; !ok || other != size {
			return false, nil
		}
	}
	for name := range la {
		ha, err := fileHash(filepath.Join(a, filepath.FromSlash(name)))
		if err != nil {
			return false, err
		}
		hb, err := fileHash(filepath.Join(b, filepath.FromSlash(name)))
		if err != nil {
			return false, err
		}
		if ha != hb {
			return false, nil
		}
	}
	return true, nil
}

func fileHash(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func write(dir, name string, b []byte) error {
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, b, 0o644)
}

// copyTree copies every file under src to the same name under dst.
func copyTree(src, dst string) error {
	names, err := list(src)
	if err != nil {
		return err
	}
	for name := range names {
		if err := copyFile(filepath.Join(src, filepath.FromSlash(name)), filepath.Join(dst, filepath.FromSlash(name))); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

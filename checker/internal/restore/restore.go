// Package restore brings an exercise back to its shipped state from a source the
// learner's edits cannot have changed: the git history, where it keeps only
// content whose sha256 matches the checksums recorded when the exercise shipped.
// The learner's version is always backed up first.
package restore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"gohunters/checker/catalogue"
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

// Pristine returns the shipped content of every recorded file of exercise dir,
// read from git objects whose content matches the recorded sha256.
func Pristine(root, dir string, sums []catalogue.FileSum) (map[string][]byte, error) {
	if len(sums) == 0 {
		return nil, ErrNoSums
	}
	if _, err := exec.LookPath("git"); err != nil {
		return nil, &NotFoundError{Files: names(sums), Reason: "git is not installed"}
	}
	if out, err := git(root, "rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(string(out)) != "true" {
		return nil, &NotFoundError{Files: names(sums), Reason: "this copy of the workshop is not a git clone"}
	}
	found := map[string][]byte{}
	var missing []string
	for _, s := range sums {
		rel := "./" + path.Join("exercises", dir, s.Name)
		if b, ok := search(root, rel, s.SHA256); ok {
			found[s.Name] = b
		} else {
			missing = append(missing, s.Name)
		}
	}
	if len(missing) > 0 {
		return found, &NotFoundError{Files: missing, Reason: "no commit of this clone has it"}
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
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0")
	return cmd.Output()
}

func names(sums []catalogue.FileSum) []string {
	var out []string
	for _, s := range sums {
		out = append(out, s.Name)
	}
	return out
}

// Reset copies exercise directory exDir to backup (when it exists), then makes
// exDir hold exactly files: files the exercise never shipped are removed (they
// are in the backup). With only set, it touches only the files whose
// slash-separated names only accepts (e.g. the tests), restored or removed,
// and leaves the rest as they are. It returns whether a backup was made.
func Reset(exDir, backup string, files map[string][]byte, only func(name string) bool) (bool, error) {
	if only == nil {
		only = func(string) bool { return true }
	}
	backedUp := false
	if _, err := os.Stat(exDir); err == nil {
		if err := copyDir(exDir, backup); err != nil {
			return false, fmt.Errorf("backup failed, nothing was changed: %w", err)
		}
		backedUp = true
		err := filepath.WalkDir(exDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(exDir, p)
			name := filepath.ToSlash(rel)
			if _, ok := files[name]; !ok && only(name) {
				return os.Remove(p)
			}
			return nil
		})
		if err != nil {
			return backedUp, err
		}
	}
	for name, b := range files {
		if !only(name) {
			continue
		}
		p := filepath.Join(exDir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return backedUp, err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return backedUp, err
		}
	}
	return backedUp, nil
}

func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

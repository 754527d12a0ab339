// Package freshmachine gives the timed cold-run tests what a first run on a
// new machine finds: a clone of the workshop's history, and build and module
// caches that hold nothing, with the modules served from this machine's
// module cache as a proxy would serve them (no network needed).
package freshmachine

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Clone clones the repository at root (its history, as a learner's git clone
// gets it) into a folder of t's, and returns that folder. It skips t when
// git cannot clone root (a copy without history).
func Clone(t testing.TB, root string) string {
	t.Helper()
	clone := filepath.Join(t.TempDir(), "clone")
	if out, err := exec.Command("git", "clone", "-q", root, clone).CombinedOutput(); err != nil {
		t.Skipf("git clone: %v\n%s", err, out)
	}
	return clone
}

// Env is what to add to a go command's environment for it to find empty
// build and module caches, folders of t's.
func Env(t testing.TB) []string {
	t.Helper()
	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOMODCACHE: %v", err)
	}
	proxy := filepath.Join(strings.TrimSpace(string(modcache)), "cache", "download")
	return []string{"GOCACHE=" + t.TempDir(), "GOMODCACHE=" + t.TempDir(), "GOFLAGS=-modcacherw",
		"GOPROXY=file://" + filepath.ToSlash(proxy), "GOSUMDB=off"}
}

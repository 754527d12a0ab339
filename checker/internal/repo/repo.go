// Package repo finds the workshop's module from wherever the checker is run and
// checks that the installed Go can build it.
package repo

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Module is the workshop's module path.
const Module = "gohunters"

// ErrNotFound means no directory above the start has the workshop's go.mod.
var ErrNotFound = errors.New("not inside the workshop's repository")

// Find walks up from dir to the directory whose go.mod declares module gohunters.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && ModulePath(string(b)) == Module {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNotFound
		}
		dir = parent
	}
}

var (
	moduleLine = regexp.MustCompile(`(?m)^module\s+"?([^\s"]+)"?`)
	goLine     = regexp.MustCompile(`(?m)^go\s+(\d+(?:\.\d+)*)`)
)

// ModulePath returns the module path a go.mod declares.
func ModulePath(gomod string) string {
	if m := moduleLine.FindStringSubmatch(gomod); m != nil {
		return m[1]
	}
	return ""
}

// GoLine returns the go version a go.mod requires ("1.25.0"), or "".
func GoLine(gomod string) string {
	if m := goLine.FindStringSubmatch(gomod); m != nil {
		return m[1]
	}
	return ""
}

// Older reports whether Go version have ("go1.24.3", "1.24") is older than
// want ("1.25.0"). Development versions are never older.
func Older(have, want string) bool {
	have = strings.TrimPrefix(have, "go")
	if strings.HasPrefix(have, "devel") {
		return false
	}
	// "1.26rc1" -> "1.26"
	if i := strings.IndexAny(have, "rcbeta- "); i > 0 {
		have = have[:i]
	}
	h, w := parts(have), parts(want)
	for i := 0; i < 3; i++ {
		if h[i] != w[i] {
			return h[i] < w[i]
		}
	}
	return false
}

func parts(v string) [3]int {
	var p [3]int
	for i, s := range strings.SplitN(v, ".", 3) {
		p[i], _ = strconv.Atoi(s)
	}
	return p
}

// Toolchain is the Go that go test will use from the repository, as the go
// command reports it there with the checker's environment (GOTOOLCHAIN may
// switch it, GOEXPERIMENT may add the profile).
type Toolchain struct {
	Version    string // "go1.27.3"
	Experiment string // GOEXPERIMENT as go env reports it: "goroutineleakprofile", ""
	GoFlags    string // GOFLAGS, from the environment and go env -w's file
	CGO        string // CGO_ENABLED: "1" or "0" (the race detector needs "1")
}

// TestToolchain says, from the one go env of dir with env added to the
// checker's own environment, which Go test binaries will be built with and the
// settings that decide how.
func TestToolchain(dir string, env []string) (Toolchain, error) {
	e, err := LoadGoEnv(dir, env)
	return e.Toolchain(), err
}

// HasLeakProfile reports whether test binaries built by t have the runtime's
// goroutineleak profile: Go 1.27 and later, or Go 1.26 with
// GOEXPERIMENT=goroutineleakprofile (Go 1.27 knows no such experiment any more).
func (t Toolchain) HasLeakProfile() bool {
	if t.Version == "" {
		return false
	}
	if !Older(t.Version, "1.27") {
		return true
	}
	for _, e := range strings.Split(t.Experiment, ",") {
		if strings.TrimSpace(e) == "goroutineleakprofile" {
			return true
		}
	}
	return false
}

// AnyModule is a Go module as checker explain sees it: any module, not only
// the workshop's.
type AnyModule struct {
	Root      string // the directory of its go.mod; "" outside any module
	GoRoot    string // the Go installation (library code)
	ModCache  string // the module cache (dependencies' code)
	GoVersion string // the Go its tests run on
}

// ModuleAt says, from the one go env of dir, which module dir belongs to.
func ModuleAt(dir string, env []string) (AnyModule, error) {
	e, err := LoadGoEnv(dir, env)
	if err != nil {
		return AnyModule{}, err
	}
	return e.Module(), nil
}

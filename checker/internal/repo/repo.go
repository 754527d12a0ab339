// Package repo finds the workshop's module from wherever the checker is run and
// checks that the installed Go can build it.
package repo

import (
	"errors"
	"os"
	"os/exec"
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

// InstalledGo returns the version of the go command on PATH ("go1.26.8"),
// without letting it switch to another toolchain.
func InstalledGo() (string, error) {
	cmd := exec.Command("go", "env", "GOVERSION")
	cmd.Dir = os.TempDir() // outside any module: go.mod must not decide
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	out, err := cmd.Output()
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
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

// Package hook gives any goleak-based test the runtime's second opinion: it
// builds, for go test -modfile, a copy of go.uber.org/goleak that wraps Find, the
// function goleak.VerifyNone and goleak.VerifyTestMain both call, so that
// whenever goleak finds leaked goroutines the test process also writes the Go
// runtime's goroutineleak profile (Go 1.27, or 1.26 with the experiment) where
// the checker reads it. The module's own files are not touched: the copy and
// the go.mod that points at it exist only for the checker's build.
package hook

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// wrapper is added to package goleak: Find becomes the original under another
// name, and this Find writes the profile when the original found a leak. The
// profile's goroutine ids are those of goleak's report: the checker matches them.
const wrapper = `package goleak

import (
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"sync/atomic"
)

var gohuntersProfiles atomic.Int64

// Find is goleak's Find; when it finds leaked goroutines, the runtime's
// goroutineleak profile is written for the gohunters checker too.
func Find(options ...Option) error {
	err := gohuntersFind(options...)
	if err != nil {
		gohuntersWriteProfile()
	}
	return err
}

func gohuntersWriteProfile() {
	dir := os.Getenv(%q)
	p := pprof.Lookup("goroutineleak")
	if dir == "" || p == nil {
		return
	}
	cwd, _ := os.Getwd()
	dir = filepath.Join(dir, filepath.Base(cwd))
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	name := "goleak-" + strconv.FormatInt(gohuntersProfiles.Add(1), 10) + ".goroutineleak.txt"
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return
	}
	defer f.Close()
	_ = p.WriteTo(f, 2)
}
`

// Modfile prepares, under tmp, a copy of goleak with Find wrapped and a copy
// of the module's go.mod (and go.sum) that replaces goleak with it, and returns
// that go.mod's path for go test -modfile: the module's own files are not
// touched. profileEnv names the variable the wrapper reads the profiles'
// directory from. ok is false when the module does not use goleak, already
// replaces it, is in a workspace, or its Find is not where this expects it.
func Modfile(dir, tmp, profileEnv string, env []string) (modfile string, ok bool, err error) {
	goCmd := func(args ...string) (string, error) {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err
	}
	info, err := goCmd("env", "GOMOD", "GOWORK")
	if err != nil {
		return "", false, nil
	}
	lines := strings.Split(info+"\n", "\n")
	gomod, gowork := strings.TrimSpace(lines[0]), strings.TrimSpace(lines[1])
	if gomod == "" || gomod == os.DevNull || (gowork != "" && gowork != "off") {
		return "", false, nil
	}
	goleak, err := goCmd("list", "-m", "-f", "{{.Dir}}", "go.uber.org/goleak")
	if err != nil || goleak == "" {
		return "", false, nil // no goleak in this module's build list
	}
	mod, err := os.ReadFile(gomod)
	if err != nil || strings.Contains(string(mod), "go.uber.org/goleak =>") {
		return "", false, nil
	}
	orig, err := os.ReadFile(filepath.Join(goleak, "leaks.go"))
	if err != nil {
		return "", false, nil
	}
	const decl = "\nfunc Find(options ...Option) error {"
	if strings.Count(string(orig), decl) != 1 {
		return "", false, nil
	}
	copyDir := filepath.Join(tmp, "goleak")
	if err := copyModule(goleak, copyDir); err != nil {
		return "", false, err
	}
	patched := strings.Replace(string(orig), decl, "\nfunc gohuntersFind(options ...Option) error {", 1)
	if err := os.WriteFile(filepath.Join(copyDir, "leaks.go"), []byte(patched), 0o644); err != nil {
		return "", false, err
	}
	if err := os.WriteFile(filepath.Join(copyDir, "zz_gohunters_hook.go"), []byte(fmt.Sprintf(wrapper, profileEnv)), 0o644); err != nil {
		return "", false, err
	}
	modfile = filepath.Join(tmp, "go.mod")
	mod = append(mod, []byte("\nreplace go.uber.org/goleak => "+copyDir+"\n")...)
	if err := os.WriteFile(modfile, mod, 0o644); err != nil {
		return "", false, err
	}
	if sum, err := os.ReadFile(strings.TrimSuffix(gomod, ".mod") + ".sum"); err == nil {
		if err := os.WriteFile(filepath.Join(tmp, "go.sum"), sum, 0o644); err != nil {
			return "", false, err
		}
	}
	return modfile, true, nil
}

// copyModule copies a module's go.mod and non-test Go files (goleak's package
// and its internal ones).
func copyModule(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		name := d.Name()
		if name != "go.mod" && (!strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go")) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
}

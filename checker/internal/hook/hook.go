// Package hook gives any goleak-based test the runtime's second opinion: it
// builds, for go test, a copy of go.uber.org/goleak that wraps Find, the
// function goleak.VerifyNone and goleak.VerifyTestMain both call, so that
// whenever goleak finds leaked goroutines the test process also writes the Go
// runtime's goroutineleak profile (Go 1.27, or 1.26 with the experiment) where
// the checker reads it. The module's own files are never touched.
//
// The copy lives in a stable place (the user's cache directory, named by
// goleak's directory), so that go test's build cache keeps what it built from
// it run after run. A goleak in the module cache is replaced through a copy of
// go.mod (go test -modfile); one the module vendors, or replaces with a
// directory of its own, through go test -overlay, which may not touch the
// module cache but works everywhere else.
package hook

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"gohunters/checker/internal/judge"
	"gohunters/checker/internal/repo"
)

// wrapper is added to package goleak: Find becomes the original under another
// name, and this Find writes the profile when the original found a leak, under
// the directory of the tested package's import path (escaped as
// leakprofile.Escape does), so that two packages never share one. The
// profile's goroutine ids are those of goleak's report: the checker matches them.
const wrapper = `package goleak

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
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
	bi, ok := debug.ReadBuildInfo()
	if dir == "" || p == nil || !ok {
		return
	}
	dir = filepath.Join(dir, gohuntersEscape(strings.TrimSuffix(bi.Path, ".test")))
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	name := "goleak-" + strconv.FormatInt(gohuntersProfiles.Add(1), 10) + %q
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return
	}
	defer f.Close()
	_ = p.WriteTo(f, 2)
}

// gohuntersEscape is leakprofile.Escape: every byte outside [A-Za-z0-9._-]
// becomes %%XX.
func gohuntersEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
			b.WriteByte(c)
		default:
			b.WriteByte('%%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
`

// decl is the line of goleak's leaks.go the hook renames.
const decl = "\nfunc Find(options ...Option) error {"

// Hook is what go test needs to run a module's tests with the hook.
type Hook struct {
	Flags []string // -modfile=... or -overlay=...
}

// Prepare makes the hook for the module in dir, whose go env is ge, under
// cache (the user's cache directory for the checker). profileEnv names the
// variable the wrapper reads the profiles' directory from. When it cannot, it
// says why with one of judge's Hook* codes.
func Prepare(dir, cache string, ge repo.GoEnv, profileEnv string, env []string) (Hook, string) {
	if ge.Module().Root == "" {
		return Hook{}, judge.HookNoModule
	}
	pkgDir, err := goList(dir, env, "-f", "{{.Dir}}", "go.uber.org/goleak")
	if err != nil || pkgDir == "" {
		return Hook{}, judge.HookNoGoleak
	}
	orig, err := os.ReadFile(filepath.Join(pkgDir, "leaks.go"))
	if err != nil || strings.Count(string(orig), decl) != 1 {
		return Hook{}, judge.HookNoFind
	}
	patched := strings.Replace(string(orig), decl, "\nfunc gohuntersFind(options ...Option) error {", 1)
	hookFile := fmt.Sprintf(wrapper, profileEnv, ".goroutineleak.txt")
	sum := sha256.Sum256([]byte(pkgDir + "\x00" + patched + "\x00" + hookFile))
	home := filepath.Join(cache, "goleak-hook", hex.EncodeToString(sum[:8]))
	if !underDir(pkgDir, ge.GOMODCACHE) {
		// Vendored, or replaced with a directory outside the module cache:
		// overlay its two files where they are.
		h, err := overlay(home, pkgDir, patched, hookFile)
		if err != nil {
			return Hook{}, judge.HookFailed
		}
		return h, ""
	}
	if ge.InWorkspace() {
		return Hook{}, judge.HookWorkspace
	}
	gomod := ge.GOMOD
	mod, err := os.ReadFile(gomod)
	if err != nil {
		return Hook{}, judge.HookFailed
	}
	if strings.Contains(string(mod), "go.uber.org/goleak =>") {
		return Hook{}, judge.HookReplaced
	}
	modDir, err := goList(dir, env, "-m", "-f", "{{.Dir}}", "go.uber.org/goleak")
	if err != nil || modDir == "" {
		return Hook{}, judge.HookNoGoleak
	}
	copyDir := filepath.Join(home, "goleak")
	rel, _ := filepath.Rel(modDir, pkgDir)
	if err := copyModule(modDir, copyDir, filepath.Join(rel, "leaks.go")); err != nil {
		return Hook{}, judge.HookFailed
	}
	if err := writeIfChanged(filepath.Join(copyDir, rel, "leaks.go"), []byte(patched)); err != nil {
		return Hook{}, judge.HookFailed
	}
	if err := writeIfChanged(filepath.Join(copyDir, rel, "zz_gohunters_hook.go"), []byte(hookFile)); err != nil {
		return Hook{}, judge.HookFailed
	}
	// The go.mod copy is the module's, with goleak replaced: one per module.
	modSum := sha256.Sum256([]byte(gomod))
	modHome := filepath.Join(cache, "explain-mod", hex.EncodeToString(modSum[:8]))
	modfile := filepath.Join(modHome, "go.mod")
	mod = append(mod, []byte("\nreplace go.uber.org/goleak => "+copyDir+"\n")...)
	if err := writeIfChanged(modfile, mod); err != nil {
		return Hook{}, judge.HookFailed
	}
	if gosum, err := os.ReadFile(strings.TrimSuffix(gomod, ".mod") + ".sum"); err == nil {
		if err := writeIfChanged(filepath.Join(modHome, "go.sum"), gosum); err != nil {
			return Hook{}, judge.HookFailed
		}
	}
	return Hook{Flags: []string{"-modfile=" + modfile}}, ""
}

// overlay writes the patched leaks.go and the wrapper under home and an
// overlay file that puts them in place of pkgDir's.
func overlay(home, pkgDir, patched, hookFile string) (Hook, error) {
	leaks, zz := filepath.Join(home, "leaks.go"), filepath.Join(home, "zz_gohunters_hook.go")
	if err := writeIfChanged(leaks, []byte(patched)); err != nil {
		return Hook{}, err
	}
	if err := writeIfChanged(zz, []byte(hookFile)); err != nil {
		return Hook{}, err
	}
	b, err := json.Marshal(map[string]map[string]string{"Replace": {
		filepath.Join(pkgDir, "leaks.go"):             leaks,
		filepath.Join(pkgDir, "zz_gohunters_hook.go"): zz,
	}})
	if err != nil {
		return Hook{}, err
	}
	file := filepath.Join(home, "overlay.json")
	if err := writeIfChanged(file, b); err != nil {
		return Hook{}, err
	}
	return Hook{Flags: []string{"-overlay=" + file}}, nil
}

func goList(dir string, env []string, args ...string) (string, error) {
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}

func underDir(path, dir string) bool {
	if dir == "" {
		return false
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// writeIfChanged writes b to file unless it already holds exactly b.
func writeIfChanged(file string, b []byte) error {
	if old, err := os.ReadFile(file); err == nil && bytes.Equal(old, b) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, file)
}

// copyModule copies a module's go.mod and non-test Go files (goleak's package
// and its internal ones) but skip, leaving files that are already the same alone.
func copyModule(src, dst, skip string) error {
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
		if rel == skip || name != "go.mod" && (!strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go")) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return writeIfChanged(filepath.Join(dst, rel), b)
	})
}

package leakprofile

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// DirEnv names the environment variable that asks leakcheck.VerifyNone for the
// runtime's view of a leak: when it is set and goleak found leaked goroutines,
// VerifyNone writes the profile to File(<its value>, <package directory>, <test>).
const DirEnv = "LEAKCHECK_PROFILE_DIR"

// File is where the goroutineleak profile of the test named testName goes, for
// the package whose directory's base name is pkgDir (go test runs each package's
// binary in its directory, e.g. 01_errs_capacity), under dir: one subdirectory
// per package, so that the profiles of packages tested in one run do not collide.
func File(dir, pkgDir, testName string) string {
	return filepath.Join(dir, safeName(pkgDir), safeName(testName)+".goroutineleak.txt")
}

func safeName(s string) string { return unsafeChars.ReplaceAllString(s, "_") }

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Find reads the profile the test named testName (or the test it is a subtest
// of) of package directory pkgDir wrote under dir. Failing that, it reads the
// package's only profile if there is exactly one. ok is false when there is none.
func Find(dir, pkgDir, testName string) (profile string, ok bool) {
	for name := testName; name != ""; {
		if b, err := os.ReadFile(File(dir, pkgDir, name)); err == nil {
			return string(b), true
		}
		i := strings.LastIndex(name, "/")
		if i < 0 {
			break
		}
		name = name[:i]
	}
	all, _ := filepath.Glob(filepath.Join(dir, safeName(pkgDir), "*.goroutineleak.txt"))
	if len(all) == 1 {
		if b, err := os.ReadFile(all[0]); err == nil {
			return string(b), true
		}
	}
	return "", false
}

// NoProfile is the verdict when the toolchain has the profile but the leaking
// test wrote none (it did not reach leakcheck.VerifyNone, or was stopped first).
func NoProfile() Verdict { return Verdict{Status: Unavailable, Message: msgNoProfile} }

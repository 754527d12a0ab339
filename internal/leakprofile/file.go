package leakprofile

import (
	"path/filepath"
	"runtime/debug"
	"strings"
)

// DirEnv names the environment variable that asks leakcheck.VerifyNone for the
// runtime's view of a leak: when it is set and goleak found leaked goroutines,
// VerifyNone writes the profile to File(<its value>, TestedPackage(), <test>).
const DirEnv = "LEAKCHECK_PROFILE_DIR"

// Ext ends the name of every profile file.
const Ext = ".goroutineleak.txt"

// File is where the goroutineleak profile of the test named testName goes, for
// the package with the given import path, under dir: one directory per package,
// named by its import path, so that two packages with the same directory name
// (a/util, b/util) never share one.
func File(dir, importPath, testName string) string {
	return filepath.Join(PackageDir(dir, importPath), Escape(testName)+Ext)
}

// PackageDir is the directory under dir that holds one package's profiles.
func PackageDir(dir, importPath string) string { return filepath.Join(dir, Escape(importPath)) }

// Escape turns s into one file name, and different strings into different
// names: every byte outside [A-Za-z0-9._-] becomes %XX ("a/b" is "a%2Fb").
// checker/internal/hook's copy of goleak inlines the same rule.
func Escape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// TestedPackage is the import path of the package this test binary tests: go
// test builds it as the main package "<import path>.test". It is "" outside a
// test binary built by the go command.
func TestedPackage() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	return strings.TrimSuffix(bi.Path, ".test")
}

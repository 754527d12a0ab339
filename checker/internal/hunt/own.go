package hunt

import (
	"strings"

	"gohunters/internal/stacks"
)

// Scope tells the service's own code from the libraries it runs: the line to
// change is in the service, never in net/http or a module it imports.
type Scope struct {
	// Own, when set, lists the import path prefixes that are the service's
	// (--own); otherwise everything outside the standard library, the module
	// cache and vendor directories is.
	Own []string
}

// std lists the first elements of the standard library's import paths.
var std = map[string]bool{}

func init() {
	for _, p := range strings.Fields(`archive bufio builtin bytes cmp compress container context crypto
		database debug embed encoding errors expvar flag fmt go hash html image index internal io
		iter log maps math mime net os path plugin reflect regexp runtime slices sort strconv strings
		structs sync syscall testing text time unicode unique unsafe vendor weak`) {
		std[p] = true
	}
}

// pkgOf returns the import path of a function's package:
// "net/http.(*conn).serve" -> "net/http", "main.main" -> "main".
func pkgOf(fn string) string {
	slash := strings.LastIndexByte(fn, '/')
	dot := strings.IndexByte(fn[slash+1:], '.')
	if dot < 0 {
		return fn
	}
	return fn[:slash+1+dot]
}

// IsOwn reports whether f is the service's code.
func (s Scope) IsOwn(f stacks.Frame) bool {
	if f.Func == "" {
		return false
	}
	pkg := pkgOf(f.Func)
	if len(s.Own) > 0 {
		for _, p := range s.Own {
			if pkg == p || strings.HasPrefix(pkg, p+"/") || (p == "main" && pkg == "main") {
				return true
			}
		}
		return false
	}
	first, _, _ := strings.Cut(pkg, "/")
	if std[first] && !strings.Contains(first, ".") {
		return false
	}
	file := f.File
	// The module cache (also under -trimpath: "example.com/m@v1.2.3/x.go"),
	// vendored modules, and Go's own source tree.
	return !strings.Contains(file, "/pkg/mod/") && !strings.Contains(file, "@v") &&
		!strings.Contains(file, "/vendor/") && !strings.HasPrefix(file, "vendor/")
}

// isRuntime reports whether f is the scheduler's or a blocking primitive's
// frame, which says how a goroutine waits but not where.
func isRuntime(f stacks.Frame) bool {
	pkg := pkgOf(f.Func)
	return pkg == "runtime" || pkg == "sync" || pkg == "internal/sync" || pkg == "time" ||
		strings.HasPrefix(pkg, "internal/") || strings.HasPrefix(pkg, "runtime/")
}

// systemOnly reports whether a goroutine runs only the runtime's code (the
// garbage collector's helpers, finalizers): never a suspect.
func systemOnly(g stacks.Goroutine) bool {
	if g.ID == 0 && g.Text != "" {
		return true // "goroutine 0": an M's scheduling stack in a crash dump
	}
	for _, f := range g.Stack {
		if p := pkgOf(f.Func); p != "runtime" && !strings.HasPrefix(p, "internal/") {
			return false
		}
	}
	return true
}

// Package inspect looks at the learner's code before it is graded, and refuses
// what has no place in a fix of a goroutine leak: code that reaches into the
// test run instead of fixing the leak. Importing testing (testing.Testing()
// switches a leak off under test only), setting the test flags or os.Args,
// printing the test runner's own framing, //go:linkname, exiting the process.
//
// Only what the learner added is refused: a construct the exercise's code
// already had as shipped (exercise 19's CheckCache imports testing) is the
// exercise's own. An honest learner's accident and a one-line trick are caught
// here; the checker cannot stop someone who edits the checker itself.
package inspect

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Rule is one thing a fix must not do. Its value is the English explanation;
// messages_ja.go has the Japanese.
type Rule string

const (
	MsgImport   Rule = "imports %s, which a fix of this exercise has no use for: it reaches into the test run or the process around it"
	MsgExit     Rule = "calls %s: the test binary would end before the tests report, and the exercise's code never exits the process"
	MsgArgs     Rule = "uses %s: the code must not depend on, or change, how the test binary was started"
	MsgFraming  Rule = "prints the test runner's framing (%q): only the tests report their results"
	MsgLinkname Rule = "has a //go:linkname directive: it reaches into another package's internals"
	MsgEnv      Rule = "calls %s: the code under test must not change the environment the tests and the race run depend on"
	MsgEnvRead  Rule = "calls %s: code that reads its environment or its own executable can behave one way under test and another in production"
	MsgStdio    Rule = "replaces or closes %s: only the tests report what happened, on the output go test gave them"
	MsgProcess  Rule = "calls %s: a fix of this exercise starts, finds and signals no process"
	MsgStack    Rule = "calls %s: code that looks at its own call stack can tell a test from production"
	MsgModule   Rule = "imports %s, which the shipped code does not use and which is neither the standard library, golang.org/x/sync nor goleak"
	MsgBodyless Rule = "declares %s without a body: its code would come from assembly or another package's internals"
	MsgTelltale Rule = "mentions %q: code that looks at its own process or at its test files can tell a test from production"
	MsgForeign  Rule = "adds %s, a file the go command would assemble, compile with cgo or link: a fix of this exercise is Go code"
)

// Finding is one refused construct, at the line of the learner's file where it is.
type Finding struct {
	File string // base name of the file
	Line int
	Rule Rule
	Arg  string // what the rule's %s or %q names
}

func (f Finding) String() string { return f.In("en") }

// refusedImports are packages a fix has no use for. A prefix ending in "/"
// stands for the packages below it. "C" is cgo.
var refusedImports = []string{
	"testing", "testing/", "unsafe", "os/exec", "os/signal", "syscall", "flag",
	"golang.org/x/sys/", "plugin", "runtime/debug", "C", "internal/", "runtime/internal/",
}

// allowedModules are the packages outside the standard library a fix may
// import without the shipped code doing so first.
var allowedModules = []string{"golang.org/x/sync/", "go.uber.org/goleak/"}

// Uses of these, called or not (a func value calls them as well), by the
// package's last path element and name.
var (
	// exits end the process or the test's goroutine.
	exits = map[string]bool{
		"os.Exit": true, "syscall.Exit": true, "unix.Exit": true, "runtime.Goexit": true,
		"log.Fatal": true, "log.Fatalf": true, "log.Fatalln": true,
	}
	// envCalls change the environment of the test binary.
	envCalls = map[string]bool{"os.Setenv": true, "os.Unsetenv": true, "os.Clearenv": true, "os.Chdir": true}
	// envReads tell the code how it was started.
	envReads = map[string]bool{"os.Getenv": true, "os.LookupEnv": true, "os.Environ": true, "os.ExpandEnv": true,
		"os.Executable": true}
	// stdio are the process's standard files.
	stdio = map[string]bool{"os.Stdout": true, "os.Stderr": true, "os.Stdin": true, "os.NewFile": true}
	// processes start, find or signal processes.
	processes = map[string]bool{"os.StartProcess": true, "os.FindProcess": true, "os.Getppid": true}
	// stacks read the code's own call stack.
	stacks = map[string]bool{"runtime.Caller": true, "runtime.Callers": true, "runtime.CallersFrames": true,
		"runtime.Stack": true}
)

// foreign are the extensions of files the go command builds or links that are
// not Go: assembly, cgo's C, C++, Objective-C, Fortran, SWIG, system objects.
var foreign = []string{".s", ".S", ".sx", ".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx", ".m",
	".f", ".F", ".for", ".f90", ".swig", ".swigcxx", ".syso"}

// telltales are names that tell a test run from production when the code
// looks for them: its own process's files under /proc (the command line, the
// executable, the environment) and the package's test files beside it. (The
// test binary's name comes from os.Args or os.Executable, refused above.)
var telltales = []string{"/proc/", "_test.go"}

// framing are the lines cmd/test2json reads as test results.
var framing = []string{"=== RUN", "=== PAUSE", "=== CONT", "=== NAME", "--- PASS", "--- FAIL", "--- SKIP", "\x16", "ok  \t", "PASS\n", "FAIL\n"}

// Code returns what the learner's files add that a fix must not do: files are
// the learner's files (non-test .go files are read; other files the go command
// would build are refused unless shipped), shipped the exercise's as shipped,
// both by slash path inside the exercise. A file that does not parse is left
// to the compiler.
func Code(files, shipped map[string][]byte) []Finding {
	allowed := map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(shipped)) {
		for _, f := range findings(name, shipped[name]) {
			allowed[f.key()] = true
		}
	}
	// Code shipped as test support (it imports testing: exercise 19's
	// CheckCache, exercise 25's fxtest) runs only inside tests, where reading
	// goroutine stacks is what a leak check does.
	testSupport := allowed[Finding{Rule: MsgImport, Arg: "testing"}.key()]
	var out []Finding
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if ext := path.Ext(name); slices.Contains(foreign, ext) {
			if _, ok := shipped[name]; !ok {
				out = append(out, Finding{File: name, Rule: MsgForeign, Arg: path.Base(name)})
			}
			continue
		}
		if strings.HasSuffix(name, "_test.go") || !strings.HasSuffix(name, ".go") {
			continue
		}
		for _, f := range findings(name, files[name]) {
			if !allowed[f.key()] && !(testSupport && f.Rule == MsgStack) {
				out = append(out, f)
			}
		}
	}
	return out
}

// key identifies a finding by what it is, not where: moving shipped code
// around keeps it the exercise's own.
func (f Finding) key() string { return string(f.Rule) + "\x00" + f.Arg }

// findings lists every refused construct of one file.
func findings(name string, src []byte) []Finding {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil
	}
	var out []Finding
	add := func(pos token.Pos, r Rule, arg string) {
		out = append(out, Finding{File: name, Line: fset.Position(pos).Line, Rule: r, Arg: arg})
	}
	imported := map[string]string{} // local name -> import path
	for _, imp := range file.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		local := path[strings.LastIndex(path, "/")+1:]
		if imp.Name != nil {
			local = imp.Name.Name
		}
		imported[local] = path
		switch {
		case refused(path):
			add(imp.Pos(), MsgImport, path)
		case !std(path) && !allowedModule(path):
			add(imp.Pos(), MsgModule, path)
		}
	}
	for _, cg := range file.Comments {
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:linkname") {
				add(c.Pos(), MsgLinkname, "")
			}
		}
	}
	for _, d := range file.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Body == nil {
			add(fn.Pos(), MsgBodyless, fn.Name.Name)
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			switch name := qualified(n, imported); {
			case exits[name]:
				add(n.Pos(), MsgExit, name)
			case envCalls[name]:
				add(n.Pos(), MsgEnv, name)
			case envReads[name]:
				add(n.Pos(), MsgEnvRead, name)
			case name == "os.Args":
				add(n.Pos(), MsgArgs, name)
			case processes[name]:
				add(n.Pos(), MsgProcess, name)
			case stacks[name]:
				add(n.Pos(), MsgStack, name)
			}
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				if name := qualified(lhs, imported); stdio[name] {
					add(n.Pos(), MsgStdio, name)
				}
			}
		case *ast.CallExpr:
			// os.Stdout.Close(), os.NewFile(1, ...): the standard files closed or reopened.
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				if name := qualified(sel.X, imported); stdio[name] && sel.Sel.Name == "Close" {
					add(n.Pos(), MsgStdio, name)
				}
				if name := qualified(sel, imported); name == "os.NewFile" {
					add(n.Pos(), MsgStdio, name)
				}
			}
		case *ast.BasicLit:
			if n.Kind != token.STRING && n.Kind != token.CHAR {
				return true
			}
			s, err := strconv.Unquote(n.Value)
			if err != nil {
				return true
			}
			for _, f := range framing {
				if strings.Contains(s, f) {
					add(n.Pos(), MsgFraming, f)
					break
				}
			}
			for _, w := range telltales {
				if strings.Contains(s, w) {
					add(n.Pos(), MsgTelltale, w)
					break
				}
			}
		}
		return true
	})
	return out
}

// std reports whether path is in the standard library: no dot in its first element.
func std(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".") && first != "gohunters"
}

func allowedModule(path string) bool {
	for _, m := range allowedModules {
		if strings.HasPrefix(path+"/", m) {
			return true
		}
	}
	return false
}

func refused(path string) bool {
	for _, r := range refusedImports {
		if path == r || (strings.HasSuffix(r, "/") && strings.HasPrefix(path, r)) {
			return true
		}
	}
	return false
}

// qualified names a selector expression by import path's last element and
// selector, "os.Exit", when its operand is an imported package.
func qualified(e ast.Expr, imported map[string]string) string {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return ""
	}
	path, ok := imported[id.Name]
	if !ok {
		return ""
	}
	return path[strings.LastIndex(path, "/")+1:] + "." + sel.Sel.Name
}

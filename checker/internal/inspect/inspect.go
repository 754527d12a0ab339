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
	MsgArgs     Rule = "changes %s: the tests must run with the flags go test gave them"
	MsgFraming  Rule = "prints the test runner's framing (%q): only the tests report their results"
	MsgLinkname Rule = "has a //go:linkname directive: it reaches into another package's internals"
	MsgEnv      Rule = "calls %s: the code under test must not change the environment the tests and the race run depend on"
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
// stands for the packages below it.
var refusedImports = []string{
	"testing", "testing/", "unsafe", "os/exec", "os/signal", "syscall", "flag",
	"golang.org/x/sys/", "plugin", "runtime/debug",
}

// exits are the calls that end the process or the test's goroutine.
var exits = map[string]bool{
	"os.Exit": true, "syscall.Exit": true, "unix.Exit": true, "runtime.Goexit": true,
	"log.Fatal": true, "log.Fatalf": true, "log.Fatalln": true,
}

// envCalls change the environment of the test binary.
var envCalls = map[string]bool{"os.Setenv": true, "os.Unsetenv": true, "os.Clearenv": true, "os.Chdir": true}

// framing are the lines cmd/test2json reads as test results.
var framing = []string{"=== RUN", "=== PAUSE", "=== CONT", "=== NAME", "--- PASS", "--- FAIL", "--- SKIP", "\x16", "ok  \t", "PASS\n", "FAIL\n"}

// Code returns what the learner's files add that a fix must not do: files are
// the learner's non-test .go files, shipped the exercise's as shipped, both by
// base name. A file that does not parse is left to the compiler.
func Code(files, shipped map[string][]byte) []Finding {
	allowed := map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(shipped)) {
		for _, f := range findings(name, shipped[name]) {
			allowed[f.key()] = true
		}
	}
	var out []Finding
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if strings.HasSuffix(name, "_test.go") || !strings.HasSuffix(name, ".go") {
			continue
		}
		for _, f := range findings(name, files[name]) {
			if !allowed[f.key()] {
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
		if refused(path) {
			add(imp.Pos(), MsgImport, path)
		}
	}
	for _, cg := range file.Comments {
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:linkname") {
				add(c.Pos(), MsgLinkname, "")
			}
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if name := qualified(n.Fun, imported); exits[name] {
				add(n.Pos(), MsgExit, name)
			} else if envCalls[name] {
				add(n.Pos(), MsgEnv, name)
			}
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				if name := qualified(lhs, imported); name == "os.Args" {
					add(n.Pos(), MsgArgs, name)
				}
				if ix, ok := lhs.(*ast.IndexExpr); ok && qualified(ix.X, imported) == "os.Args" {
					add(n.Pos(), MsgArgs, "os.Args")
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
		}
		return true
	})
	return out
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

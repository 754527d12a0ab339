package verify

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// deprecatedCalls are functions of the standard library that are deprecated
// and were once called here (issue 26: go/parser.ParseDir, replaced by
// i18ntest.ParseGoFiles): by import path, then name.
var deprecatedCalls = map[string][]string{
	"go/parser": {"ParseDir"},
}

// deprecatedUses returns file:line: pkg.Name for every use in src of a
// deprecatedCalls function, under whatever name the file imports its package
// (a renamed or dot import included).
func deprecatedUses(fset *token.FileSet, file *ast.File) []string {
	local := map[string]string{} // the name the file uses -> import path
	dot := map[string]bool{}     // import paths imported with "."
	for _, imp := range file.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil || deprecatedCalls[path] == nil {
			continue
		}
		name := path[strings.LastIndex(path, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == "." {
			dot[path] = true
			continue
		}
		local[name] = path
	}
	if len(local) == 0 && len(dot) == 0 {
		return nil
	}
	is := func(path, name string) bool {
		for _, n := range deprecatedCalls[path] {
			if n == name {
				return true
			}
		}
		return false
	}
	var uses []string
	var visit func(ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if x, ok := n.X.(*ast.Ident); ok {
				// x.Obj is nil for a package name, set for a variable that shadows it.
				if path, ok := local[x.Name]; ok && x.Obj == nil && is(path, n.Sel.Name) {
					uses = append(uses, fset.Position(n.Pos()).String()+": "+path+"."+n.Sel.Name)
				}
				return false
			}
			ast.Inspect(n.X, visit) // not n.Sel: a field or method of that name is no call of the package's
			return false
		case *ast.Ident:
			for path := range dot {
				if is(path, n.Name) && n.Obj == nil {
					uses = append(uses, fset.Position(n.Pos()).String()+": "+path+"."+n.Name+" (dot import)")
				}
			}
		}
		return true
	}
	ast.Inspect(file, visit)
	return uses
}

// TestNoDeprecatedParseDir: no Go file of the repository uses go/parser's
// deprecated ParseDir (staticcheck's SA1019), whatever it names the package.
func TestNoDeprecatedParseDir(t *testing.T) {
	// The check itself finds a use under each way of importing the package,
	// and not a field, a shadowing variable or another function of it.
	for _, src := range []string{
		"package p\nimport \"go/parser\"\nvar _ = parser.ParseDir\n",
		"package p\nimport gp \"go/parser\"\nfunc f() { gp.ParseDir(nil, \".\", nil, 0) }\n",
		"package p\nimport . \"go/parser\"\nvar _ = ParseDir\n",
		"package p\nimport \"go/parser\"\nvar _ = parser.ParseFile\nvar _ = struct{ ParseDir int }{}.ParseDir\nfunc f(parser struct{ ParseDir int }) int { return parser.ParseDir }\nvar _ = parser.ParseDir\n",
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "sample.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		if uses := deprecatedUses(fset, f); len(uses) != 1 {
			t.Fatalf("the check finds %d use(s) of ParseDir in\n%s\nwant 1: %v", len(uses), src, uses)
		}
	}
	dir := root(t)
	files := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata" || d.Name() == ".checker") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return nil // not this test's business: the build and TestGofmt say so
		}
		files++
		needed := false
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); deprecatedCalls[p] != nil {
				needed = true
			}
		}
		if !needed {
			return nil
		}
		if f, err = parser.ParseFile(fset, path, nil, 0); err != nil {
			return nil
		}
		for _, use := range deprecatedUses(fset, f) {
			rel, _ := filepath.Rel(dir, strings.SplitN(use, ":", 2)[0])
			t.Errorf("%s: uses a deprecated function (%s): parse the files one by one (go/parser.ParseFile), as i18ntest.ParseGoFiles does", rel, use)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Errorf("looked at %d Go files under %s: not the repository", files, dir)
	}
}

package grade

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"gohunters/checker/internal/runner"
	"gohunters/internal/catalogue"
)

// ShippedTests lists the top-level tests, fuzz targets and runnable examples
// that the _test.go files of dir define: what go test runs when nothing filters
// it. Credit needs each of them to have run and passed, so that code which stops
// the tests from running (an os.Exit in init, -test.run added to os.Args,
// syscall.Exit, a -run in GOFLAGS) earns nothing.
func ShippedTests(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var names []string
	for _, ent := range entries {
		if ent.IsDir() || !strings.HasSuffix(ent.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, ent.Name()), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil {
				continue
			}
			name := fn.Name.Name
			if isTestMain(fn) {
				continue // go test calls it to run the tests; it is not one of them
			}
			if isTestName(name, "Test") || isTestName(name, "Fuzz") {
				names = append(names, name)
			}
		}
		for _, ex := range doc.Examples(f) {
			if ex.Output != "" || ex.EmptyOutput {
				names = append(names, "Example"+ex.Name)
			}
		}
	}
	sort.Strings(names)
	return names, nil
}

// isTestMain reports whether fn is func TestMain(m *testing.M), which go test
// runs instead of the tests and which never reports as a test itself.
func isTestMain(fn *ast.FuncDecl) bool {
	if fn.Name.Name != "TestMain" || fn.Type.Params == nil || len(fn.Type.Params.List) != 1 {
		return false
	}
	star, ok := fn.Type.Params.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "M"
}

// isTestName is go test's rule: prefix, then nothing or a non-lowercase letter.
func isTestName(name, prefix string) bool {
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	if len(name) == len(prefix) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(name[len(prefix):])
	return !unicode.IsLower(r)
}

// unran returns the shipped tests that did not run to a pass (or a skip) in p.
func unran(shipped []string, p *runner.Package) []string {
	var out []string
	for _, name := range shipped {
		t := p.Test(name)
		if t == nil || (t.Action != "pass" && t.Action != "skip") {
			out = append(out, name)
		}
	}
	return out
}

// InspectSupport compares the files every exercise's tests depend on outside
// the exercises (go.mod, go.sum, the shared test helpers) with their recorded
// checksums and returns those changed, missing or added, by root-relative path.
func InspectSupport(root string, sums []catalogue.FileSum) []string {
	if len(sums) == 0 {
		return nil
	}
	have, err := catalogue.SupportHashes(root)
	if err != nil {
		have = map[string]string{}
		// A missing directory: every file of it is missing; report what is.
		for _, s := range sums {
			if b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(s.Name))); err == nil {
				have[s.Name] = catalogue.Hash(b)
			}
		}
	}
	known := map[string]bool{}
	var out []string
	for _, s := range sums {
		known[s.Name] = true
		if have[s.Name] != s.SHA256 {
			out = append(out, s.Name)
		}
	}
	for name := range have {
		if !known[name] {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

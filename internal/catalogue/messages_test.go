package catalogue

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gohunters/internal/i18n/i18ntest"
)

// clauseVar is how goal_test.go names an exercise's clauses.
var clauseVar = regexp.MustCompile(`^clause\d+$`)

// formatArg is the position of the format argument of goal.Clause's methods
// and of testing.T's reporting methods.
var formatArg = map[string]int{
	"Errorf": 1, "Fatalf": 1, "Check": 2, "Require": 2, "Equal": 3, "NoError": 2, "ErrorIs": 3,
	"Error": 0, "Fatal": 0, "Skipf": 0, "Skip": 0,
}

// TestMessages lists every message an exercise's tests can print, as written
// in its _test.go files: pos -> format.
func testMessages(t *testing.T, dir string) (msgs map[string]string, problems []string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
	fset := token.NewFileSet()
	msgs = map[string]string{}
	for _, name := range files {
		if filepath.Base(name) == GoalFile {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); strings.HasPrefix(p, "github.com/stretchr/testify") {
				problems = append(problems, fmt.Sprintf("%s imports %s: report through the goal's clauses instead, so that every failure names one", fset.Position(imp.Pos()), p))
			}
		}
		params := clauseParams(f)
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			recv, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			pos, ok := formatArg[sel.Sel.Name]
			if !ok {
				return true
			}
			switch {
			case clauseVar.MatchString(recv.Name), params[recv.Name]:
			case recv.Name == "t" || recv.Name == "tb" || recv.Name == "b":
				pos-- // t.Errorf(format): no t argument before it
				if sel.Sel.Name == "Error" || sel.Sel.Name == "Fatal" || sel.Sel.Name == "Skip" {
					pos = 0
				}
			default:
				return true
			}
			if pos < 0 || pos >= len(call.Args) {
				return true
			}
			lit, ok := call.Args[pos].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				problems = append(problems, fmt.Sprintf("%s: %s.%s's message is not a string literal, so it cannot be translated", fset.Position(call.Pos()), recv.Name, sel.Sel.Name))
				return true
			}
			s, _ := strconv.Unquote(lit.Value)
			msgs[fset.Position(lit.Pos()).String()] = s
			return true
		})
	}
	return msgs, problems
}

// TestTestMessagesTranslated: every message the tests of an exercise with
// clauses can print has its Japanese in the exercise's catalogue entry
// (Messages, keyed by the English format), with the same verbs, and goes
// through a clause or testing.T, never testify's English scaffolding.
func TestTestMessagesTranslated(t *testing.T) {
	root := filepath.Join("..", "..")
	for _, e := range Exercises {
		if len(e.Clauses) == 0 {
			continue
		}
		entry, _ := EntryOf(e.Dir)
		msgs, problems := testMessages(t, e.DirIn(root))
		for _, p := range problems {
			t.Error(p)
		}
		english := map[string]string{}
		for pos, m := range msgs {
			english[pos] = m
		}
		i18ntest.Complete(t, english, entry.Messages, fmt.Sprintf("Messages in internal/catalogue/ex%02d.go", e.Number))
		used := map[string]bool{}
		for _, m := range msgs {
			used[m] = true
		}
		for en := range entry.Messages {
			if !used[en] {
				t.Errorf("ex%02d.go: Messages has %q, which no test of exercise %02d prints", e.Number, en, e.Number)
			}
		}
		ja := map[string]string{}
		for en, tr := range entry.Messages {
			ja["ex"+e.Dir+": "+en] = tr
		}
		i18ntest.Japanese(t, ja)
	}
}

// clauseParams returns the names of the parameters of type goal.Clause that
// the functions of f declare, so that a test helper taking the clause it
// reports through (returns(t, clause2, ...) calling c.Errorf) has its messages
// found too.
func clauseParams(f *ast.File) map[string]bool {
	names := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		ft, ok := n.(*ast.FuncType)
		if !ok || ft.Params == nil {
			return true
		}
		for _, field := range ft.Params.List {
			sel, ok := field.Type.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Clause" {
				continue
			}
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "goal" {
				for _, name := range field.Names {
					names[name.Name] = true
				}
			}
		}
		return true
	})
	return names
}

package ui

import (
	"bytes"
	"go/ast"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"gohunters/checker/internal/grade"
	"gohunters/internal/catalogue"
	"gohunters/internal/i18n"
	"gohunters/internal/i18n/i18ntest"
)

func englishMessages(t *testing.T) map[string]string { return i18ntest.Consts(t, ".", "Msg") }

// TestEveryMessageTranslated fails for each English message without Japanese,
// naming them all, and for each translation whose fmt verbs differ.
func TestEveryMessageTranslated(t *testing.T) {
	i18ntest.Complete(t, englishMessages(t), jaMessages, "jaMessages in messages_ja.go")

	var noStatus, noState []string
	for s, en := range StatusText {
		if _, ok := jaStatusText[s]; !ok {
			noStatus = append(noStatus, en)
		}
	}
	for s := range StateText {
		if _, ok := jaStateText[s]; !ok {
			noState = append(noState, s)
		}
	}
	if len(noStatus)+len(noState) > 0 {
		t.Errorf("no Japanese in messages_ja.go for statuses %q (jaStatusText) and goroutine states %q (jaStateText)", noStatus, noState)
	}
	for s, ja := range jaStatusText {
		if runewidth.StringWidth(ja) > 16 {
			t.Errorf("status %v: %q is wider than the list's 16 columns", s, ja)
		}
	}
}

// TestEditionsAreInTheirLanguage: no Japanese in the English edition, no English
// sentence left in the Japanese one (commands, code and identifiers may stay).
func TestEditionsAreInTheirLanguage(t *testing.T) {
	english, japanese := englishMessages(t), map[string]string{}
	for en, ja := range jaMessages {
		japanese[en] = ja
	}
	for s, en := range StatusText {
		english["StatusText["+string(s)+"]"] = en
		japanese["status "+string(s)] = jaStatusText[s]
	}
	for s, en := range StateText {
		english["StateText["+s+"]"] = en
		japanese["state "+s] = jaStateText[s]
	}
	for en, ja := range jaFlagUsage {
		english["flag "+en] = en
		japanese["flag "+en] = ja
	}
	i18ntest.English(t, english)
	i18ntest.Japanese(t, japanese)
}

// TestEveryMessageGoesThroughT: a Msg constant printed as it is would be English
// whatever the language. Every use in the checker's code is an argument of T
// (ui.T, Printer.T, demo.T, demo.Tf) or of Printer.Errorf or Notef, which
// translate their format.
func TestEveryMessageGoesThroughT(t *testing.T) {
	dirs, _ := filepath.Glob("../*")
	dirs = append(dirs, "../..")
	fset := token.NewFileSet()
	for _, dir := range dirs {
		pkgs, err := i18ntest.ParseGoFiles(fset, dir, func(name string) bool {
			return !strings.HasSuffix(name, "_test.go") && !strings.HasSuffix(name, "_ja.go") && name != "messages.go"
		})
		if err != nil {
			continue
		}
		for name, files := range pkgs {
			for _, f := range files {
				checkUses(t, fset, f, name == "ui" || name == "demo")
			}
		}
	}
}

func checkUses(t *testing.T, fset *token.FileSet, f *ast.File, local bool) {
	allowed := map[ast.Node]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		var name string
		switch fn := call.Fun.(type) {
		case *ast.Ident:
			name = fn.Name
		case *ast.SelectorExpr:
			name = fn.Sel.Name
		}
		switch name {
		case "T", "Tf":
			for _, a := range call.Args {
				allowed[a] = true
			}
		case "Errorf", "Notef":
			allowed[call.Args[0]] = true
		}
		return true
	})
	// The command table's help lines are data the help passes through T.
	ast.Inspect(f, func(n ast.Node) bool {
		if kv, ok := n.(*ast.KeyValueExpr); ok {
			if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "usage" {
				allowed[kv.Value] = true
			}
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		var id *ast.Ident
		switch x := n.(type) {
		case *ast.SelectorExpr:
			if pkg, ok := x.X.(*ast.Ident); ok && (pkg.Name == "ui" || pkg.Name == "demo") {
				id = x.Sel
			}
			if id != nil && strings.HasPrefix(id.Name, "Msg") && !allowed[x] {
				t.Errorf("%s: %s.%s is printed without T, so it is English in every language", fset.Position(x.Pos()), pkg(x), id.Name)
			}
			return false
		case *ast.Ident:
			if local && strings.HasPrefix(x.Name, "Msg") && !allowed[x] {
				t.Errorf("%s: %s is printed without T, so it is English in every language", fset.Position(x.Pos()), x.Name)
			}
		}
		return true
	})
}

func pkg(x *ast.SelectorExpr) string { return x.X.(*ast.Ident).Name }

// TestListAlignedInJapanese: the list's columns line up on a terminal, where a
// Japanese character takes two columns, whatever the statuses (the longest
// ones included), and the progress bar keeps its width; in English too.
func TestListAlignedInJapanese(t *testing.T) {
	var vs []grade.Verdict
	for i, e := range catalogue.Exercises {
		vs = append(vs, grade.Verdict{Exercise: e, Status: grade.Statuses[i%len(grade.Statuses)]})
	}
	for _, lang := range []string{i18n.Japanese, i18n.English} {
		var out bytes.Buffer
		p := &Printer{W: &out, Lang: lang}
		p.List(vs)
		var principleAt, titleAt []int
		for _, l := range strings.Split(out.String(), "\n")[:len(vs)] {
			e := vs[len(principleAt)].Exercise
			i := strings.LastIndex(l, "  "+e.Principle)
			j := strings.Index(l, e.In(lang).Title)
			if i < 0 || j < 0 {
				t.Fatalf("%s: line %q does not end with the principle %s after the title", lang, l, e.Principle)
			}
			principleAt = append(principleAt, runewidth.StringWidth(l[:i]))
			titleAt = append(titleAt, runewidth.StringWidth(l[:j]))
		}
		for i := range principleAt {
			if principleAt[i] != principleAt[0] || titleAt[i] != titleAt[0] {
				t.Errorf("%s: exercise %02d's title and principle are at columns %d and %d, exercise 01's at %d and %d:\n%s",
					lang, i+1, titleAt[i], principleAt[i], titleAt[0], principleAt[0], out.String())
			}
		}
		bar := regexp.MustCompile(`\[[#-]+\]`).FindString(out.String())
		if runewidth.StringWidth(bar) != 26 {
			t.Errorf("%s: progress bar %q is not 26 columns wide", lang, bar)
		}
	}
}

// TestJapaneseUpToDate fails when the English of a message, status, state or
// flag changed since its Japanese was written.
func TestJapaneseUpToDate(t *testing.T) {
	english := englishMessages(t)
	for s, en := range StatusText {
		english["status "+string(s)] = en
	}
	for s, en := range StateText {
		english["state "+s] = en
	}
	for en := range jaFlagUsage {
		english["flag "+en] = en
	}
	i18ntest.UpToDate(t, "testdata/ja_sources.txt", english)
}

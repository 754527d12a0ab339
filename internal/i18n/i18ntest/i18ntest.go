// Package i18ntest holds what the completeness tests of the checker's editions
// share: reading a package's English message constants from its source, and
// comparing an edition against them.
package i18ntest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gohunters/internal/i18n"
)

// ParseGoFiles parses the .go files of dir whose names keep accepts, and
// returns them by package name (what the deprecated parser.ParseDir did).
func ParseGoFiles(fset *token.FileSet, dir string, keep func(name string) bool) (map[string][]*ast.File, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := map[string][]*ast.File{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || !keep(e.Name()) {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, 0)
		if err != nil {
			return nil, err
		}
		out[f.Name.Name] = append(out[f.Name.Name], f)
	}
	return out, nil
}

// Consts reads every string constant whose name starts with prefix from the Go
// files in dir (tests and *_ja.go translations left out), so that a constant
// added in any file, by anyone, is found: name -> English text.
func Consts(t testing.TB, dir, prefix string) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := ParseGoFiles(fset, dir, func(name string) bool {
		return !strings.HasSuffix(name, "_test.go") && !strings.HasSuffix(name, "_ja.go")
	})
	if err != nil {
		t.Fatal(err)
	}
	msgs := map[string]string{}
	for name, files := range pkgs {
		// Only the constants' values matter: errors elsewhere (imports, the
		// translations' maps left out) are ignored.
		conf := types.Config{Importer: noImports{}, Error: func(error) {}}
		pkg, _ := conf.Check(name, fset, files, nil)
		for _, n := range pkg.Scope().Names() {
			if c, ok := pkg.Scope().Lookup(n).(*types.Const); ok && strings.HasPrefix(n, prefix) && c.Val().Kind() == constant.String {
				msgs[n] = constant.StringVal(c.Val())
			}
		}
	}
	if len(msgs) == 0 {
		t.Fatalf("no %s constants in %s", prefix, dir)
	}
	return msgs
}

type noImports struct{}

func (noImports) Import(path string) (*types.Package, error) { return nil, fmt.Errorf("not needed") }

// Complete checks that every English message (name -> text) has its text in
// edition (English text -> translation), with the same fmt verbs, and lists
// every one that has not, with where to add it.
func Complete(t testing.TB, english map[string]string, edition map[string]string, where string) {
	t.Helper()
	var missing []string
	for name, en := range english {
		tr, ok := edition[en]
		if !ok {
			missing = append(missing, name)
			continue
		}
		if ev, tv := i18n.Verbs(en), i18n.Verbs(tr); !equal(ev, tv) {
			t.Errorf("%s: the translation's fmt verbs %v differ from the English %v", name, tv, ev)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("%d message(s) have no Japanese text; add them to %s:\n\t%s", len(missing), where, strings.Join(missing, "\n\t"))
	}
}

func equal(a, b map[int]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// English checks that no text of the English edition (name -> text) has Japanese in it.
func English(t testing.TB, texts map[string]string) {
	t.Helper()
	for name, s := range texts {
		if i18n.HasJapanese(s) {
			t.Errorf("%s: Japanese in the English edition: %q", name, s)
		}
	}
}

// Japanese checks that every text of the Japanese edition (name -> text) is in
// Japanese: it has some Japanese unless it is only code, and no English
// sentence is left in it.
func Japanese(t testing.TB, texts map[string]string) {
	t.Helper()
	for name, s := range texts {
		if !i18n.HasJapanese(s) && i18n.EnglishSentence(s) == "" && strings.Count(s, " ") > 2 {
			t.Errorf("%s: no Japanese in the Japanese edition: %q", name, s)
		}
		if e := i18n.EnglishSentence(s); e != "" {
			t.Errorf("%s: an English sentence in the Japanese edition: %q", name, e)
		}
	}
}

// UpdateEnv, set to 1, makes UpToDate record the English texts instead of
// comparing them: run it once the translations are brought up to date.
const UpdateEnv = "GOHUNTERS_JA_UPDATE"

// UpToDate compares each English text (key -> text) with the one its
// translation was written from, recorded by checksum in file (testdata of the
// calling package), and lists every key whose English changed since or was
// never recorded, so that an English edit cannot leave a stale translation
// unnoticed. With UpdateEnv=1 it records today's English instead.
func UpToDate(t testing.TB, file string, english map[string]string) {
	t.Helper()
	keys := slices.Sorted(maps.Keys(english))
	if os.Getenv(UpdateEnv) == "1" {
		var sb strings.Builder
		sb.WriteString("# The English each Japanese text was translated from (sha256, 12 hex digits).\n")
		sb.WriteString("# Written by " + UpdateEnv + "=1 go test ./checker/... -run UpToDate; DO NOT EDIT.\n")
		for _, k := range keys {
			fmt.Fprintf(&sb, "%s\t%s\n", sum(english[k]), k)
		}
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(file)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	recorded := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if h, k, ok := strings.Cut(line, "\t"); ok && !strings.HasPrefix(line, "#") {
			recorded[k] = h
		}
	}
	var stale []string
	for _, k := range keys {
		if recorded[k] != sum(english[k]) {
			stale = append(stale, k)
		}
	}
	if len(stale) > 0 {
		t.Errorf("the English of %d text(s) changed since their Japanese was written (or was never recorded):\n\t%s\n"+
			"bring the Japanese in step with today's English, then record it: %s=1 go test ./checker/... -run UpToDate",
			len(stale), strings.Join(stale, "\n\t"), UpdateEnv)
	}
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:6])
}

package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUseColor(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if !UseColor(true, env(nil)) {
		t.Error("no colour on a terminal")
	}
	if UseColor(true, env(map[string]string{"NO_COLOR": "1"})) {
		t.Error("colour despite NO_COLOR")
	}
	if UseColor(true, env(map[string]string{"TERM": "dumb"})) {
		t.Error("colour on a dumb terminal")
	}
	if UseColor(false, env(nil)) {
		t.Error("colour on a pipe")
	}
}

func TestDevNullIsNotATerminal(t *testing.T) {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	if IsTerminal(f) {
		t.Error("/dev/null taken for a terminal")
	}
}

func TestPathIsRelativeToCwd(t *testing.T) {
	p := &Printer{Root: "/repo", Cwd: "/repo/exercises"}
	if got := p.Path("/repo/exercises/01_x/a.go", 12); got != "01_x/a.go:12" {
		t.Errorf("got %q", got)
	}
	if got := p.Path("exercises/01_x/a.go", 3); got != "01_x/a.go:3" {
		t.Errorf("got %q", got)
	}
	if got := (&Printer{W: &strings.Builder{}}).Bar(1, 4); got != "[######------------------]" {
		t.Errorf("bar %q", got)
	}
}

// An exercise graded twice (the fast path's fallback) counts twice: the bar is
// full, not a panic.
func TestBarPastTheEnd(t *testing.T) {
	p := &Printer{}
	if got := p.Bar(2, 1); got != "["+strings.Repeat("#", 24)+"]" {
		t.Errorf("Bar(2, 1) = %q", got)
	}
	if got := p.Bar(0, 0); got != "["+strings.Repeat("-", 24)+"]" {
		t.Errorf("Bar(0, 0) = %q", got)
	}
}

func TestCheckerCommand(t *testing.T) {
	root := filepath.Join(string(filepath.Separator), "w", "gohunters")
	for cwd, want := range map[string]string{
		root:                                     "go run ./checker",
		filepath.Join(root, "exercises", "01_x"): "go run ../../checker",
		filepath.Join(root, "checker"):           "go run ./checker",
	} {
		if got := CheckerCommand(root, cwd); got != want {
			t.Errorf("from %s: %q, want %q", cwd, got, want)
		}
	}
	var sb strings.Builder
	w := CommandWriter(&sb, "go run ../checker")
	fmt.Fprintf(w, "run `go run ./checker check 1` or go run ./checker/demo")
	if sb.String() != "run `go run ../checker check 1` or go run ../checker/demo" {
		t.Errorf("rewritten: %q", sb.String())
	}
}

// Paths inside the clone are relative to where the learner stands; a backup
// outside it is shown in full.
func TestPathOutsideRoot(t *testing.T) {
	root := filepath.Join(string(filepath.Separator), "w", "gohunters")
	p := &Printer{Root: root, Cwd: filepath.Join(root, "exercises")}
	if got := p.Path("exercises/01_x/a.go", 3); got != filepath.Join("01_x", "a.go")+":3" {
		t.Errorf("inside: %q", got)
	}
	backup := filepath.Join(string(filepath.Separator), "w", "config", "b")
	if got := p.Path(backup, 0); got != backup {
		t.Errorf("outside: %q", got)
	}
}

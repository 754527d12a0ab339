package ui

import (
	"os"
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

package ptytest

import (
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"testing"

	"golang.org/x/term"
)

func TestScreen(t *testing.T) {
	out := "\r[##  ] 1/2 \r[####] 2/2 \r\x1b[K\x1b[32mdone\x1b[0m 01\r\nnext line\r\n\rpartial"
	want := []string{"done 01", "next line", "partial"}
	if got := Screen([]byte(out)); !slices.Equal(got, want) {
		t.Errorf("Screen = %q, want %q", got, want)
	}
	// Without the erase, the progress line's end stays on screen.
	if got := Screen([]byte("\r[####] 2/1 \rdone\r\n")); got[0] != "done#] 2/1" {
		t.Errorf("Screen without an erase = %q", got)
	}
}

func TestTerminal(t *testing.T) {
	term1, err := Open()
	if errors.Is(err, ErrUnsupported) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !term.IsTerminal(int(term1.Tty.Fd())) {
		t.Error("the tty is not a terminal")
	}
	cmd := exec.Command("sh", "-c", `printf 'one\r'; printf 'two\n' >&2`)
	cmd.Stdout, cmd.Stderr = term1.Tty, term1.Tty
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	got := Screen(term1.Close())
	if !slices.Equal(got, []string{"two"}) {
		t.Errorf("screen = %q, want [two] (output %q)", got, fmt.Sprint(got))
	}
}

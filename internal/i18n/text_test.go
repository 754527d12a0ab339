package i18n

import (
	"strings"
	"testing"
)

func TestEditions(t *testing.T) {
	e := Editions{Japanese: {"%d left": "残り %d"}}
	if got := e.Tf(Japanese, "%d left", 3); got != "残り 3" {
		t.Errorf("Tf(ja) = %q, want %q", got, "残り 3")
	}
	if got := e.Tf(English, "%d left", 3); got != "3 left" {
		t.Errorf("Tf(en) = %q, want %q", got, "3 left")
	}
	if got := e.T(Japanese, "untranslated"); got != "untranslated" {
		t.Errorf("T(ja) of an untranslated message = %q, want it unchanged", got)
	}
}

func TestWriteColumnsByDisplayWidth(t *testing.T) {
	var sb strings.Builder
	if err := WriteColumns(&sb, [][]string{{"指標", "a", ""}, {"x", "bbb", "c"}}); err != nil {
		t.Fatal(err)
	}
	want := "指標  a\nx     bbb  c\n"
	if sb.String() != want {
		t.Errorf("WriteColumns wrote\n%q, want\n%q", sb.String(), want)
	}
}

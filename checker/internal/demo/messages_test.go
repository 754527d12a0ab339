package demo

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"gohunters/internal/i18n/i18ntest"
)

// TestJapaneseUpToDate fails when the English of a message changed since its
// Japanese was written.
func TestJapaneseUpToDate(t *testing.T) {
	i18ntest.UpToDate(t, "testdata/ja_sources.txt", i18ntest.Consts(t, ".", "Msg"))
}

func TestEveryMessageTranslated(t *testing.T) {
	english := i18ntest.Consts(t, ".", "Msg")
	i18ntest.Complete(t, english, jaMessages, "jaMessages in messages_ja.go")
	i18ntest.English(t, english)
	i18ntest.Japanese(t, jaMessages)
}

// TestTableAlignedInJapanese: the Before/After table's columns line up on a
// terminal, where a Japanese character takes two columns.
func TestTableAlignedInJapanese(t *testing.T) {
	before := Phase{Name: "leaky", Baseline: 4, Samples: []Sample{{Goroutines: 4}, {T: 50e6, Goroutines: 14972, HeapBytes: 205e6}}}
	after := Phase{Name: "fixed", Baseline: 4, Samples: []Sample{{Goroutines: 4}, {T: 50e6, Goroutines: 23}, {T: 100e6, Goroutines: 4}}}
	var out bytes.Buffer
	TableIn(&out, "ja", before, after)
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	lines = lines[:8] // the table; notes follow
	if !strings.Contains(lines[0], "修正前") {
		t.Fatalf("not the Japanese table:\n%s", out.String())
	}
	// Cells are separated by two spaces or more (one space may stand inside a
	// cell, as in "205 MB"); every cell starts at one of the columns where the
	// metric line, which fills all five, has its cells.
	sep := regexp.MustCompile(` {2,}`)
	starts := func(l string) []int {
		cols := []int{0}
		for _, m := range sep.FindAllStringIndex(l, -1) {
			cols = append(cols, runewidth.StringWidth(l[:m[1]]))
		}
		return cols
	}
	want := starts(lines[1])
	if len(want) != 5 {
		t.Fatalf("the metric line has %d cells, want 5:\n%s", len(want), out.String())
	}
	for i, l := range lines {
		for _, c := range starts(strings.TrimLeft(l, " ")) {
			if c += runewidth.StringWidth(l) - runewidth.StringWidth(strings.TrimLeft(l, " ")); !slices.Contains(want, c) {
				t.Errorf("line %d has a cell at column %d, off the columns %v:\n%s", i+1, c, want, out.String())
			}
		}
	}
}

// TestNotMeasuredIsNotNone: a figure this Go cannot measure (the runtime's
// leak count before Go 1.27) reads as not measured, not as "none", which a
// reader takes for "no leaks".
func TestNotMeasuredIsNotNone(t *testing.T) {
	before := Phase{Name: "leaky", Baseline: 4, Samples: []Sample{{Goroutines: 4}, {T: 50e6, Goroutines: 14972}}}
	after := Phase{Name: "fixed", Baseline: 4, Samples: []Sample{{Goroutines: 4}, {T: 50e6, Goroutines: 4}}}
	var out bytes.Buffer
	TableIn(&out, "ja", before, after)
	var row string
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(l, T("ja", MsgLeakedRuntime)) {
			row = l
		}
	}
	if !strings.Contains(row, "計測不可") || strings.Contains(out.String(), "なし") {
		t.Errorf("the runtime's row should read 計測不可, and nothing なし:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "計測不可: この Go には goroutineleak プロファイルがありません") {
		t.Errorf("no note on what 計測不可 means:\n%s", out.String())
	}
}

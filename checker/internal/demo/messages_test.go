package demo

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"gohunters/checker/internal/i18n/i18ntest"
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
	if len(lines) != 6 || !strings.Contains(lines[0], "修正前") {
		t.Fatalf("not the Japanese table:\n%s", out.String())
	}
	// Cells are separated by three spaces or more; each starts at the same column on every line.
	sep := regexp.MustCompile(` {3,}`)
	var starts [][]int
	for _, l := range lines {
		var cols []int
		for _, m := range sep.FindAllStringIndex(l, -1) {
			cols = append(cols, runewidth.StringWidth(l[:m[1]]))
		}
		starts = append(starts, cols)
	}
	for i, cols := range starts {
		if len(cols) != 2 || cols[0] != starts[0][0] || cols[1] != starts[0][1] {
			t.Errorf("line %d's cells start at columns %v, line 1's at %v:\n%s", i+1, cols, starts[0], out.String())
		}
	}
}

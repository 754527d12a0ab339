package room

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"

	"gohunters/internal/i18n/i18ntest"
)

// TestJapaneseUpToDate fails when the English of a message changed since its
// Japanese was written.
func TestJapaneseUpToDate(t *testing.T) {
	i18ntest.UpToDate(t, "testdata/ja_sources.txt", i18ntest.Consts(t, ".", "Msg"))
}

// TestEveryMessageTranslated: every Msg constant has its Japanese, with the
// same fmt verbs; the English has no Japanese and the Japanese no English
// sentence. A message with no word at all ("  - %s") is the same in both.
func TestEveryMessageTranslated(t *testing.T) {
	english := i18ntest.Consts(t, ".", "Msg")
	i18ntest.Complete(t, english, jaMessages, "jaMessages in messages_ja.go")
	i18ntest.English(t, english)
	japanese := map[string]string{}
	for en, ja := range jaMessages {
		if en == ja && !word.MatchString(fmtVerb.ReplaceAllString(en, "")) {
			continue
		}
		japanese[en] = ja
	}
	i18ntest.Japanese(t, japanese)
}

var (
	fmtVerb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)
	word    = regexp.MustCompile(`[A-Za-z]{2,}`)
)

// TestGridTextInJapanese: the grid speaks the learner's language and its
// columns line up on a terminal, where a Japanese character takes two columns.
func TestGridTextInJapanese(t *testing.T) {
	g := grid(t,
		rep("田中 花子", "01_errs_capacity", "done", 12),
		rep("Ada", "01_errs_capacity", "leaking", 25),
		rep("Ada", "02_background_task", "failing", 30),
	)
	g.Lang = "ja"
	var buf bytes.Buffer
	if err := g.WriteText(&buf, t0.Add(45*time.Minute), 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	t.Log("\n" + out)
	for _, s := range []string{"ルーム: 受講者 2 人、取り組んだ演習 2 個", "いちばん詰まっている演習:", "30 分より長く詰まっている受講者:"} {
		if !strings.Contains(out, s) {
			t.Errorf("no %q in\n%s", s, out)
		}
	}
	lines := strings.Split(out, "\n")[2:5] // the header row and one row per learner
	if !strings.HasPrefix(lines[0], "受講者") {
		t.Fatalf("not the Japanese grid:\n%s", out)
	}
	// Every row has its exercise-01 cell at the column where the header has "01".
	col := runewidth.StringWidth(lines[0][:strings.Index(lines[0], "01")])
	for _, l := range lines[1:] {
		cell := strings.TrimRight(runewidth.Truncate(l, col, ""), " ")
		if w := runewidth.StringWidth(cell); w >= col || runewidth.StringWidth(l) <= col || l[len(cell):][0] != ' ' {
			t.Errorf("row %q: its first cell does not end before column %d:\n%s", l, col, out)
		}
		if rest := runewidth.TruncateLeft(l, col, ""); strings.HasPrefix(rest, " ") {
			t.Errorf("row %q: nothing starts at column %d:\n%s", l, col, out)
		}
	}
}

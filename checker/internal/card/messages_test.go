package card

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"gohunters/internal/catalogue"
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

// Every exercise's card prints, in both languages; an exercise without one says so.
func TestEveryCardPrints(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, e := range catalogue.Exercises {
			var buf bytes.Buffer
			if !Write(&buf, e, lang) || !strings.Contains(buf.String(), T(lang, MsgCardDebrief)) {
				t.Errorf("%s %s: no card:\n%s", lang, e.Dir, buf.String())
			}
		}
	}
	var buf bytes.Buffer
	if Write(&buf, catalogue.Exercise{Number: 99, Dir: "99_none"}, "en") || !strings.Contains(buf.String(), "no trainer card yet") {
		t.Errorf("an exercise without a card: %q", buf.String())
	}
}

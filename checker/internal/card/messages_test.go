package card

import (
	"bytes"
	"strings"
	"testing"

	"gohunters/internal/catalogue"
	"gohunters/internal/i18n/i18ntest"
)

func TestJapaneseUpToDate(t *testing.T) {
	i18ntest.UpToDate(t, "testdata/ja_sources.txt", i18ntest.Consts(t, ".", "Msg"))
}

func TestEveryMessageTranslated(t *testing.T) {
	english := i18ntest.Consts(t, ".", "Msg")
	i18ntest.Complete(t, english, jaMessages, "jaMessages in messages_ja.go")
	i18ntest.English(t, english)
	japanese := map[string]string{}
	for en, ja := range jaMessages {
		if en != ja {
			japanese[en] = ja
		}
	}
	i18ntest.Japanese(t, japanese)
}

// Every exercise's card prints in both languages.
func TestEveryCardPrints(t *testing.T) {
	for _, e := range catalogue.Exercises {
		for _, lang := range []string{"en", "ja"} {
			var buf bytes.Buffer
			if !Write(&buf, e, lang) || !strings.Contains(buf.String(), T(lang, MsgCardDebrief)) {
				t.Errorf("exercise %02d (%s): no card\n%s", e.Number, lang, buf.String())
			}
		}
	}
}

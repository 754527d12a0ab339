package hunt

import (
	"strings"
	"testing"

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

// The Japanese addresses the reader with です/ます: no sentence ends in the
// plain form the demo's tables use.
func TestJapanesePolite(t *testing.T) {
	for en, ja := range jaMessages {
		for _, s := range strings.Split(ja, "。") {
			s = strings.TrimSpace(s)
			for _, plain := range []string{"する", "ない", "いる", "ある", "だ"} {
				if strings.HasSuffix(s, plain) {
					t.Errorf("%q ends a sentence in the plain form: %q", en, s)
				}
			}
		}
	}
}

// A hunt in Japanese: every line the report prints is in Japanese.
func TestHuntInJapanese(t *testing.T) {
	_, out, _ := hunt(t, "--lang", "ja", td("go1.27.3", "goroutine-1.txt"), td("go1.27.3", "goroutine-2.txt"), td("go1.27.3", "goroutineleak-2.txt"))
	for _, want := range []string{"2 つのダンプを調べます", "疑わしいもの(可能性の高い順):", "Go ランタイムがリークを証明", "止まっている行: main.ask", "原則:", "自分で見るには: go tool pprof"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	code, _, errs := hunt(t, "--lang", "ja", "testdata/leakysvc/main.go")
	if code != ExitBadInput || !strings.Contains(errs, "goroutine のダンプではありません") || !strings.Contains(errs, "で始まるテキスト") {
		t.Errorf("exit %d: %s", code, errs)
	}
}

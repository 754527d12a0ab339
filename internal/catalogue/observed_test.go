package catalogue

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"gohunters/internal/words"
)

// TestObservedIn: an observation printed from one of the exercise's formats
// reads in Japanese with the values it printed, also inside package goal's
// checks and with the translation's arguments in another order.
func TestObservedIn(t *testing.T) {
	e := Entry{
		Ja: Edition{Clauses: []string{"1 つ目の条件です。", "2 つ目の条件です。"}},
		Messages: map[string]string{
			"when Run returned (%d keys), %d of its calls to the backend were still running": "Run が return した時点で(キー %d 個)、バックエンドへの呼び出しのうち %d 件がまだ実行中でした",
			"a minute after Run was called with %d keys, %d of its %d tasks were running":    "キー %[1]d 個で Run を呼び出してから 1 分後、実行中のタスクは %[3]d 個中 %[2]d 個でした",
			"Run's result":                                "Run の結果",
			"Run's result when the caller cancelled":      "呼び出し側がキャンセルしたときの Run の結果",
			"Run returned %q, without \"register\" in it": "Run は %q を返しました。\"register\" が含まれていません",
			"Run returned %v after it was called":         "Run は呼び出しから %v 後に return しました",
			"100%% of %s":                                 "%s の 100%%",
		},
	}
	for _, c := range []struct{ observed, want string }{
		{fmt.Sprintf("when Run returned (%d keys), %d of its calls to the backend were still running", 3, 4),
			"Run が return した時点で(キー 3 個)、バックエンドへの呼び出しのうち 4 件がまだ実行中でした"},
		{fmt.Sprintf("a minute after Run was called with %d keys, %d of its %d tasks were running", 3, 2, 4),
			"キー 3 個で Run を呼び出してから 1 分後、実行中のタスクは 4 個中 2 個でした"},
		{fmt.Sprintf(words.ObservedGotError, "Run's result when the caller cancelled", errors.New("context canceled")),
			`呼び出し側がキャンセルしたときの Run の結果: エラー "context canceled" が返りました`},
		{fmt.Sprintf(words.ObservedWrongError, "Run's result", errors.New(`watch "b": lost`), errors.New("boom")),
			`Run の結果: エラー "watch \"b\": lost" が返りました。"boom" には一致しません`},
		{fmt.Sprintf(words.ObservedGotWant, "Run's result", []string{"a"}, []string(nil)),
			`Run の結果: 実際は []string{"a"}、期待したのは []string(nil)`},
		{fmt.Sprintf("Run returned %q, without \"register\" in it", "boom: x"),
			`Run は "boom: x" を返しました。"register" が含まれていません`},
		{fmt.Sprintf("Run returned %v after it was called", 90*time.Second), "Run は呼び出しから 1m30s 後に return しました"},
		{fmt.Sprintf("100%% of %s", "keys"), "keys の 100%"},
	} {
		got, ok := e.ObservedIn("ja", c.observed)
		if !ok || got != c.want {
			t.Errorf("%q:\n\tgot  %q (%v)\n\twant %q", c.observed, got, ok, c.want)
		}
	}
	for _, unknown := range []string{"something no test prints", "Run returned soon"} {
		if got, ok := e.ObservedIn("ja", unknown); ok {
			t.Errorf("%q: rendered as %q; want no rendering", unknown, got)
		}
	}
	if _, ok := e.ObservedIn("en", "Run's result"); ok {
		t.Error("an English observation is rendered again in English")
	}
	if c, ok := e.ClauseIn("ja", 2); !ok || c != "2 つ目の条件です。" {
		t.Errorf("ClauseIn(ja, 2) = %q, %v", c, ok)
	}
	if _, ok := e.ClauseIn("ja", 3); ok {
		t.Error("ClauseIn(ja, 3) of two clauses")
	}
}

// TestObservedInEveryMessage: every message of every exercise's tests,
// printed with sample values, reads back in Japanese.
func TestObservedInEveryMessage(t *testing.T) {
	for _, ex := range Exercises {
		e, _ := EntryOf(ex.Dir)
		for en := range e.Messages {
			var args []any
			for _, m := range verb.FindAllStringSubmatch(en, -1) {
				switch m[2] {
				case "%":
				case "d", "x":
					args = append(args, 7)
				default:
					args = append(args, "some value")
				}
			}
			printed := fmt.Sprintf(en, args...)
			if _, ok := e.ObservedIn("ja", printed); !ok {
				t.Errorf("ex%02d: %q, printed as %q, has no Japanese rendering", ex.Number, en, printed)
			}
		}
	}
}

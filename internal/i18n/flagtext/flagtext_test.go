package flagtext

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"gohunters/internal/i18n/i18ntest"
)

func flags() *flag.FlagSet {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Bool("h", false, "show help")
	fs.Bool("help", false, "show help")
	fs.Bool("v", false, "show the tests' full output")
	fs.Duration("timeout", 20*time.Second, "per-exercise test timeout")
	fs.String("junit", "", "write JUnit XML to `FILE`")
	fs.String("lang", "", "language: ja or en")
	fs.String("listen", "127.0.0.1:4000", "the address to listen on")
	fs.Int("scale", 1, "multiply the load by this")
	fs.String("phase", "", "internal: run one phase")
	return fs
}

var ja = map[string]string{
	"show the tests' full output": "テストの出力をすべて表示します",
	"per-exercise test timeout":   "演習ごとのテストのタイムアウト",
	"write JUnit XML to `FILE`":   "JUnit XML を `ファイル` に書き出します",
	"language: ja or en":          "言語: ja か en",
	"the address to listen on":    "待ち受けるアドレス",
	"multiply the load by this":   "負荷をこの倍数にします",
}

// TestPrintDefaultsJapanese: every flag once, -h and -help left out, value
// names and defaults in Japanese, descriptions as translated.
func TestPrintDefaultsJapanese(t *testing.T) {
	var b bytes.Buffer
	PrintDefaults(&b, flags(), "ja", func(s string) string { return ja[s] }, "phase")
	got := b.String()
	for _, want := range []string{
		"  -v\tテストの出力をすべて表示します\n",
		"  -timeout 時間\n    \t演習ごとのテストのタイムアウト(既定: 20s)\n",
		"  -junit ファイル\n    \tJUnit XML を ファイル に書き出します\n",
		"  -lang 文字列\n",
		"  -listen 文字列\n    \t待ち受けるアドレス(既定: \"127.0.0.1:4000\")\n",
		"  -scale 整数\n    \t負荷をこの倍数にします(既定: 1)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
	for _, unwanted := range []string{"-h\t", "-h\n", "-help", "default", "string", "duration", "-phase"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("%q in:\n%s", unwanted, got)
		}
	}
}

// TestPrintDefaultsEnglish: in English it writes what flag.PrintDefaults
// does, less -h and -help.
func TestPrintDefaultsEnglish(t *testing.T) {
	fs := flags()
	var want bytes.Buffer
	fs.SetOutput(&want)
	fs.PrintDefaults()
	var got bytes.Buffer
	PrintDefaults(&got, fs, "en", nil)
	w := strings.Replace(want.String(), "  -h\tshow help\n", "", 1)
	w = strings.Replace(w, "  -help\n    \tshow help\n", "", 1)
	if got.String() != w {
		t.Errorf("got:\n%s\nwant:\n%s", got.String(), w)
	}
}

func TestErrorJapanese(t *testing.T) {
	for args, want := range map[string]string{
		"-bogus":        "そのようなフラグはありません: -bogus",
		"--bogus=1":     "そのようなフラグはありません: -bogus",
		"-timeout":      "フラグ -timeout には値が必要です",
		"---x":          "フラグの書き方が正しくありません: ---x",
		"-scale=many":   `フラグ -scale の値 "many" が正しくありません: この種類の値として読めません`,
		"-timeout=soon": `フラグ -timeout の値 "soon" が正しくありません: この種類の値として読めません`,
		"-v=maybe":      `フラグ -v の値 "maybe" が正しくありません: true か false を指定します`,
	} {
		err := flags().Parse(strings.Fields(args))
		if got := Error("ja", err); got != want {
			t.Errorf("%s: %q, want %q (the flag package said %v)", args, got, want, err)
		}
		if got := Error("en", err); got == "" || got != err.Error() && !strings.Contains(got, "-") {
			t.Errorf("%s in English: %q", args, got)
		}
	}
	if got := Error("ja", flags().Parse([]string{"-help"})); got != "" {
		t.Errorf("-help is no error, got %q", got)
	}
	// A func flag's own reason: time's words are no reason to show, a
	// command's own message is translated by the function it gives.
	own := flag.NewFlagSet("x", flag.ContinueOnError)
	own.SetOutput(io.Discard)
	own.Func("every", "", func(s string) error { _, err := time.ParseDuration(s); return err })
	own.Func("n", "", func(string) error { return errors.New("it takes a number") })
	for _, arg := range []string{"-every=3x", "-every=soon", "-every=5"} {
		if got, want := Error("ja", own.Parse([]string{arg})), "この種類の値として読めません"; !strings.HasSuffix(got, want) {
			t.Errorf("%s: %q, want it to end in %q", arg, got, want)
		}
	}
	tr := func(s string) string {
		return map[string]string{"it takes a number": "数を指定してください"}[s]
	}
	if got, want := Error("ja", own.Parse([]string{"-n=x"}), tr), `フラグ -n の値 "x" が正しくありません: 数を指定してください`; got != want {
		t.Errorf("-n=x: %q, want %q", got, want)
	}
}

func TestLang(t *testing.T) {
	for value, want := range map[string]string{
		"": "", "ja": "ja", "JA": "ja", "jp": "ja", "ja_JP.UTF-8": "ja", "ja-JP": "ja", "japanese": "ja",
		"en": "en", "en_US.UTF-8": "en", "en-GB": "en", "English": "en",
	} {
		if got, ok := Lang(value); !ok || got != want {
			t.Errorf("Lang(%q) = %q, %v; want %q", value, got, ok, want)
		}
	}
	for _, value := range []string{"xx", "fr", "de_DE.UTF-8", "C", "POSIX", "j", "12"} {
		if got, ok := Lang(value); ok {
			t.Errorf("Lang(%q) = %q, accepted", value, got)
		}
	}
	if got := LangError("ja", "xx"); !strings.Contains(got, `"xx"`) || !strings.Contains(got, "ja") || !strings.Contains(got, "en") {
		t.Errorf("LangError does not name the value and the languages: %q", got)
	}
}

func TestEveryMessageTranslated(t *testing.T) {
	english := i18ntest.Consts(t, ".", "Msg")
	i18ntest.Complete(t, english, jaMessages, "jaMessages in messages_ja.go")
	i18ntest.English(t, english)
	i18ntest.Japanese(t, jaMessages)
}

func TestJapaneseUpToDate(t *testing.T) {
	i18ntest.UpToDate(t, "testdata/ja_sources.txt", i18ntest.Consts(t, ".", "Msg"))
}

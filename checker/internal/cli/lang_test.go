package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"gohunters/internal/i18n"
)

// TestHelpInEachLanguage: the help text, flags included, reads in the language
// chosen by --lang or the locale, with no sentence left in the other one.
func TestHelpInEachLanguage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		ja   bool
	}{
		{[]string{"help"}, nil, false},
		{[]string{"help"}, map[string]string{"LANG": "ja_JP.UTF-8"}, true},
		{[]string{"help", "--lang", "ja"}, map[string]string{"LANG": "C"}, true},
		{[]string{"--lang=en", "help"}, map[string]string{"LC_ALL": "ja_JP.UTF-8"}, false},
	} {
		var out bytes.Buffer
		code := Main(context.Background(), Env{Args: tc.args, Stdout: &out, Stderr: &out,
			Getenv: func(k string) string { return tc.env[k] }, Cwd: t.TempDir()})
		if code != ExitPass {
			t.Fatalf("%v: exit %d\n%s", tc.args, code, out.String())
		}
		for _, line := range strings.Split(out.String(), "\n") {
			if tc.ja {
				if s := i18n.EnglishSentence(line); s != "" {
					t.Errorf("%v %v: English in the Japanese help: %q", tc.args, tc.env, line)
				}
			} else if i18n.HasJapanese(line) {
				t.Errorf("%v %v: Japanese in the English help: %q", tc.args, tc.env, line)
			}
		}
		if tc.ja && !strings.Contains(out.String(), "使い方") {
			t.Errorf("%v %v: help is not in Japanese:\n%s", tc.args, tc.env, out.String())
		}
	}
}

// TestEveryFlagInJapanese: no flag's description in the Japanese help is the
// English one (jaFlagUsage in checker/internal/ui/messages_ja.go has them all).
func TestEveryFlagInJapanese(t *testing.T) {
	help := func(lang string) string {
		var out bytes.Buffer
		Main(context.Background(), Env{Args: []string{"help", "--lang", lang}, Stdout: &out, Stderr: &out,
			Getenv: func(string) string { return "" }, Cwd: t.TempDir()})
		return out.String()
	}
	ja := help("ja")
	for _, line := range strings.Split(help("en"), "\n") {
		// "    \tusage" below a flag's name, or "  -v\tusage" beside a short one.
		_, usage, ok := strings.Cut(line, "\t")
		if ok && strings.HasPrefix(line, "  ") && strings.Contains(ja, "\t"+usage+"\n") {
			t.Errorf("flag usage %q has no Japanese text; add it to jaFlagUsage in checker/internal/ui/messages_ja.go", usage)
		}
	}
}

// TestCheckInJapanese grades a leaking and a failing fixture exercise with a
// Japanese locale: the checker's own words are Japanese, beside the tests'
// English messages.
func TestCheckInJapanese(t *testing.T) {
	r := checker(t, context.Background(), fixtureRoot, map[string]string{"LANG": "ja_JP.UTF-8"}, false, "check", "2", "7", "--no-runtime")
	if r.code != ExitFail {
		t.Fatalf("exit %d, want %d\n%s%s", r.code, ExitFail, r.stdout, r.stderr)
	}
	mustContain(t, section(r.stdout, 2), "リークあり", "1 個の goroutine がリークしました", "テスト終了時にまだ channel への送信でブロックしていました (chan send)",
		"停止位置 exercises/02_leak/leak.go:8", "起動位置 exercises/02_leak/leak.go:7", "原則 P3: channel より Mutex と WaitGroup", "行き詰まったら: go run ./checker hint 2")
	mustContain(t, section(r.stdout, 7), "失敗", "テストの出力:", "Half(10) = 3, want 5", "↑ テストのメッセージの一部は英語のままです。テストが確かめているのは演習のゴールです")
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "    ") && !strings.HasPrefix(l, "    停止位置") && !strings.HasPrefix(l, "    起動位置") && !strings.HasPrefix(l, "    (") {
			continue // the tests' own output, in English
		}
		// The fixture exercises have no Japanese text: their goal falls back to English.
		if s := i18n.EnglishSentence(l); s != "" && !strings.Contains(l, "ゴール") {
			t.Errorf("English in the checker's own words: %q", l)
		}
	}
}

// --lang jp is Japanese; a language the workshop does not speak is a usage
// error that lists the ones it does, in the locale's language; a bad flag
// or flag value is said in the session's language, with no English reason.
func TestLangFlagAndFlagErrors(t *testing.T) {
	ja := map[string]string{"LANG": "ja_JP.UTF-8"}
	if r := checker(t, context.Background(), t.TempDir(), nil, false, "--lang", "jp", "help"); r.code != ExitPass || !strings.Contains(r.stdout, "採点します") {
		t.Errorf("--lang jp: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, c := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{ja, []string{"--lang", "xx", "help"}, `--lang に "xx" という言語はありません: 使えるのは ja(日本語)と en(English)です`},
		{ja, []string{"check", "--lang=fr", "1"}, `--lang に "fr" という言語はありません`},
		{nil, []string{"--lang", "xx"}, `unknown language "xx" for --lang: the workshop speaks en (English) and ja (Japanese)`},
		{ja, []string{"--bogus"}, "そのようなフラグはありません: -bogus(フラグの一覧は go run ./checker help で表示します)"},
		{ja, []string{"check", "--memory", "lots", "1"}, `フラグ -memory の値 "lots" が正しくありません: 0 以上の数(MB)を指定してください`},
		{ja, []string{"check", "--timeout", "3x", "1"}, `フラグ -timeout の値 "3x" が正しくありません: 20s や 1m30s のような時間を指定してください`},
		{nil, []string{"check", "--timeout", "3x", "1"}, `invalid value "3x" for flag -timeout: it takes a duration such as 20s or 1m30s`},
	} {
		r := checker(t, context.Background(), t.TempDir(), c.env, false, c.args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, want %d and %q\n%s%s", c.args, r.code, ExitUsage, c.want, r.stdout, r.stderr)
		}
		if c.env != nil {
			if s := i18n.EnglishSentence(r.stderr); s != "" {
				t.Errorf("%v: English in a Japanese session: %q", c.args, s)
			}
		}
	}
}

// help's flag list in Japanese: value names and defaults are Japanese, and
// -h and -help are not listed as flags.
func TestHelpFlagsInJapanese(t *testing.T) {
	r := checker(t, context.Background(), t.TempDir(), map[string]string{"LANG": "ja_JP.UTF-8"}, false, "help")
	mustContain(t, r.stdout, "  -junit ファイル\n", "  -lang 言語\n", "  -timeout 時間\n", "  -name 名前\n", "(既定は 20s。")
	for _, english := range []string{" string\n", " value\n", " duration\n", "(default", "  -h\n", "  -help\n"} {
		if strings.Contains(r.stdout, english) {
			t.Errorf("help in Japanese shows %q:\n%s", english, r.stdout)
		}
	}
}

package hunt

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestHelpAndErrorsInJapanese: in a Japanese session hunt's help names value
// types and defaults in Japanese, a bad flag is said in Japanese, and an
// unknown --lang is a usage error that names the languages.
func TestHelpAndErrorsInJapanese(t *testing.T) {
	run := func(locale string, args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		getenv := func(k string) string {
			if k == "LANG" {
				return locale
			}
			return ""
		}
		code := Run(context.Background(), Env{Args: args, Stdout: &out, Stderr: &errb, Getenv: getenv, Name: "gohunters"})
		return out.String(), errb.String(), code
	}
	out, _, code := run("ja_JP.UTF-8", "-h")
	if code != ExitClean {
		t.Errorf("-h: exit %d", code)
	}
	for _, want := range []string{"-interval 時間", "(既定: 10s)", "-own 接頭辞", "-save ディレクトリ", "-min-count 整数"} {
		if !strings.Contains(out, want) {
			t.Errorf("-h: no %q in:\n%s", want, out)
		}
	}
	for _, unwanted := range []string{"default", "duration", " int\n", " string\n", "-help"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("-h: %q in:\n%s", unwanted, out)
		}
	}
	if _, errOut, code := run("C", "--lang", "jp", "-bogus"); code != ExitBadInput || !strings.Contains(errOut, "そのようなフラグはありません: -bogus") {
		t.Errorf("--lang jp -bogus: exit %d, %q", code, errOut)
	}
	if _, errOut, code := run("ja_JP.UTF-8", "--lang", "xx", "dump.txt"); code != ExitBadInput || !strings.Contains(errOut, `"xx"`) || !strings.Contains(errOut, "ja(日本語)と en(English)") {
		t.Errorf("--lang xx: exit %d, %q", code, errOut)
	}
}

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMain runs the demo's main instead of the tests when the tests ask for
// it, so that they can run the command as a learner does.
func TestMain(m *testing.M) {
	if os.Getenv("DEMO_TEST_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// demoCmd runs the demo with args in locale lang and returns what it printed
// and its exit code.
func demoCmd(t *testing.T, locale string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "DEMO_TEST_MAIN=1", "LC_ALL=", "LC_MESSAGES=", "LANG="+locale)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// TestHelpJapanese: -h in a Japanese session is Japanese, value names and
// defaults included; the internal -phase flag and -h itself are not listed.
func TestHelpJapanese(t *testing.T) {
	for _, c := range []struct {
		locale string
		args   []string
	}{
		{"ja_JP.UTF-8", []string{"-h"}},
		{"C", []string{"--lang", "jp", "-h"}},
		{"en_US.UTF-8", []string{"-lang=ja", "-help"}},
	} {
		out, errOut, code := demoCmd(t, c.locale, c.args...)
		if code != 0 {
			t.Errorf("%v: exit %d, want 0 (stderr %q)", c.args, code, errOut)
		}
		for _, want := range []string{"使い方: go run ./checker/demo", "-scale 整数", "(既定: 1)", "-lang 言語", "-hold\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: no %q in:\n%s", c.args, want, out)
			}
		}
		for _, unwanted := range []string{"Usage", "default", "-phase", "internal", "-h\n", "-help", " int\n", " string\n"} {
			if strings.Contains(out, unwanted) {
				t.Errorf("%v: %q in:\n%s", c.args, unwanted, out)
			}
		}
	}
}

// TestUsageErrors: a flag the demo does not know, a bad value, an extra
// argument and an unknown --lang are usage errors (exit 2), said in the
// session's language.
func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		locale string
		args   []string
		want   string
	}{
		{"ja_JP.UTF-8", []string{"-bogus"}, "そのようなフラグはありません: -bogus"},
		{"ja_JP.UTF-8", []string{"-scale", "x"}, "フラグ -scale の値"},
		{"ja_JP.UTF-8", []string{"extra"}, "demo: extra"},
		{"ja_JP.UTF-8", []string{"-scale", "99"}, "1 から 50"},
		{"ja_JP.UTF-8", []string{"--lang", "xx"}, `--lang に "xx" という言語はありません: 使えるのは ja(日本語)と en(English)です`},
		{"en_US.UTF-8", []string{"--lang", "xx"}, `unknown language "xx" for --lang: the workshop speaks en (English) and ja (Japanese)`},
		{"en_US.UTF-8", []string{"-bogus"}, "flag provided but not defined: -bogus"},
	} {
		_, errOut, code := demoCmd(t, c.locale, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%s %v: exit %d, stderr %q; want exit 2 and %q", c.locale, c.args, code, errOut, c.want)
		}
	}
}

package cli

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"gohunters/internal/ptytest"
)

// progressBar is what the progress line draws: "[####----] 2/3"; the list's
// summary under the verdicts ("[####----] 2/3 exercises done") is no
// progress line.
var (
	progressBar = regexp.MustCompile(`\] \d+/\d+`)
	summary     = regexp.MustCompile(`\] \d+/\d+ (?:exercises done|完了)$`)
	counts      = regexp.MustCompile(`\] (\d+)/(\d+)`)
)

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// TestProgressNeverInVerdict: on a terminal, where stdout and stderr share
// one screen, the progress line (the race detector's pass included) is
// erased before a verdict is printed, in either language; off a terminal
// there is no progress line at all.
func TestProgressNeverInVerdict(t *testing.T) {
	for _, lang := range []string{"en_US.UTF-8", "ja_JP.UTF-8"} {
		for _, args := range [][]string{{"check", "1"}, {"check", "1", "--no-fast"}, {"check", "1", "7"}} {
			term, err := ptytest.Open()
			if errors.Is(err, ptytest.ErrUnsupported) {
				t.Skip(err)
			}
			if err != nil {
				t.Fatal(err)
			}
			code := Main(context.Background(), Env{
				Args: args, Stdout: term.Tty, Stderr: term.Tty, Cwd: fixtureRoot, TTY: true, ErrTTY: true,
				Getenv:    func(k string) string { return map[string]string{"LANG": lang}[k] },
				Exercises: fixtureExercises, SumsText: fixtureSums(t),
			})
			out := term.Close()
			screen := ptytest.Screen(out)
			if code == ExitUsage {
				t.Fatalf("%s %v: exit %d:\n%s", lang, args, code, strings.Join(screen, "\n"))
			}
			if !bytes.Contains(out, []byte("\r")) || !progressBar.Match(out) {
				t.Errorf("%s %v: no progress line was drawn on the terminal: %q", lang, args, out)
			}
			// The race detector's pass counts on its own: never 2/1.
			for _, m := range counts.FindAllStringSubmatch(string(out), -1) {
				if k, n := atoi(m[1]), atoi(m[2]); k > n {
					t.Errorf("%s %v: the progress line counted %d of %d", lang, args, k, n)
				}
			}
			for i, l := range screen {
				if progressBar.MatchString(l) && !summary.MatchString(l) {
					t.Errorf("%s %v: line %d of the screen still shows the progress line: %q\n%s", lang, args, i+1, l, strings.Join(screen, "\n"))
				}
			}
			// The verdict starts its line (a note while the tests build, on a
			// line of its own, may come before it).
			verdict := false
			for _, l := range screen {
				verdict = verdict || strings.HasPrefix(l, "01 Passes")
			}
			if !verdict {
				t.Errorf("%s %v: no line starts with the verdict:\n%s", lang, args, strings.Join(screen, "\n"))
			}
		}
	}
	r := checker(t, context.Background(), fixtureRoot, map[string]string{"LANG": "ja_JP.UTF-8"}, false, "check", "1")
	if strings.Contains(r.stdout+r.stderr, "\r") || progressBar.MatchString(r.stdout+r.stderr) {
		t.Errorf("off a terminal: a progress line was drawn:\n%q\n%q", r.stdout, r.stderr)
	}
}

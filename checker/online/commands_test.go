package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"gohunters/checker/internal/cmdenv"
)

// The table runs the named command with the rest of the arguments; without
// one it prints the usage in the learner's language; an unknown one is a
// usage error naming the commands.
func TestCommandTable(t *testing.T) {
	var got []string
	defer func(saved []command) { commands = saved }(commands)
	commands = append(commands, command{"echo", func(string) string { return "echo    says its arguments" },
		std(func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
			got = args
			return 7
		})})
	run1 := func(lang string, args ...string) (int, string) {
		var out bytes.Buffer
		env := cmdenv.Env{Stdout: &out, Stderr: &out, Getenv: func(k string) string {
			if k == "LANG" {
				return lang
			}
			return ""
		}}
		return run(context.Background(), env.Defaults(), args), out.String()
	}
	if code, _ := run1("", "echo", "a", "--b"); code != 7 || strings.Join(got, " ") != "a --b" {
		t.Errorf("echo: exit %d, args %q", code, got)
	}
	if code, out := run1(""); code != 2 || !strings.Contains(out, "serve   open the live room") || !strings.Contains(out, "echo    says") {
		t.Errorf("no command: exit %d\n%s", code, out)
	}
	if code, out := run1("ja_JP.UTF-8", "help"); code != 0 || !strings.Contains(out, "使い方") {
		t.Errorf("help in Japanese: exit %d\n%s", code, out)
	}
	if code, out := run1("", "nosuchcommand"); code != 2 || !strings.Contains(out, "serve, room, post, hunt, echo") {
		t.Errorf("an unknown command: exit %d\n%s", code, out)
	}
}

package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"gohunters/checker/internal/report"
)

// The networked and trainer commands are forwarded to checker/online (here
// the fixture's stand-in), built into the per-clone store on first use with a
// line saying so, and run with the same arguments, streams and exit code.
func TestForwardsOnlineCommands(t *testing.T) {
	root := freshFixture(t)
	ctx := context.Background()
	r := checker(t, ctx, root, nil, false, "serve", "--listen", "127.0.0.1:0", "--code", "k7p2m9xq")
	if r.code != ExitPass || !strings.Contains(r.stdout, "online serve --listen 127.0.0.1:0 --code k7p2m9xq") {
		t.Fatalf("serve: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, r.stderr, "building the trainer's and networked tools (checker/online)")
	r = checker(t, ctx, root, map[string]string{"LANG": "ja_JP.UTF-8"}, false, "--lang", "ja", "room", "a.json")
	if r.code != 3 || !strings.Contains(r.stdout, "online --lang ja room a.json (LANG=ja_JP.UTF-8)") {
		t.Errorf("room: exit %d, want the stand-in's 3\n%s%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stderr, "building") {
		t.Errorf("built again, and said so:\n%s", r.stderr)
	}
	r = checker(t, ctx, filepath.Join(root, "exercises", "01_ok"), nil, false, "hunt", "http://127.0.0.1:1/debug/pprof/")
	if r.code != ExitPass || !strings.Contains(r.stdout, "online hunt http://127.0.0.1:1/debug/pprof/") {
		t.Errorf("hunt from an exercise's folder: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := checker(t, ctx, t.TempDir(), nil, false, "serve"); r.code != ExitUsage || !strings.Contains(r.stderr, "checker/online") {
		t.Errorf("serve outside the workshop: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// check --room grades, records the attempt and hands the verdict to
// `online post` as a report; a bad address or no name stops it before
// anything runs.
func TestCheckRoomPostsThroughOnline(t *testing.T) {
	root := freshFixture(t)
	ctx := context.Background()
	// An attempt is a verdict on changed code: the learner's clock starts there.
	edit(t, filepath.Join(root, "exercises", "02_leak", "leak.go"))
	r := checker(t, ctx, root, nil, false, "check", "--room", "http://127.0.0.1:4000/r/k7p2m9xq/", "--name", "Ada", "2")
	if r.code != ExitFail || !strings.Contains(r.stdout, "room: sent to the trainer's page.") {
		t.Fatalf("check 2 --room: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, r.stdout, "online post --room http://127.0.0.1:4000/r/k7p2m9xq/ --name Ada --lang en")
	var rep report.Report
	if err := json.Unmarshal(mustRead(t, filepath.Join(root, "posted.json")), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Learner != "Ada" || len(rep.Exercises) != 1 || rep.Exercises[0].Status != "leaking" || rep.Exercises[0].Attempts != 1 {
		t.Errorf("posted %+v", rep)
	}
	os.Remove(filepath.Join(root, "posted.json"))
	for _, args := range [][]string{
		{"check", "--room", "192.168.1.2:4000", "--name", "Ada", "1"},
		{"watch", "--room", "http://127.0.0.1:4000/r/k7p2m9xq/extra/", "--name", "Ada", "1"},
	} {
		if r := checker(t, ctx, root, nil, false, args...); r.code != ExitUsage || !strings.Contains(r.stderr, "--room wants the address") {
			t.Errorf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "posted.json")); err == nil {
		t.Error("a bad --room posted anyway")
	}
	r = checker(t, ctx, root, map[string]string{"LANG": "ja_JP.UTF-8"}, false, "check", "--room", "192.168.1.2:4000", "1")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "--room には講師の `serve` が表示したアドレスを指定してください") {
		t.Errorf("a bad room address in Japanese: exit %d\n%s", r.code, r.stderr)
	}
}

// Each command takes its own flags: another command's is a usage error that
// names whose it is, and a flag no command has is refused as before.
func TestFlagOfAnotherCommand(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		args  []string
		words string
	}{
		{[]string{"check", "--poll", "1"}, "--poll is not a flag of check (it is one of: watch)"},
		{[]string{"--json", "list"}, "--json is not a flag of list (it is one of: report)"},
		{[]string{"hint", "--timeout", "3s", "1"}, "--timeout is not a flag of hint"},
		{[]string{"reset", "--trainer", "1"}, "--trainer is not a flag of reset (it is one of: hint)"},
		{[]string{"check", "--listen", "127.0.0.1:0", "1"}, "flag provided but not defined: -listen"},
	} {
		r := checker(t, ctx, fixtureRoot, nil, false, tc.args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, tc.words) {
			t.Errorf("%v: exit %d, want %d with %q\n%s%s", tc.args, r.code, ExitUsage, tc.words, r.stdout, r.stderr)
		}
	}
	r := checker(t, ctx, fixtureRoot, map[string]string{"LANG": "ja_JP.UTF-8"}, false, "check", "--poll", "1")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "--poll は check のフラグではありません") {
		t.Errorf("in Japanese: exit %d\n%s", r.code, r.stderr)
	}
}

// hint --trainer shows the card, and is not counted as a hint.
func TestHintTrainerCard(t *testing.T) {
	root := freshFixture(t)
	r := checker(t, context.Background(), root, nil, false, "hint", "--trainer", "1")
	if r.code != ExitPass || !strings.Contains(r.stdout, "no trainer card yet") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(root, ".checker", "state.txt")); err == nil {
		t.Error("hint --trainer recorded a hint")
	}
	r = checker(t, context.Background(), root, map[string]string{"LANG": "ja_JP.UTF-8"}, false, "hint", "--trainer", "1")
	if r.code != ExitPass || !strings.Contains(r.stdout, "演習 01 にはまだ講師カードがありません") {
		t.Errorf("hint --trainer in Japanese: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// edit changes a file of the learner's without changing what it does.
func edit(t *testing.T, file string) {
	t.Helper()
	f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\n// edited\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// freshFixture is a copy of the fixture without the learner state that other
// tests' check runs on the shared fixture recorded (attempts).
func freshFixture(t *testing.T) string {
	t.Helper()
	root := copyFixture(t)
	if err := os.RemoveAll(filepath.Join(root, ".checker", "state.txt")); err != nil {
		t.Fatal(err)
	}
	return root
}

// An exercise is named by number or by its folder as the shell completes it,
// from the root or from another exercise's folder.
func TestExerciseNamedByFolder(t *testing.T) {
	root := freshFixture(t)
	for _, tc := range []struct{ cwd, name string }{
		{root, "01_ok"}, {root, "exercises/01_ok/"}, {root, "./exercises/01_ok"},
		{filepath.Join(root, "exercises", "02_leak"), "../01_ok/"},
	} {
		r := checker(t, context.Background(), tc.cwd, nil, false, "hint", "--trainer", tc.name)
		if r.code != ExitPass || !strings.Contains(r.stdout, "exercise 01 ") {
			t.Errorf("hint --trainer %s: exit %d\n%s%s", tc.name, r.code, r.stdout, r.stderr)
		}
	}
	if r := checker(t, context.Background(), root, nil, false, "hint", "--trainer", "./exercises/99_none"); r.code != ExitUsage {
		t.Errorf("an unknown folder: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// help CMD (or CMD -h) shows the command's line and only the flags it takes,
// in the learner's language.
func TestHelpOfOneCommand(t *testing.T) {
	for _, args := range [][]string{{"help", "check"}, {"check", "-h"}} {
		r := checker(t, context.Background(), t.TempDir(), nil, false, args...)
		if r.code != ExitPass || !strings.HasPrefix(r.stdout, "check [N...]") {
			t.Fatalf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		mustContain(t, r.stdout, "-room URL", "-timeout", "-lang")
		for _, other := range []string{"  -poll", "  -json", "  -tests", "  -trainer", "(default true)"} {
			if strings.Contains(r.stdout, other) {
				t.Errorf("%v shows %s:\n%s", args, other, r.stdout)
			}
		}
	}
	r := checker(t, context.Background(), t.TempDir(), map[string]string{"LANG": "ja_JP.UTF-8"}, false, "help", "watch")
	mustContain(t, r.stdout, "編集中の演習を保存のたびに採点し直します", "ファイルシステムの通知ではなく、ポーリングで")
}

// The online binary is told how the learner ran the checker, so that its
// messages ("hunt --help lists the flags") give a command that works, not
// the online binary's path in the store.
func TestForwardNamesTheChecker(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a shell script stands in for the online binary")
	}
	fake := filepath.Join(t.TempDir(), "online")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho \"name=$GOHUNTERS_NAME\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	r := checker(t, context.Background(), fixtureRoot, map[string]string{OnlineEnv: fake}, false, "hunt", "--help")
	if r.code != ExitPass || !strings.Contains(r.stdout, "name=go run ./checker\n") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for arg0, want := range map[string]string{
		"/tmp/go-build123/b001/exe/checker":                              "go run ./checker",
		"/home/me/gohunters/.checker/bin/gohunters":                      "go run ./checker",
		"/home/me/.cache/gohunters/starter/_home_me_gohunters/gohunters": "go run ./checker",
		"/home/me/go/bin/gohunters":                                      "gohunters",
	} {
		if got := programName(arg0); got != want {
			t.Errorf("programName(%q) = %q, want %q", arg0, got, want)
		}
	}
}

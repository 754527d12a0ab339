package hunt

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hunt runs the command in-process and returns its exit code and output.
func hunt(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), Env{Args: append([]string{"--save", t.TempDir()}, args...), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" }, Name: "gohunters"})
	return code, out.String(), errb.String()
}

// svcLine is the line of testdata/leakysvc/main.go that holds text: the dumps
// in testdata were written by that program.
func svcLine(t *testing.T, text string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/leakysvc/main.go")
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, text) {
			return fmt.Sprintf("leakysvc/main.go:%d)", i+1)
		}
	}
	t.Fatalf("no %q in leakysvc", text)
	return ""
}

// suspects splits hunt's output into its suspects' paragraphs.
func suspects(out string) []string {
	var ps []string
	for _, p := range strings.Split(out, "\n\n") {
		if regexp.MustCompile(`^\d+\. `).MatchString(p) {
			ps = append(ps, p)
		}
	}
	return ps
}

func td(version, name string) string { return filepath.Join("testdata", version, name) }

var versions = []string{"go1.26.8", "go1.27.3"}

// Two debug=2 dumps of the real service, a load apart: the three leaks it has
// are the suspects, its steady worker pool is not, and each names the
// service's lines.
func TestTwoDumps(t *testing.T) {
	for _, v := range versions {
		t.Run(v, func(t *testing.T) {
			code, out, errs := hunt(t, td(v, "goroutine-1.txt"), td(v, "goroutine-2.txt"))
			if code != ExitSuspects || errs != "" {
				t.Fatalf("exit %d, stderr %s\n%s", code, errs, out)
			}
			ps := suspects(out)
			if len(ps) != 3 {
				t.Fatalf("%d suspects, want 3:\n%s", len(ps), out)
			}
			want := map[string][]string{
				"main.ask":     {"chan send", "+120 since the first dump", svcLine(t, "results <- backend"), "started by:   main.search", svcLine(t, "go ask(backend, results)"), "E1 Every send needs an escape hatch", "P6 Watch the goroutine count"},
				"main.forward": {"select", "+120", svcLine(t, "select {"), "started by:   main.subscribe", svcLine(t, "go forward("), "C1 "},
				// errgroup starts them: library code, and the dump has no ancestors.
				"main.batch.func1": {"+240", svcLine(t, "first <- i"), "started by:   golang.org/x/sync/errgroup.(*Group).Go", "tracebackancestors"},
			}
			for _, p := range ps {
				for fn, parts := range want {
					if !strings.Contains(p, "stuck at:     "+fn+" ") {
						continue
					}
					for _, part := range parts {
						if !strings.Contains(p, part) {
							t.Errorf("%s: no %q in\n%s", fn, part, p)
						}
					}
					delete(want, fn)
				}
			}
			for fn := range want {
				t.Errorf("no suspect stuck in %s:\n%s", fn, out)
			}
			if strings.Contains(out, "startWorkers") {
				t.Errorf("the steady worker pool is a suspect:\n%s", out)
			}
			if !strings.Contains(out, "Also blocked, below the thresholds:") {
				t.Errorf("the steady goroutines are not mentioned:\n%s", out)
			}
		})
	}
}

// On Go 1.27 the goroutineleak profile, in any of its forms, proves the
// search leak (a channel only the blocked senders hold) and not the others
// (the subscriptions stay reachable; errgroup's closures hide the channel).
func TestRuntimeProves(t *testing.T) {
	for _, leak := range []string{"goroutineleak-2.txt", "goroutineleak-2.pb.gz"} {
		t.Run(leak, func(t *testing.T) {
			_, out, _ := hunt(t, td("go1.27.3", "goroutine-1.txt"), td("go1.27.3", "goroutine-2.txt"), td("go1.27.3", leak))
			ps := suspects(out)
			if len(ps) != 3 || !strings.Contains(ps[0], "main.ask") || !strings.Contains(ps[0], "160 proved leaked by the Go runtime") {
				t.Fatalf("the proved group is not first:\n%s", out)
			}
			for _, p := range ps[1:] {
				if strings.Contains(p, "proved") {
					t.Errorf("proved, but the runtime did not mark it:\n%s", p)
				}
			}
			if !strings.Contains(out, "goroutineleak profile was read") {
				t.Errorf("no word of the runtime's profile:\n%s", out)
			}
		})
	}
}

// Every format, compared with every other: the same suspects on the same lines.
func TestEveryFormat(t *testing.T) {
	forms := []string{"goroutine-%d.txt", "goroutine-%d.debug1.txt", "goroutine-%d.pb.gz"}
	for _, v := range versions {
		for _, a := range forms {
			for _, b := range forms {
				first, last := td(v, fmt.Sprintf(a, 1)), td(v, fmt.Sprintf(b, 2))
				code, out, errs := hunt(t, first, last)
				if code != ExitSuspects || len(suspects(out)) != 3 {
					t.Errorf("%s %s: exit %d, %d suspects, %s\n%s", first, last, code, len(suspects(out)), errs, out)
					continue
				}
				for _, fn := range []string{"main.ask", "main.forward", "main.batch.func1"} {
					if !strings.Contains(out, "stuck at:     "+fn+" ") {
						t.Errorf("%s %s: no suspect in %s:\n%s", first, last, fn, out)
					}
				}
				if !strings.Contains(out, "+120") {
					t.Errorf("%s %s: growth not +120:\n%s", first, last, out)
				}
			}
		}
	}
}

// One dump: what is there. The first dump's groups (40 each) are under the
// count; the second's (160, 320) are not.
func TestOneDump(t *testing.T) {
	for _, v := range versions {
		if code, out, _ := hunt(t, td(v, "goroutine-1.txt")); code != ExitClean || !strings.Contains(out, "Nothing suspect") || !strings.Contains(out, "One dump cannot show growth") {
			t.Errorf("%s first dump: exit %d\n%s", v, code, out)
		}
		code, out, _ := hunt(t, td(v, "goroutine-2.pb.gz"))
		if code != ExitSuspects || len(suspects(out)) != 3 || !strings.Contains(out, "http://SERVICE/debug/pprof/goroutine") {
			t.Errorf("%s second dump: exit %d\n%s", v, code, out)
		}
	}
}

// A SIGQUIT dump taken with GODEBUG=tracebackancestors=5: the creator of
// errgroup's goroutines is followed back to the service's batch, around its
// g.Go (the runtime records the loop's line there).
func TestSigquitFollowsAncestors(t *testing.T) {
	for _, v := range versions {
		code, out, _ := hunt(t, "--min-count", "10", td(v, "sigquit.txt"))
		if code != ExitSuspects {
			t.Fatalf("%s: exit %d\n%s", v, code, out)
		}
		want := "started by:   main.batch ("
		found := false
		for _, p := range suspects(out) {
			if strings.Contains(p, "main.batch.func1") {
				found = true
				if !strings.Contains(p, want) || !strings.Contains(p, "leakysvc/main.go:") || !strings.Contains(p, "through golang.org/x/sync/errgroup.(*Group).Go") {
					t.Errorf("%s: the creator is not followed back to g.Go:\n%s", v, p)
				}
			}
		}
		if !found {
			t.Errorf("%s: no errgroup suspect:\n%s", v, out)
		}
	}
}

// The command hunt prints runs, and shows the growth hunt reported.
func TestPprofCommandRuns(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	_, out, _ := hunt(t, td("go1.26.8", "goroutine-1.txt"), td("go1.26.8", "goroutine-2.txt"))
	m := regexp.MustCompile(`see it:\s+go tool pprof (-top -focus='\^main\\\.ask\$' -base (\S+) (\S+))`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no pprof command for main.ask:\n%s", out)
	}
	cmd := exec.Command("go", "tool", "pprof", "-top", `-focus=^main\.ask$`, "-base", m[2], m[3])
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, b)
	}
	if !regexp.MustCompile(`(?m)^\s+120\s.*main\.ask$`).Match(b) {
		t.Errorf("pprof does not show main.ask's +120:\n%s", b)
	}
}

// Input that is no dump is exit 2, and the error says what it is instead.
func TestNotADump(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]struct{ content, says string }{
		"empty.txt":   {"", "an empty file"},
		"page.html":   {"<!DOCTYPE html>\n<html><body>Welcome</body></html>\n", "an HTML page"},
		"tests.json":  {`{"Time":"2026-12-01T10:00:00Z","Action":"run","Package":"x","Test":"TestA"}` + "\n", "go test -json stream"},
		"test.log":    {"=== RUN   TestA\n--- FAIL: TestA (0.00s)\nFAIL\n", "go test log"},
		"notes.txt":   {"hello\nworld\n", `text that starts with "hello"`},
		"debug1.txt":  {"heap profile: 1: 2 [3: 4] @ heap/1048576\n", "heap profile"},
		"binary.bin":  {"\x00\x01\x02\x03garbage", "binary data"},
		"cut.txt":     {"goroutine 1 [running]:\nmain.main()\n", "line 2: a function without its file:line"},
		"changed.txt": {"goroutine 1 [running]:\nmain.main()\n\t/src/main.go:5 +0x1d\n\tsomething new\n", `line 4: not a line of a goroutine's stack`},
	}
	for name, c := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(c.content), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errs := hunt(t, p)
		if code != ExitBadInput || !strings.Contains(errs, c.says) || out != "" {
			t.Errorf("%s: exit %d, stderr %q, want exit 2 saying %q", name, code, errs, c.says)
		}
	}
	if code, _, errs := hunt(t, filepath.Join(dir, "missing.txt")); code != ExitBadInput || !strings.Contains(errs, "no such file") {
		t.Errorf("a missing file: exit %d, %s", code, errs)
	}
	if code, _, errs := hunt(t); code != ExitBadInput || !strings.Contains(errs, "hunt takes") {
		t.Errorf("no target: exit %d, %s", code, errs)
	}
	if code, _, errs := hunt(t, "--no-such-flag", "x"); code != ExitBadInput || !strings.Contains(errs, "--help") {
		t.Errorf("a bad flag: exit %d, %s", code, errs)
	}
	three := []string{td("go1.26.8", "goroutine-1.txt"), td("go1.26.8", "goroutine-2.txt"), td("go1.26.8", "sigquit.txt")}
	if code, _, errs := hunt(t, three...); code != ExitBadInput || !strings.Contains(errs, "one or two goroutine dumps") {
		t.Errorf("three dumps: exit %d, %s", code, errs)
	}
}

// Every other real dump the workshop keeps reads as a dump, or is refused
// with the line it could not read: none is taken as empty.
func TestWorkshopDumps(t *testing.T) {
	paths, _ := filepath.Glob("../../../internal/stacks/testdata/go1.*/*.txt")
	if len(paths) == 0 {
		t.Fatal("no dumps in internal/stacks/testdata")
	}
	for _, p := range paths {
		code, out, errs := hunt(t, "--min-count", "3", p)
		if code != ExitSuspects || errs != "" {
			t.Errorf("%s: exit %d, %s\n%s", p, code, errs, out)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		code, out, _ := hunt(t, "--lang", lang, "--help")
		if code != ExitClean || !strings.Contains(out, "gohunters hunt") || !strings.Contains(out, "-interval") {
			t.Errorf("%s: exit %d\n%s", lang, code, out)
		}
	}
}

func TestProgramName(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		env        map[string]string
		arg0, want string
	}{
		{nil, "/tmp/go-build123/b001/exe/online", "go run ./checker"},
		{nil, "/home/me/go/bin/gohunters-online", "gohunters-online"},
		{map[string]string{"GOHUNTERS_NAME": "gohunters"}, "/home/me/.cache/gohunters/online", "gohunters"},
	} {
		if got := ProgramName(env(c.env), c.arg0); got != c.want {
			t.Errorf("ProgramName(%v, %q) = %q, want %q", c.env, c.arg0, got, c.want)
		}
	}
}

// The second dump was taken a minute after the first load: its goroutines
// say "1 minutes". A large group that does not grow is suspect only when
// blocked for --min-minutes.
func TestMinutes(t *testing.T) {
	for _, v := range versions {
		_, out, _ := hunt(t, td(v, "goroutine-2.txt"))
		if !strings.Contains(out, "blocked for 1 minutes or more") {
			t.Errorf("%s: no minutes in\n%s", v, out)
		}
		same := td(v, "goroutine-2.txt")
		// On Go 1.27 the second dump carries the runtime's marks (left by the
		// goroutineleak profile taken after the first): only those stay suspect.
		code, out, _ := hunt(t, same, same)
		ps := suspects(out)
		if v == "go1.26.8" && code != ExitClean || v == "go1.27.3" && (len(ps) != 1 || !strings.Contains(ps[0], "proved leaked")) {
			t.Errorf("%s: a steady dump blocked for a minute, default --min-minutes 10: exit %d\n%s", v, code, out)
		}
		code, out, _ = hunt(t, "--min-minutes", "1", same, same)
		if code != ExitSuspects || len(suspects(out)) == 0 || !strings.Contains(out, "+0 since the first dump") {
			t.Errorf("%s: --min-minutes 1: exit %d\n%s", v, code, out)
		}
	}
}

//go:build linux

package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gohunters/internal/freshmachine"
	"gohunters/internal/i18n"
	"gohunters/internal/i18n/flagtext"
)

// The starter's guess at the language agrees with the checker's own choice
// for the flags and locales learners use.
func TestJapaneseAsTheCheckerChooses(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  map[string]string
	}{
		{nil, nil},
		{nil, map[string]string{"LANG": "ja_JP.UTF-8"}},
		{nil, map[string]string{"LANG": "en_US.UTF-8"}},
		{nil, map[string]string{"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}},
		{nil, map[string]string{"LC_MESSAGES": "ja_JP", "LANG": "en_US"}},
		{[]string{"--lang", "jp", "list"}, nil},
		{[]string{"--lang=ja", "check", "1"}, map[string]string{"LANG": "en_US"}},
		{[]string{"check", "-lang", "en"}, map[string]string{"LANG": "ja_JP.UTF-8"}},
	} {
		getenv := func(k string) (string, bool) { v, ok := c.env[k]; return v, ok }
		flag := ""
		for i, a := range c.args {
			if v, ok := strings.CutPrefix(strings.TrimLeft(a, "-"), "lang="); ok {
				flag = v
			} else if strings.TrimLeft(a, "-") == "lang" {
				flag = c.args[i+1]
			}
		}
		lang, _ := flagtext.Lang(flag)
		want := i18n.Choose(lang, func(k string) string { return c.env[k] }) == i18n.Japanese
		if got := japanese(c.args, getenv); got != want {
			t.Errorf("japanese(%q, %v) = %v, the checker chooses Japanese: %v", c.args, c.env, got, want)
		}
	}
}

func TestParent(t *testing.T) {
	for in, want := range map[string]string{"/a/b/c.go": "/a/b", "/a/b/": "/a", "/a": "/", "/": "/"} {
		if got := parent(in); got != want {
			t.Errorf("parent(%q) = %q, want %q", in, got, want)
		}
	}
}

// starter builds this program once for the tests below.
func starter(t *testing.T, flags ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "checker")
	out, err := exec.Command("go", append(append([]string{"build", "-o", bin}, flags...), ".")...).CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// run runs bin in dir with PATH set to path (unchanged when ""), and returns
// its exit code and what it printed.
func run(t *testing.T, bin, dir, path string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LANG=C", "LC_ALL=")
	if path != "" {
		cmd.Env = append(cmd.Env, "PATH="+path)
	}
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, string(out)
}

// It becomes the checker: the checker's words and exit codes, from anywhere
// in the workshop and from another module's folder.
func TestBecomesTheChecker(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the checker")
	}
	bin := starter(t)
	if code, out := run(t, bin, t.TempDir(), "", "bogus"); code != 2 || !strings.Contains(out, `unknown command "bogus"`) {
		t.Errorf("checker bogus: exit %d\n%s", code, out)
	}
	if code, out := run(t, bin, "../exercises", "", "help"); code != 0 || !strings.Contains(out, "Usage:") {
		t.Errorf("checker help: exit %d\n%s", code, out)
	}
}

// Built without its source path, it finds the workshop from the current
// folder, and says so when there is none.
func TestNoWorkshop(t *testing.T) {
	bin := starter(t, "-trimpath")
	if code, out := run(t, bin, t.TempDir(), "", "list"); code != 2 || !strings.Contains(out, "there is no workshop here") {
		t.Errorf("outside the workshop: exit %d\n%s", code, out)
	}
}

// What the build prints reaches the learner: the go command's notes as they
// come, after the line that says the checker is being built, and all of its
// output when the build fails, with exit code 2.
func TestBuildProgressAndFailure(t *testing.T) {
	bin := starter(t)
	fake := t.TempDir()
	script := "#!/bin/sh\necho 'go: downloading example.com/m v1.0.0' >&2\necho gohunters/internal/words >&2\n" +
		"echo 'checker/gohunters/main.go:1:1: expected package' >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(fake, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	code, out := run(t, bin, "..", fake, "list")
	building := strings.Index(out, "building the checker")
	note := strings.Index(out, "go: downloading example.com/m v1.0.0\n")
	failed := strings.Index(out, "cannot build the checker")
	if code != 2 || building < 0 || note < building || failed < note || !strings.Contains(out[failed:], "expected package") {
		t.Errorf("a build that fails: exit %d\n%s", code, out)
	}
	if code, out := run(t, bin, "..", t.TempDir(), "list"); code != 2 || !strings.Contains(out, "go command is not in PATH") {
		t.Errorf("no go in PATH: exit %d\n%s", code, out)
	}
}

// On a fresh machine (empty build and module caches) go run ./checker says
// what it is doing within 10 s and gives exercise 1's verdict within 45 s on
// two cores. It takes a minute of a machine kept for it, so it runs only with
// COLD_START=1, on a clone of this repository's history (git clone), with the
// modules served from this machine's module cache as a proxy would.
func TestColdStart(t *testing.T) {
	if os.Getenv("COLD_START") == "" {
		t.Skip("COLD_START=1 times a first run on empty caches")
	}
	cmd := exec.Command("go", "run", "./checker", "check", "1")
	cmd.Dir = freshmachine.Clone(t, "..")
	cmd.Env = append(append(os.Environ(), freshmachine.Env(t)...), "LANG=C", "LC_ALL=")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = w, w
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	var first, verdict time.Duration
	var out strings.Builder
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		out.WriteString(line + "\n")
		if first == 0 {
			first = time.Since(start)
		}
		if verdict == 0 && strings.HasPrefix(line, "01 ") {
			verdict = time.Since(start)
		}
	}
	cmd.Wait()
	t.Logf("first line after %.1f s, exercise 1's verdict after %.1f s", first.Seconds(), verdict.Seconds())
	if first == 0 || first > 10*time.Second {
		t.Errorf("the first line came after %v, want within 10 s\n%s", first, out.String())
	}
	if verdict == 0 || verdict > 45*time.Second {
		t.Errorf("exercise 1's verdict came after %v, want within 45 s\n%s", verdict, out.String())
	}
}

// In a clone it cannot write to, the checker is built into the user's cache
// directory, in a folder of its own; in one it can, into .checker/bin.
func TestBinaryInAReadOnlyClone(t *testing.T) {
	clone, cache := t.TempDir(), t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	if got, err := binary(clone); err != nil || got != clone+"/.checker/bin/gohunters" {
		t.Errorf("binary(%s) = %q, %v; want it in the clone's .checker/bin", clone, got, err)
	}
	// Nothing can be made in .checker when it is a file, even by root.
	os.RemoveAll(filepath.Join(clone, ".checker"))
	if err := os.WriteFile(filepath.Join(clone, ".checker"), []byte("not a directory\n"), 0o444); err != nil {
		t.Fatal(err)
	}
	got, err := binary(clone)
	if err != nil || !strings.HasPrefix(got, cache+"/gohunters/starter/") || filepath.Base(got) != "gohunters" {
		t.Fatalf("binary(%s) with .checker a file = %q, %v; want it in %s/gohunters/starter/", clone, got, err, cache)
	}
	if st, err := os.Stat(filepath.Dir(got)); err != nil || !st.IsDir() {
		t.Errorf("its folder was not made: %v", err)
	}
	other, _ := binary(clone + "x")
	if other == got {
		t.Errorf("two clones share %s", got)
	}
}

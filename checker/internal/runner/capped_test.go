package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCappedKeepsHeadAndTail(t *testing.T) {
	c := Capped{Head: 10, Tail: 20}
	c.WriteString("0123456789abc")
	for i := 0; i < 1000; i++ {
		c.WriteString("..........")
	}
	c.WriteString("the end, kept")
	s := c.String()
	if !strings.HasPrefix(s, "0123456789\n") || !strings.HasSuffix(s, "the end, kept") || len(s) > 60 {
		t.Errorf("%q", s)
	}
	if want := int64(13 + 10000 + 13 - 10 - 20); c.Cut() != want || !strings.Contains(s, fmt.Sprintf(CutMarker, want)) {
		t.Errorf("cut %d, want %d: %q", c.Cut(), want, s)
	}
	var small Capped
	small.WriteString("short")
	if small.String() != "short" {
		t.Errorf("%q", small.String())
	}
}

func TestGoEnvKeepsOnlyHarmlessFlags(t *testing.T) {
	got := strings.Join(GoEnv("-run=^$ -skip=. -modcacherw -exec=/tmp/x -overlay=o.json -modfile=x.mod -tags=fake -count=1 --trimpath"), " ")
	if want := "GOFLAGS=-mod=readonly -modcacherw --trimpath GOWORK=off"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Sanitize leaves out what would decide which tests run, what runs them or how
// the runtime behaves under them, and says what it left out.
func TestSanitize(t *testing.T) {
	fake := t.TempDir() // a "toolchain" of the learner's on PATH
	if err := os.WriteFile(filepath.Join(fake, "go1.27.3"), []byte("#!/bin/sh\necho ok\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	other := t.TempDir()
	env := []string{"GOENV=off", "PATH=" + other + string(os.PathListSeparator) + fake,
		"GOFLAGS=-run=^$ -trimpath", "GOTOOLCHAIN=go1.27.3", "GODEBUG=asynctimerchan=1,netdns=go",
		"GOEXPERIMENT=goroutineleakprofile,greenteagc", "GOROOT=/fake", "GOCACHEPROG=/bin/fake"}
	s := Sanitize(env)
	want := map[string]string{"GOFLAGS": "-mod=readonly -trimpath", "GOWORK": "off", "PATH": other,
		"GODEBUG": "netdns=go", "GOEXPERIMENT": "goroutineleakprofile", "GOROOT": "", "GOCACHEPROG": ""}
	got := map[string]string{}
	for _, kv := range s.Env {
		k, v, _ := strings.Cut(kv, "=")
		got[k] = v
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s=%q, want %q (env %v)", k, got[k], v, s.Env)
		}
	}
	dropped := strings.Join(s.Dropped, " ")
	for _, w := range []string{"GOFLAGS=-run=^$", "PATH=" + fake + " (go1.27.3)", "GODEBUG=asynctimerchan=1", "GOEXPERIMENT=greenteagc", "GOROOT=/fake", "GOCACHEPROG=/bin/fake"} {
		if !strings.Contains(dropped, w) {
			t.Errorf("dropped %q lacks %q", dropped, w)
		}
	}
	for _, tc := range []string{"path", "go1.27.3+path"} {
		s := Sanitize([]string{"GOENV=off", "GOTOOLCHAIN=" + tc})
		if !slices.Contains(s.Env, "GOTOOLCHAIN=local") {
			t.Errorf("GOTOOLCHAIN=%s: %v", tc, s.Env)
		}
	}
}

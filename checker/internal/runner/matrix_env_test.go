package runner

// Issue 26's matrix, appendix: GOFLAGS that would run the build's tools
// through a program of the learner's (-toolexec), and GOFLAGS (or another
// setting) that comes from go env -w's file rather than the environment.

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// envMap is env ("NAME=value") as a map, later entries winning.
func envMap(env []string) map[string]string {
	m := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return m
}

// -toolexec runs every compile and link of the build through a program of the
// learner's choosing: it is dropped, whether written with = or as two words,
// and said.
func TestGOFLAGSToolexecDropped(t *testing.T) {
	for _, flags := range []string{"-toolexec=/tmp/spy -modcacherw", "-modcacherw --toolexec=/tmp/spy", "-toolexec /tmp/spy -modcacherw"} {
		got := envMap(GoEnv(flags))["GOFLAGS"]
		if got != "-mod=readonly -modcacherw" {
			t.Errorf("GoEnv(%q): GOFLAGS=%q, want %q", flags, got, "-mod=readonly -modcacherw")
		}
		s := Sanitize([]string{"GOENV=off", "GOFLAGS=" + flags})
		if got := envMap(s.Env)["GOFLAGS"]; strings.Contains(got, "toolexec") || strings.Contains(got, "spy") {
			t.Errorf("Sanitize(GOFLAGS=%q) keeps it: GOFLAGS=%q", flags, got)
		}
		if dropped := strings.Join(s.Dropped, " "); !strings.Contains(dropped, "toolexec") || !strings.Contains(dropped, "/tmp/spy") {
			t.Errorf("Sanitize(GOFLAGS=%q) does not say it dropped -toolexec: dropped %q", flags, dropped)
		}
	}
}

// writeGoEnvFile writes a go env -w file (what GOENV names) holding lines.
func writeGoEnvFile(t *testing.T, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "env")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Settings that come from go env -w's file, not the environment, are
// sanitised the same way: GOFLAGS loses -run, -toolexec and the rest, a
// GOTOOLCHAIN path form becomes local, and a dropped GOEXPERIMENT turns the
// file off while its other settings are passed on. The go command itself,
// given the file and what Sanitize adds, sees the sanitised values.
func TestSanitizeReadsTheGoEnvFile(t *testing.T) {
	file := writeGoEnvFile(t,
		"# written by go env -w",
		"GOFLAGS=-run=^$ -toolexec=/tmp/spy -tags=fake -trimpath",
		"GOTOOLCHAIN=path",
		"GOPRIVATE=example.com/matrix",
	)
	s := Sanitize([]string{"GOENV=" + file, "PATH=" + os.Getenv("PATH")})
	got := envMap(s.Env)
	if got["GOFLAGS"] != "-mod=readonly -trimpath" || got["GOTOOLCHAIN"] != "local" || got["GOWORK"] != "off" {
		t.Errorf("from the file %s: GOFLAGS=%q GOTOOLCHAIN=%q GOWORK=%q, want %q, %q, %q (env %v)", file,
			got["GOFLAGS"], got["GOTOOLCHAIN"], got["GOWORK"], "-mod=readonly -trimpath", "local", "off", s.Env)
	}
	dropped := strings.Join(s.Dropped, " ")
	for _, w := range []string{"GOFLAGS=-run=^$ -toolexec=/tmp/spy -tags=fake", "GOTOOLCHAIN=path"} {
		if !strings.Contains(dropped, w) {
			t.Errorf("dropped %q lacks %q", dropped, w)
		}
	}
	if _, off := got["GOENV"]; off {
		t.Errorf("nothing needs the file off, yet GOENV=%q (env %v)", got["GOENV"], s.Env)
	}

	// What the go command reads: the environment, then the file. Asked with
	// Sanitize's additions on top of the learner's, it sees none of the file's
	// dropped flags; its other settings (GOPRIVATE) still apply.
	if goBin, err := exec.LookPath("go"); err == nil {
		cmd := exec.Command(goBin, "env", "-json", "GOFLAGS", "GOTOOLCHAIN", "GOPRIVATE")
		var env []string
		for _, kv := range os.Environ() {
			if k, _, _ := strings.Cut(kv, "="); k != "GOFLAGS" && k != "GOTOOLCHAIN" && k != "GOPRIVATE" && k != "GOENV" {
				env = append(env, kv)
			}
		}
		cmd.Env = append(append(env, "GOENV="+file), s.Env...)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go env with the file and the sanitised settings: %v\n%s", err, out)
		}
		var seen map[string]string
		if err := json.Unmarshal(out, &seen); err != nil {
			t.Fatalf("go env -json: %v\n%s", err, out)
		}
		if seen["GOFLAGS"] != "-mod=readonly -trimpath" || seen["GOTOOLCHAIN"] != "local" || seen["GOPRIVATE"] != "example.com/matrix" {
			t.Errorf("the go command sees GOFLAGS=%q GOTOOLCHAIN=%q GOPRIVATE=%q, want %q, %q, %q (the file's GOPRIVATE kept)",
				seen["GOFLAGS"], seen["GOTOOLCHAIN"], seen["GOPRIVATE"], "-mod=readonly -trimpath", "local", "example.com/matrix")
		}
	}

	// An experiment dropped from the file: the file is turned off, its other
	// settings passed on as variables, and GOFLAGS still the sanitised one.
	file = writeGoEnvFile(t, "GOEXPERIMENT=greenteagc", "GOPROXY=off", "GOFLAGS=-run=^$")
	s = Sanitize([]string{"GOENV=" + file})
	got = envMap(s.Env)
	if got["GOENV"] != "off" || got["GOEXPERIMENT"] != "" || got["GOPROXY"] != "off" || got["GOFLAGS"] != "-mod=readonly" {
		t.Errorf("GOEXPERIMENT=greenteagc in the file: GOENV=%q GOEXPERIMENT=%q GOPROXY=%q GOFLAGS=%q, want off, \"\", off, -mod=readonly (env %v)",
			got["GOENV"], got["GOEXPERIMENT"], got["GOPROXY"], got["GOFLAGS"], s.Env)
	}
	if !slices.Contains(s.Dropped, "GOEXPERIMENT=greenteagc") || !slices.Contains(s.Dropped, "GOFLAGS=-run=^$") {
		t.Errorf("dropped %v, want GOEXPERIMENT=greenteagc and GOFLAGS=-run=^$", s.Dropped)
	}

	// The environment wins over the file, as for the go command.
	file = writeGoEnvFile(t, "GOFLAGS=-run=^$")
	s = Sanitize([]string{"GOENV=" + file, "GOFLAGS=-trimpath"})
	if got := envMap(s.Env)["GOFLAGS"]; got != "-mod=readonly -trimpath" || len(s.Dropped) != 0 {
		t.Errorf("GOFLAGS set in the environment over the file's: GOFLAGS=%q, dropped %v; want -mod=readonly -trimpath, nothing dropped", got, s.Dropped)
	}
}

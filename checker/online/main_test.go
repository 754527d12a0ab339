package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The online binary built under another name (as installed) runs hunt from
// any folder, names itself as installed, and passes hunt's exit code on.
func TestInstalledName(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "gohunters-online")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dump, err := filepath.Abs("../internal/hunt/testdata/go1.26.8/goroutine-2.txt")
	if err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir // outside the workshop
		cmd.Env = append(os.Environ(), "GOHUNTERS_NAME=", "LANG=C")
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, string(out)
	}
	if code, out := run("hunt", "--save", dir, dump); code != 1 || !strings.Contains(out, "main.ask") {
		t.Errorf("hunt: exit %d, want 1:\n%s", code, out)
	}
	if code, out := run("hunt", "--help"); code != 0 || !strings.Contains(out, "gohunters-online hunt [flags]") {
		t.Errorf("hunt --help: exit %d:\n%s", code, out)
	}
	if code, out := run("hunt", filepath.Join(dir, "gohunters-online")); code != 2 || !strings.Contains(out, "binary data") {
		t.Errorf("hunt on a binary: exit %d:\n%s", code, out)
	}
	if code, _ := run("nosuchcommand"); code != 2 {
		t.Errorf("an unknown command: exit %d, want 2", code)
	}
}

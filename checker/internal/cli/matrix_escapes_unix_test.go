//go:build unix

package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// setsidChild is learner code that starts a child in a session of its own
// (Setsid: out of the test binary's process group), waits until the child
// has written its pid, then ends as end says.
func setsidChild(pidFile, end string) string {
	return `cmd := exec.Command("sh", "-c", "echo $$ > ` + pidFile + `; exec sleep 60")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if cmd.Start() != nil {
		return -1
	}
	for {
		if b, _ := os.ReadFile(` + strconv.Quote(pidFile) + `); len(b) > 0 && b[len(b)-1] == '\n' {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	` + end
}

// waitPid reads the pid in pidFile once it is there.
func waitPid(t *testing.T, pidFile string) int {
	t.Helper()
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatalf("the learner's child never wrote its pid: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("pid file holds %q", b)
	}
	return pid
}

// A child the code under test starts in a session of its own ends with the
// check, however the check ends: after a run that ends normally (done), after
// a test timeout, and after Ctrl-C.
func TestSetsidChildEndsWithTheCheck(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	const sum = "total := 0\n\tfor _, x := range xs {\n\t\ttotal += x\n\t}\n\treturn total"
	for _, tc := range []struct {
		name, end string
		args      []string
		interrupt bool
		code      int
		want      string
	}{
		{"normal end", sum, []string{"check", "1"}, false, ExitPass, "done"},
		{"timeout", "select {}", []string{"check", "1", "--timeout", "3s"}, false, ExitFail, "timed out after 3s"},
		{"interrupt", "select {}", []string{"check", "1", "--timeout", "5m"}, true, ExitInterrupted, "interrupted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := copyFixture(t)
			pidFile := filepath.Join(t.TempDir(), "pid")
			editSum(t, root, `"os"; "os/exec"; "syscall"; "time"`, setsidChild(pidFile, tc.end))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.interrupt {
				// Ctrl-C once the child is there and the test blocks.
				go func() {
					for ctx.Err() == nil {
						if b, _ := os.ReadFile(pidFile); bytes.HasSuffix(b, []byte("\n")) {
							time.Sleep(200 * time.Millisecond)
							cancel()
							return
						}
						time.Sleep(20 * time.Millisecond)
					}
				}()
			}
			start := time.Now()
			r := checkerWith(t, ctx, root, nil, false, noInspect, tc.args...)
			if r.code != tc.code {
				t.Errorf("exit %d after %v, want %d\n%s%s", r.code, time.Since(start), tc.code, r.stdout, r.stderr)
			}
			mustContain(t, r.stdout+r.stderr, tc.want)
			pid := waitPid(t, pidFile)
			// Only a child that lives on matters: a busy machine may take a
			// while to reap one.
			deadline := time.Now().Add(30 * time.Second)
			for syscall.Kill(pid, 0) == nil && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			if syscall.Kill(pid, 0) == nil {
				syscall.Kill(pid, syscall.SIGKILL)
				t.Errorf("the learner's child %d, in a session of its own, outlived the check (%s)", pid, tc.name)
			}
		})
	}
}

// A test binary killed by a signal that its own code sent (here to its whole
// process group) is said as killed by a signal, with the signal's name, with
// the look at the code off: never as a call of os.Exit.
func TestGroupKillIsASignalNotAnExit(t *testing.T) {
	root := copyFixture(t)
	editSum(t, root, `"syscall"`, "syscall.Kill(0, syscall.SIGKILL)\n\treturn 0")
	for _, args := range [][]string{{"check", "1"}, {"check", "--no-fast", "1"}} {
		r := checkerWith(t, context.Background(), root, nil, false, noInspect, args...)
		if r.code != ExitFail || strings.Contains(listLine(r.stdout, 1), "done") {
			t.Errorf("%v: exit %d, want %d and not done\n%s%s", args, r.code, ExitFail, r.stdout, r.stderr)
		}
		mustContain(t, r.stdout, "killed by a signal (killed)")
		if strings.Contains(r.stdout, "os.Exit") {
			t.Errorf("%v: a signal is said as a call of os.Exit:\n%s", args, r.stdout)
		}
	}
}

// mountTiny mounts a tmpfs of size bytes at a new folder, or skips where that
// cannot be done (not root, no tmpfs, no mount).
func mountTiny(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small filesystem needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small filesystem: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// A full disk, for real: the build cache on a filesystem with no room for a
// test binary's build. The check says the disk is full and what to do, exits
// as a set-up error, and never says "cannot start", "no such file or
// directory" or "does not compile".
func TestFullDiskSaidEndToEnd(t *testing.T) {
	tiny := mountTiny(t, "256k")
	t.Setenv("GOCACHE", filepath.Join(tiny, "cache"))
	root := copyFixture(t)
	// The test binary built first (the fast path), and go test -json.
	for _, args := range [][]string{{"check", "1"}, {"check", "--no-fast", "1"}} {
		r := checker(t, context.Background(), root, nil, false, args...)
		if r.code != ExitUsage {
			t.Errorf("%v: exit %d, want %d\n%s%s", args, r.code, ExitUsage, r.stdout, r.stderr)
		}
		mustContain(t, r.stderr, "the disk is full", "no space left on device", "go clean -cache")
		for _, wrong := range []string{"cannot start", "no such file or directory", "does not compile", "not in std"} {
			if strings.Contains(r.stdout+r.stderr, wrong) {
				t.Errorf("%v: a full disk is said as %q:\n%s%s", args, wrong, r.stdout, r.stderr)
			}
		}
		t.Logf("%v:\n%s%s", args, r.stdout, r.stderr)
	}
}

// A reset on a disk that fills up during the backup's copy (the store on a
// small filesystem, a large file of the learner's in the exercise): it says
// it could not reset and changed nothing, never that the exercise was
// missing, and leaves no backup listed.
func TestResetOnAFullDiskChangesNothing(t *testing.T) {
	config := mountTiny(t, "1m")
	root := copyFixture(t)
	o := opts{config: config}
	if r := run(t, root, o, "hint", "1"); r.code != ExitPass {
		t.Fatalf("hint 1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	write(t, filepath.Join(root, sumGo), mine)
	big := bytes.Repeat([]byte("what I tried\n"), 200_000) // 2.6 MB
	write(t, filepath.Join(root, "exercises", "01_ok", "NOTES.md"), big)
	r := run(t, root, o, "reset", "1")
	if r.code != ExitFail {
		t.Errorf("reset 1: exit %d, want %d\n%s%s", r.code, ExitFail, r.stdout, r.stderr)
	}
	mustContain(t, r.stderr, "cannot reset exercise 01", "backup failed", "no space left on device", "Nothing was changed")
	for _, w := range []string{"was missing", "nothing to back up", "back as shipped", "saved in"} {
		if strings.Contains(r.stdout+r.stderr, w) {
			t.Errorf("reset 1 says %q:\n%s%s", w, r.stdout, r.stderr)
		}
	}
	if !bytes.Equal(mustRead(t, filepath.Join(root, sumGo)), mine) {
		t.Error("a reset that could not back up changed sum.go")
	}
	r = run(t, root, o, "restore", "1")
	mustContain(t, r.stdout, "exercise 01 has no backups")
	partial, _ := filepath.Glob(filepath.Join(config, "gohunters", "*", "backup", "01_ok", "*"))
	if len(partial) > 0 {
		t.Errorf("the cut-short copy is left on the full disk: %v", partial)
	}
}

// Every go command the checker runs before grading (the preflight's go env
// included) gets the filtered GOFLAGS, never the learner's -run or -tags: a
// go first on PATH logs what each invocation received.
func TestPreflightGetsFilteredGOFLAGS(t *testing.T) {
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not in PATH")
	}
	bin, log := t.TempDir(), filepath.Join(t.TempDir(), "go.log")
	writeFile(t, filepath.Join(bin, "go"), "#!/bin/sh\necho \"$1 GOFLAGS=$GOFLAGS\" >> "+log+"\nexec "+realGo+" \"$@\"\n")
	if err := os.Chmod(filepath.Join(bin, "go"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("GOFLAGS", "-run=^$ -tags=fake")
	root := copyFixture(t)
	r := checker(t, context.Background(), root, nil, false, "check", "7")
	mustContain(t, r.stdout, "failing", "Half(10) = 3, want 5")
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatalf("the go on PATH was never run: %v\n%s%s", err, r.stdout, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	sawEnv := false
	for _, l := range lines {
		sawEnv = sawEnv || strings.HasPrefix(l, "env ")
		if strings.Contains(l, "-run") || strings.Contains(l, "-tags") {
			t.Errorf("a go command got the learner's GOFLAGS: %q", l)
		}
	}
	if !sawEnv {
		t.Errorf("no go env among the go commands run (the preflight): %q", lines)
	}
	t.Logf("go commands run: %q", lines)
}

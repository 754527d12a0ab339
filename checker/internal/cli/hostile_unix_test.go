//go:build unix

package cli

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A child process started with cmd.Stdout = os.Stdout holds the test binary's
// output pipe after the tests end: the verdict must not wait for it.
func TestChildHoldingStdoutDoesNotHang(t *testing.T) {
	root := copyFixture(t)
	pidFile := filepath.Join(t.TempDir(), "pid")
	editSum(t, root, `"os"; "os/exec"`, `cmd := exec.Command("sh", "-c", "echo $$ > `+pidFile+`; exec sleep 60")
	cmd.Stdout = os.Stdout
	_ = cmd.Start()
	total := 0
	for _, x := range xs {
		total += x
	}
	return total`)
	start := time.Now()
	r := checkerWith(t, context.Background(), root, nil, false, noInspect, "check", "1")
	took := time.Since(start)
	// The child sleeps 60 s: a checker that waited for it would take that long.
	// Anything well below is a checker that did not, however busy the machine.
	if r.code != ExitPass || took > 50*time.Second {
		t.Fatalf("exit %d after %v\n%s%s", r.code, took, r.stdout, r.stderr)
	}
	mustContain(t, r.stdout, "done")
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	deadline := time.Now().Add(30 * time.Second) // only a child that lives on matters
	for syscall.Kill(pid, 0) == nil && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if syscall.Kill(pid, 0) == nil {
		t.Errorf("the learner's child process %d outlived the check", pid)
	}
	t.Logf("verdict in %v", took)
}

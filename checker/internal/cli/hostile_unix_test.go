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
	t.Parallel() // its own copy of the fixture; it waits more than it computes
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

// Children the code under test starts in sessions of their own (Setsid), here
// copies of its own test binary, count in the memory bound of the test binary
// that started them, and none outlives the check.
func TestMemoryBoundsTheWholeTree(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	root := copyFixture(t)
	pids := filepath.Join(t.TempDir(), "pids")
	writeFile(t, filepath.Join(root, "exercises", "01_ok", "sum.go"), `package sum

import (
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

var hog []byte

func init() {
	if os.Getenv("GOHUNTERS_HOG") == "" {
		return
	}
	hog = make([]byte, 100<<20)
	for i := range hog {
		hog[i] = 1
	}
	time.Sleep(time.Minute)
	os.Exit(0)
}

// Sum adds xs, after starting four hungry children, each in a session of its own.
func Sum(xs []int) int {
	f, _ := os.OpenFile(`+strconv.Quote(pids)+`, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	for range 4 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "GOHUNTERS_HOG=1")
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if cmd.Start() == nil {
			f.WriteString(strconv.Itoa(cmd.Process.Pid) + "\n")
		}
	}
	f.Close()
	time.Sleep(15 * time.Second)
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}
`)
	r := checkerWith(t, context.Background(), root, nil, false, noInspect, "check", "1", "--memory", "300")
	if r.code != ExitFail {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Each child alone is below the bound, the four together above: the run
	// without the race detector (whose memory is larger) is the one stopped.
	mustContain(t, r.stdout, "used too much memory")
	if strings.Contains(r.stdout, "without the race detector") {
		t.Errorf("stopped only under the race detector: the children's memory was not counted together\n%s", r.stdout)
	}
	b, err := os.ReadFile(pids)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, f := range strings.Fields(string(b)) {
		pid, _ := strconv.Atoi(f)
		for syscall.Kill(pid, 0) == nil && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if syscall.Kill(pid, 0) == nil {
			t.Errorf("child %d, in a session of its own, outlived the check", pid)
		}
	}
}

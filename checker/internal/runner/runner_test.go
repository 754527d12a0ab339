//go:build unix

package runner

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as the watchdog and as a stand-in checker.
func TestMain(m *testing.M) {
	WatchdogMain()
	if os.Getenv("RUNNER_TEST_CHECKER") == "1" {
		fakeChecker()
		return
	}
	os.Exit(m.Run())
}

// fakeChecker starts a process group the way the runner does (a shell that
// starts a grandchild), prints the grandchild's pid, and waits to be killed.
func fakeChecker() {
	EnableWatchdog()
	cmd := exec.Command("sh", "-c", "sleep 60 & echo $!; wait")
	newGroup(cmd, 0)
	out, _ := cmd.StdoutPipe()
	if err := start(cmd); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	buf := make([]byte, 64)
	n, _ := out.Read(buf)
	fmt.Print(string(buf[:n]))
	select {}
}

// kill -9 of the checker: nothing it started survives.
func TestNothingOutlivesKill9(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "RUNNER_TEST_CHECKER=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, _ := out.Read(buf)
	pid, err := strconv.Atoi(strings.TrimSpace(string(buf[:n])))
	if err != nil {
		t.Fatalf("fake checker said %q", buf[:n])
	}
	if syscall.Kill(pid, 0) != nil {
		t.Fatal("the grandchild is not running")
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	deadline := time.Now().Add(30 * time.Second) // only a process that lives on matters
	for syscall.Kill(pid, 0) == nil && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if syscall.Kill(pid, 0) == nil {
		_ = syscall.Kill(pid, syscall.SIGKILL)
		t.Fatalf("process %d outlived the checker's kill -9", pid)
	}
}

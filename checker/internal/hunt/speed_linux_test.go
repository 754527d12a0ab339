//go:build linux

package hunt

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// bigDump writes a dump of n goroutines in the runtime's own format: the
// goroutines of a real dump of the leaky service, repeated with fresh ids.
func bigDump(t *testing.T, n int) string {
	t.Helper()
	real, err := os.ReadFile(td("go1.26.8", "goroutine-2.txt"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(strings.TrimSpace(string(real)), "\n\n")
	var sb strings.Builder
	for i := range n {
		_, rest, _ := strings.Cut(strings.TrimPrefix(blocks[i%len(blocks)], "goroutine "), " ") // the id
		fmt.Fprintf(&sb, "goroutine %d %s\n\n", i+1, rest)
	}
	p := filepath.Join(t.TempDir(), "goroutine.txt")
	if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSpeedChild is the process TestSpeed measures: hunt on one file.
func TestSpeedChild(t *testing.T) {
	file := os.Getenv("HUNT_SPEED_CHILD")
	if file == "" {
		t.Skip("run by TestSpeed")
	}
	code := Run(context.Background(), Env{Args: []string{"--save", t.TempDir(), file}, Stdout: io.Discard, Stderr: os.Stderr})
	if code != ExitSuspects {
		t.Fatalf("exit %d", code)
	}
}

// A dump of 100,000 goroutines (tens of MB) is read and ranked in under 2 s
// and 300 MB, measured on the whole process. The CPU time and the memory are
// checked always; the wall time, which a busy machine stretches, only with
// HUNT_SPEED=1.
func TestSpeed(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's memory and time are not the command's")
	}
	file := bigDump(t, 100_000)
	st, _ := os.Stat(file)
	cmd := exec.Command(os.Args[0], "-test.run=^TestSpeedChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "HUNT_SPEED_CHILD="+file)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	rssMB := ru.Maxrss / 1024
	t.Logf("100,000 goroutines, %d MB of dump: wall %v, CPU %v, peak RSS %d MB", st.Size()>>20, wall.Round(time.Millisecond), cpu.Round(time.Millisecond), rssMB)
	if rssMB >= 300 {
		t.Errorf("peak RSS %d MB, want under 300", rssMB)
	}
	if cpu >= 2*time.Second {
		t.Errorf("CPU time %v, want under 2 s", cpu)
	}
	if os.Getenv("HUNT_SPEED") == "1" && wall >= 2*time.Second {
		t.Errorf("wall time %v, want under 2 s", wall)
	}
}

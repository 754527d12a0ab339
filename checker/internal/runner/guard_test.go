package runner

// The stall guard stops a run that makes no progress, never one that is only
// slow (issue 26: a cold build cache, a busy laptop or a rebuilt standard
// library was stopped after exactly two minutes). Progress is output or CPU
// time used by the run's processes; a silent process that uses no CPU is
// stuck. The per-test timeout is scaled by how busy the machine is.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// A copy of this test binary started with guardTestBlock set is a Go process
// blocked for good, printing nothing: what a hung test binary looks like, its
// runtime's housekeeping included.
const guardTestBlock = "GOHUNTERS_GUARD_TEST_BLOCK"

func init() {
	if os.Getenv(guardTestBlock) == "1" {
		time.Sleep(time.Hour)
		os.Exit(0)
	}
}

// guarded starts cmd in a process group of its own, followed by a tracker and
// watched by stallGuard with limit; what cmd prints counts as output. The
// returned channel gets how long after the start the guard stopped the run.
// Everything ends with the test.
func guarded(t *testing.T, cmd *exec.Cmd, limit time.Duration) <-chan time.Duration {
	t.Helper()
	if !cpuKnown {
		t.Skip("the run's CPU time is not measured here: the guard sees only output")
	}
	var out activity
	cmd.Stdout, cmd.Stderr = &out, &out
	newGroup(cmd, 0)
	if err := start(cmd); err != nil {
		t.Fatal(err)
	}
	tr := track(cmd.Process.Pid, 0, nil)
	began := time.Now()
	stopped := make(chan time.Duration, 1)
	end := stallGuard(limit, tr, &out, func() { stopped <- time.Since(began) })
	t.Cleanup(func() {
		end()
		tr.end()
		killGroup(cmd)
		_ = cmd.Wait()
		reaped(cmd)
	})
	return stopped
}

// notStopped fails when the guard stops the run within d.
func notStopped(t *testing.T, stopped <-chan time.Duration, d time.Duration, what string) {
	t.Helper()
	select {
	case after := <-stopped:
		t.Fatalf("%s was stopped after %v: it was making progress", what, after.Round(time.Millisecond))
	case <-time.After(d):
	}
}

// stoppedWithin fails unless the guard stops the run within d, and returns when it did.
func stoppedWithin(t *testing.T, stopped <-chan time.Duration, d time.Duration, what string) time.Duration {
	t.Helper()
	select {
	case after := <-stopped:
		return after
	case <-time.After(d):
		t.Fatalf("%s was not stopped within %v: it made no progress", what, d)
	}
	return 0
}

func needs(t *testing.T, tool string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s not installed", tool)
	}
}

// A silent process that keeps a CPU busy (a compiler on a cold cache, a
// test grinding through its work) is making progress, however long it takes.
func TestStallGuardKeepsABusySilentRun(t *testing.T) {
	needs(t, "sh")
	const limit = time.Second
	stopped := guarded(t, exec.Command("sh", "-c", "while :; do :; done"), limit)
	notStopped(t, stopped, 4*limit, "a silent child using a CPU")
}

// A silent process that uses no CPU (asleep, or blocked for good) made no
// progress: stopped once the limit has passed, not before.
func TestStallGuardStopsASleepingSilentRun(t *testing.T) {
	for _, c := range []struct {
		name string
		cmd  func() *exec.Cmd
	}{
		{"sleep", func() *exec.Cmd { return exec.Command("sleep", "60") }},
		{"blocked Go process", func() *exec.Cmd {
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), guardTestBlock+"=1")
			return cmd
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "sleep" {
				needs(t, "sleep")
			}
			const limit = time.Second
			stopped := guarded(t, c.cmd(), limit)
			// Only a run never stopped matters: a busy machine may be late.
			after := stoppedWithin(t, stopped, 30*time.Second, "a silent child asleep")
			if after < limit {
				t.Errorf("stopped after %v, before the limit of %v", after, limit)
			}
			t.Logf("stopped after %v (limit %v)", after, limit)
		})
	}
}

// What counts as progress, and from when the limit runs: a run that prints
// (and sleeps between the lines) lives while it prints, and is stopped once it
// has been silent and idle for the limit; so is one that stops using a CPU.
func TestStallGuardCountsFromTheLastProgress(t *testing.T) {
	needs(t, "sh")
	needs(t, "sleep")
	needs(t, "timeout")
	const limit = time.Second
	for _, c := range []struct {
		name   string
		script string
		busy   time.Duration // how long it makes progress at least
	}{
		{"output, then silence", "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do echo line $i; sleep 0.2; done; exec sleep 60", 3 * time.Second},
		{"CPU time, then none", "timeout 3 sh -c 'while :; do :; done'; exec sleep 60", 3 * time.Second},
	} {
		t.Run(c.name, func(t *testing.T) {
			stopped := guarded(t, exec.Command("sh", "-c", c.script), limit)
			after := stoppedWithin(t, stopped, c.busy+30*time.Second, c.name)
			if after < c.busy {
				t.Errorf("stopped after %v, while it was still making progress (for %v, limit %v)", after, c.busy, limit)
			}
			t.Logf("stopped after %v", after)
		})
	}
}

// The limits: a test run may make no progress for two minutes where its CPU
// time is measured (ten where only its output is), a build for buildStall,
// longer, unless the run sets its own; NoGuard is none.
func TestStallLimits(t *testing.T) {
	def := 10 * time.Minute
	if cpuKnown {
		def = 2 * time.Minute
	}
	for _, c := range []struct {
		name string
		o    Options
		want time.Duration
	}{
		{"a test run, by default", Options{}, def},
		{"a test run, its own guard", Options{Guard: 30 * time.Second}, 30 * time.Second},
		{"a test run, no guard", Options{Guard: NoGuard}, 0},
		{"a build, by default", Options{}.forBuild(), buildStall},
		{"a build, its own guard", Options{Guard: 30 * time.Second}.forBuild(), 30 * time.Second},
		{"a build, no guard", Options{Guard: NoGuard}.forBuild(), 0},
	} {
		if got := c.o.stall(); got != c.want {
			t.Errorf("%s: the guard's limit is %v, want %v", c.name, got, c.want)
		}
	}
	if buildStall <= (Options{}).stall() {
		t.Errorf("a build may stall %v, a test run %v: the build's guard must be the longer", buildStall, Options{}.stall())
	}
	if o := (Options{Memory: 300 << 20}).forBuild(); o.Memory != 0 {
		t.Errorf("a build is bounded to %d bytes: the compiler's memory is not the learner's", o.Memory)
	}
	if end := stallGuard(0, nil, nil, func() { t.Error("a guard without a limit fired") }); end == nil {
		t.Error("stallGuard(0) returned no end")
	} else {
		end()
	}
}

// fakeGo puts a go command that runs script first on PATH.
func fakeGo(t *testing.T, script string) {
	t.Helper()
	needs(t, "sh")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go"), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// Build runs the go command under the guard: a build that compiles without a
// word (a CPU busy, nothing printed) is not stopped; one that is stuck is, with
// a StallError.
func TestBuildGuarded(t *testing.T) {
	if !cpuKnown {
		t.Skip("the run's CPU time is not measured here: the guard sees only output")
	}
	needs(t, "timeout")
	const limit = time.Second
	for _, c := range []struct {
		name, script string
		stopped      bool
	}{
		{"compiling in silence", "timeout 3 sh -c 'while :; do :; done'; exit 0", false},
		{"stuck", "exec sleep 60", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			fakeGo(t, c.script)
			began := time.Now()
			_, err := Build(context.Background(), Options{Dir: t.TempDir(), Guard: limit}, t.TempDir(), []string{"example.com/x"})
			took := time.Since(began)
			var stall *StallError
			switch {
			case c.stopped && (!errors.Is(err, ErrGuard) || !errors.As(err, &stall) || stall.Limit != limit):
				t.Errorf("a stuck build: err %v after %v, want a StallError of %v", err, took, limit)
			case !c.stopped && err != nil:
				t.Errorf("a silent build using a CPU: err %v after %v, want none", err, took)
			case !c.stopped && took < 3*time.Second:
				t.Errorf("the silent build ended after %v, before its 3 s of work", took)
			}
			t.Logf("%v after %v", err, took)
		})
	}
}

// fakeLoad makes the system's load averages read as s (or fail with err).
func fakeLoad(t *testing.T, s string, err error) {
	old := loadavg
	loadavg = func() ([]byte, error) { return []byte(s), err }
	t.Cleanup(func() { loadavg = old })
}

// The per-test timeout grows with the machine's load per CPU (a quiet
// machine's stays as it is), at most tenfold, and stays as it is when the
// load cannot be read.
func TestCalibratedTimeout(t *testing.T) {
	n := float64(runtime.NumCPU())
	load := func(perCPU float64) string { return fmt.Sprintf("%.2f 0.50 0.40 2/345 6789\n", perCPU*n) }
	const base = 20 * time.Second
	for _, c := range []struct {
		name string
		load string
		err  error
		want time.Duration
	}{
		{"quiet", load(0.05), nil, base},
		{"one task per CPU", load(1), nil, base},
		{"busy", load(4), nil, 4 * base},
		{"busy, to the second", load(2.5), nil, 50 * time.Second},
		{"absurd, capped", load(500), nil, maxScale * base},
		{"infinite, capped", "+Inf 1 1 1/1 1\n", nil, maxScale * base},
		{"unreadable", "", os.ErrNotExist, base},
		{"empty", "", nil, base},
		{"not a number", "busy 1 1 1/1 1\n", nil, base},
		{"NaN", "NaN 1 1 1/1 1\n", nil, base},
		{"negative", "-3.00 1 1 1/1 1\n", nil, base},
	} {
		t.Run(c.name, func(t *testing.T) {
			fakeLoad(t, c.load, c.err)
			if got := Calibrated(base); got != c.want {
				t.Errorf("load %q (err %v) on %d CPUs: Calibrated(%v) = %v, want %v", strings.TrimSpace(c.load), c.err, runtime.NumCPU(), base, got, c.want)
			}
			if b := Busy(); !(b >= 1) {
				t.Errorf("Busy() = %v, want at least 1", b)
			}
		})
	}
	// The machine as it is: within the bounds.
	if got := Calibrated(base); got < base || got > maxScale*base {
		t.Errorf("Calibrated(%v) = %v on this machine (load per CPU %v), want between %v and %v", base, got, Busy(), base, maxScale*base)
	}
}

//go:build unix

package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"gohunters/checker/internal/runner"
)

// standInEnv, set to a fixture copy's root, makes this test binary a checker
// the way the real one's main is (its watchdog, StopSignals), grading that
// copy's fixture exercises with os.Args[1:]. standInLog names the file where
// it writes the process groups it started and "run <test>" when a test starts.
const (
	standInEnv = "GOHUNTERS_CLI_STAND_IN"
	standInLog = "GOHUNTERS_CLI_STAND_IN_LOG"
)

func init() {
	root := os.Getenv(standInEnv)
	if root == "" {
		return
	}
	runner.WatchdogMain() // its watchdog is a copy of it too
	runner.EnableWatchdog()
	ctx, stop := signal.NotifyContext(context.Background(), StopSignals...)
	log, err := os.OpenFile(os.Getenv(standInLog), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	say := func(s string) { _, _ = log.WriteString(s + "\n") }
	code := Main(ctx, Env{
		Args: os.Args[1:], Stdout: os.Stdout, Stderr: os.Stderr, Cwd: root,
		Getenv: os.Getenv, Exercises: fixtureExercises, SumsText: sumsText(root),
		OnStart: func(pgid int) { say("group " + strconv.Itoa(pgid)) },
		OnEvent: func(ev runner.Event) {
			if ev.Action == "run" {
				say("run " + ev.Test)
			}
		},
	})
	stop()
	log.Close()
	os.Exit(code)
}

// procStat is what /proc says of pid: its parent, state and start time; ok
// is false when it is gone (or there is no /proc).
func procStat(pid int) (ppid int, state byte, start string, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, "", false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0, "", false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 20 {
		return 0, 0, "", false
	}
	ppid, _ = strconv.Atoi(f[1])
	return ppid, f[0][0], f[19], true
}

// descendants are the processes below pid now, by pid, with their start times.
func descendants(pid int) map[int]string {
	ents, _ := os.ReadDir("/proc")
	parent, start := map[int]int{}, map[int]string{}
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if pp, _, st, ok := procStat(p); ok {
			parent[p], start[p] = pp, st
		}
	}
	out := map[int]string{}
	for p := range parent {
		for a := parent[p]; a > 1; a = parent[a] {
			if a == pid {
				out[p] = start[p]
				break
			}
		}
	}
	return out
}

// alive says whether the process pid that started at start still runs (a
// zombie waiting for its parent does not).
func alive(pid int, start string) bool {
	_, state, st, ok := procStat(pid)
	return ok && st == start && state != 'Z'
}

// A terminal closed while a check runs sends the checker SIGHUP: it stops as
// on Ctrl-C (exit 130, "interrupted"), and no process it started, the test
// binary blocked in a deadlock included, is left behind. So do SIGTERM and
// Ctrl-C's SIGINT sent to the process.
func TestStopSignalLeavesNoProcess(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			root := copyFixture(t)
			logPath := filepath.Join(t.TempDir(), "log")
			cmd := exec.Command(os.Args[0], "check", "--timeout", "5m", "4", "1")
			cmd.Env = append(os.Environ(), standInEnv+"="+root, standInLog+"="+logPath, "NO_COLOR=1", "LANG=C", "LC_ALL=")
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			// Wait until the test binary is blocked in TestHang: only a
			// checker that never gets there matters.
			deadline := time.Now().Add(2 * time.Minute)
			for {
				b, _ := os.ReadFile(logPath)
				if strings.Contains(string(b), "run TestHang\n") {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("TestHang never started:\n%s\n%s", b, out.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			time.Sleep(200 * time.Millisecond)
			procs := descendants(cmd.Process.Pid) // empty without /proc
			sent := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			waited := make(chan error, 1)
			go func() { waited <- cmd.Wait() }()
			select {
			case <-waited:
			case <-time.After(time.Minute):
				t.Fatalf("the checker did not stop within a minute of %v\n%s", sig, out.String())
			}
			var names []string
			for pid := range procs {
				b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
				names = append(names, strings.TrimSpace(string(b)))
			}
			t.Logf("stopped by %v after %v; below it were %v", sig, time.Since(sent), names)
			if code := cmd.ProcessState.ExitCode(); code != ExitInterrupted {
				t.Errorf("exit %d after %v, want %d\n%s", code, sig, ExitInterrupted, out.String())
			}
			mustContain(t, out.String(), "interrupted")

			b, _ := os.ReadFile(logPath)
			var groups []int
			for _, line := range strings.Split(string(b), "\n") {
				if g, ok := strings.CutPrefix(line, "group "); ok {
					n, _ := strconv.Atoi(g)
					groups = append(groups, n)
				}
			}
			if len(groups) == 0 {
				t.Fatalf("no process group seen:\n%s", b)
			}
			// Only a process that never goes away matters: a busy machine may
			// take a while to reap one.
			deadline = time.Now().Add(30 * time.Second)
			for _, g := range groups {
				for runner.GroupAlive(g) && time.Now().Before(deadline) {
					time.Sleep(20 * time.Millisecond)
				}
				if runner.GroupAlive(g) {
					t.Errorf("process group %d still has processes after %v", g, sig)
				}
			}
			for pid, start := range procs {
				for alive(pid, start) && time.Now().Before(deadline) {
					time.Sleep(20 * time.Millisecond)
				}
				if alive(pid, start) {
					cmdline, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
					t.Errorf("process %d (%s) outlived the checker's %v", pid, bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '}), sig)
					_ = syscall.Kill(pid, syscall.SIGKILL)
				}
			}
		})
	}
}

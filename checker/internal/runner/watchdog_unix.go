//go:build unix

package runner

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
)

// The watchdog makes sure nothing the checker started outlives it, even after a
// kill -9 or a closed terminal, which no signal handler sees. It is a second
// copy of the checker's own executable, in a process group of its own, that
// reads the ids of the process groups the checker starts (go test, the test
// binaries, whatever the learner's code spawns) from a pipe. When the checker
// dies, however it dies, the pipe's writing end closes, and the watchdog kills
// every group still registered. A parent-death signal would reach only the
// checker's direct children, not go test's test binaries or their children.

const watchdogEnv = "GOHUNTERS_CHECKER_WATCHDOG"

var watchdog struct {
	enabled bool
	once    sync.Once
	mu      sync.Mutex
	w       *os.File
}

// EnableWatchdog turns the watchdog on for this process (the checker's main
// does; tests that run the checker in-process do not), and, where there is
// one, makes it a child subreaper (EnableSubreaper).
func EnableWatchdog() {
	watchdog.enabled = true
	EnableSubreaper()
}

// WatchdogMain runs the watchdog when this process was started as one, and then
// exits; otherwise it returns at once. Call it first thing in main.
func WatchdogMain() {
	if os.Getenv(watchdogEnv) != "1" {
		return
	}
	groups := map[int]bool{}
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		line := sc.Text()
		if len(line) < 2 {
			continue
		}
		pgid, err := strconv.Atoi(line[1:])
		if err != nil || pgid <= 1 {
			continue
		}
		if line[0] == '+' {
			groups[pgid] = true
		} else {
			delete(groups, pgid)
		}
	}
	for g := range groups {
		_ = syscall.Kill(-g, syscall.SIGKILL)
	}
	os.Exit(0)
}

func startWatchdog() {
	exe, err := os.Executable()
	if err != nil {
		return
	}
	r, w, err := os.Pipe()
	if err != nil {
		return
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), watchdogEnv+"=1")
	cmd.Stdin = r
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // a closed terminal's SIGHUP does not reach it
	if err := startCmd(cmd, func() int { return cmd.Process.Pid }); err != nil {
		r.Close()
		w.Close()
		return
	}
	r.Close()
	watchdog.w = w
	go func() { _ = cmd.Wait() }() // it ends when this process does; reap it if it ends sooner
}

func tell(sign byte, pgid int) {
	if !watchdog.enabled {
		return
	}
	watchdog.once.Do(startWatchdog)
	watchdog.mu.Lock()
	defer watchdog.mu.Unlock()
	if watchdog.w != nil {
		fmt.Fprintf(watchdog.w, "%c%d\n", sign, pgid)
	}
}

// watchGroup registers a process group the watchdog must kill if the checker dies.
func watchGroup(pgid int) { tell('+', pgid) }

// unwatchGroup says the group is gone.
func unwatchGroup(pgid int) { tell('-', pgid) }

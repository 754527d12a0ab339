//go:build !unix

package runner

import (
	"os"
	"os/exec"
)

// Without process groups, killing the go command is all we can do; its test
// binaries fail when their output pipe closes.
func newGroup(cmd *exec.Cmd, pgid int) {}

func start(cmd *exec.Cmd) error { return cmd.Start() }

func reaped(cmd *exec.Cmd) {}

func stopGroup(cmd *exec.Cmd) { _ = cmd.Process.Kill() }

func killGroup(cmd *exec.Cmd) { _ = cmd.Process.Kill() }

// GroupAlive is not known on this system.
func GroupAlive(pgid int) bool { return false }

// quit cannot ask for a goroutine dump here; the test runs to its end.
func quit(cmd *exec.Cmd) bool { return false }

func ending(ps *os.ProcessState) (code int, signal string) {
	if ps == nil {
		return -1, ""
	}
	return ps.ExitCode(), ""
}

// EnableWatchdog does nothing here: there are no process groups to watch.
func EnableWatchdog() {}

// WatchdogMain returns at once here.
func WatchdogMain() {}

func watchGroup(pgid int)   {}
func unwatchGroup(pgid int) {}

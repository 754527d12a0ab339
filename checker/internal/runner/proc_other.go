//go:build !unix

package runner

import "os/exec"

// Without process groups, killing the go command is all we can do; its test
// binaries fail when their output pipe closes.
func newGroup(cmd *exec.Cmd, pgid int) {}

func stopGroup(cmd *exec.Cmd) { _ = cmd.Process.Kill() }

func killGroup(cmd *exec.Cmd) { _ = cmd.Process.Kill() }

// GroupAlive is not known on this system.
func GroupAlive(pgid int) bool { return false }

// quit cannot ask for a goroutine dump here; the test runs to its end.
func quit(cmd *exec.Cmd) bool { return false }

func started(cmd *exec.Cmd) {}

// EnableWatchdog does nothing here: there are no process groups to watch.
func EnableWatchdog() {}

// WatchdogMain returns at once here.
func WatchdogMain() {}

//go:build unix

package runner

import (
	"os/exec"
	"syscall"
	"time"
)

// newGroup makes cmd the leader of a new process group, or a member of group
// pgid when it is not 0.
func newGroup(cmd *exec.Cmd, pgid int) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pgid: pgid}
}

// stopGroup asks cmd's group to stop (go test passes SIGINT on to the test
// binary), then kills what is left a second later.
func stopGroup(cmd *exec.Cmd) {
	pgid := cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGINT)
	time.AfterFunc(time.Second, func() { _ = syscall.Kill(-pgid, syscall.SIGKILL) })
}

// killGroup kills cmd's group: whatever the learner's code left running too.
func killGroup(cmd *exec.Cmd) {
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	unwatchGroup(cmd.Process.Pid)
}

// started registers the group cmd leads with the watchdog, once it runs.
func started(cmd *exec.Cmd) { watchGroup(cmd.Process.Pid) }

// GroupAlive reports whether any process of group pgid still exists.
func GroupAlive(pgid int) bool { return syscall.Kill(-pgid, 0) == nil }

// quit asks a test binary for a dump of all its goroutines (and ends it).
func quit(cmd *exec.Cmd) bool { return cmd.Process.Signal(syscall.SIGQUIT) == nil }

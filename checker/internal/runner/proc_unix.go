//go:build unix

package runner

import (
	"os"
	"os/exec"
	"syscall"
	"time"
)

// newGroup makes cmd the leader of a new process group, or a member of group
// pgid when it is not 0.
func newGroup(cmd *exec.Cmd, pgid int) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pgid: pgid}
}

// start starts cmd, registered as one of the runner's own children, and
// registers the group it leads with the watchdog.
func start(cmd *exec.Cmd) error {
	if err := startCmd(cmd, func() int { return cmd.Process.Pid }); err != nil {
		return err
	}
	watchGroup(cmd.Process.Pid)
	return nil
}

// reaped says a child start started has been waited for.
func reaped(cmd *exec.Cmd) { forgetKid(cmd.Process.Pid) }

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

// GroupAlive reports whether any process of group pgid still exists.
func GroupAlive(pgid int) bool { return syscall.Kill(-pgid, 0) == nil }

// quit asks a test binary for a dump of all its goroutines (and ends it).
func quit(cmd *exec.Cmd) bool { return cmd.Process.Signal(syscall.SIGQUIT) == nil }

// ending says how a process ended: its exit code, or the signal that killed
// it ("killed", "segmentation fault").
func ending(ps *os.ProcessState) (code int, signal string) {
	if ps == nil {
		return -1, ""
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -1, ws.Signal().String()
	}
	return ps.ExitCode(), ""
}

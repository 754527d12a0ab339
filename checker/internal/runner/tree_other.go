//go:build !linux

package runner

import "time"

// Elsewhere than Linux there is no /proc to follow a run's processes by: the
// process group is what the runner ends, test binaries get GOMEMLIMIT (a soft
// limit) and the stall guard sees only the run's output.

// EnableSubreaper does nothing here.
func EnableSubreaper() bool { return false }

type tracker struct{}

func track(root int, limit int64, over func(dir string)) *tracker { return &tracker{} }

func (t *tracker) CPU() time.Duration { return 0 }

func (t *tracker) end() {}

// cpuKnown says whether a tracker measures the run's CPU time.
const cpuKnown = false

func startCmd(cmd interface{ Start() error }, pid func() int) error { return cmd.Start() }

func forgetKid(pid int) {}

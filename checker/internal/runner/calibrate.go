package runner

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// A test binary's timeout (go test -timeout) is for a hang: the tests of an
// exercise take a second or two on a quiet machine, their fake clocks make an
// hour of simulated time cost nothing, and a test that waits on something that
// never comes waits forever. On a busy machine the same tests take longer in
// wall-clock time, and a timeout set for a quiet one reads the wait for a CPU
// as a hang. Calibrated scales the timeout by how busy the machine is.

// maxScale bounds the scaling: a machine ten times over its cores is slow
// enough that the learner is better told to wait.
const maxScale = 10

// loadavg reads the system's load averages (tests replace it).
var loadavg = func() ([]byte, error) { return os.ReadFile("/proc/loadavg") }

// Busy is how many runnable tasks the machine has per CPU, the last minute's
// average, at least 1: /proc/loadavg on Linux; 1 elsewhere, or when it cannot
// be read.
func Busy() float64 {
	b, err := loadavg()
	if err != nil {
		return 1
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 1
	}
	load, err := strconv.ParseFloat(f[0], 64)
	if err != nil || load != load { // NaN
		return 1
	}
	return max(1, load/float64(runtime.NumCPU()))
}

// Calibrated is d scaled by Busy, at most maxScale times.
func Calibrated(d time.Duration) time.Duration { return Scaled(d, Busy()) }

// Scaled is d scaled by busy (what Busy says), at least 1 and at most
// maxScale times.
func Scaled(d time.Duration, busy float64) time.Duration {
	if busy != busy { // NaN
		busy = 1
	}
	return time.Duration(float64(d) * min(max(busy, 1), maxScale)).Round(time.Second)
}

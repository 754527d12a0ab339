// Package leakcheck holds the few helpers the exercise tests share. They exist so
// that a leak always shows up as an ordinary test failure that names it, never as a
// crashed test binary or a test that hangs until the 10-minute timeout.
//
// The line worth copying into your own tests is the first one of every exercise test:
//
//	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
//
// which is goleak.VerifyNone with a shorter report: goroutines stuck on the same
// line are listed once, with a count, instead of a thousand times.
package leakcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/leakprofile"
	"gohunters/internal/words"
)

// VerifyNone fails t if goroutines other than those allowed by opts are still
// running, like goleak.VerifyNone (it retries for about half a second so that
// goroutines on their way out can finish). The report starts with goleak's
// "found unexpected goroutines:" and shows each distinct stuck goroutine once.
func VerifyNone(t testing.TB, opts ...goleak.Option) {
	t.Helper()
	if err := goleak.Find(opts...); err != nil {
		t.Error(Summarize(err.Error()))
		writeLeakProfile(t)
	}
}

// ProfileDirEnv names the environment variable that asks VerifyNone for the
// runtime's view of a leak: when it is set and goleak found leaked goroutines,
// VerifyNone writes the goroutineleak profile to ProfileFile(<dir>, <the
// tested package's import path>, <test name>), so that the profiles of
// packages tested in one run never collide, whatever their directories are
// called.
const ProfileDirEnv = leakprofile.DirEnv

// ProfileFile is the file VerifyNone writes the goroutineleak profile of the
// test named testName to, for the package with the given import path, under
// the directory named by LEAKCHECK_PROFILE_DIR.
func ProfileFile(dir, importPath, testName string) string {
	return leakprofile.File(dir, importPath, testName)
}

// writeLeakProfile writes the goroutineleak profile, every goroutine's stack with
// the leaked ones marked "(leaked)", for a checker to read. It does nothing on a Go
// without the profile (before 1.27, or 1.26 without
// GOEXPERIMENT=goroutineleakprofile) or when the variable is unset; it never fails
// the test, since the report above already says what matters.
func writeLeakProfile(t testing.TB) {
	dir := os.Getenv(ProfileDirEnv)
	if dir == "" {
		return
	}
	profile, ok := leakprofile.Capture()
	if !ok {
		return
	}
	file := ProfileFile(dir, leakprofile.TestedPackage(), t.Name())
	err := os.MkdirAll(filepath.Dir(file), 0o755)
	if err == nil {
		err = os.WriteFile(file, []byte(profile), 0o644)
	}
	if err != nil {
		t.Logf("leakcheck: %v", err)
	}
}

// Bubble runs f in a testing/synctest bubble, where time is fake and advances only
// when every goroutine in the bubble is blocked, so tests that wait for minutes of
// simulated time finish in microseconds.
//
// synctest panics when f returns while goroutines it started are still blocked
// ("main bubble goroutine has exited but blocked goroutines remain"), or when every
// goroutine in the bubble is blocked. Bubble turns that panic into a test failure,
// so later tests still run; the deferred VerifyNone of the test lists the stacks.
//
// A goroutine blocked on a sync.Mutex, or on a channel made outside the bubble, is
// not "durably" blocked: synctest cannot see it, and neither can Bubble. Guard such
// calls with Within.
//
// The goroutines synctest reports are left blocked, still alive, so that the test's
// deferred VerifyNone (and the goroutineleak profile it writes when
// LEAKCHECK_PROFILE_DIR is set) can show them. The profile lists them as
// "[chan send (durable), synctest bubble N]" but never marks them "(leaked)": on Go
// 1.26 and 1.27 the runtime's leak analysis treats a goroutine in a bubble as
// possibly runnable. synctest's report is the runtime's verdict for those.
func Bubble(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	watchdog := time.AfterFunc(RealDeadline, func() { stalled(t.Name()) })
	defer watchdog.Stop()
	if r := recoverFrom(func() { synctest.Test(t, f) }); r != nil {
		// Reported here rather than in a deferred func, so that the line is the
		// test's call of Bubble, not a frame inside synctest.
		t.Errorf(words.BubbleReport+" %q", fmt.Sprint(r))
	}
}

// RealDeadline bounds, in real time, how long Bubble lets its func run. Inside a
// bubble a goroutine blocked on a sync.Mutex is not durably blocked, so a
// deadlock on a mutex stops the fake clock without synctest noticing, and every
// deadline of fake time with it: the test would hang until go test's 10-minute
// timeout. After RealDeadline, Bubble ends the test binary instead, with a
// message that says so and the stack of every goroutine.
var RealDeadline = time.Minute

// stalled reports a bubble that made no progress and ends the test binary.
func stalled(test string) {
	buf := make([]byte, 1<<22)
	buf = buf[:runtime.Stack(buf, true)]
	fmt.Fprintf(os.Stdout, "--- FAIL: %s\n    "+words.Stalled+" %v of real time. "+
		"Its fake clock stopped: a goroutine is blocked on something synctest cannot see, "+
		"most often a deadlock on a sync.Mutex (look for sync.(*Mutex).Lock below).\n\n%s\nFAIL\n", test, RealDeadline, buf)
	os.Exit(1)
}

// recoverFrom calls f and returns what it panicked with, if anything.
func recoverFrom(f func()) (r any) {
	defer func() { r = recover() }()
	f()
	return nil
}

// Within calls call and waits at most d for it to return. If it does not, the test
// fails with a message that names the call as blocked forever, and Within returns
// false; the blocked goroutine is left for VerifyNone to report.
//
// Inside a Bubble, d is fake time: a call that is durably blocked is reported at once.
func Within(t testing.TB, d time.Duration, what string, call func()) bool {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		call()
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-done:
		return true
	case <-timer.C:
		t.Errorf("%s did not return within %v: "+words.WithinReport+" (a leaked goroutine)", what, d)
		return false
	}
}

var (
	// Parts of a goleak report that differ between goroutines stuck in the same place.
	goroutineID = regexp.MustCompile(`(Goroutine|in goroutine) \d+`)
	bubbleID    = regexp.MustCompile(`synctest bubble \d+`)
	pcOffset    = regexp.MustCompile(`(?m) \+0x[0-9a-f]+$|\([^()\n]*\)$`)
)

// Summarize shortens a goleak report: goroutines whose stacks are the same
// (up to goroutine ids, arguments and offsets) are shown once, followed by how many
// more there are. Anything it does not recognise is returned unchanged.
func Summarize(report string) string {
	head, body, ok := strings.Cut(report, "\n[")
	if !ok {
		return report
	}
	body = strings.TrimSuffix(strings.TrimSpace(body), "]")
	var blocks []string
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(strings.TrimLeft(line, " "), words.GoleakGoroutine) || len(blocks) == 0 {
			blocks = append(blocks, strings.TrimLeft(line, " "))
			continue
		}
		blocks[len(blocks)-1] += "\n" + line
	}

	var order []string
	first := map[string]string{}
	count := map[string]int{}
	for _, b := range blocks {
		b = strings.TrimRight(b, " \n")
		key := pcOffset.ReplaceAllString(bubbleID.ReplaceAllString(goroutineID.ReplaceAllString(b, "G"), ""), "")
		if count[key] == 0 {
			order = append(order, key)
			first[key] = b
		}
		count[key]++
	}
	if len(order) == len(blocks) {
		return report
	}

	var sb strings.Builder
	fmt.Fprintf(&sb, "%s\n[", head)
	for i, key := range order {
		if i > 0 {
			sb.WriteString("\n ")
		}
		sb.WriteString(first[key])
		if n := count[key] - 1; n > 0 {
			fmt.Fprintf(&sb, "\n "+words.MoreSame, n)
		}
	}
	sb.WriteString("\n]")
	return sb.String()
}

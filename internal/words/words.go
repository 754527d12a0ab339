// Package words is the one list of the phrases that pass between the code that
// runs inside a test binary (the workshop's test helpers, goleak, synctest, the
// testing package, the runtime) and the code that reads its output (the
// checker's runner and grader, the maintainers' self-check). Both sides name a
// phrase through this package, so rewording a report cannot silently break the
// reader. It imports nothing.
package words

// Printed by the workshop's test helpers.
const (
	// BubbleReport starts leakcheck.Bubble's failure when synctest found
	// goroutines of the bubble still blocked.
	BubbleReport = "goroutine leak: synctest reports"
	// WithinReport is in leakcheck.Within's failure: the call it guards did not
	// return in time and its goroutine is left blocked.
	WithinReport = "it is blocked forever"
	// Stalled starts leakcheck.Bubble's report of a bubble that made no progress
	// in real time (a deadlock synctest cannot see), before the goroutine dump.
	Stalled = "goroutine leak: the test made no progress for"
	// MoreSame follows a goroutine of a leakcheck summary for the others stuck
	// the same way; %d is how many.
	MoreSame = "(and %d more goroutines stuck the same way)"
	// GoalClause starts every failure of a goal clause (package goal):
	// "goal clause 3 not met: <the clause>", followed by a line that starts
	// with GoalObserved and says what the test saw.
	GoalClause = "goal clause"
	// GoalNotMet follows the clause's number.
	GoalNotMet = "not met:"
	// GoalObserved starts the line of a clause failure that says what was observed.
	GoalObserved = "observed:"
	// StillRunning is in leakcheck's instant check: goroutines the call under
	// test started were still running when it returned.
	StillRunning = "still running when"
)

// NamesALeak are the words the exercises' own assertions use when they name a
// leak in prose ("a leaked goroutine", "goroutine leak: after 50 requests"):
// the self-check accepts them as the right reason for a failure; the grader
// never takes them for a detector's report, since they describe, not detect.
var NamesALeak = []string{"leaked goroutine", "goroutine leak", "blocked forever"}

// Printed by the libraries the tests use; neither side controls these.
const (
	// GoleakReport is the header of goleak's report (go.uber.org/goleak).
	GoleakReport = "found unexpected goroutines"
	// GoleakGoroutine starts each goroutine of goleak's report:
	// "Goroutine 40 in state chan send, with pkg.f on top of the stack:".
	GoleakGoroutine = "Goroutine "
	// SynctestRemain and SynctestBlocked are testing/synctest's panics over
	// goroutines still blocked in a bubble.
	SynctestRemain  = "blocked goroutines remain"
	SynctestBlocked = "all goroutines in bubble are blocked"
)

// Printed by the testing package, the runtime and the race detector.
const (
	// Panic and FatalError start the runtime's last words, at the start of a
	// line, before the dump of every goroutine.
	Panic      = "panic: "
	FatalError = "fatal error: "
	// Recovered starts what ends a panic's line when a deferred recover
	// re-panicked: " [recovered]", " [recovered, repanicked]".
	Recovered = " [recovered"
	// TimedOut is the testing package's panic when -timeout fired.
	TimedOut = "test timed out after "
	// ExitDuringTest is its panic when the code under test called os.Exit
	// (-test.paniconexit0).
	ExitDuringTest = "unexpected call to os.Exit("
	// OutOfMemory is the runtime's fatal error when memory ran out.
	OutOfMemory = "runtime: out of memory"
	// RuntimeGoroutine starts each goroutine of the runtime's dumps:
	// "goroutine 7 [chan send]:".
	RuntimeGoroutine = "goroutine "
	// Quit starts the runtime's dump when the process got SIGQUIT.
	Quit = "SIGQUIT: quit"
	// DataRace starts each report of the race detector.
	DataRace = "WARNING: DATA RACE"
)

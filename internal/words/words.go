// Package words is the one list of the phrases that pass between the code that
// runs inside a test binary (the workshop's test helpers, goleak, synctest) and
// the code that reads its output (the checker's runner and grader, the
// maintainers' self-check). Both sides name a phrase through this package, so
// rewording a report cannot silently break the reader. It imports nothing.
package words

// Printed by the workshop's test helpers.
const (
	// BubbleReport starts leakcheck.Bubble's failure when synctest found
	// goroutines of the bubble still blocked.
	BubbleReport = "goroutine leak: synctest reports"
	// WithinReport is in leakcheck.Within's failure: the call it guards did not
	// return in time and its goroutine is left blocked.
	WithinReport = "it is blocked forever"
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

// Printed by the libraries the tests use; neither side controls these.
const (
	// GoleakReport is the header of goleak's report (go.uber.org/goleak).
	GoleakReport = "found unexpected goroutines"
	// SynctestRemain and SynctestBlocked are testing/synctest's panics over
	// goroutines still blocked in a bubble.
	SynctestRemain  = "blocked goroutines remain"
	SynctestBlocked = "all goroutines in bubble are blocked"
)

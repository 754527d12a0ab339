package leakprofile

// The written contract between the workshop's test helpers (internal/leakcheck)
// and the checker: leakcheck builds its reports from these words, and the
// checker finds reports by them, so rewording a report cannot silently turn the
// checker's early stop off. goleak's and synctest's own words, which neither
// side controls, are named here too, once.
const (
	// BubbleReport starts leakcheck.Bubble's failure when synctest found
	// goroutines of the bubble still blocked.
	BubbleReport = "goroutine leak: synctest reports"
	// WithinReport is in leakcheck.Within's failure: the call it guards did not
	// return in time and its goroutine is left blocked.
	WithinReport = "it is blocked forever"
	// GoleakReport is the header of goleak's report (go.uber.org/goleak).
	GoleakReport = "found unexpected goroutines"
	// SynctestReports are the phrases of testing/synctest's panics over
	// goroutines still blocked in a bubble.
	SynctestRemain  = "blocked goroutines remain"
	SynctestBlocked = "all goroutines in bubble are blocked"
)

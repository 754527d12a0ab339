package grade

import (
	"strings"

	"gohunters/internal/leakprofile"
)

// A Detector finds leaked goroutines in what a test printed. goleak and
// testing/synctest are the two the workshop's tests use; a third (a
// goroutine-count check, say) is one more type and one more entry in Detectors.
type Detector interface {
	Name() string
	// Reported says whether a test's output holds this detector's report.
	Reported(output string) bool
}

// Detectors are the detectors whose reports make a verdict "leaking". A test's
// own words ("leak", "blocked forever") are not among them: they describe, they
// do not detect.
var Detectors = []Detector{Goleak{}, Synctest{}}

// LeakReported reports whether any detector reported leaked goroutines in output.
func LeakReported(output string) bool {
	for _, d := range Detectors {
		if d.Reported(output) {
			return true
		}
	}
	return false
}

// Goleak is go.uber.org/goleak (VerifyNone, VerifyTestMain, leakcheck.VerifyNone).
type Goleak struct{}

func (Goleak) Name() string { return "goleak" }

func (Goleak) Reported(output string) bool { return strings.Contains(output, leakprofile.GoleakReport) }

// Synctest is testing/synctest's panic over goroutines left blocked in a bubble
// (leakcheck.Bubble turns it into a failure).
type Synctest struct{}

func (Synctest) Name() string { return "synctest" }

func (Synctest) Reported(output string) bool {
	return strings.Contains(output, leakprofile.SynctestRemain) || strings.Contains(output, leakprofile.SynctestBlocked)
}

// A Judge gives a second opinion on a goroutine a detector reported: the Go
// runtime's, from its goroutineleak profile or the marks it leaves in stacks.
type Judge interface {
	// Judge returns its verdict on s; ok is false when it has none.
	Judge(s leakprofile.Stuck) (v leakprofile.Verdict, ok bool)
}

// Opinion is the first verdict one of judges gives on s.
func Opinion(s leakprofile.Stuck, judges ...Judge) (leakprofile.Verdict, bool) {
	for _, j := range judges {
		if v, ok := j.Judge(s); ok {
			return v, true
		}
	}
	return leakprofile.Verdict{}, false
}

// StateJudge reads the runtime's verdict from the report itself: a goroutine in
// a synctest bubble is never marked leaked, and Go 1.27 marks those it proved
// leaked "(leaked)" once its analysis ran.
type StateJudge struct{}

func (StateJudge) Judge(s leakprofile.Stuck) (leakprofile.Verdict, bool) {
	return leakprofile.FromState(s)
}

// ProfileJudge judges by the goroutineleak profiles a test process wrote,
// matching the goroutine by its id in any of them (Profiles), or else by where
// it is stuck in the one profile of its test (Profile).
type ProfileJudge struct {
	Profiles []string
	Profile  string
}

func (j ProfileJudge) Judge(s leakprofile.Stuck) (leakprofile.Verdict, bool) {
	if v, ok := leakprofile.JudgeAmong(j.Profiles, s); ok {
		return v, true
	}
	if j.Profile != "" {
		return leakprofile.Judge(j.Profile, s), true
	}
	return leakprofile.Verdict{}, false
}

// NoProfileJudge says, last, that the profile the view needed is missing.
type NoProfileJudge struct{}

func (NoProfileJudge) Judge(leakprofile.Stuck) (leakprofile.Verdict, bool) {
	return leakprofile.NoProfile(), true
}

// JudgeFailures adds judges' opinion on every leak of every failing test of v.
func JudgeFailures(v *Verdict, judges ...Judge) {
	for i := range v.Failed {
		f := &v.Failed[i]
		f.Runtime = make([]leakprofile.Verdict, len(f.Leaks))
		for k, w := range f.Leaks {
			f.Runtime[k], _ = Opinion(Stuck(w), judges...)
		}
	}
}

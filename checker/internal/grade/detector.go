package grade

import (
	"strings"

	"gohunters/internal/words"
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
// own words ("leak", "blocked forever", words.NamesALeak) are not among them:
// they describe, they do not detect.
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

func (Goleak) Reported(output string) bool { return strings.Contains(output, words.GoleakReport) }

// Synctest is testing/synctest's panic over goroutines left blocked in a
// bubble, whether leakcheck.Bubble turned it into a failure or the bubble's
// test reported it itself (synctest.Test in any module's tests).
type Synctest struct{}

func (Synctest) Name() string { return "synctest" }

func (Synctest) Reported(output string) bool {
	return strings.Contains(output, words.SynctestRemain) || strings.Contains(output, words.SynctestBlocked)
}

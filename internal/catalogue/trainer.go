package catalogue

// TrainerCard is what a trainer needs to run an exercise in a lab and debrief
// it: how long it takes, the wrong fixes people try and what the checker says
// to each, and the points to make afterwards. `checker hint N --trainer` shows
// it; learners never need it.
type TrainerCard struct {
	Minutes    int // for a Go developer who has just seen the module's slides
	WrongFixes []WrongFix
	Debrief    []string
}

// WrongFix is a fix learners try that the tests reject.
type WrongFix struct {
	Try string // what they do
	// Checker is what go run ./checker says to it: the status and the test's
	// message when it was tried on the exercise as shipped, else what the test
	// checks that catches it.
	Checker string
}

// TrainerCardIn returns exercise dir's card in lang, in English when that
// edition has no card for it; ok is false when the exercise has no card at all.
func TrainerCardIn(dir, lang string) (card TrainerCard, ok bool) {
	e, ok := entries[dir]
	if !ok {
		return TrainerCard{}, false
	}
	ed := e.Edition(lang)
	if len(ed.WrongFixes) == 0 && len(ed.Debrief) == 0 {
		ed = e.En
	}
	return TrainerCard{Minutes: e.Minutes, WrongFixes: ed.WrongFixes, Debrief: ed.Debrief}, true
}

package catalogue

import (
	"fmt"
	"slices"
)

// Entry is everything the workshop says about one exercise, in both languages.
// Each exercise has one file, exNN.go, that registers its Entry; nothing
// else writes its title, goal, clauses, hints or trainer card, and
// `go generate ./internal/catalogue` writes everything derived from it (the
// goal_test.go files, the Goal block of the code's comment, the READMEs and
// tables, the checksums and the pristine archive).
type Entry struct {
	Number    int
	Dir       string // e.g. "01_errs_capacity", the same under exercises/ and solutions/
	Seed      string // file under ../shared/seeds the scenario comes from, or a study (SourceGoKer, SourceLeakProf)
	Principle string // ID of the principle it teaches, see Principles
	Minutes   int    // for a Go developer who has just seen the module's slides
	// Solution is the fixed code its debrief slide shows, from solutions/<Dir>:
	// one or more excerpts, each a file and a present address anchored on
	// declarations (/^func \(s \*Session\) Close/,/^}/), not on lines that change.
	Solution []Excerpt

	En, Ja Edition

	// Messages maps every message the exercise's tests can print (the English
	// format string, as written in the _test.go files) to its Japanese, with the
	// same verbs in the same order. The checker shows the Japanese in a Japanese
	// session; TestTestMessagesTranslated finds the messages in the test files.
	Messages map[string]string
}

// Edition is an exercise's learner- and trainer-facing text in one language.
type Edition struct {
	Title   string
	Passage string // where in the seed: the section or code it reproduces
	Goal    string // one sentence: what the learner must achieve
	// Clauses are the goal as observable promises, numbered from 1 in this
	// order; the tests check each one and name it when it is broken.
	Clauses []string
	Hints   []string // from a nudge to the principle and the seed passage

	// The trainer card: the wrong fixes rooms try (and what the checker says
	// to each), and the points to make in the debrief.
	WrongFixes []WrongFix
	Debrief    []string
}

// entries holds every registered Entry by Dir.
var entries = map[string]Entry{}

// register adds an exercise to the catalogue; each exNN.go calls it once
// from init. Exercises stays sorted by number.
func register(e Entry) {
	if _, dup := entries[e.Dir]; dup {
		panic(fmt.Sprintf("catalogue: exercise %s registered twice", e.Dir))
	}
	entries[e.Dir] = e
	ex := Exercise{
		Number: e.Number, Dir: e.Dir, Seed: e.Seed, Principle: e.Principle,
		Title: e.En.Title, Passage: e.En.Passage, Goal: e.En.Goal, Clauses: e.En.Clauses, Hints: e.En.Hints,
	}
	i, found := slices.BinarySearchFunc(Exercises, e.Number, func(x Exercise, n int) int { return x.Number - n })
	if found {
		panic(fmt.Sprintf("catalogue: exercise number %d registered twice", e.Number))
	}
	Exercises = slices.Insert(Exercises, i, ex)
}

// EntryOf returns the whole entry of exercise dir.
func EntryOf(dir string) (Entry, bool) {
	e, ok := entries[dir]
	return e, ok
}

// Edition returns the entry's text in lang; English for "en" and for a
// language the workshop has no edition in.
func (e Entry) Edition(lang string) Edition {
	if lang == "ja" {
		return e.Ja
	}
	return e.En
}

// Exercises lists every exercise in teaching order. Hints go from a nudge to the
// principle and the seed passage; the checker reveals one more per request.
var Exercises []Exercise

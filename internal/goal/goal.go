// Package goal names, in a test's failure, the promise of an exercise's goal
// that the code under test broke, and what the test saw instead.
//
// Each exercise's goal is a short list of numbered clauses, each one
// observable ("when Close returns, nothing the Announcer started is running").
// The clauses are written once, in the exercise's catalogue entry; go generate
// writes them into the exercise's goal_test.go as Clause values, and into the
// comment at the top of its code. A test checks a clause and, when it is
// broken, says so through the clause:
//
//	clause2.Errorf(t, "Put returned after %v while lease %d's keepalive was in flight", took, lease)
//
// prints
//
//	goal clause 2 not met: Put returns only once the keepalive it replaced has stopped
//	observed: Put returned after 10ms while lease 1's keepalive was in flight
//
// The observation states facts the test measured, never a guessed cause or a
// suggested fix: the same observation can come from many different bugs. The
// checker reads these lines (their words are in package words) and shows the
// clause, in the learner's language, ahead of everything else.
package goal

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"gohunters/internal/words"
)

// Clause is one numbered promise of an exercise's goal.
type Clause struct {
	Exercise int    // the exercise's number
	N        int    // the clause's number in the goal, from 1
	Text     string // the promise, as the goal states it
}

// String is the clause as its failures name it.
func (c Clause) String() string {
	return fmt.Sprintf("%s %d %s %s", words.GoalClause, c.N, words.GoalNotMet, c.Text)
}

// message is the failure text: the clause, then the observation on a line of
// its own.
func (c Clause) message(format string, args ...any) string {
	return c.String() + "\n" + words.GoalObserved + " " + fmt.Sprintf(format, args...)
}

// Errorf reports the clause broken, with what was observed, and lets the test
// go on.
func (c Clause) Errorf(t testing.TB, format string, args ...any) {
	t.Helper()
	t.Error(c.message(format, args...))
}

// Fatalf reports the clause broken, with what was observed, and stops the test.
func (c Clause) Fatalf(t testing.TB, format string, args ...any) {
	t.Helper()
	t.Fatal(c.message(format, args...))
}

// Check reports the clause broken when ok is false, and returns ok.
func (c Clause) Check(t testing.TB, ok bool, format string, args ...any) bool {
	t.Helper()
	if !ok {
		c.Errorf(t, format, args...)
	}
	return ok
}

// Require is Check that stops the test when ok is false.
func (c Clause) Require(t testing.TB, ok bool, format string, args ...any) {
	t.Helper()
	if !ok {
		c.Fatalf(t, format, args...)
	}
}

// Equal reports the clause broken when got differs from want (as
// reflect.DeepEqual compares them), saying both after the observation. It
// leaves testify out on purpose: its assert package imports net/http, and
// every exercise's test binary would compile the network stack on a
// learner's first run.
func (c Clause) Equal(t testing.TB, want, got any, format string, args ...any) bool {
	t.Helper()
	if reflect.DeepEqual(want, got) {
		return true
	}
	c.Errorf(t, words.ObservedGotWant, fmt.Sprintf(format, args...), got, want)
	return false
}

// NoError reports the clause broken when err is not nil, saying the error.
func (c Clause) NoError(t testing.TB, err error, format string, args ...any) bool {
	t.Helper()
	if err == nil {
		return true
	}
	c.Errorf(t, words.ObservedGotError, fmt.Sprintf(format, args...), err)
	return false
}

// ErrorIs reports the clause broken unless errors.Is(err, target), saying
// what err was.
func (c Clause) ErrorIs(t testing.TB, err, target error, format string, args ...any) bool {
	t.Helper()
	if errors.Is(err, target) {
		return true
	}
	if err == nil {
		c.Errorf(t, words.ObservedNoError, fmt.Sprintf(format, args...), target)
	} else {
		c.Errorf(t, words.ObservedWrongError, fmt.Sprintf(format, args...), err, target)
	}
	return false
}

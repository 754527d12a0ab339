// Package grade turns test runs into verdicts: done, leaking, failing, does
// not compile, timed out, panicked, exited; and, before anything runs, checks an
// exercise's files against the checksums recorded when it shipped (tests
// modified, missing, not started).
//
// The Grader is the one pipeline from files to verdicts: inspect, plan, run,
// read each run's output once into its Evidence, classify, ask the judges for
// their opinions, re-check done ones under the race detector. The checker's
// commands only choose what to grade and print what comes back.
package grade

import (
	"time"

	"gohunters/checker/internal/explain"
	"gohunters/checker/internal/inspect"
	"gohunters/checker/internal/judge"
	"gohunters/internal/catalogue"
)

// Status is an exercise's state. The values are stable: reports carry them.
type Status string

const (
	Done          Status = "done"
	Leaking       Status = "leaking"
	Failing       Status = "failing"
	NoCompile     Status = "build-failed"
	TimedOut      Status = "timeout"
	Panicked      Status = "panic"
	Exited        Status = "exit"
	NotStarted    Status = "not-started"
	TestsModified Status = "tests-modified"
	Missing       Status = "missing"
	Stopped       Status = "stopped" // the run was interrupted
	// Incomplete: no test failed, but not every test the shipped test files
	// define ran and passed (something stopped them: os.Exit, a -run filter).
	Incomplete Status = "incomplete"
	// Racy: the tests pass, but fail under the race detector.
	Racy Status = "data-race"
	// SupportModified: a file the tests depend on outside the exercise (go.mod,
	// go.sum, internal/leakcheck, ...) differs from the shipped one.
	SupportModified Status = "support-modified"
	// Unverified: no checksums are recorded for the exercise, so its tests
	// cannot be shown to be the shipped ones.
	Unverified Status = "unverified"
	// NestedModule: a go.mod (or go.work) inside the exercise's folder makes it a
	// module of its own, which the workshop's go test does not see.
	NestedModule Status = "nested-module"
	// OutOfMemory: the tests used more memory than the checker allows.
	OutOfMemory Status = "out-of-memory"
	// Refused: the learner's code does what has no place in a fix of a leak
	// (package inspect: reaching into the test run, exiting, printing test
	// results); the tests are not run.
	Refused Status = "refused"
)

// Statuses lists every status, in the order above: what a report may carry.
var Statuses = []Status{Done, Leaking, Failing, NoCompile, TimedOut, Panicked, Exited, NotStarted,
	TestsModified, Missing, Stopped, Incomplete, Racy, SupportModified, Unverified, NestedModule, OutOfMemory, Refused}

// Passed reports whether the status earns credit.
func (s Status) Passed() bool { return s == Done }

// How a test binary that stopped before its tests' end ended, in Verdict.Why
// (Exited): by a signal (what follows the prefix names it), with an exit
// status that contradicts what its output said, or before the testing
// package finished its run.
const (
	ExitSignal       = "signal: "
	ExitContradicted = "contradicted"
	// ExitUnproven: its output and exit status said the tests passed, but
	// the testing package never finished its run (runner.Package.Unproven).
	ExitUnproven = "unproven"
)

// Race says whether a done verdict was checked with the race detector.
type Race string

const (
	RaceNotRun      Race = ""            // not done, or not checked
	RaceChecked     Race = "checked"     // passed again under -race
	RaceUnavailable Race = "unavailable" // no race detector here (RaceNote says why)
	// RaceFailed: the tests pass without the race detector, and the verdict is
	// that of their run under it (it did not build, hung, died, ...).
	RaceFailed Race = "failed"
)

// RaceReason says why a done verdict was not checked with the race detector,
// so that the learner is told what happened and what to do.
type RaceReason int

const (
	RaceNoDetector  RaceReason = iota // none here (CGO_ENABLED=0, no race build for this platform)
	RaceTimedOut                      // the race run did not finish in time: grading again may
	RaceBuildFailed                   // the race build failed (RaceNote has its first line)
)

// Verdict is everything the checker knows about one exercise (or, for
// explain, one package of any module) after a run.
type Verdict struct {
	Exercise catalogue.Exercise
	Status   Status
	Test     string   // the failing (or running) test
	Message  []string // what the test said, without stacks
	// Clauses are the goal clauses the tests found not met, in the order they
	// were reported: what a verdict shows first.
	Clauses []Clause
	// Failed is every failing test (innermost subtests) with what it said, Test's first.
	Failed []Failure
	// FirstOnly: the run stopped at the first failing test (-test.failfast), so
	// Failed names that one; later tests did not run.
	FirstOnly bool
	// Leaks are the leaked goroutines of Test, located in the code under study,
	// each with the opinions of the second sources (the Go runtime's).
	Leaks    []Leak
	Stuck    []explain.Where // timed out or panicked: where the exercise's goroutines were
	Compile  []explain.CompileError
	Panic    *explain.Panic
	Early    bool     // leak evidence is a goroutine dump taken when the test reported it
	Output   string   // the raw output behind the verdict
	Modified []string // test files edited, added or deleted (support files for SupportModified)
	// Refused are what the learner's code does that a fix must not, by file
	// and line (Refused).
	Refused []inspect.Finding
	// Why says, for Unverified, why the checksums could not be read; for
	// Exited, how the test binary ended (ExitSignal, ExitContradicted).
	Why      string
	Unran    []string // Incomplete: shipped tests that did not run to a pass
	Race     Race
	RaceNote string // why the race detector is unavailable
	RaceWhy  RaceReason
	Pristine bool // the learner's files are as shipped
	Cached   bool
	Elapsed  time.Duration
}

// Failure is one failing test and what it said.
type Failure struct {
	Test    string
	Message []string
	Clauses []Clause // the goal clauses it found not met
	Leaked  bool     // a detector (goleak, synctest) reported goroutines
	Leaks   []Leak   // those goroutines, located, with the judges' opinions
}

// Leak is a leaked goroutine (or several stuck the same way) as the code
// under study sees it, with what the second sources think of it.
type Leak struct {
	explain.Where
	Opinions []judge.Opinion
}

// Clause is a goal clause a test found not met: "goal clause 3 not met: <text>"
// then "observed: <what the test saw>". The number and the observation are
// kept apart so that a renderer can word the clause in the learner's language
// (the catalogue's text of clause N) and show the observation beside it.
type Clause struct {
	Exercise int    // the exercise the clause belongs to, when the report names it (0: the verdict's)
	N        int    // its number in the exercise's goal
	Text     string // the clause as the test printed it (English)
	Observed string // what the test observed
	Test     string // the test that reported it
	File     string // where: the test's file:line as printed (relative to its package)
	Line     int
}

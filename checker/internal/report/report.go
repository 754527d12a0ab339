// Package report writes results for machines: JSON for a trainer collecting a
// class's progress, JUnit XML for CI systems.
package report

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/judge"
	"gohunters/checker/internal/ui"
	"gohunters/internal/leakprofile"
)

// Exercise is one exercise's result in a JSON report.
type Exercise struct {
	Number   int      `json:"number"`
	Dir      string   `json:"dir"`
	Title    string   `json:"title"`
	Status   string   `json:"status"`
	Passed   bool     `json:"passed"`
	Test     string   `json:"test,omitempty"`
	Location string   `json:"location,omitempty"` // file:line of the leak, deadlock, panic or compile error
	Message  []string `json:"message,omitempty"`
	// Clauses are the goal clauses the tests found not met, first to fix.
	Clauses []Clause `json:"clauses,omitempty"`
	Leaks   []Leak   `json:"leaks,omitempty"`
	// Failed is every failing test with what it said (Test's first).
	Failed []Failed `json:"failed_tests,omitempty"`
	// Race: "checked" when a done verdict passed under the race detector too,
	// "unavailable" when there is none here (RaceNote says why).
	Race     string `json:"race,omitempty"`
	RaceNote string `json:"race_note,omitempty"`
	// Unran: the shipped tests that did not run to a pass (status "incomplete").
	Unran []string `json:"unran,omitempty"`
	// Refused: what the learner's code does that a fix must not, "file:line:
	// rule" (status "refused").
	Refused []string `json:"refused,omitempty"`
	// Tests is the checksum of the exercise's test files as the trusted
	// checksums record them (catalogue.SumSet.TestsHash): the same for every
	// learner of a workshop; Code the checksum of the learner's other files as
	// graded.
	Tests   string  `json:"tests_sha256,omitempty"`
	Code    string  `json:"code_sha256,omitempty"`
	Seconds float64 `json:"seconds"`
	// HintsUsed is how many of the exercise's hints the learner has asked for.
	HintsUsed int `json:"hints_used"`
	// Attempts is how many times check or watch graded the exercise; FirstAttempt
	// when the first was and Solved when it first passed (absent before).
	Attempts     int        `json:"attempts,omitempty"`
	FirstAttempt *time.Time `json:"first_attempt,omitempty"`
	Solved       *time.Time `json:"solved,omitempty"`
}

// Failed is one failing test.
type Failed struct {
	Test    string   `json:"test"`
	Message []string `json:"message,omitempty"`
}

// Clause is a goal clause the tests found not met.
type Clause struct {
	Number   int    `json:"number"`
	Text     string `json:"text"`
	Observed string `json:"observed,omitempty"`
	Test     string `json:"test,omitempty"`
	Location string `json:"location,omitempty"` // the test's file:line, as printed
}

// Leak is one group of leaked goroutines stuck the same way, as goleak reported it.
type Leak struct {
	Function string `json:"function"`
	State    string `json:"state"`
	Count    int    `json:"count"`
	Location string `json:"location,omitempty"` // the line it is stuck on
	Started  string `json:"started,omitempty"`  // the go statement that started it
	// Opinions are what the second sources (the Go runtime) think of the leak,
	// as data: source, status, reason, state and arguments.
	Opinions []judge.Opinion `json:"opinions,omitempty"`
	// Runtime is the Go runtime's opinion in the form of earlier releases, with
	// its English sentence; absent when the runtime view is off (--no-runtime).
	//
	// Deprecated: read Opinions; Runtime goes in the release after next.
	Runtime *Runtime `json:"runtime,omitempty"`
}

// Runtime is the Go runtime's verdict on a leak, from its goroutineleak profile.
//
// Deprecated: see Leak.Runtime.
type Runtime struct {
	Status  string `json:"status"`           // "confirmed", "not-confirmed" or "unavailable"
	Reason  string `json:"reason,omitempty"` // why not confirmed: "reachable", "in-bubble", ...
	Message string `json:"message"`
}

// Report is the JSON document.
type Report struct {
	Module string `json:"module"`
	// Learner names whose results these are (--name, else git's user.name), for a
	// trainer collecting a room's reports.
	Learner string `json:"learner,omitempty"`
	Go      string `json:"go"`
	// RuntimeView: "on" when the leaks carry the runtime's verdict, "unavailable"
	// when the toolchain has no goroutineleak profile, "off" with --no-runtime.
	RuntimeView string     `json:"runtime_view"`
	Time        time.Time  `json:"time"`
	Passed      int        `json:"passed"`
	Total       int        `json:"total"`
	Exercises   []Exercise `json:"exercises"`
	// Checker names the checker that wrote the report: its version and the Go
	// it was built with.
	Checker string `json:"checker,omitempty"`
	// Sums is the digest of the checksums the verdicts were checked against
	// (catalogue.SumSet.Digest): the same for every learner of a workshop.
	// SumsSource says where they came from: "git <commit>" (the clone's
	// upstream history), "copy" (a copy without git history: the checksums the
	// checker was built with, which a changed copy changes too), or
	// "unreadable" (a clone whose history could not be read: nothing is
	// credited).
	Sums       string `json:"sums,omitempty"`
	SumsSource string `json:"sums_source,omitempty"`
	// Dropped are the learner's settings the checker did not grade with
	// (runner.Sanitize), as NAME=value.
	Dropped []string `json:"settings_dropped,omitempty"`
	// StateEdited is when the checker found its record of hints and attempts
	// edited or deleted by something else: hints_used and attempts may be
	// lower than they were.
	StateEdited *time.Time `json:"state_edited,omitempty"`
	// Clone is the public key of the identity kept in the learner's per-clone
	// store, and Signature that key's signature of the report without it
	// (package ident): a room binds a learner's name to their clone, and a
	// report edited after the checker wrote it no longer verifies.
	Clone     string `json:"clone,omitempty"`
	Signature string `json:"signature,omitempty"`
}

// Location is the most useful file:line of a verdict, relative to the module root.
func Location(root string, v grade.Verdict) string {
	rel := func(file string, line int) string { return rel(root, file, line) }
	switch {
	case len(v.Leaks) > 0 && v.Leaks[0].StuckAt.File != "":
		return rel(v.Leaks[0].StuckAt.File, v.Leaks[0].StuckAt.Line)
	case len(v.Stuck) > 0 && v.Stuck[0].StuckAt.File != "":
		return rel(v.Stuck[0].StuckAt.File, v.Stuck[0].StuckAt.Line)
	case len(v.Compile) > 0:
		return rel(v.Compile[0].File, v.Compile[0].Line)
	}
	return ""
}

// New builds a report; view says whether the leaks carry the runtime's verdict.
func New(root, goVersion string, now time.Time, vs []grade.Verdict, view judge.View) Report {
	r := Report{Module: "gohunters", Go: goVersion, RuntimeView: view.String(), Time: now.UTC(), Total: len(vs), Exercises: []Exercise{}}
	for _, v := range vs {
		if v.Status.Passed() {
			r.Passed++
		}
		ex := Exercise{
			Number: v.Exercise.Number, Dir: v.Exercise.Dir, Title: v.Exercise.Title,
			Status: string(v.Status), Passed: v.Status.Passed(), Test: v.Test,
			Location: Location(root, v), Message: v.Message, Leaks: leaks(root, v, view), Seconds: v.Elapsed.Seconds(),
			Race: string(v.Race), RaceNote: v.RaceNote, Unran: v.Unran,
		}
		for _, f := range v.Refused {
			ex.Refused = append(ex.Refused, f.String())
		}
		for _, f := range v.Failed {
			ex.Failed = append(ex.Failed, Failed{Test: f.Test, Message: f.Message})
		}
		for _, c := range v.Clauses {
			loc := ""
			if c.File != "" {
				loc = fmt.Sprintf("%s:%d", c.File, c.Line)
			}
			ex.Clauses = append(ex.Clauses, Clause{Number: c.N, Text: c.Text, Observed: c.Observed, Test: c.Test, Location: loc})
		}
		r.Exercises = append(r.Exercises, ex)
	}
	return r
}

func leaks(root string, v grade.Verdict, view judge.View) []Leak {
	var out []Leak
	for _, w := range v.Leaks {
		l := Leak{Function: w.Func, State: w.State, Count: w.Count, Opinions: w.Opinions}
		if w.StuckAt.File != "" {
			l.Location = rel(root, w.StuckAt.File, w.StuckAt.Line)
		}
		if w.Started.File != "" {
			l.Started = rel(root, w.Started.File, w.Started.Line)
		}
		l.Runtime = oldRuntime(w.Opinions, view)
		out = append(out, l)
	}
	return out
}

// oldRuntime is the runtime's opinion in the deprecated field's form.
func oldRuntime(ops []judge.Opinion, view judge.View) *Runtime {
	for _, o := range ops {
		if o.Source != judge.Runtime {
			continue
		}
		if o.Status == judge.Unavailable && o.Reason == judge.NoToolchain {
			return &Runtime{Status: string(judge.Unavailable), Message: leakprofile.HowToGet}
		}
		reason := string(o.Reason)
		if o.Status == judge.Unavailable {
			reason = "" // earlier releases named no reason for it
		}
		return &Runtime{Status: string(o.Status), Reason: reason, Message: ui.OpinionText("en", o)}
	}
	if view == judge.ViewUnavailable {
		return &Runtime{Status: string(judge.Unavailable), Message: leakprofile.HowToGet}
	}
	return nil
}

// rel shows file:line relative to the module root.
func rel(root, file string, line int) string {
	if r, err := filepath.Rel(root, file); err == nil && filepath.IsAbs(file) {
		file = r
	}
	return fmt.Sprintf("%s:%d", filepath.ToSlash(file), line)
}

// WriteJSON writes r, indented.
func WriteJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

type junitSuites struct {
	XMLName xml.Name   `xml:"testsuites"`
	Suites  []junitSet `xml:"testsuite"`
}

type junitSet struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Time       string           `xml:"time,attr"`
	Timestamp  string           `xml:"timestamp,attr"`
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	List []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string           `xml:"name,attr"`
	Classname string           `xml:"classname,attr"`
	Time      string           `xml:"time,attr"`
	Props     *junitProperties `xml:"properties,omitempty"`
	Failure   *junitProblem    `xml:"failure,omitempty"`
	Error     *junitProblem    `xml:"error,omitempty"`
	Skipped   *junitProblem    `xml:"skipped,omitempty"`
	SystemOut string           `xml:"system-out,omitempty"`
}

// RaceNotChecked is what JUnit says of a pass that the race detector could
// not check (no race detector where it ran, e.g. CGO_ENABLED=0).
const RaceNotChecked = "passed, but not checked for data races"

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes reports as JUnit XML: one test suite per report, named for
// its learner, and one test case per exercise. Exercises whose tests ran and
// say the code is not right yet (failing, leaking, a data race, not every test
// run to the end) or whose tests or helpers were modified are failures; those
// that cannot be built or run (compile error, timeout, panic, exit, missing,
// ...) are errors; not started ones skipped. The
// suite's properties say who it is and the hints and attempts per exercise.
func WriteJUnit(w io.Writer, reports ...Report) error {
	var suites junitSuites
	for _, r := range reports {
		suites.Suites = append(suites.Suites, junitSuite(r))
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(suites); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitSuite(r Report) junitSet {
	name := r.Learner
	if name == "" {
		name = r.Module
	}
	set := junitSet{Name: name, Tests: len(r.Exercises), Timestamp: r.Time.Format(time.RFC3339), Properties: &junitProperties{}}
	prop := func(name, value string) {
		set.Properties.List = append(set.Properties.List, junitProperty{Name: name, Value: value})
	}
	if r.Learner != "" {
		prop("learner", r.Learner)
	}
	prop("go", r.Go)
	if r.Checker != "" {
		prop("checker", r.Checker)
	}
	if r.Sums != "" {
		prop("sums", r.Sums)
		prop("sums_source", r.SumsSource)
	}
	if r.StateEdited != nil {
		prop("state_edited", r.StateEdited.Format(time.RFC3339))
	}
	// Test cases are told apart by class and name across suites: the learner's
	// name keeps two learners' cases apart in a CI system's merged view.
	class := r.Module + ".exercises"
	if r.Learner != "" {
		class = r.Learner
	}
	total := 0.0
	for _, e := range r.Exercises {
		if e.HintsUsed > 0 {
			prop("hints_used."+e.Dir, fmt.Sprint(e.HintsUsed))
		}
		if e.Attempts > 0 {
			prop("attempts."+e.Dir, fmt.Sprint(e.Attempts))
		}
		total += e.Seconds
		c := junitCase{Name: e.Dir, Classname: class, Time: fmt.Sprintf("%.3f", e.Seconds)}
		text := strings.Join(e.Message, "\n")
		if e.Location != "" {
			text = e.Location + "\n" + text
		}
		prob := &junitProblem{Message: e.Status, Type: e.Status, Text: text}
		switch grade.Status(e.Status) {
		case grade.Done:
			if e.Race == string(grade.RaceUnavailable) {
				// A pass, marked: the suite's and the case's properties say so.
				prop("race_not_checked."+e.Dir, e.RaceNote)
				c.Props = &junitProperties{List: []junitProperty{{Name: "race", Value: "not-checked"}, {Name: "race_note", Value: e.RaceNote}}}
				c.SystemOut = RaceNotChecked + ": " + e.RaceNote
			}
		case grade.NotStarted:
			c.Skipped = prob
			set.Skipped++
		case grade.Failing, grade.Leaking, grade.Racy, grade.Incomplete, grade.TestsModified, grade.SupportModified, grade.Refused:
			c.Failure = prob
			set.Failures++
		default:
			c.Error = prob
			set.Errors++
		}
		set.Cases = append(set.Cases, c)
	}
	set.Time = fmt.Sprintf("%.3f", total)
	return set
}

package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"gohunters/checker/internal/explain"
	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/judge"
	"gohunters/internal/catalogue"
)

func leaking(opinions ...judge.Opinion) grade.Verdict {
	w := explain.Where{Goroutine: explain.Goroutine{State: "chan send", Count: 2}, Func: "gohunters/exercises/02_x.Run.func1",
		StuckAt: explain.Frame{File: "/r/exercises/02_x/x.go", Line: 9}, Started: explain.Frame{File: "/r/exercises/02_x/x.go", Line: 8}}
	return grade.Verdict{Exercise: catalogue.Exercise{Number: 2, Dir: "02_x"}, Status: grade.Leaking,
		Leaks: []grade.Leak{{Where: w, Opinions: opinions}}}
}

// Every leak carries the runtime's opinion as data (source, status, reason,
// state, arguments), and, one release more, in the old "runtime" field with its
// English sentence: what to set when the toolchain lacks the profile, nothing
// with --no-runtime.
func TestLeaksCarryTheRuntimeVerdict(t *testing.T) {
	reachable := judge.Opinion{Source: judge.Runtime, Status: judge.NotConfirmed, Reason: judge.Reachable, State: "chan send"}
	confirmed := judge.Opinion{Source: judge.Runtime, Status: judge.Confirmed, State: "chan send", Args: []string{"2", "2"}}
	for _, tc := range []struct {
		view judge.View
		v    grade.Verdict
		want []string
	}{
		{judge.ViewOn, leaking(reachable), []string{
			`{"function":"gohunters/exercises/02_x.Run.func1","state":"chan send","count":2,"location":"exercises/02_x/x.go:9",` +
				`"started":"exercises/02_x/x.go:8","opinions":[{"source":"runtime","status":"not-confirmed","reason":"reachable","state":"chan send"}],` +
				`"runtime":{"status":"not-confirmed","reason":"reachable","message":"not confirmed by the Go runtime (goleak's report stands): what it waits on is still reachable`}},
		{judge.ViewOn, leaking(confirmed), []string{`"opinions":[{"source":"runtime","status":"confirmed","state":"chan send","args":["2","2"]}]`,
			`"runtime":{"status":"confirmed","message":"confirmed by the Go runtime: blocked forever sending on a channel, and nothing that can still run can reach the channel (2 of 2 goroutines stuck there marked leaked)"}}`}},
		{judge.ViewUnavailable, leaking(judge.Unavailability(judge.NoToolchain, "go1.26.8")), []string{
			`"opinions":[{"source":"runtime","status":"unavailable","reason":"no-toolchain","args":["go1.26.8"]}]`,
			`"runtime":{"status":"unavailable","message":"this Go has no goroutineleak profile`}},
		{judge.ViewUnavailable, leaking(), []string{`"runtime":{"status":"unavailable","message":"this Go has no goroutineleak profile`}},
		{judge.ViewOff, leaking(), []string{`"started":"exercises/02_x/x.go:8"}`}},
	} {
		var buf bytes.Buffer
		r := New("/r", "go1.27.3", time.Unix(0, 0), []grade.Verdict{tc.v}, tc.view)
		if err := json.NewEncoder(&buf).Encode(r); err != nil {
			t.Fatal(err)
		}
		for _, want := range tc.want {
			if !bytes.Contains(buf.Bytes(), []byte(want)) || !bytes.Contains(buf.Bytes(), []byte(`"runtime_view":"`+tc.view.String()+`"`)) {
				t.Errorf("view %s: no %s in\n%s", tc.view, want, buf.String())
			}
		}
	}
}

// The goal clauses a test found not met are in the report, first to fix.
func TestClausesInTheReport(t *testing.T) {
	v := grade.Verdict{Exercise: catalogue.Exercise{Number: 3, Dir: "03_x"}, Status: grade.Failing,
		Clauses: []grade.Clause{{N: 2, Text: "Put fails once Run returned", Observed: "Put returned <nil>", Test: "TestPut", File: "x_test.go", Line: 12}}}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(New("/r", "go1.26.8", time.Unix(0, 0), []grade.Verdict{v}, judge.ViewOff)); err != nil {
		t.Fatal(err)
	}
	want := `"clauses":[{"number":2,"text":"Put fails once Run returned","observed":"Put returned \u003cnil\u003e","test":"TestPut","location":"x_test.go:12"}]`
	if !bytes.Contains(buf.Bytes(), []byte(want)) {
		t.Errorf("no %s in\n%s", want, buf.String())
	}
}

// A room's reports become one JUnit suite per learner, named for the learner,
// with the hints and attempts per exercise as properties.
func TestJUnitOneSuitePerLearner(t *testing.T) {
	first := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	ada := New("/r", "go1.26.8", first, []grade.Verdict{leaking()}, judge.ViewOff)
	ada.Learner = "Ada <Lovelace>"
	ada.Exercises[0].HintsUsed, ada.Exercises[0].Attempts = 2, 5
	bob := New("/r", "go1.26.8", first, []grade.Verdict{{Exercise: catalogue.Exercise{Number: 1, Dir: "01_y"}, Status: grade.Done}}, judge.ViewOff)
	bob.Learner = "Bob"
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, ada, bob); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Suites []struct {
			Name     string `xml:"name,attr"`
			Failures int    `xml:"failures,attr"`
			Props    []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value,attr"`
			} `xml:"properties>property"`
			Cases []struct {
				Name  string `xml:"name,attr"`
				Class string `xml:"classname,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if len(got.Suites) != 2 || got.Suites[0].Name != "Ada <Lovelace>" || got.Suites[1].Name != "Bob" {
		t.Fatalf("want suites Ada and Bob, got\n%s", buf.String())
	}
	props := map[string]string{}
	for _, p := range got.Suites[0].Props {
		props[p.Name] = p.Value
	}
	if props["hints_used.02_x"] != "2" || props["attempts.02_x"] != "5" || props["learner"] != "Ada <Lovelace>" {
		t.Errorf("Ada's properties: %v", props)
	}
	if got.Suites[0].Failures != 1 || got.Suites[0].Cases[0].Class != "Ada <Lovelace>" || got.Suites[1].Cases[0].Name != "01_y" {
		t.Errorf("cases:\n%s", buf.String())
	}
}

// Every status the checker grades with lands in the JUnit kind a CI system
// shows for it: a data race or a modified helper is a failure like a leak.
func TestJUnitKindOfEveryStatus(t *testing.T) {
	failures := map[grade.Status]bool{grade.Failing: true, grade.Leaking: true, grade.Racy: true,
		grade.Incomplete: true, grade.TestsModified: true, grade.SupportModified: true, grade.Refused: true}
	for _, st := range grade.Statuses {
		r := New("/r", "go1.26.8", time.Unix(0, 0), []grade.Verdict{{Exercise: catalogue.Exercise{Number: 1, Dir: "01_y"}, Status: st}}, judge.ViewOff)
		var buf bytes.Buffer
		if err := WriteJUnit(&buf, r); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Suite struct {
				Failures int `xml:"failures,attr"`
				Errors   int `xml:"errors,attr"`
				Skipped  int `xml:"skipped,attr"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		want := [3]int{0, 1, 0} // an error: the tests could not say
		switch {
		case st == grade.Done:
			want = [3]int{}
		case st == grade.NotStarted:
			want = [3]int{0, 0, 1}
		case failures[st]:
			want = [3]int{1, 0, 0}
		}
		if g := [3]int{got.Suite.Failures, got.Suite.Errors, got.Suite.Skipped}; g != want {
			t.Errorf("%s: failures, errors, skipped = %v, want %v", st, g, want)
		}
	}
}

// A pass the race detector could not check (CGO_ENABLED=0) is a pass marked
// as such, never a plain one.
func TestJUnitMarksARaceNotChecked(t *testing.T) {
	r := Report{Module: "gohunters", Learner: "Ada", Time: time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC), Exercises: []Exercise{
		{Dir: "01_errs_capacity", Status: "done", Passed: true, Race: "unavailable", RaceNote: "CGO_ENABLED=0"},
		{Dir: "02_background_task", Status: "done", Passed: true, Race: "checked"},
	}}
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`<property name="race_not_checked.01_errs_capacity" value="CGO_ENABLED=0">`,
		`<system-out>passed, but not checked for data races: CGO_ENABLED=0</system-out>`, `<property name="race" value="not-checked">`} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in\n%s", want, out)
		}
	}
	if strings.Count(out, "not checked for data races") != 1 || strings.Contains(out, "<failure") {
		t.Errorf("only exercise 01 is marked, and neither fails:\n%s", out)
	}
}

package room

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"

	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/report"
	"gohunters/internal/catalogue"
)

var (
	cols = []Column{{1, "01_errs_capacity", "The forgotten errs capacity"}, {2, "02_background_task", "BackgroundTask"}, {3, "03_channel_statefull", "Statefull"}}
	t0   = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
)

func at(min int) *time.Time { t := t0.Add(time.Duration(min) * time.Minute); return &t }

// rep is a learner's report on one exercise, graded at minute min.
func rep(learner, dir, status string, min int) report.Report {
	e := report.Exercise{Dir: dir, Status: status, Attempts: min/5 + 1, HintsUsed: 1, FirstAttempt: at(0)}
	if status == "done" {
		e.Solved = at(min)
	}
	if status == "leaking" {
		e.Leaks = []report.Leak{{Function: "gohunters/exercises/" + dir + ".Run.func1", State: "chan send", Count: 2, Location: "exercises/" + dir + "/x.go:45"}}
	}
	return report.Report{Module: "gohunters", Learner: learner, Go: "go1.26.8", RuntimeView: "off", Time: *at(min), Exercises: []report.Exercise{e}}
}

func encode(t testing.TB, r report.Report) []byte {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// What a learner sends is refused unless it is exactly one report of this
// workshop's exercises, with a printable name, within the size limit.
func TestRefusesWhatIsNotAReport(t *testing.T) {
	good := encode(t, rep("Ada", "01_errs_capacity", "leaking", 10))
	for name, body := range map[string]string{
		"unknown field":   strings.Replace(string(good), `"go":`, `"script":"alert(1)","go":`, 1),
		"two values":      string(good) + string(good),
		"not json":        "<script>alert(1)</script>",
		"too large":       strings.Replace(string(good), `"go":"go1.26.8"`, `"go":"`+strings.Repeat("x", MaxPost)+`"`, 1),
		"no name":         strings.Replace(string(good), `"learner":"Ada"`, `"learner":"  "`, 1),
		"control in name": strings.Replace(string(good), `"learner":"Ada"`, `"learner":"Ada\u001b[2J"`, 1),
		"long name":       strings.Replace(string(good), `"learner":"Ada"`, `"learner":"`+strings.Repeat("A", 65)+`"`, 1),
		"other module":    strings.Replace(string(good), `"module":"gohunters"`, `"module":"evil"`, 1),
		"unknown dir":     strings.Replace(string(good), `01_errs_capacity"`, `99_nope"`, 1),
		"path in dir":     strings.Replace(string(good), `"dir":"01_errs_capacity"`, `"dir":"../../etc"`, 1),
		"unknown status":  strings.Replace(string(good), `"status":"leaking"`, `"status":"<b>pwned</b>"`, 1),
		"negative":        strings.Replace(string(good), `"hints_used":1`, `"hints_used":-1`, 1),
		"no time":         strings.Replace(string(good), `"time":"2026-11-29T09:10:00Z"`, `"time":"0001-01-01T00:00:00Z"`, 1),
	} {
		r, err := Decode(strings.NewReader(body), MaxPost)
		if err == nil {
			_, err = Cells(r, cols)
		}
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: want ErrInvalid, got %v", name, err)
		}
	}
	r, err := Decode(bytes.NewReader(good), MaxPost)
	if err != nil {
		t.Fatal(err)
	}
	cells, err := Cells(r, cols)
	if err != nil || len(cells) != 1 || cells[0].Leak != "01_errs_capacity.Run.func1" || cells[0].Attempts != 3 {
		t.Fatalf("good report: %v %+v", err, cells)
	}
}

// A long or unprintable leak description is cut down to printable text.
func TestLeakTextIsClipped(t *testing.T) {
	r := rep("Ada", "01_errs_capacity", "leaking", 10)
	r.Exercises[0].Leaks[0].Function = "f\u0000\u202e" + strings.Repeat("x", 500)
	cells, err := Cells(r, cols)
	if err != nil {
		t.Fatal(err)
	}
	if got := cells[0].Leak; strings.ContainsAny(got, "\u0000\u202e") || len([]rune(got)) != maxText+1 {
		t.Errorf("leak text %q", got)
	}
}

func grid(t *testing.T, reports ...report.Report) *Grid {
	t.Helper()
	g := NewGrid(cols)
	for _, r := range reports {
		cells, err := Cells(r, cols)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cells {
			g.Add(c)
		}
	}
	return g
}

// A verdict that arrives late (sent from a learner's queue) does not replace a newer one.
func TestLaterVerdictWins(t *testing.T) {
	g := grid(t, rep("Ada", "01_errs_capacity", "done", 20), rep("Ada", "01_errs_capacity", "leaking", 10))
	if c := g.Cells[Key{"Ada", "01_errs_capacity"}]; c.Status != "done" {
		t.Errorf("want the later verdict (done), got %s", c.Status)
	}
}

// The room's summary: who is where, what the room is stuck on and its most
// common leak, and who is stuck for longer than the trainer's limit.
func TestGridText(t *testing.T) {
	g := grid(t,
		rep("Ada", "01_errs_capacity", "done", 12),
		rep("Ada", "02_background_task", "leaking", 30),
		rep("bob", "01_errs_capacity", "leaking", 25),
		rep("Chloé", "01_errs_capacity", "leaking", 40),
		rep("Chloé", "03_channel_statefull", "failing", 41),
	)
	var buf bytes.Buffer
	if err := g.WriteText(&buf, t0.Add(45*time.Minute), 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	t.Log("\n" + out)
	for _, s := range []string{
		"Room: 3 learner(s), 3 exercise(s) attempted",
		"Ada      15m   ok 3× 12m h1",
		"Stuck most:\n  01 The forgotten errs capacity: 2 of 3 learner(s) do not pass\n     most common leak (2): 01_errs_capacity.Run.func1 exercises/01_errs_capacity/x.go:45",
		"Stuck for more than 30 minutes:\n  Ada on 02 (leak) for 45m",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("no %q in\n%s", s, out)
		}
	}
	if lines := strings.Split(out, "\n"); !strings.HasPrefix(lines[3], "Ada") || !strings.HasPrefix(lines[4], "bob") || !strings.HasPrefix(lines[5], "Chloé") {
		t.Errorf("learners not in name order:\n%s", out)
	}
}

// A room that attempted every exercise still fits a terminal: the grid comes in
// blocks of exercises, each with the learners' names.
func TestGridFitsTheTerminal(t *testing.T) {
	all := Columns(catalogue.Exercises)
	g := NewGrid(all)
	for _, e := range catalogue.Exercises {
		for _, r := range []report.Report{rep("Ada", e.Dir, "leaking", 5), rep("Bartholomew", e.Dir, "done", 5)} {
			cells, err := Cells(r, all)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cells {
				g.Add(c)
			}
		}
	}
	var buf bytes.Buffer
	if err := g.WriteText(&buf, t0.Add(45*time.Minute), 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	out, _, _ := strings.Cut(buf.String(), MsgRoomLegend)
	for _, line := range strings.Split(out, "\n") {
		if w := runewidth.StringWidth(line); w > GridWidth {
			t.Errorf("a line of %d columns, more than %d:\n%s", w, GridWidth, line)
		}
	}
	last := fmt.Sprintf("%02d", catalogue.Exercises[len(catalogue.Exercises)-1].Number)
	if strings.Count(out, "Bartholomew") < 3 || !strings.Contains(out, "  01 ") || !strings.Contains(out, last) {
		t.Errorf("want every exercise, in blocks that each name the learners:\n%s", out)
	}
}

// TestEveryStatusHasAPlace: a report may carry any status the checker grades
// with; the room accepts it and the grid and the page have a short name for it.
func TestEveryStatusHasAPlace(t *testing.T) {
	js, err := static.ReadFile("static/room.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range grade.Statuses {
		if !statuses[string(s)] {
			t.Errorf("status %q is refused in a report", s)
		}
		if StatusShort[string(s)] == "" {
			t.Errorf("status %q has no short name in StatusShort", s)
		}
		if !strings.Contains(string(js), `"`+string(s)+`": "`) {
			t.Errorf("status %q has no short name in static/room.js's SHORT", s)
		}
	}
}

// An exercise back as shipped (reset) is not where anyone is stuck now.
func TestNotStartedIsNotStuck(t *testing.T) {
	g := grid(t, rep("Ada", "01_errs_capacity", "not-started", 40), rep("Bob", "01_errs_capacity", "leaking", 40))
	if got := g.StuckFor(t0.Add(60*time.Minute), 15*time.Minute); len(got) != 1 || got[0].Learner != "Bob" {
		t.Errorf("stuck: %+v, want Bob only", got)
	}
	if got := g.StuckMost(); len(got) != 1 || got[0].Stuck != 1 || got[0].Attempted != 1 {
		t.Errorf("stuck most: %+v, want 1 of 1", got)
	}
}

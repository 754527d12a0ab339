// Package room shows a trainer how the room is doing: it merges learners'
// reports into a learner × exercise grid, serves that grid as a live page
// (kept in an embedded store, so that a restart loses nothing), and sends a
// learner's verdicts to that room as they happen. Its commands (serve, room,
// post) run in the online binary, checker/online: the learner's checker
// compiles none of this package.
//
// Everything a learner sends is data: it is decoded strictly, size-limited,
// checked against the catalogue, reduced to a few short fields, and shown on
// the page as text, never as HTML.
package room

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/report"
	"gohunters/internal/catalogue"
)

// Limits on what a learner may send.
const (
	MaxPost      = 256 << 10 // bytes in one POST to the room
	MaxFile      = 4 << 20   // bytes in one report file given to `room`
	DefaultSize  = 100       // learners a room takes unless the trainer says (serve --size)
	MaxSize      = 20000     // the most a trainer may set
	maxName      = 64        // runes in a learner's name
	maxExercises = 200
	maxText      = 200 // runes kept of a leak's function or location
)

// Cell is one learner's state on one exercise: all the room keeps of a report.
type Cell struct {
	Learner  string     `json:"learner"`
	Number   int        `json:"number"`
	Dir      string     `json:"dir"`
	Status   string     `json:"status"`
	Attempts int        `json:"attempts"`
	Hints    int        `json:"hints"`
	First    *time.Time `json:"first,omitempty"`  // first attempt
	Solved   *time.Time `json:"solved,omitempty"` // first pass
	Leak     string     `json:"leak,omitempty"`   // the first leaked goroutine's function, without its package path
	LeakAt   string     `json:"leak_at,omitempty"`
	// Race is "unavailable" when a done verdict was not checked for data races
	// (no race detector where it ran, e.g. CGO_ENABLED=0): shown as ok*.
	Race string `json:"race,omitempty"`
	// Time is when the room received it (live), or the report's time (files).
	Time time.Time `json:"time"`
}

// Learner is what the room knows of a learner besides their cells.
type Learner struct {
	Name string `json:"name"`
	// Last is their last verdict: when the room received it (live), or their
	// report's time (files).
	Last time.Time `json:"last"`
	// Warnings: why what the grid shows of them is not to be trusted.
	Refused  int  `json:"refused,omitempty"`  // posts under this name from another clone, refused
	Unsigned bool `json:"unsigned,omitempty"` // a report without the checker's signature
	Edited   bool `json:"edited,omitempty"`   // a report changed after the checker signed it
	Clones   int  `json:"clones,omitempty"`   // reports under this name from this many clones (files), when more than one
	// StateEdited: a report of theirs says the checker found its record of
	// their hints and attempts edited or deleted by something else, so that
	// their hints and attempts may be lower than they were (report's
	// state_edited). Once seen, it stays.
	StateEdited bool `json:"state_edited,omitempty"`
}

// Suspect says whether anything about l is not to be trusted.
func (l Learner) Suspect() bool {
	return l.Refused > 0 || l.Unsigned || l.Edited || l.Clones > 1 || l.StateEdited
}

// Column is one exercise of the grid.
type Column struct {
	Number int    `json:"number"`
	Dir    string `json:"dir"`
	Title  string `json:"title"`
}

// Columns lists the catalogue's exercises as grid columns.
func Columns(exs []catalogue.Exercise) []Column {
	cols := make([]Column, len(exs))
	for i, e := range exs {
		cols[i] = Column{Number: e.Number, Dir: e.Dir, Title: e.Title}
	}
	return cols
}

// ColumnsIn is Columns with the exercises' titles in lang, for the terminal's grid.
func ColumnsIn(exs []catalogue.Exercise, lang string) []Column {
	cols := Columns(exs)
	for i, e := range exs {
		cols[i].Title = e.In(lang).Title
	}
	return cols
}

var (
	dirPattern = regexp.MustCompile(`^[0-9]{2}_[a-z0-9_]{1,60}$`)
	statuses   = map[string]bool{}
)

func init() {
	for _, s := range grade.Statuses {
		statuses[string(s)] = true
	}
}

// ErrInvalid wraps every reason a report is refused.
var ErrInvalid = errors.New(MsgInvalid)

// InvalidError is why a report is refused: one of the MsgInvalid* messages
// and its arguments, so that a command can say it in the session's language.
type InvalidError struct {
	msg  string
	args []any
}

func (e *InvalidError) Error() string { return MsgInvalid + ": " + fmt.Sprintf(e.msg, e.args...) }

func (e *InvalidError) Unwrap() error { return ErrInvalid }

// In says why in lang.
func (e *InvalidError) In(lang string) string {
	return T(lang, MsgInvalid) + ": " + Tf(lang, e.msg, e.args...)
}

// ErrorIn is err in lang when it is a refused report's reason, else as it is.
func ErrorIn(lang string, err error) string {
	var inv *InvalidError
	if errors.As(err, &inv) {
		return inv.In(lang)
	}
	return err.Error()
}

func invalid(msg string, args ...any) error { return &InvalidError{msg, args} }

// Decode reads exactly one JSON report of at most limit bytes, refusing
// unknown fields and trailing data.
func Decode(r io.Reader, limit int64) (report.Report, error) {
	var rep report.Report
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return rep, err
	}
	if int64(len(body)) > limit {
		return rep, invalid(MsgInvalidSize, limit)
	}
	if !utf8.Valid(body) {
		return rep, invalid(MsgInvalidUTF8)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		return rep, invalid(MsgInvalidJSON, err)
	}
	if dec.More() {
		return rep, invalid(MsgInvalidMore)
	}
	return rep, nil
}

// Cells validates rep against the room's columns and returns the cells it
// fills: every exercise the learner has attempted or graded.
func Cells(rep report.Report, cols []Column) ([]Cell, error) {
	name, err := learnerName(rep.Learner)
	if err != nil {
		return nil, err
	}
	if rep.Module != "gohunters" {
		return nil, invalid(MsgInvalidModule, clip(rep.Module, 40))
	}
	if rep.Time.IsZero() {
		return nil, invalid(MsgInvalidNoTime)
	}
	if len(rep.Exercises) > maxExercises {
		return nil, invalid(MsgInvalidCount, len(rep.Exercises))
	}
	known := map[string]int{}
	for _, c := range cols {
		known[c.Dir] = c.Number
	}
	var cells []Cell
	for _, e := range rep.Exercises {
		number, ok := known[e.Dir]
		switch {
		case !dirPattern.MatchString(e.Dir):
			return nil, invalid(MsgInvalidDir, clip(e.Dir, 40))
		case !ok:
			return nil, invalid(MsgInvalidUnknown, e.Dir)
		case !statuses[e.Status]:
			return nil, invalid(MsgInvalidStatus, clip(e.Status, 40))
		case e.Attempts < 0 || e.Attempts > 1e6 || e.HintsUsed < 0 || e.HintsUsed > 100:
			return nil, invalid(MsgInvalidCounts)
		}
		if e.Status == string(grade.NotStarted) && e.Attempts == 0 {
			continue
		}
		c := Cell{Learner: name, Number: number, Dir: e.Dir, Status: e.Status, Attempts: e.Attempts,
			Hints: e.HintsUsed, First: e.FirstAttempt, Solved: e.Solved, Time: rep.Time.UTC()}
		if e.Status == string(grade.Done) && e.Race == string(grade.RaceUnavailable) {
			c.Race = e.Race
		}
		if len(e.Leaks) > 0 {
			// gohunters/exercises/01_x.Run.func1 reads 01_x.Run.func1 in a cell.
			f := e.Leaks[0].Function
			c.Leak, c.LeakAt = text(f[strings.LastIndex(f, "/")+1:]), text(e.Leaks[0].Location)
		}
		cells = append(cells, c)
	}
	return cells, nil
}

// LearnerName checks a learner's name as Cells does and returns it trimmed.
func LearnerName(s string) (string, error) { return learnerName(s) }

// learnerName checks a learner's name: printable, not empty, not too long.
func learnerName(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", invalid(MsgNameEmpty)
	}
	if utf8.RuneCountInString(s) > maxName {
		return "", invalid(MsgNameLong, maxName)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return "", invalid(MsgNameControl)
		}
	}
	return s, nil
}

// text keeps the printable part of s, at most maxText runes.
func text(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return -1
	}, s)
	return clip(s, maxText)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

package room

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"

	"gohunters/checker/internal/grade"
	"gohunters/internal/i18n"
)

// Key names a cell of the grid.
type Key struct{ Learner, Dir string }

// Grid is the room: learners by exercises. The zero value is not usable; see NewGrid.
type Grid struct {
	Columns []Column
	Cells   map[Key]Cell
	People  map[string]Learner // by name: when they last sent a verdict, and warnings
	Lang    string             // the language WriteText speaks; "" is English
}

// NewGrid returns an empty grid with the given columns.
func NewGrid(cols []Column) *Grid {
	return &Grid{Columns: cols, Cells: map[Key]Cell{}, People: map[string]Learner{}}
}

// Add puts c in the grid unless the grid has a later verdict for that cell:
// a learner's queued verdicts may arrive late and out of order.
func (g *Grid) Add(c Cell) bool {
	k := Key{c.Learner, c.Dir}
	if old, ok := g.Cells[k]; ok && old.Time.After(c.Time) {
		return false
	}
	g.Cells[k] = c
	l := g.People[c.Learner]
	l.Name = c.Learner
	if c.Time.After(l.Last) {
		l.Last = c.Time
	}
	g.People[c.Learner] = l
	return true
}

// Learners returns the learners' names, sorted.
func (g *Grid) Learners() []string {
	seen := map[string]bool{}
	var names []string
	for k := range g.Cells {
		if !seen[k.Learner] {
			seen[k.Learner] = true
			names = append(names, k.Learner)
		}
	}
	for name := range g.People {
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a), strings.ToLower(b)), cmp.Compare(a, b))
	})
	return names
}

// Stuck is an exercise the room is stuck on.
type Stuck struct {
	Column
	Stuck     int // learners who attempted it and do not pass it
	Attempted int
	Leak      string // the most common leak among them: function and location
	LeakCount int
}

// StuckMost returns the exercises that the most learners attempted without
// passing, most first, with their most common leak.
func (g *Grid) StuckMost() []Stuck {
	var out []Stuck
	for _, col := range g.Columns {
		s := Stuck{Column: col}
		leaks := map[string]int{}
		for k, c := range g.Cells {
			if k.Dir != col.Dir || c.Status == string(grade.NotStarted) {
				continue // back as shipped (reset): not working on it now
			}
			s.Attempted++
			if c.Status == string(grade.Done) {
				continue
			}
			s.Stuck++
			if c.Leak != "" {
				leaks[strings.TrimSpace(c.Leak+" "+c.LeakAt)]++
			}
		}
		for leak, n := range leaks {
			if n > s.LeakCount || (n == s.LeakCount && leak < s.Leak) {
				s.Leak, s.LeakCount = leak, n
			}
		}
		if s.Stuck > 0 {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(a, b Stuck) int { return cmp.Compare(b.Stuck, a.Stuck) })
	return out
}

// Since is how long a cell has been worked on: from the first attempt to the
// first pass, or to now while it does not pass. It is zero when unknown.
func (c Cell) Since(now time.Time) time.Duration {
	if c.First == nil {
		return 0
	}
	end := now
	if c.Solved != nil {
		end = *c.Solved
	}
	return max(end.Sub(*c.First), 0)
}

// StuckFor returns the cells that do not pass and were first attempted more
// than d before now, longest first.
func (g *Grid) StuckFor(now time.Time, d time.Duration) []Cell {
	var out []Cell
	for _, c := range g.Cells {
		if c.Status != string(grade.Done) && c.Status != string(grade.NotStarted) && c.First != nil && c.Since(now) > d {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b Cell) int {
		return cmp.Or(cmp.Compare(b.Since(now), a.Since(now)), cmp.Compare(a.Learner, b.Learner), cmp.Compare(a.Number, b.Number))
	})
	return out
}

// WriteText writes the grid for a terminal: one row per learner, one column per
// exercise someone attempted, then the exercises the room is stuck on and who
// has been stuck for more than stuckAfter.
func (g *Grid) WriteText(w io.Writer, now time.Time, stuckAfter time.Duration) error {
	learners := g.Learners()
	var cols []Column
	for _, col := range g.Columns {
		for _, l := range learners {
			if _, ok := g.Cells[Key{l, col.Dir}]; ok {
				cols = append(cols, col)
				break
			}
		}
	}
	t := func(msg string) string { return T(g.Lang, msg) }
	fmt.Fprintf(w, t(MsgRoomHeader)+"\n\n", len(learners), len(cols))
	if len(learners) == 0 {
		return nil
	}
	rows := [][]string{{t(MsgRoomLearner), t(MsgRoomLast)}}
	for _, col := range cols {
		rows[0] = append(rows[0], fmt.Sprintf("%02d", col.Number))
	}
	for _, l := range learners {
		last := "·"
		if p, ok := g.People[l]; ok && !p.Last.IsZero() {
			last = minutes(max(now.Sub(p.Last), 0))
		}
		name := clip(l, 24)
		if g.People[l].Suspect() {
			name += " " + SuspectMark // listed under MsgRoomWarnHead, below
		}
		row := []string{name, last}
		for _, col := range cols {
			if c, ok := g.Cells[Key{l, col.Dir}]; ok {
				row = append(row, c.Short(now))
			} else {
				row = append(row, "·")
			}
		}
		rows = append(rows, row)
	}
	if err := writeBlocks(w, rows, GridWidth); err != nil {
		return err
	}
	fmt.Fprintln(w, "\n"+t(MsgRoomLegend))
	g.writeWarnings(w)
	if stuck := g.StuckMost(); len(stuck) > 0 {
		fmt.Fprintln(w, "\n"+t(MsgRoomStuckMost))
		for i, s := range stuck {
			if i == 5 {
				break
			}
			fmt.Fprintf(w, t(MsgRoomStuckLine)+"\n", s.Number, s.Title, s.Stuck, s.Attempted)
			if s.Leak != "" {
				fmt.Fprintf(w, t(MsgRoomStuckLeak)+"\n", s.LeakCount, s.Leak)
			}
		}
	}
	if cells := g.StuckFor(now, stuckAfter); len(cells) > 0 {
		fmt.Fprintf(w, "\n"+t(MsgRoomStuckFor)+"\n", int(stuckAfter.Minutes()))
		for _, c := range cells {
			fmt.Fprintf(w, t(MsgRoomStuckForLine)+"\n", c.Learner, c.Number, StatusShort[c.Status], minutes(c.Since(now)), c.Attempts, c.Hints)
		}
	}
	return nil
}

// GridWidth is the terminal width the room's grid fits in: a room that has
// attempted more exercises than fit is shown in blocks of exercises, one under
// the other, each with the learners' names.
const GridWidth = 100

// writeWarnings lists the learners whose results are not to be trusted as shown.
func (g *Grid) writeWarnings(w io.Writer) {
	t := func(msg string) string { return T(g.Lang, msg) }
	head := false
	for _, name := range g.Learners() {
		l := g.People[name]
		if !l.Suspect() {
			continue
		}
		if !head {
			fmt.Fprintln(w, "\n"+t(MsgRoomWarnHead))
			head = true
		}
		switch {
		case l.Edited:
			fmt.Fprintf(w, t(MsgRoomWarnEdited)+"\n", name)
		case l.Unsigned:
			fmt.Fprintf(w, t(MsgRoomWarnUnsigned)+"\n", name)
		}
		if l.Clones > 1 {
			fmt.Fprintf(w, t(MsgRoomWarnClones)+"\n", name, l.Clones)
		}
		if l.Refused > 0 {
			fmt.Fprintf(w, t(MsgRoomWarnRefused)+"\n", name, l.Refused)
		}
		if l.StateEdited {
			fmt.Fprintf(w, t(MsgRoomWarnState)+"\n", name)
		}
	}
}

// SuspectMark follows the name of a learner who is listed as not to be
// trusted as shown, in the terminal's grid (the page shows the name in red).
const SuspectMark = "!"

// writeBlocks writes rows (the first fixed columns name the row) as aligned
// columns, in blocks of as many columns as fit in width, each block repeating
// the fixed columns, separated by a blank line.
func writeBlocks(w io.Writer, rows [][]string, width int) error {
	if len(rows) == 0 {
		return nil
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], runewidth.StringWidth(cell))
		}
	}
	const fixed = 2 // the learner and their last verdict
	for start := fixed; start < len(widths) || start == fixed; {
		end, used := start, widths[0]+2+widths[1]+2
		for end < len(widths) && (end == start || used+widths[end]+2 <= width) {
			used += widths[end] + 2
			end++
		}
		if start > fixed {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		block := make([][]string, len(rows))
		for i, row := range rows {
			block[i] = append(append([]string(nil), row[:fixed]...), row[start:end]...)
		}
		if err := i18n.WriteColumns(w, block); err != nil {
			return err
		}
		if end >= len(widths) {
			break
		}
		start = end
	}
	return nil
}

// Short is a cell in a few characters: status, attempts, minutes, hints.
func (c Cell) Short(now time.Time) string {
	s := StatusShort[c.Status]
	if c.Race == string(grade.RaceUnavailable) {
		s += "*"
	}
	if c.Attempts > 0 {
		s += fmt.Sprintf(" %d×", c.Attempts)
	}
	if c.First != nil {
		s += " " + minutes(c.Since(now))
	}
	if c.Hints > 0 {
		s += fmt.Sprintf(" h%d", c.Hints)
	}
	return s
}

func minutes(d time.Duration) string { return fmt.Sprintf("%dm", int(d.Minutes())) }

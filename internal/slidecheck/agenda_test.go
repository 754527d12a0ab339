package slidecheck

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/present"

	"gohunters/internal/catalogue"
)

// agenda is one "### Agenda: NAME (N min)" table of slides/README.md.
type agenda struct {
	name    string
	minutes int // from the heading
	rows    []agendaRow
}

// agendaRow is one line: | start | min | block | slides | exercises |.
type agendaRow struct {
	line           int
	start, minutes int
	block          string
	pages          []deckPage
	core, stretch  []int
}

type deckPage struct {
	deck    string // "02"
	page    int    // present's page number: 1 is the title slide
	debrief int    // or, instead of a page, the generated debrief of this exercise (its pages)
}

var (
	agendaHeading = regexp.MustCompile(`^#+ Agenda: (.+) \((\d+) min\)\s*$`)
	deckRef       = regexp.MustCompile(`^deck (\d{2})(?: pp?\. (.+))?$`)
	debriefRef    = regexp.MustCompile(`^deck (\d{2}) debriefs? (\d{2}(?:, \d{2})*)$`)
	pageRange     = regexp.MustCompile(`^(\d+)(?:[–-](\d+))?$`)
	twoDigits     = regexp.MustCompile(`\b\d{2}\b`)
)

// readAgendas parses every agenda of slides/README.md; format errors fail t.
func readAgendas(t *testing.T) []agenda {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(slidesDir(t), "README.md"))
	require.NoError(t, err)
	var out []agenda
	var cur *agenda
	for i, line := range strings.Split(string(b), "\n") {
		if m := agendaHeading.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[2])
			out = append(out, agenda{name: m[1], minutes: n})
			cur = &out[len(out)-1]
			continue
		}
		if strings.HasPrefix(line, "#") {
			cur = nil
		}
		if cur == nil || !strings.HasPrefix(line, "|") || strings.HasPrefix(line, "|---") || strings.HasPrefix(line, "| start") {
			continue
		}
		row, err := parseRow(line)
		if err != nil {
			t.Errorf("slides/README.md:%d: agenda %q: %v\n\t(want | h:mm | minutes | block | deck NN pp. 1–4, 6 | core NN, NN; stretch NN |)", i+1, cur.name, err)
			continue
		}
		row.line = i + 1
		cur.rows = append(cur.rows, row)
	}
	require.NotEmpty(t, out, "slides/README.md has no \"### Agenda: NAME (N min)\" table")
	return out
}

func parseRow(line string) (agendaRow, error) {
	cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
	if len(cells) != 5 {
		return agendaRow{}, fmt.Errorf("%d columns, want 5", len(cells))
	}
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	var r agendaRow
	h, m, ok := strings.Cut(cells[0], ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil {
		return r, fmt.Errorf("start %q is not h:mm", cells[0])
	}
	r.start = hh*60 + mm
	var err error
	if r.minutes, err = strconv.Atoi(cells[1]); err != nil || r.minutes <= 0 {
		return r, fmt.Errorf("minutes %q", cells[1])
	}
	r.block = cells[2]
	if cells[3] != "" {
		for _, ref := range strings.Split(cells[3], ";") {
			if m := debriefRef.FindStringSubmatch(strings.TrimSpace(ref)); m != nil {
				for _, n := range strings.Split(m[2], ", ") {
					v, _ := strconv.Atoi(n)
					r.pages = append(r.pages, deckPage{deck: m[1], debrief: v})
				}
				continue
			}
			m := deckRef.FindStringSubmatch(strings.TrimSpace(ref))
			if m == nil {
				return r, fmt.Errorf("slides %q: want deck NN, deck NN p. N, deck NN pp. N–M, K or deck NN debriefs NN, NN", ref)
			}
			if m[2] == "" {
				r.pages = append(r.pages, deckPage{deck: m[1]}) // the whole deck
				continue
			}
			for _, item := range strings.Split(m[2], ",") {
				p := pageRange.FindStringSubmatch(strings.TrimSpace(item))
				if p == nil {
					return r, fmt.Errorf("pages %q", item)
				}
				from, _ := strconv.Atoi(p[1])
				to := from
				if p[2] != "" {
					to, _ = strconv.Atoi(p[2])
				}
				for n := from; n <= to; n++ {
					r.pages = append(r.pages, deckPage{deck: m[1], page: n})
				}
			}
		}
	}
	if ex := cells[4]; ex != "" {
		for _, part := range strings.Split(ex, ";") {
			kind, list, _ := strings.Cut(strings.TrimSpace(part), " ")
			var nums []int
			for _, n := range twoDigits.FindAllString(list, -1) {
				v, _ := strconv.Atoi(n)
				nums = append(nums, v)
			}
			switch kind {
			case "core":
				r.core = append(r.core, nums...)
			case "stretch":
				r.stretch = append(r.stretch, nums...)
			default:
				return r, fmt.Errorf("exercises %q: want core NN, NN; stretch NN", ex)
			}
		}
	}
	return r, nil
}

func (r agendaRow) isLab() bool { return strings.Contains(r.block, "**Lab") }

// decksByNumber maps "02" to deck 02.
func decksByNumber(t *testing.T) map[string]deck {
	m := map[string]deck{}
	for _, d := range readDecks(t) {
		m[d.name[:2]] = d
	}
	return m
}

// solutionsOn returns the exercise numbers whose solutions page p of d embeds.
func solutionsOn(d deck, page int) []int {
	if page < 2 || page-2 >= len(d.doc.Sections) {
		return nil
	}
	var out []int
	var walk func(elems []present.Elem)
	walk = func(elems []present.Elem) {
		for _, e := range elems {
			switch e := e.(type) {
			case present.Code: // FileName is only the base name; Cmd has the path
				m := codeLine.FindStringSubmatch(e.Cmd)
				if m == nil {
					continue
				}
				if n, ok := catalogue.ShowsSolution(m[2]); ok {
					out = append(out, n)
				}
			case present.Section:
				walk(e.Elem)
			}
		}
	}
	walk(d.doc.Sections[page-2].Elem)
	return out
}

// TestAgendas keeps slides/README.md's agendas teachable: times and minutes
// add up, every page exists, every lab names its core exercises, and no page
// shows a solution before the lab that has its exercise.
func TestAgendas(t *testing.T) {
	decks := decksByNumber(t)
	stretch := false
	for _, a := range readAgendas(t) {
		require.NotEmpty(t, a.rows, "agenda %q has no rows", a.name)
		total := 0
		labs := map[int]bool{} // exercises of the labs so far
		for i, r := range a.rows {
			where := fmt.Sprintf("slides/README.md:%d (agenda %q)", r.line, a.name)
			if i == 0 {
				assert.Equal(t, 0, r.start, "%s: the first block starts at 0:00", where)
			} else if prev := a.rows[i-1]; r.start != prev.start+prev.minutes {
				t.Errorf("%s: starts at %d:%02d, but the block before ends at %d:%02d", where, r.start/60, r.start%60,
					(prev.start+prev.minutes)/60, (prev.start+prev.minutes)%60)
			}
			total += r.minutes
			for _, p := range r.pages {
				d, ok := decks[p.deck]
				if !assert.True(t, ok, "%s: there is no deck %s", where, p.deck) {
					continue
				}
				pages := []int{p.page}
				if p.debrief > 0 {
					pages = debriefPages(d, p.debrief)
					if len(pages) == 0 {
						t.Errorf("%s: %s has no debrief of Exercise %02d (its // Debriefs of exercises line lists it?)", where, d.name, p.debrief)
					}
				} else if p.page == 0 {
					pages = nil
					for n := 1; n <= len(d.doc.Sections)+1; n++ {
						pages = append(pages, n)
					}
				} else if p.page > len(d.doc.Sections)+1 {
					t.Errorf("%s: %s has %d pages, not %d", where, d.name, len(d.doc.Sections)+1, p.page)
					continue
				}
				for _, n := range pages {
					for _, ex := range solutionsOn(d, n) {
						assert.True(t, labs[ex], "%s: %s page %d shows Exercise %02d's solution before a lab that has it (move it to a debrief after the lab)",
							where, d.name, n, ex)
					}
				}
			}
			if r.isLab() {
				assert.NotEmpty(t, r.core, "%s: a lab names its core exercises (core NN, NN)", where)
				stretch = stretch || len(r.stretch) > 0
				need := 0
				for _, n := range r.core {
					e, ok := catalogue.ByNumber(n)
					if !assert.True(t, ok, "%s: core Exercise %02d is not in the catalogue", where, n) {
						continue
					}
					card, _ := catalogue.TrainerCardIn(e.Dir, "en")
					need += card.Minutes
				}
				assert.LessOrEqual(t, need, r.minutes, "%s: its core exercises take %d minutes by their trainer cards, the lab has %d", where, need, r.minutes)
				for _, n := range r.stretch {
					_, ok := catalogue.ByNumber(n)
					_, later := planned[n]
					assert.True(t, ok || later, "%s: Exercise %02d is not in the catalogue", where, n)
				}
				for _, n := range append(r.core, r.stretch...) {
					labs[n] = true
				}
				checkLabSlide(t, where, a.name, r, decks)
			} else {
				assert.Empty(t, append(r.core, r.stretch...), "%s: only a **Lab** row names exercises", where)
			}
		}
		assert.Equal(t, a.minutes, total, "agenda %q: its blocks add up to %d minutes, its heading says %d", a.name, total, a.minutes)
	}
	assert.True(t, stretch, "no agenda's labs name stretch exercises (core NN; stretch NN)")
}

// TestNothingExecutes: no deck runs code (.play), the documented present
// command turns its code runner off, and speaker notes, which present shows as
// plain text, carry no Markdown backticks.
func TestNothingExecutes(t *testing.T) {
	dir := slidesDir(t)
	for _, doc := range []string{filepath.Join(dir, "README.md"), filepath.Join(filepath.Dir(dir), "README.md")} {
		b, err := os.ReadFile(doc)
		require.NoError(t, err)
		for i, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "go tool present") {
				assert.Contains(t, line, "-play=false", "%s:%d: present runs code unless told -play=false", doc, i+1)
			}
		}
	}
	for _, d := range readDecks(t) {
		for i, line := range strings.Split(string(d.src), "\n") {
			assert.False(t, strings.HasPrefix(line, ".play"), "%s:%d: .play runs code in the browser; use .code", d.name, i+1)
			if strings.HasPrefix(line, ": ") {
				assert.NotContains(t, line, "`", "%s:%d: speaker notes are plain text: no backticks", d.name, i+1)
			}
		}
	}
}

// checkLabSlide: a lab row names its lab slide, and that slide has a line for
// the agenda (its name in bold, e.g. **half day, full day**) with the same
// core and stretch exercises, and a command to start.
func checkLabSlide(t *testing.T, where, agendaName string, r agendaRow, decks map[string]deck) {
	t.Helper()
	for _, p := range r.pages {
		d, ok := decks[p.deck]
		if !ok || p.page < 2 || p.page-2 >= len(d.doc.Sections) {
			continue
		}
		text := sectionSource(d, p.page)
		if !strings.Contains(text, "go run ./checker") {
			continue
		}
		for _, line := range strings.Split(text, "\n") {
			head, list, ok := strings.Cut(line, "core ")
			if !ok || !strings.HasPrefix(line, "- **") || !strings.Contains(strings.ToLower(head), "**"+agendaName) && !strings.Contains(strings.ToLower(head), ", "+agendaName+"**") {
				continue
			}
			got, err := parseRow("| 0:00 | 1 | x | | core " + list + " |")
			if err != nil {
				t.Errorf("%s: %s page %d: %q: %v", where, d.name, p.page, line, err)
				return
			}
			assert.Equal(t, r.core, got.core, "%s: %s page %d lists other core exercises for %q", where, d.name, p.page, agendaName)
			assert.Equal(t, r.stretch, got.stretch, "%s: %s page %d lists other stretch exercises for %q", where, d.name, p.page, agendaName)
			return
		}
	}
	t.Errorf("%s: name the lab's slide (deck NN p. N): one with the command to start (go run ./checker ...) and a line \"**%s**: core NN; stretch NN\"", where, agendaName)
}

// sectionSource is the deck source of page p (its "## " heading up to the next).
func sectionSource(d deck, page int) string {
	parts := strings.Split("\n"+string(d.src), "\n## ")
	if page-1 >= len(parts) {
		return ""
	}
	return parts[page-1]
}

// debriefPages are the pages of d's generated debrief of exercise n.
func debriefPages(d deck, n int) []int {
	var out []int
	prefix := fmt.Sprintf("Debrief: Exercise %02d,", n)
	for i, sec := range d.doc.Sections {
		if strings.HasPrefix(sec.Title, prefix) {
			out = append(out, i+2)
		}
	}
	return out
}

package slidecheck

import (
	"bytes"
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

// deck is one parsed slides/*.slide file.
type deck struct {
	name string // file name inside slides/, e.g. "01-why-leaks.slide"
	src  []byte
	doc  *present.Doc
}

// slidesDir returns the repository's slides/ directory, found from the module root.
func slidesDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "slides")
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "no go.mod above the test's directory")
		dir = parent
	}
}

// readDecks parses every deck the way `go tool present -content slides` does:
// file names inside a deck resolve relative to slides/. present reads each .code
// and .play file and resolves its address while parsing, so a missing file or an
// address that matches nothing is a parse error that names the deck and line.
func readDecks(t *testing.T) []deck {
	t.Helper()
	dir := slidesDir(t)
	names, err := filepath.Glob(filepath.Join(dir, "*.slide"))
	require.NoError(t, err)
	require.NotEmpty(t, names, "no decks in %s", dir)

	ctx := &present.Context{ReadFile: func(name string) ([]byte, error) {
		return os.ReadFile(filepath.Join(dir, name))
	}}
	var decks []deck
	for _, path := range names {
		name := filepath.Base(path)
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		doc, err := ctx.Parse(bytes.NewReader(src), name, 0)
		if err != nil {
			t.Errorf("deck %s does not parse (a .code/.play file that moved, or an address that no longer matches?):\n\t%v", name, err)
			continue
		}
		decks = append(decks, deck{name: name, src: src, doc: doc})
	}
	return decks
}

// codeCmd is one .code or .play line of a deck.
type codeCmd struct {
	line int    // 1-based line in the deck
	file string // as written, relative to slides/
	addr string // "" or e.g. "/^func Run/,/^}/"
}

// codeLine matches the commands the same way present does, minus the HL suffix.
var codeLine = regexp.MustCompile(`^\.(?:code|play)\s+((?:-\S+\s+)*)(\S+)(.*)$`)

func codeCmds(d deck) []codeCmd {
	var cmds []codeCmd
	for i, line := range strings.Split(string(d.src), "\n") {
		m := codeLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		addr := strings.TrimSpace(m[3])
		if j := strings.Index(addr, " HL"); j >= 0 {
			addr = strings.TrimSpace(addr[:j])
		}
		if strings.HasPrefix(addr, "HL") {
			addr = ""
		}
		cmds = append(cmds, codeCmd{line: i + 1, file: m[2], addr: addr})
	}
	return cmds
}

// slashAddr matches the addresses the decks use: /start/ or /start/,/end/.
var slashAddr = regexp.MustCompile(`^/((?:[^/\\]|\\.)*)/(?:,/((?:[^/\\]|\\.)*)/)?$`)

// TestCodeReferences checks more strictly than present: a regexp range must match
// in order. present silently wraps around to the top of the file when the end
// pattern only occurs before the start, which shows the wrong code on the slide.
func TestCodeReferences(t *testing.T) {
	dir := slidesDir(t)
	for _, d := range readDecks(t) {
		cmds := codeCmds(d)
		for _, c := range cmds {
			where := fmt.Sprintf("%s:%d: .code %s %s", d.name, c.line, c.file, c.addr)
			src, err := os.ReadFile(filepath.Join(dir, c.file))
			if !assert.NoError(t, err, "%s: the file it embeds is gone", where) {
				continue
			}
			if c.addr == "" {
				continue
			}
			m := slashAddr.FindStringSubmatch(c.addr)
			if !assert.NotNil(t, m, "%s: use a /start/ or /start/,/end/ regexp address (the test checks no other form)", where) {
				continue
			}
			start, err := regexp.Compile("(?m:" + m[1] + ")")
			if !assert.NoError(t, err, where) {
				continue
			}
			loc := start.FindIndex(src)
			if !assert.NotNil(t, loc, "%s: the start pattern /%s/ no longer matches %s", where, m[1], c.file) {
				continue
			}
			if m[2] == "" {
				continue
			}
			end, err := regexp.Compile("(?m:" + m[2] + ")")
			if !assert.NoError(t, err, where) {
				continue
			}
			assert.NotNil(t, end.FindIndex(src[loc[1]:]),
				"%s: the end pattern /%s/ does not match after /%s/ in %s", where, m[2], m[1], c.file)
		}
	}
}

func TestEverySlideHasSpeakerNotes(t *testing.T) {
	for _, d := range readDecks(t) {
		assert.NotEmpty(t, d.doc.TitleNotes, "%s: the title slide needs speaker notes (': ' lines before the first ##)", d.name)
		for _, s := range d.doc.Sections {
			assert.True(t, hasNotes(s), "%s: slide %q has no speaker notes (': ' lines)", d.name, s.Title)
		}
	}
}

func hasNotes(s present.Section) bool {
	if len(s.Notes) > 0 {
		return true
	}
	for _, sub := range s.Sections() {
		if hasNotes(sub) {
			return true
		}
	}
	return false
}

// mention is "Exercise NN" anywhere in a deck's text.
var mention = regexp.MustCompile(`\bExercise (\d{2})\b`)

// planned are exercises the decks and agendas already have a place for, which
// the catalogue does not have yet: a deck may name them and a lab may list
// them as stretch. Once one is registered its entry changes nothing (the
// catalogue decides), so adding an exercise needs no edit here.
var planned = map[int]string{}

func TestEveryExerciseIsInADeck(t *testing.T) {
	shown := map[string][]string{} // exercise dir -> decks that show it
	for _, d := range readDecks(t) {
		for _, c := range codeCmds(d) {
			parts := strings.Split(filepath.ToSlash(filepath.Clean(c.file)), "/")
			for i := 0; i+1 < len(parts); i++ {
				if parts[i] == "exercises" || parts[i] == "solutions" {
					shown[parts[i+1]] = append(shown[parts[i+1]], d.name)
				}
			}
		}
		for i, line := range strings.Split(string(d.src), "\n") {
			for _, m := range mention.FindAllStringSubmatch(line, -1) {
				n, _ := strconv.Atoi(m[1])
				e, ok := catalogue.ByNumber(n)
				if _, later := planned[n]; !ok && later {
					continue
				}
				if !assert.True(t, ok, "%s:%d: mentions Exercise %s, which the catalogue does not have", d.name, i+1, m[1]) {
					continue
				}
				// A bare "Exercise NN" (in a speaker note, say) is fine but does not
				// count: the slide that presents an exercise names its title too.
				if strings.Contains(strings.ToLower(line), strings.ToLower(e.Title)) {
					shown[e.Dir] = append(shown[e.Dir], d.name)
				}
			}
		}
	}
	for _, e := range catalogue.Exercises {
		assert.NotEmpty(t, shown[e.Dir],
			"Exercise %02d (%s) is in no deck: embed exercises/%s with .code, or name it as \"Exercise %02d: %s\"",
			e.Number, e.Dir, e.Dir, e.Number, e.Title)
	}
}

// TestNoGoalsOrHints keeps the catalogue the one place for goals and hints: a
// deck that quoted them would drift, and would give hints away on the screen.
func TestNoGoalsOrHints(t *testing.T) {
	for _, d := range readDecks(t) {
		text := squash(string(d.src))
		for _, e := range catalogue.Exercises {
			assert.NotContains(t, text, squash(e.Goal), "%s quotes Exercise %02d's goal; refer to the exercise instead", d.name, e.Number)
			for i, h := range e.Hints {
				assert.NotContains(t, text, squash(h), "%s quotes Exercise %02d's hint %d", d.name, e.Number, i+1)
			}
		}
	}
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

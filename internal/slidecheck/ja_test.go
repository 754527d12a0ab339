package slidecheck

import (
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"

	"gohunters/internal/catalogue"
)

// TestJapaneseDecks: every deck has a Japanese twin (name.ja.slide) that embeds
// the same code, command for command and in the same order, so code stays
// single-sourced; it has as many slides, each titled in Japanese with notes
// (TestEverySlideHasSpeakerNotes covers every deck), and no English deck has
// Japanese in it.
func TestJapaneseDecks(t *testing.T) {
	decks := map[string]deck{}
	for _, d := range readDecks(t) {
		decks[d.name] = d
	}
	for name, en := range decks {
		if strings.HasSuffix(name, ".ja.slide") {
			if _, ok := decks[strings.TrimSuffix(name, ".ja.slide")+".slide"]; !ok {
				t.Errorf("%s has no English deck beside it", name)
			}
			continue
		}
		if hasJapanese(string(en.src)) {
			t.Errorf("%s: Japanese in an English deck", name)
		}
		jaName := strings.TrimSuffix(name, ".slide") + ".ja.slide"
		ja, ok := decks[jaName]
		if !ok {
			t.Errorf("%s has no Japanese twin %s", name, jaName)
			continue
		}
		assert.Equal(t, commands(en), commands(ja), "%s embeds other code than %s: keep the .code and .play lines the same, in the same order", jaName, name)
		assert.Equal(t, len(en.doc.Sections), len(ja.doc.Sections), "%s has %d slides, %s %d", jaName, len(ja.doc.Sections), name, len(en.doc.Sections))
		if !hasJapanese(ja.doc.Title) {
			t.Errorf("%s: title %q is not in Japanese", jaName, ja.doc.Title)
		}
		for _, s := range ja.doc.Sections {
			if !hasJapanese(s.Title) || !hasJapanese(strings.Join(s.Notes, " ")) {
				t.Errorf("%s: slide %q needs a Japanese title and Japanese speaker notes", jaName, s.Title)
			}
		}
	}
}

func commands(d deck) []string {
	var out []string
	for _, line := range strings.Split(string(d.src), "\n") {
		if codeLine.MatchString(line) {
			out = append(out, strings.TrimSpace(line))
		}
	}
	return out
}

// TestNoJapaneseGoalsOrHints is TestNoGoalsOrHints for the catalogue's
// Japanese edition.
func TestNoJapaneseGoalsOrHints(t *testing.T) {
	for _, d := range readDecks(t) {
		text := squash(string(d.src))
		for _, e := range catalogue.Exercises {
			tr := e.In("ja")
			assert.NotContains(t, text, squash(tr.Goal), "%s quotes Exercise %02d's goal; refer to the exercise instead", d.name, e.Number)
			for i, h := range tr.Hints {
				assert.NotContains(t, text, squash(h), "%s quotes Exercise %02d's hint %d", d.name, e.Number, i+1)
			}
		}
	}
}

func hasJapanese(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han)
	})
}

package catalogue

import (
	"fmt"
	"strings"
	"testing"

	"gohunters/internal/i18n/i18ntest"
)

// TestJapaneseEdition: every exercise, principle and seed has its Japanese text,
// field by field, with as many hints as the English; the English edition has no
// Japanese in it and the Japanese no English sentence left (code, commands and
// the seeds' own code comments may stay).
func TestJapaneseEdition(t *testing.T) {
	english, japanese := map[string]string{}, map[string]string{}
	var missing []string
	for _, e := range Exercises {
		en := e.English()
		ja, ok := e.Translation("ja")
		if !ok {
			missing = append(missing, "exercise "+e.Dir)
			continue
		}
		for field, pair := range map[string][2]string{
			"Title": {en.Title, ja.Title}, "Passage": {en.Passage, ja.Passage}, "Goal": {en.Goal, ja.Goal},
		} {
			key := e.Dir + "." + field
			english[key], japanese[key] = pair[0], pair[1]
			if pair[1] == "" {
				missing = append(missing, key)
			}
		}
		if len(ja.Hints) != len(en.Hints) {
			t.Errorf("%s: %d Japanese hints for %d English ones", e.Dir, len(ja.Hints), len(en.Hints))
		}
		for i := range min(len(ja.Hints), len(en.Hints)) {
			key := fmt.Sprintf("%s.Hints[%d]", e.Dir, i)
			english[key], japanese[key] = en.Hints[i], ja.Hints[i]
		}
	}
	for _, p := range Principles {
		ja := p.In("ja")
		if _, ok := principleText("ja", p.ID); !ok || ja.Short == "" || ja.Title == "" {
			missing = append(missing, "principle "+p.ID)
			continue
		}
		english[p.ID+".Short"], english[p.ID+".Title"] = p.Short, p.Title
		japanese[p.ID+".Short"], japanese[p.ID+".Title"] = ja.Short, ja.Title
	}
	for _, s := range Seeds {
		if _, ok := principleText("ja", s.Number); !ok {
			missing = append(missing, "seed "+s.Number)
			continue
		}
		english["seed "+s.Number], japanese["seed "+s.Number] = s.Title, s.In("ja")
	}
	if len(missing) > 0 {
		t.Errorf("no Japanese text for %d entries; add them to exercises_ja.go or principles_ja.go (or the edition's file named in catalogue.go's editions):\n\t%s",
			len(missing), strings.Join(missing, "\n\t"))
	}
	i18ntest.English(t, english)
	i18ntest.Japanese(t, japanese)

	// Every Japanese entry is for an exercise, principle or seed that exists.
	known := map[string]bool{}
	for _, e := range Exercises {
		known[e.Dir] = true
	}
	for _, p := range Principles {
		known[p.ID] = true
	}
	for _, s := range Seeds {
		known[s.Number] = true
	}
	for _, m := range editions["ja"] {
		for dir := range m {
			if !known[dir] {
				t.Errorf("Japanese text for %s, which is not in the catalogue", dir)
			}
		}
	}
	for _, m := range principleEditions["ja"] {
		for id := range m {
			if !known[id] {
				t.Errorf("Japanese text for principle or seed %s, which is not in the catalogue", id)
			}
		}
	}
}

func TestInFallsBackToEnglish(t *testing.T) {
	e := Exercise{Dir: "99_none", Title: "T", Goal: "G", Hints: []string{"h"}}
	if got := e.In("ja"); got.Title != "T" || got.Goal != "G" || len(got.Hints) != 1 {
		t.Errorf("In(ja) of an untranslated exercise = %+v, want its English text", got)
	}
	if got := Exercises[0].In("en"); got.Title != Exercises[0].Title {
		t.Errorf("In(en) = %q, want %q", got.Title, Exercises[0].Title)
	}
	if got := Exercises[0].In("ja"); got.Title == Exercises[0].Title {
		t.Errorf("In(ja) of exercise 01 is its English title")
	}
}

// TestJapaneseUpToDate fails when the English of an exercise, principle or seed
// changed since its Japanese was written.
func TestJapaneseUpToDate(t *testing.T) {
	english := map[string]string{}
	for _, e := range Exercises {
		english[e.Dir+".Title"], english[e.Dir+".Passage"], english[e.Dir+".Goal"] = e.Title, e.Passage, e.Goal
		for i, h := range e.Hints {
			english[fmt.Sprintf("%s.Hints[%d]", e.Dir, i)] = h
		}
	}
	for _, p := range Principles {
		english[p.ID+".Short"], english[p.ID+".Title"] = p.Short, p.Title
	}
	for _, s := range Seeds {
		english["seed "+s.Number] = s.Title
	}
	i18ntest.UpToDate(t, "testdata/ja_sources.txt", english)
}

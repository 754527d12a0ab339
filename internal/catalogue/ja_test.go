package catalogue

import (
	"fmt"
	"slices"
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
		entry, _ := EntryOf(e.Dir)
		en, ja := entryTexts(entry.Dir, entry.En), entryTexts(entry.Dir, entry.Ja)
		for _, field := range []struct {
			name   string
			en, ja int
		}{
			{"clauses", len(entry.En.Clauses), len(entry.Ja.Clauses)},
			{"hints", len(entry.En.Hints), len(entry.Ja.Hints)},
			{"wrong fixes", len(entry.En.WrongFixes), len(entry.Ja.WrongFixes)},
			{"debrief points", len(entry.En.Debrief), len(entry.Ja.Debrief)},
		} {
			if field.en != field.ja {
				t.Errorf("%s: %d %s in Japanese for %d in English", e.Dir, field.ja, field.name, field.en)
			}
		}
		for k, v := range en {
			english[k] = v
			if ja[k] == "" {
				missing = append(missing, k)
			}
		}
		for k, v := range ja {
			japanese[k] = v
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
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("no Japanese text for %d entries; write it in the exercise's exNN.go (Ja), or principles_ja.go:\n\t%s",
			len(missing), strings.Join(missing, "\n\t"))
	}
	i18ntest.English(t, english)
	i18ntest.Japanese(t, japanese)

	// Every Japanese principle or seed text is for one that exists.
	known := map[string]bool{}
	for _, p := range Principles {
		known[p.ID] = true
	}
	for _, s := range Seeds {
		known[s.Number] = true
	}
	for _, m := range principleEditions["ja"] {
		for id := range m {
			if !known[id] {
				t.Errorf("Japanese text for principle or seed %s, which is not in the catalogue", id)
			}
		}
	}
}

// entryTexts lists an edition's sentences by key: "DIR.Title",
// "DIR.Clauses[i]", "DIR.WrongFixes[i].Try" and so on.
func entryTexts(dir string, ed Edition) map[string]string {
	out := map[string]string{dir + ".Title": ed.Title, dir + ".Passage": ed.Passage, dir + ".Goal": ed.Goal}
	for i, c := range ed.Clauses {
		out[fmt.Sprintf("%s.Clauses[%d]", dir, i)] = c
	}
	for i, h := range ed.Hints {
		out[fmt.Sprintf("%s.Hints[%d]", dir, i)] = h
	}
	for i, f := range ed.WrongFixes {
		out[fmt.Sprintf("%s.WrongFixes[%d].Try", dir, i)] = f.Try
		out[fmt.Sprintf("%s.WrongFixes[%d].Checker", dir, i)] = f.Checker
	}
	for i, p := range ed.Debrief {
		out[fmt.Sprintf("%s.Debrief[%d]", dir, i)] = p
	}
	return out
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
	english, cards := map[string]string{}, map[string]string{}
	for _, e := range Exercises {
		entry, _ := EntryOf(e.Dir)
		for k, v := range entryTexts(e.Dir, entry.En) {
			if strings.Contains(k, ".WrongFixes[") || strings.Contains(k, ".Debrief[") {
				cards[k] = v
			} else {
				english[k] = v
			}
		}
	}
	for _, p := range Principles {
		english[p.ID+".Short"], english[p.ID+".Title"] = p.Short, p.Title
	}
	for _, s := range Seeds {
		english["seed "+s.Number] = s.Title
	}
	i18ntest.UpToDate(t, "testdata/ja_sources.txt", english)
	i18ntest.UpToDate(t, "testdata/ja_trainer_sources.txt", cards)
}

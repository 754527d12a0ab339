package catalogue

import (
	"fmt"
	"testing"

	"gohunters/internal/i18n/i18ntest"
)

// Every exercise has a trainer card, and every card belongs to an exercise and
// says something usable.
func TestTrainerCards(t *testing.T) {
	dirs := map[string]bool{}
	for _, e := range Exercises {
		dirs[e.Dir] = true
	}
	for dir, c := range TrainerCards {
		if !dirs[dir] {
			t.Errorf("trainer card %q: no such exercise in the catalogue", dir)
		}
		if c.Minutes <= 0 || c.Minutes > 60 {
			t.Errorf("trainer card %q: %d minutes", dir, c.Minutes)
		}
		if len(c.Debrief) == 0 {
			t.Errorf("trainer card %q: no debrief points", dir)
		}
		for _, f := range c.WrongFixes {
			if f.Try == "" || f.Checker == "" {
				t.Errorf("trainer card %q: a wrong fix without what is tried or what the checker says: %+v", dir, f)
			}
		}
	}
	for _, e := range Exercises {
		if _, ok := TrainerCards[e.Dir]; !ok {
			t.Errorf("exercise %02d has no trainer card: add one to trainer.go and trainer_ja.go", e.Number)
		}
	}
}

// cardTexts lists a card's sentences by key: "DIR.WrongFixes[i].Try" and so on.
func cardTexts(dir string, c TrainerCard) map[string]string {
	out := map[string]string{}
	for i, f := range c.WrongFixes {
		out[fmt.Sprintf("%s.WrongFixes[%d].Try", dir, i)] = f.Try
		out[fmt.Sprintf("%s.WrongFixes[%d].Checker", dir, i)] = f.Checker
	}
	for i, p := range c.Debrief {
		out[fmt.Sprintf("%s.Debrief[%d]", dir, i)] = p
	}
	return out
}

// TestJapaneseTrainerCards: every card has its Japanese, line for line; the
// English cards have no Japanese and the Japanese no English sentence (what a
// test prints may stay, in quotes).
func TestJapaneseTrainerCards(t *testing.T) {
	english, japanese := map[string]string{}, map[string]string{}
	for dir, c := range TrainerCards {
		ja, ok := jaTrainerCards[dir]
		if !ok {
			t.Errorf("trainer card %s has no Japanese; add it to trainer_ja.go", dir)
			continue
		}
		if len(ja.WrongFixes) != len(c.WrongFixes) || len(ja.Debrief) != len(c.Debrief) {
			t.Errorf("trainer card %s: %d wrong fixes and %d debrief points in Japanese, %d and %d in English",
				dir, len(ja.WrongFixes), len(ja.Debrief), len(c.WrongFixes), len(c.Debrief))
		}
		for k, v := range cardTexts(dir, c) {
			english[k] = v
		}
		for k, v := range cardTexts(dir, ja) {
			japanese[k] = v
			if v == "" {
				t.Errorf("%s: empty", k)
			}
		}
	}
	for dir := range jaTrainerCards {
		if _, ok := TrainerCards[dir]; !ok {
			t.Errorf("Japanese trainer card %s has no English card", dir)
		}
	}
	i18ntest.English(t, english)
	i18ntest.Japanese(t, japanese)
	if c, ok := TrainerCardIn("16_lock_scope", "ja"); !ok || c.Minutes != TrainerCards["16_lock_scope"].Minutes || c.Debrief[0] == TrainerCards["16_lock_scope"].Debrief[0] {
		t.Errorf("TrainerCardIn(16, ja) = %+v, %v: want the Japanese card with the English card's minutes", c, ok)
	}
}

// TestJapaneseTrainerCardsUpToDate fails when the English of a card changed
// since its Japanese was written.
func TestJapaneseTrainerCardsUpToDate(t *testing.T) {
	english := map[string]string{}
	for dir, c := range TrainerCards {
		for k, v := range cardTexts(dir, c) {
			english[k] = v
		}
	}
	i18ntest.UpToDate(t, "testdata/ja_trainer_sources.txt", english)
}

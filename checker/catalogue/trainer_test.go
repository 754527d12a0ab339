package catalogue

import "testing"

// Every trainer card belongs to an exercise and says something usable.
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
			t.Logf("exercise %02d has no trainer card yet", e.Number)
		}
	}
}

package catalogue

import "testing"

// Every exercise has a trainer card, and every card belongs to an exercise and
// says something usable.
func TestTrainerCards(t *testing.T) {
	dirs := map[string]bool{}
	for _, e := range Exercises {
		dirs[e.Dir] = true
	}
	for dir := range dirs {
		c, _ := TrainerCardIn(dir, "en")
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
	if c, ok := TrainerCardIn("16_lock_scope", "ja"); !ok || c.Minutes == 0 || c.Debrief[0] == entries["16_lock_scope"].En.Debrief[0] {
		t.Errorf("TrainerCardIn(16, ja) = %+v, %v: want the Japanese card with the exercise's minutes", c, ok)
	}
}

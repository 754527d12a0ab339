package catalogue

import (
	"fmt"
	"strings"
	"testing"
)

// TestReadmeCarriesClauses: an exercise whose goal has clauses lists them in
// its README, numbered as the tests name them, in each language: the
// Japanese README says that the code's English comment says the same as the
// goal and clauses it shows, so it shows all of them.
func TestReadmeCarriesClauses(t *testing.T) {
	const dir = "99_clauses"
	en := Edition{Title: "T", Goal: "The goal.", Clauses: []string{"First promise.", "Second promise."}}
	ja := Edition{Title: "題", Goal: "ゴールです。", Clauses: []string{"1 つ目の約束です。", "2 つ目の約束です。"}}
	entries[dir] = Entry{Number: 99, Dir: dir, Seed: Seed000, Principle: "P1", En: en, Ja: ja}
	defer delete(entries, dir)
	e := Exercise{Number: 99, Dir: dir, Seed: Seed000, Principle: "P1", Title: en.Title, Goal: en.Goal, Clauses: en.Clauses}

	for lang, ed := range map[string]Edition{"en": en, "ja": ja} {
		readme := Readme(e, lang, "")
		for i, c := range ed.Clauses {
			if want := fmt.Sprintf("\n%d. %s\n", i+1, c); !strings.Contains(readme, want) {
				t.Errorf("%s README has no %q:\n%s", lang, want, readme)
			}
		}
	}
	if r := Readme(e, "ja", ""); !strings.Contains(r, "上と同じゴールと条件") {
		t.Errorf("the Japanese README does not say that the comment states the goal and clauses above:\n%s", r)
	}

	// Without clauses, the comment is the code's own and may say more: the
	// README does not claim it says the same.
	e.Clauses, en.Clauses, ja.Clauses = nil, nil, nil
	entries[dir] = Entry{Number: 99, Dir: dir, Seed: Seed000, Principle: "P1", En: en, Ja: ja}
	for _, lang := range []string{"en", "ja"} {
		if r := Readme(e, lang, ""); strings.Contains(r, "same as the goal") || strings.Contains(r, "上と同じ") {
			t.Errorf("%s README without clauses claims the comment says the same as the goal:\n%s", lang, r)
		}
	}
}

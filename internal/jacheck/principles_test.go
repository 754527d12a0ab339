package jacheck

import (
	"strings"
	"testing"

	"gohunters/internal/catalogue"
)

// TestPrincipleNames: each principle has one Japanese name, its Short, and
// its Title starts with it, so that the tables, the READMEs, the checker and
// the decks all call it the same (glossary.md rejects the other forms).
func TestPrincipleNames(t *testing.T) {
	seen := map[string]string{}
	for _, p := range catalogue.Principles {
		ja := p.In("ja")
		if !strings.HasPrefix(ja.Title, ja.Short) {
			t.Errorf("%s: the Japanese title %q does not start with its name %q", p.ID, ja.Title, ja.Short)
		}
		if other, dup := seen[ja.Short]; dup {
			t.Errorf("%s and %s have the same Japanese name %q", other, p.ID, ja.Short)
		}
		seen[ja.Short] = p.ID
	}
}

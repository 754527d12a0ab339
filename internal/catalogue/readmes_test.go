package catalogue

import (
	"os"
	"path/filepath"
	"testing"
)

// TestExerciseReadmes: every exercise folder has its README in each language,
// as go generate ./internal/catalogue writes it from today's catalogue, and a
// hand-written guide below the generated part in one language has its
// counterpart in the other.
func TestExerciseReadmes(t *testing.T) {
	for _, e := range Exercises {
		rest := map[string]string{}
		for lang, name := range Readmes {
			path := filepath.Join("..", "..", "exercises", e.Dir, name)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Errorf("%s: %v; run %s", e.Dir, err, RegenerateCommand)
				continue
			}
			rest[lang] = HandWritten(string(b))
			if want := Readme(e, lang, rest[lang]); string(b) != want {
				t.Errorf("exercises/%s/%s is stale (the catalogue changed): run %s", e.Dir, name, RegenerateCommand)
			}
		}
		if (rest["en"] == "") != (rest["ja"] == "") {
			t.Errorf("exercises/%s: a hand-written guide below the generated part in one README only: write its translation in the other", e.Dir)
		}
	}
}

func TestReadmeJaTable(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.ja.md"))
	if err != nil {
		t.Fatal(err)
	}
	want, ok := WithTable(string(b), MarkdownTableIn("ja"))
	if !ok {
		t.Fatalf("README.ja.md has no %q ... %q markers", TableBegin, TableEnd)
	}
	if want != string(b) {
		t.Errorf("README.ja.md's exercise table is stale: run %s", RegenerateCommand)
	}
}

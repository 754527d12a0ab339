package catalogue

import (
	"os"
	"path/filepath"
	"testing"
)

// The recorded checksums must describe the exercises as they are in the
// repository: a maintainer who changes an exercise regenerates them.
func TestSumsUpToDate(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	want, err := GenerateSums(root, Exercises)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, SumsFile))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatalf("%s is stale (an exercise changed or was added since it was generated).\nRegenerate it, on a tree where the exercises are as shipped, with:\n\t%s", SumsFile, RegenerateCommand)
	}
	for _, e := range Exercises {
		if len(Sums(e.Dir)) == 0 {
			t.Errorf("exercise %02d has no recorded checksums; run %s", e.Number, RegenerateCommand)
		}
	}
}

func TestHashIgnoresCRLF(t *testing.T) {
	if Hash([]byte("a\r\nb\n")) != Hash([]byte("a\nb\n")) {
		t.Fatal("CRLF and LF hash differently")
	}
}

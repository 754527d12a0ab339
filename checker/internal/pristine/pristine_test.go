package pristine

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"gohunters/internal/catalogue"
)

// The archive built into the checker must be the exercises exactly as they are
// in the repository, every file with the checksum the catalogue records: a
// maintainer who changes an exercise regenerates both.
func TestArchiveMatchesExercises(t *testing.T) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	files, err := Collect(root, catalogue.Exercises)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(File)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, Format(files)) || !bytes.Equal(got, archive) {
		t.Fatalf("%s is stale (an exercise changed since it was generated).\nRegenerate it, on a tree where the exercises are as shipped, with:\n\tgo generate ./internal/catalogue", File)
	}
	shipped := FS()
	n := 0
	for _, e := range catalogue.Exercises {
		for _, s := range catalogue.Sums(e.Dir) {
			b, err := fs.ReadFile(shipped, e.Dir+"/"+s.Name)
			if err != nil {
				t.Errorf("the archive lacks %s/%s", e.Dir, s.Name)
				continue
			}
			if catalogue.Hash(b) != s.SHA256 {
				t.Errorf("%s/%s in the archive does not match its recorded checksum", e.Dir, s.Name)
			}
			n++
		}
	}
	if n != len(files) {
		t.Errorf("the archive has %d files, the recorded checksums %d", len(files), n)
	}
}

// Every file survives the round trip through the archive byte for byte.
func TestFormatParseRoundTrip(t *testing.T) {
	files := map[string][]byte{"01_x/a.go": []byte("package x\n"), "01_x/testdata/in.txt": []byte("\n\n-- not a marker\n")}
	back := Parse(Format(files))
	for name, want := range files {
		got, err := fs.ReadFile(back, name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
	crlf := Parse(bytes.ReplaceAll(Format(files), []byte("\n"), []byte("\r\n")))
	if got, err := fs.ReadFile(crlf, "01_x/a.go"); err != nil || string(got) != "package x\n" {
		t.Errorf("archive checked out with CRLF: %q, %v", got, err)
	}
	for _, bad := range []string{"no newline", "a\n-- b.go --\n"} {
		if Unrepresentable([]byte(bad)) == "" {
			t.Errorf("%q accepted", bad)
		}
	}
}

package catalogue

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The recorded checksums must describe the exercises as they are in the
// repository: a maintainer who changes an exercise regenerates them.
func TestSumsUpToDate(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, SumsFile))
	if err != nil {
		t.Fatal(err)
	}
	recorded, err := ParseSums(string(got))
	if err != nil {
		t.Fatalf("%s: %v; run %s", SumsFile, err, RegenerateCommand)
	}
	want, err := GenerateSums(root, Exercises, recorded.Trees())
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

// Every package of the module that an exercise's tests import, directly or not,
// is recorded as support: a neutered helper must cost the credit.
func TestSupportPackagesCovered(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-test", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./exercises/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	covered := map[string]bool{}
	for _, p := range SupportPackages {
		covered["gohunters/"+p] = true
	}
	for _, p := range strings.Fields(string(out)) {
		p = strings.TrimSuffix(strings.Fields(p)[0], ".test")
		if !strings.HasPrefix(p, "gohunters/") || strings.HasPrefix(p, "gohunters/exercises/") {
			continue
		}
		if !covered[p] {
			t.Errorf("the exercises' tests depend on %s, which SupportPackages does not list", p)
		}
	}
}

// A sums file with a line deleted by hand is refused, not read as "nothing recorded".
func TestSumsWithDeletedLineRefused(t *testing.T) {
	lines := strings.SplitAfter(EmbeddedSums(), "\n")
	for i, l := range lines {
		if strings.HasSuffix(strings.TrimSpace(l), "  test") {
			edited := strings.Join(append(append([]string(nil), lines[:i]...), lines[i+1:]...), "")
			if _, err := ParseSums(edited); err == nil {
				t.Fatalf("deleting %q went unnoticed", l)
			}
			return
		}
	}
	t.Fatal("no test line in the sums")
}

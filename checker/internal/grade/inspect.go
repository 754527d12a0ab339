package grade

import (
	"os"
	"path"
	"strings"

	"gohunters/internal/catalogue"
)

// Files is what Inspect found on disk.
type Files struct {
	Missing  bool
	Nested   string   // a go.mod or go.work inside the exercise, by slash path
	Modified []string // test files that differ from the recorded sums
	Pristine bool     // every non-test file as shipped, none added
	Recorded bool     // checksums exist for this exercise
}

// Inspect compares exercises/<Dir> under root with the recorded checksums.
func Inspect(root string, e catalogue.Exercise, sums []catalogue.FileSum) Files {
	dir := e.DirIn(root)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return Files{Missing: true, Recorded: len(sums) > 0}
	}
	have, err := catalogue.HashDir(dir)
	if err != nil {
		return Files{Missing: true, Recorded: len(sums) > 0}
	}
	f := Files{Recorded: len(sums) > 0, Pristine: len(sums) > 0}
	for name := range have {
		if base := path.Base(name); (base == "go.mod" || base == "go.work") && (f.Nested == "" || name < f.Nested) {
			f.Nested = name
		}
	}
	if !f.Recorded {
		return f
	}
	known := map[string]bool{}
	for _, s := range sums {
		known[s.Name] = true
		got, ok := have[s.Name]
		switch {
		case s.Test && got != s.SHA256:
			f.Modified = append(f.Modified, s.Name)
		case !s.Test && (!ok || got != s.SHA256):
			f.Pristine = false
		}
	}
	for name := range have {
		if known[name] {
			continue
		}
		if catalogue.IsTestFile(name) {
			f.Modified = append(f.Modified, name)
		} else if strings.HasSuffix(name, ".go") {
			f.Pristine = false
		}
	}
	return f
}

package catalogue

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoalFilesUpToDate: every exercise with clauses has them, as generated,
// in goal_test.go and in the comment at the top of its code, in both trees.
func TestGoalFilesUpToDate(t *testing.T) {
	root := filepath.Join("..", "..")
	for _, e := range Exercises {
		if len(e.Clauses) == 0 {
			continue
		}
		for _, dir := range []string{e.DirIn(root), e.SolutionIn(root)} {
			name, src, pkg, err := CodeWithGoal(dir)
			if err != nil {
				t.Error(err)
				continue
			}
			if want, _ := WithGoalBlock(src, e); !bytes.Equal(want, src) {
				t.Errorf("%s: the Goal paragraph is not the catalogue's; run %s", name, RegenerateCommand)
			}
			if pkg, err = TestPackage(dir, pkg); err != nil {
				t.Error(err)
				continue
			}
			got, err := os.ReadFile(filepath.Join(dir, GoalFile))
			if err != nil || !bytes.Equal(got, GoalTestFile(e, pkg)) {
				t.Errorf("%s: not the catalogue's clauses; run %s", filepath.Join(dir, GoalFile), RegenerateCommand)
			}
		}
	}
}

func TestGoalBlockWraps(t *testing.T) {
	e := Exercise{Goal: "Close leaves nothing running.", Clauses: []string{
		"When Close returns, no goroutine the Announcer started is running, whatever the store was doing at that moment.",
		"Put after Close fails.",
	}}
	got := GoalBlock(e)
	want := `// Goal: Close leaves nothing running.
//
//  1. When Close returns, no goroutine the Announcer started is running,
//     whatever the store was doing at that moment.
//  2. Put after Close fails.
//
// The tests name the clause they find broken.
`
	if got != want {
		t.Errorf("GoalBlock =\n%s\nwant\n%s", got, want)
	}
	src := "// Exercise 99: x.\n//\n// Goal: old\n// text.\n//\n//\tgo test ./exercises/99/\npackage x\n"
	out, ok := WithGoalBlock([]byte(src), e)
	if !ok || !strings.Contains(string(out), want+"//\n//\tgo test") || strings.Contains(string(out), "old") {
		t.Errorf("WithGoalBlock = %v\n%s", ok, out)
	}
	// gofmt leaves the comment as it is: the list does not swallow the command.
	if formatted, err := format.Source(out); err != nil || !bytes.Equal(formatted, out) {
		t.Errorf("gofmt rewrites the generated comment (%v):\n%s", err, formatted)
	}
}

// An exercise whose tests are an external test package gets its goal_test.go
// in that package, so that the tests see the clauses.
func TestTestPackage(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(GoalFile, "package fx\n")
	write("fx_test.go", "package fx\n")
	if got, err := TestPackage(dir, "fx"); err != nil || got != "fx" {
		t.Errorf("TestPackage with internal tests = %q, %v; want fx", got, err)
	}
	write("fx_test.go", "package fx_test\n")
	if got, err := TestPackage(dir, "fx"); err != nil || got != "fx_test" {
		t.Errorf("TestPackage with external tests = %q, %v; want fx_test", got, err)
	}
}

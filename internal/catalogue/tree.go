package catalogue

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// RecordTrees returns the test tree of every exercise: the tests and subtests
// that pass when its solution is tested. The trees in old whose test files are
// unchanged are kept; the others are recorded again by running the solutions'
// tests (go test -json, once for all of them).
func RecordTrees(root string, exercises []Exercise, old Trees) (Trees, error) {
	out := Trees{}
	var stale []Exercise
	for _, e := range exercises {
		sums, err := HashDir(e.DirIn(root))
		if err != nil {
			return nil, err
		}
		hash := TestFilesHash(sums)
		if r, ok := old[e.Dir]; ok && r.Hash == hash {
			out[e.Dir] = r
			continue
		}
		out[e.Dir] = TreeRecord{Hash: hash}
		stale = append(stale, e)
	}
	if len(stale) == 0 {
		return out, nil
	}
	args := []string{"test", "-json", "-count=1", "-vet=off"}
	for _, e := range stale {
		args = append(args, e.Package(SolutionsDir))
	}
	fmt.Fprintf(os.Stderr, "recording the test trees of %d exercise(s) from their solutions...\n", len(stale))
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	passed, failed := map[string][]string{}, map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var ev struct{ Action, Package, Test string }
		if json.Unmarshal(sc.Bytes(), &ev) != nil || ev.Test == "" {
			continue
		}
		dir := filepath.Base(ev.Package)
		switch ev.Action {
		case "pass":
			passed[dir] = append(passed[dir], ev.Test)
		case "fail":
			failed[dir] = append(failed[dir], ev.Test)
		}
	}
	for _, e := range stale {
		if len(failed[e.Dir]) > 0 || len(passed[e.Dir]) == 0 {
			return nil, fmt.Errorf("solutions/%s: tests failed (%s) or none ran: a test tree is recorded from a passing solution\n%s",
				e.Dir, strings.Join(failed[e.Dir], ", "), stderr.String())
		}
		tests := passed[e.Dir]
		slices.Sort(tests)
		r := out[e.Dir]
		r.Tests = slices.Compact(tests)
		out[e.Dir] = r
	}
	if err != nil && len(failed) == 0 {
		return nil, fmt.Errorf("go test: %v\n%s", err, stderr.String())
	}
	return out, nil
}

// UnrecordedTrees returns, for every exercise, a tree with no tests recorded
// from its test files as they are under root: for fixtures whose solutions
// are not run.
func UnrecordedTrees(root string, exercises []Exercise) (Trees, error) {
	out := Trees{}
	for _, e := range exercises {
		sums, err := HashDir(e.DirIn(root))
		if err != nil {
			return nil, err
		}
		out[e.Dir] = TreeRecord{Hash: TestFilesHash(sums)}
	}
	return out, nil
}

package verify

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"gohunters/internal/catalogue"
)

// TestColdCacheSolutionsNotStopped grades the solutions from an empty build
// cache, as on a fresh machine (issue 26: checking all of them was stopped
// after exactly two minutes, "the run took too long", on a quiet machine and
// at load 30-50, and with GOEXPERIMENT=goroutineleakprofile while the standard
// library was rebuilt). Every one must be done, and no run stopped by the
// guard: a slow build is not a hang.
//
// It takes minutes, so it runs only when asked: COLD=all for every exercise,
// COLD=01,14 for some; COLD_LOAD=n keeps n busy processes per CPU running
// beside it (the busy machine); GOEXPERIMENT in the environment is passed on
// (the rebuilt standard library). E.g.
//
//	COLD=all COLD_LOAD=15 go test ./internal/verify -run TestColdCache -timeout 60m -v
func TestColdCacheSolutionsNotStopped(t *testing.T) {
	sel := os.Getenv("COLD")
	if sel == "" {
		t.Skip("COLD=all (or COLD=01,14) runs it: it grades the solutions from an empty build cache, minutes on two cores")
	}
	exs := catalogue.Exercises
	if sel != "all" {
		exs = nil
		for _, n := range strings.Split(sel, ",") {
			e, ok := catalogue.Lookup(strings.TrimSpace(n))
			if !ok {
				t.Fatalf("COLD=%s: no exercise %q", sel, n)
			}
			exs = append(exs, e)
		}
	}
	dir := root(t)
	scratch := t.TempDir()
	checker := filepath.Join(scratch, "checker-bin")
	build := exec.Command("go", "build", "-o", checker, "./checker/gohunters")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the checker: %v\n%s", err, out)
	}
	ws := filepath.Join(scratch, "ws")
	if err := copyWorkshop(dir, ws); err != nil {
		t.Fatal(err)
	}
	args := []string{"report", "--json", "--name", "cold"}
	for _, e := range exs {
		if err := placeVariant(dir, ws, &variant{ex: e, name: "solution"}); err != nil {
			t.Fatal(err)
		}
		args = append(args, strconv.Itoa(e.Number))
	}

	if s := os.Getenv("COLD_LOAD"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			t.Fatalf("COLD_LOAD=%q: want a number of busy processes per CPU", s)
		}
		for range n * runtime.NumCPU() {
			busy := exec.Command("sh", "-c", "while :; do :; done")
			if err := busy.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = busy.Process.Kill(); _ = busy.Wait() })
		}
		t.Logf("%d busy processes beside the run", n*runtime.NumCPU())
	}

	cmd := exec.Command(checker, args...)
	cmd.Dir = ws
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "LANG=C", "LC_ALL=", "GOCACHE="+filepath.Join(scratch, "gocache"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	began := time.Now()
	runErr := cmd.Run() // exit 1 when something is not done
	took := time.Since(began)
	t.Logf("%d solutions graded from an empty build cache in %v (GOEXPERIMENT=%q)", len(exs), took.Round(time.Second), os.Getenv("GOEXPERIMENT"))
	for _, words := range []string{"made no progress", "took too long"} {
		if strings.Contains(stderr.String()+stdout.String(), words) {
			t.Errorf("a run was stopped (%q) after %v:\n%s", words, took, stderr.String())
		}
	}
	var r report
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("the checker's report is not JSON (%v; the checker: %v):\n%s\n%s", err, runErr, stdout.String(), stderr.String())
	}
	got := map[int]string{}
	for _, x := range r.Exercises {
		got[x.Number] = x.Status
	}
	for _, e := range exs {
		if got[e.Number] != "done" {
			t.Errorf("%s: the solution graded %q, want done", e.Dir, got[e.Number])
		}
	}
	if t.Failed() {
		t.Logf("the checker said:\n%s", stderr.String())
	}
}

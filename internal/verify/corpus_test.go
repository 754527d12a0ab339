package verify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"
	"golang.org/x/tools/txtar"

	"gohunters/internal/catalogue"
)

// The wrong-fix corpus: for every exercise, fixes a competent, hurried
// colleague would write and that are wrong (each breaks one clause of the
// goal), and other correct designs. Each lives in corpus/NN_<dir>.txtar as
// whole non-test files that replace the solution's files of the same name:
//
//	-- wrong/<N>-<slug>/<file>.go --   breaks clause N of the exercise's goal
//	-- design/<slug>/<file>.go --      another correct design
//
// A file may also be in a package of the exercise's own, one folder down
// (wrong/<N>-<slug>/fxtest/fxtest.go), written with the exercise's import
// paths; the solution's files are copied with theirs turned into the
// exercise's.
//
// TestCorpus grades every variant the way the learner's checker does (its
// tests, then the race run, through the checker's own report) and requires
// every wrong fix refused and every design accepted. CORPUS=06,21 limits it
// to those exercises, CORPUS_SHARE=k/n to a share of each exercise's variants
// (by default an eighth that rotates with the commit; CORPUS_SHARE=all for all),
// CORPUS_JOBS=n sets how many scratch workshops grade at once; CORPUS_KEEP=1
// keeps the scratch workshops and prints where.

// corpusDir holds the archives, one per exercise.
const corpusDir = "corpus"

// variant is one wrong fix or design of an exercise.
type variant struct {
	ex     catalogue.Exercise
	wrong  bool   // a wrong fix, which the checker must refuse
	clause int    // the clause a wrong fix breaks
	name   string // e.g. "wrong/2-sleep-after-cancel"
	files  map[string][]byte
}

var variantPath = regexp.MustCompile(`^(wrong/(\d+)-[a-z0-9-]+|design/[a-z0-9-]+)/((?:[a-z0-9_]+/)?[A-Za-z0-9_]+\.go)$`)

// wrongFixKind is the label every wrong fix's first comment carries: the kind
// of issue 21's list it belongs to.
var wrongFixKind = regexp.MustCompile(`\(kind [1-7]\)`)

// readCorpus parses the archive of exercise e, checking that each variant is
// well formed: whole non-test .go files, a clause that exists, a first line
// that says what the variant is.
func readCorpus(t *testing.T, root string, e catalogue.Exercise) []*variant {
	t.Helper()
	path := filepath.Join(root, "internal", "verify", corpusDir, e.Dir+".txtar")
	a, err := txtar.ParseFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		t.Fatal(err)
	}
	byName := map[string]*variant{}
	var order []*variant
	for _, f := range a.Files {
		m := variantPath.FindStringSubmatch(f.Name)
		if m == nil {
			t.Errorf("%s: %q is not wrong/<clause>-<slug>/<file>.go or design/<slug>/<file>.go (test files are never replaced)", path, f.Name)
			continue
		}
		v := byName[m[1]]
		if v == nil {
			v = &variant{ex: e, name: m[1], wrong: strings.HasPrefix(m[1], "wrong/"), files: map[string][]byte{}}
			if v.wrong {
				v.clause, _ = strconv.Atoi(m[2])
				if v.clause < 1 || v.clause > len(e.Clauses) {
					t.Errorf("%s: %s breaks clause %d, but the goal of exercise %02d has %d clauses", path, v.name, v.clause, e.Number, len(e.Clauses))
				}
			}
			byName[m[1]] = v
			order = append(order, v)
		}
		first, _, _ := strings.Cut(string(f.Data), "\n")
		if len(v.files) == 0 && !strings.HasPrefix(first, "// ") {
			t.Errorf("%s: %s: the first line of its first file must be a comment saying what it is", path, v.name)
		}
		if len(v.files) == 0 && v.wrong && !wrongFixKind.MatchString(first) {
			t.Errorf("%s: %s: the first comment must name the kind of wrong fix, e.g. (kind 4)", path, v.name)
		}
		v.files[m[3]] = f.Data
	}
	return order
}

// corpusSelection returns the exercises CORPUS names (all when unset).
func corpusSelection(t *testing.T) []catalogue.Exercise {
	want := os.Getenv("CORPUS")
	if want == "" {
		return catalogue.Exercises
	}
	var exs []catalogue.Exercise
	for _, n := range strings.Split(want, ",") {
		e, ok := catalogue.Lookup(strings.TrimSpace(n))
		if !ok {
			t.Fatalf("CORPUS=%s: no exercise %q", want, n)
		}
		exs = append(exs, e)
	}
	return exs
}

func TestCorpusWellFormed(t *testing.T) {
	dir := root(t)
	for _, e := range catalogue.Exercises {
		vs := readCorpus(t, dir, e)
		if vs == nil {
			continue
		}
		perClause := map[int]int{}
		designs := 0
		for _, v := range vs {
			if v.wrong {
				perClause[v.clause]++
			} else {
				designs++
			}
			for name := range v.files {
				if _, err := os.Stat(filepath.Join(e.SolutionIn(dir), filepath.FromSlash(name))); err != nil && v.wrong {
					t.Errorf("%s %s replaces %s, which the solution does not have", e.Dir, v.name, name)
				}
			}
		}
		for n := 1; n <= len(e.Clauses); n++ {
			if perClause[n] < 2 {
				t.Errorf("exercise %02d: clause %d has %d wrong fixes in the corpus; every clause needs at least two", e.Number, n, perClause[n])
			}
		}
		if designs < 1 {
			t.Errorf("exercise %02d: no other correct design in the corpus", e.Number)
		}
	}
}

// report is the part of the checker's report --json the corpus reads.
type report struct {
	Exercises []struct {
		Number int
		Status string
		Passed bool
		Race   string
	}
}

// TestCorpus grades every variant with the checker, in batches: each batch
// puts at most one variant into each exercise's folder of a scratch copy of
// the workshop and grades those exercises in one run, as a learner's
// `go run ./checker report --json N...` would.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("grades every variant of the corpus")
	}
	dir := root(t)
	k, n := corpusShare(t, dir)
	var all [][]*variant
	total := 0
	for _, e := range corpusSelection(t) {
		var vs []*variant
		for i, v := range readCorpus(t, dir, e) {
			if i%n == k {
				vs = append(vs, v)
			}
		}
		if len(vs) > 0 {
			all = append(all, vs)
			total += len(vs)
		}
	}
	if n > 1 {
		t.Logf("CORPUS_SHARE=%d/%d: grading %d variants, the share of every exercise's variants at index %d mod %d", k, n, total, k, n)
	}
	if len(all) == 0 {
		t.Skip("no corpus for the exercises selected")
	}

	scratch := t.TempDir()
	if os.Getenv("CORPUS_KEEP") != "" {
		scratch, _ = os.MkdirTemp("", "corpus")
		t.Logf("scratch workshop kept in %s", scratch)
	}
	checker := filepath.Join(scratch, "checker-bin")
	build := exec.Command("go", "build", "-o", checker, "./checker/gohunters")
	build.Dir = dir
	out, err := build.CombinedOutput()
	require.NoError(t, err, "building the checker: %s", out)
	// Batches: at most one variant of each exercise in each, as many batches as
	// the exercise with the most variants needs, the variants spread so that
	// every batch builds about as many packages. Two scratch workshops grade
	// batches side by side, so that one batch's builds use the cores while
	// another waits on its tests' timers.
	slices.SortStableFunc(all, func(a, b []*variant) int { return len(b) - len(a) })
	batches := make([][]*variant, len(all[0]))
	order := make([]int, len(batches))
	for _, vs := range all {
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(i, j int) int { return len(batches[i]) - len(batches[j]) })
		for j, v := range vs {
			batches[order[j]] = append(batches[order[j]], v)
		}
	}
	jobs := corpusJobs(t)
	queue := make(chan int, len(batches))
	for b := range batches {
		queue <- b
	}
	close(queue)
	var (
		mu         sync.Mutex
		mismatches []string
		graded     int
	)
	var g errgroup.Group
	for w := range min(jobs, len(batches)) {
		ws := filepath.Join(scratch, fmt.Sprintf("ws%d", w))
		if err := copyWorkshop(dir, ws); err != nil {
			t.Fatal(err)
		}
		g.Go(func() error {
			for b := range queue {
				got, err := gradeBatch(dir, ws, checker, batches[b])
				if err != nil {
					return fmt.Errorf("batch %d: %w", b, err)
				}
				mu.Lock()
				graded++
				for _, v := range batches[b] {
					status, ok := got[v.ex.Number]
					accepted := status == "done"
					switch {
					case !ok:
						mismatches = append(mismatches, fmt.Sprintf("%s %s: no verdict in the checker's report", v.ex.Dir, v.name))
					case v.wrong && accepted:
						mismatches = append(mismatches, fmt.Sprintf("%s %s: accepted (done), but it breaks clause %d", v.ex.Dir, v.name, v.clause))
					case !v.wrong && !accepted:
						mismatches = append(mismatches, fmt.Sprintf("%s %s: a correct design, graded %q", v.ex.Dir, v.name, status))
					}
					t.Logf("%-28s %-44s %s", v.ex.Dir, v.name, status)
				}
				t.Logf("batch %d/%d graded (%d variants)", graded, len(batches), len(batches[b]))
				mu.Unlock()
			}
			return nil
		})
	}
	require.NoError(t, g.Wait())
	slices.Sort(mismatches)
	if len(mismatches) > 0 {
		t.Errorf("%d of the corpus's variants graded wrongly:\n\t%s", len(mismatches), strings.Join(mismatches, "\n\t"))
	}
}

// corpusShare reads CORPUS_SHARE=k/n: grade only each exercise's variants at
// index k mod n. Unset, it is an eighth that rotates with the commit (k is the
// commit's hash mod 8), so that consecutive commits cover the whole corpus and
// the maintainers' command stays within minutes; CORPUS_SHARE=all grades every
// variant, as before a release (about ten minutes on two cores).
func corpusShare(t *testing.T, root string) (k, n int) {
	s := os.Getenv("CORPUS_SHARE")
	switch s {
	case "all":
		return 0, 1
	case "":
		head, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
		if err != nil || len(head) < 8 {
			return 0, corpusShares
		}
		h, _ := strconv.ParseUint(string(head[:8]), 16, 64)
		return int(h % corpusShares), corpusShares
	}
	ks, ns, ok := strings.Cut(s, "/")
	k, err1 := strconv.Atoi(ks)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || n < 1 || k < 0 || k >= n {
		t.Fatalf("CORPUS_SHARE=%q: want all, or k/n with 0 <= k < n, e.g. 0/5", s)
	}
	return k, n
}

// corpusShares is how many shares the corpus is graded in by default.
const corpusShares = 8

// corpusJobs is how many scratch workshops grade batches at once: CORPUS_JOBS,
// else 2: the checker in each builds and runs several test binaries at once
// too, and more workshops only make each build wait longer for the cores.
func corpusJobs(t *testing.T) int {
	s := os.Getenv("CORPUS_JOBS")
	if s == "" {
		return 2
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("CORPUS_JOBS=%q: want a number of workshops, 1 or more", s)
	}
	return n
}

// gradeBatch places the batch's variants in the scratch workshop ws and grades
// them with the checker's report, as a learner's
// `go run ./checker report --json N...` would. It returns each exercise's
// status, with the race run's outcome when it passed without one.
func gradeBatch(root, ws, checker string, batch []*variant) (map[int]string, error) {
	args := []string{"report", "--json", "--name", "corpus"}
	for _, v := range batch {
		if err := placeVariant(root, ws, v); err != nil {
			return nil, err
		}
		args = append(args, strconv.Itoa(v.ex.Number))
	}
	cmd := exec.Command(checker, args...)
	cmd.Dir = ws
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, runErr := cmd.Output() // exit 1 when something is not done
	var r report
	if err := json.Unmarshal(out, &r); err != nil {
		return nil, fmt.Errorf("the checker's report is not JSON (%v; the checker: %v):\n%s\n%s", err, runErr, out, stderr.String())
	}
	got := map[int]string{}
	for _, x := range r.Exercises {
		status := x.Status
		if x.Passed && x.Race != "checked" {
			status += " (race " + x.Race + ")"
		}
		got[x.Number] = status
	}
	return got, nil
}

// copyWorkshop copies the module at src to dst, without .git or anything the
// workshop ignores, so that the checker finds a workshop without history and
// trusts the checksums it was built with.
func copyWorkshop(src, dst string) error {
	ls := exec.Command("git", "ls-files", "--cached", "--others", "--exclude-standard")
	ls.Dir = src
	out, err := ls.Output()
	if err != nil {
		return fmt.Errorf("git ls-files: %w", err)
	}
	for _, name := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		from := filepath.Join(src, filepath.FromSlash(name))
		fi, err := os.Lstat(from)
		if err != nil {
			if os.IsNotExist(err) {
				continue // deleted in the working tree
			}
			return err
		}
		if !fi.Mode().IsRegular() {
			continue
		}
		b, err := os.ReadFile(from)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(to, b, fi.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}

// placeVariant makes the exercise's folder in the scratch workshop the
// solution with v's files in place of the solution's (the tests stay the
// shipped ones). Packages of the exercise's own below its folder are replaced
// the same way, and the solution's import paths of them become the exercise's.
func placeVariant(root, ws string, v *variant) error {
	exDir := v.ex.DirIn(ws)
	code := func(dir string) ([]string, error) { // non-test .go files under dir, by slash path
		var names []string
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if name := d.Name(); strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
				rel, _ := filepath.Rel(dir, p)
				names = append(names, filepath.ToSlash(rel))
			}
			return nil
		})
		return names, err
	}
	shipped, err := code(exDir)
	if err != nil {
		return err
	}
	for _, name := range shipped {
		if err := os.Remove(filepath.Join(exDir, filepath.FromSlash(name))); err != nil {
			return err
		}
	}
	solFiles, err := code(v.ex.SolutionIn(root))
	if err != nil {
		return err
	}
	files := map[string][]byte{}
	for _, name := range solFiles {
		b, err := os.ReadFile(filepath.Join(v.ex.SolutionIn(root), filepath.FromSlash(name)))
		if err != nil {
			return err
		}
		files[name] = b
	}
	maps.Copy(files, v.files)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		b := bytes.ReplaceAll(files[name], []byte(`"gohunters/solutions/`+v.ex.Dir), []byte(`"gohunters/exercises/`+v.ex.Dir))
		to := filepath.Join(exDir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// A variant may replace a file of a package below the exercise's folder; the
// solution's files come with the exercise's import paths.
func TestPlaceVariantSubpackage(t *testing.T) {
	root, ws := t.TempDir(), t.TempDir()
	e := catalogue.Exercise{Number: 99, Dir: "99_x"}
	write := func(path, content string) {
		t.Helper()
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	sol, ex := e.SolutionIn(root), e.DirIn(ws)
	write(filepath.Join(sol, "x.go"), "package x\n")
	write(filepath.Join(sol, "xtest", "xtest.go"), "package xtest\n\nimport x \"gohunters/solutions/99_x\"\n")
	write(filepath.Join(sol, "y.go"), "package x // y\n")
	write(filepath.Join(ex, "x.go"), "package x // leaky\n")
	write(filepath.Join(ex, "old.go"), "package x // the learner's file the solution does not have\n")
	write(filepath.Join(ex, "x_test.go"), "package x_test // shipped\n")
	write(filepath.Join(ex, "xtest", "xtest.go"), "package xtest // leaky\n")
	v := &variant{ex: e, name: "design/d", files: map[string][]byte{"y.go": []byte("package x // the variant's y\n")}}
	require.NoError(t, placeVariant(root, ws, v))

	got := map[string]string{}
	require.NoError(t, filepath.WalkDir(ex, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(ex, p)
			got[filepath.ToSlash(rel)] = string(b)
		}
		return err
	}))
	require.Equal(t, map[string]string{
		"x.go":           "package x\n",
		"y.go":           "package x // the variant's y\n",
		"x_test.go":      "package x_test // shipped\n",
		"xtest/xtest.go": "package xtest\n\nimport x \"gohunters/exercises/99_x\"\n",
	}, got)
}

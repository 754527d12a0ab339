// Package verify is the maintainers' self-check of the workshop: every exercise
// fails as shipped, for the right reason; every solution passes under the race
// detector, again and again; the twins' tests are identical; the catalogue, the
// directories and the README agree.
//
// It runs real `go test -json` commands over exercises/ and solutions/, so it
// takes a while; VERIFY_COUNT sets how many times each solution runs per
// GOMAXPROCS setting (default 5; the release bar is 20).
package verify

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gohunters/internal/catalogue"
	"gohunters/internal/words"
)

var update = flag.Bool("update", false, "rewrite generated parts of README.md")

// vetFindings lists the exercises whose leak is itself a `go vet` finding: vet
// must flag them as shipped, and is run on every other package.
var vetFindings = map[string]string{
	"07_lost_cancel": "lostcancel: the discarded cancel func is the leak",
}

// A failing exercise must say it leaked: a detector's report (goleak's,
// synctest's through leakcheck, leakcheck's instant check), a goal clause not
// met, or an assertion that names the leak; the words come from the list the
// checker reads too.
var rightReason = func() *regexp.Regexp {
	alts := []string{words.GoleakReport, words.BubbleReport, words.WithinReport, words.StillRunning, words.GoalClause}
	alts = append(alts, words.NamesALeak...)
	for i, a := range alts {
		alts[i] = regexp.QuoteMeta(a)
	}
	return regexp.MustCompile(strings.Join(alts, "|"))
}()

// root is the module's root directory.
func root(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	require.NoError(t, err)
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action      string
	Package     string
	Test        string
	Output      string
	FailedBuild string
}

// result is what one package did in a `go test -json` run.
type result struct {
	action string // pass, fail, skip
	output strings.Builder
	failed []string // tests that failed
	passed int
}

func goTestJSON(t *testing.T, dir string, args ...string) map[string]*result {
	t.Helper()
	return goTestJSONEnv(t, dir, nil, args...)
}

// goTestJSONEnv runs go test -json with env as the command's environment (nil:
// this process's) and gathers the events by package.
func goTestJSONEnv(t *testing.T, dir string, env []string, args ...string) map[string]*result {
	t.Helper()
	cmd := exec.Command("go", append([]string{"test", "-json"}, args...)...)
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, _ := cmd.Output() // failing packages make go test exit 1; the events tell which
	results := map[string]*result{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			continue
		}
		if e.FailedBuild != "" {
			e.Package = e.FailedBuild
		}
		r := results[e.Package]
		if r == nil {
			r = &result{}
			results[e.Package] = r
		}
		switch {
		case e.Action == "output" || e.Action == "build-output":
			r.output.WriteString(e.Output)
		case e.Test == "" && (e.Action == "pass" || e.Action == "fail" || e.Action == "skip"):
			r.action = e.Action
			if e.FailedBuild != "" {
				r.output.WriteString("[build failed]\n")
			}
		case e.Test != "" && e.Action == "fail":
			r.failed = append(r.failed, e.Test)
		case e.Test != "" && e.Action == "pass":
			r.passed++
		}
	}
	require.NotEmpty(t, results, "go test %s printed no events; stderr:\n%s", strings.Join(args, " "), stderr.String())
	return results
}

func pkgOf(tree string, e catalogue.Exercise) string { return "gohunters/" + tree + "/" + e.Dir }

func TestCatalogueMatchesTree(t *testing.T) {
	dir := root(t)
	var listed []string
	for i, e := range catalogue.Exercises {
		listed = append(listed, e.Dir)
		assert.Equal(t, i+1, e.Number, "exercises are numbered 1, 2, 3... in catalogue order")
		assert.True(t, strings.HasPrefix(e.Dir, fmt.Sprintf("%02d_", e.Number)), "%s: directory starts with its number", e.Dir)
		assert.NotEmpty(t, e.Title, e.Dir)
		assert.NotEmpty(t, e.Goal, e.Dir)
		assert.NotEmpty(t, e.Passage, e.Dir)
		_, known := catalogue.SeedByFile(e.Seed)
		assert.True(t, known, "%s: unknown seed or source %q", e.Dir, e.Seed)
		_, ok := catalogue.PrincipleByID(e.Principle)
		assert.True(t, ok, "%s: unknown principle %q", e.Dir, e.Principle)
		assert.GreaterOrEqual(t, len(e.Hints), 2, "%s: 2-3 progressive hints", e.Dir)
		assert.LessOrEqual(t, len(e.Hints), 3, "%s: 2-3 progressive hints", e.Dir)
	}
	for _, tree := range []string{"exercises", "solutions"} {
		entries, err := os.ReadDir(filepath.Join(dir, tree))
		require.NoError(t, err)
		var dirs []string
		for _, de := range entries {
			if de.IsDir() {
				dirs = append(dirs, de.Name())
			}
		}
		assert.Equal(t, listed, dirs, "%s/ and the catalogue list the same exercises", tree)
	}
}

func TestTwinsHaveIdenticalTests(t *testing.T) {
	dir := root(t)
	for _, e := range catalogue.Exercises {
		ex := goFiles(t, filepath.Join(dir, "exercises", e.Dir))
		sol := goFiles(t, filepath.Join(dir, "solutions", e.Dir))
		assert.Equal(t, slices.Sorted(maps.Keys(ex)), slices.Sorted(maps.Keys(sol)), "%s: same file names in exercises/ and solutions/", e.Dir)
		for name, content := range ex {
			if strings.HasSuffix(name, "_test.go") {
				assert.True(t, content == inExercises(e, sol[name]), "%s/%s differs from its solutions/ twin: the learner is graded by the tests the solution passes", e.Dir, name)
			} else {
				assert.Equal(t, packageName(content), packageName(sol[name]), "%s/%s: same package name", e.Dir, name)
			}
		}
		assert.True(t, slices.ContainsFunc(slices.Collect(maps.Keys(ex)), func(n string) bool { return strings.HasSuffix(n, "_test.go") }), "%s has tests", e.Dir)
	}
}

// inExercises returns a file of solutions/<dir> with the import paths of the
// solution's own packages (its test-support package beside it, for one)
// turned into the exercise's. Tests that import such a package can only be
// identical up to that path: everything else is.
func inExercises(e catalogue.Exercise, src string) string {
	return strings.ReplaceAll(src, `"gohunters/solutions/`+e.Dir, `"gohunters/exercises/`+e.Dir)
}

func goFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	matches, err := filepath.Glob(filepath.Join(dir, "*.go"))
	require.NoError(t, err)
	for _, m := range matches {
		b, err := os.ReadFile(m)
		require.NoError(t, err)
		files[filepath.Base(m)] = string(b)
	}
	return files
}

var packageClause = regexp.MustCompile(`(?m)^package (\w+)`)

func packageName(src string) string {
	if m := packageClause.FindStringSubmatch(src); m != nil {
		return m[1]
	}
	return ""
}

func TestExercisesFailForTheRightReason(t *testing.T) {
	t.Parallel()
	results := goTestJSON(t, root(t), "-count=1", "-timeout=60s", "./exercises/...")
	for _, e := range catalogue.Exercises {
		t.Run(e.Dir, func(t *testing.T) {
			r := results[pkgOf("exercises", e)]
			require.NotNil(t, r, "no result for %s", e.Dir)
			out := r.output.String()
			require.Equal(t, "fail", r.action, "exercises/%s must fail as shipped: a learner has nothing to fix\n%s", e.Dir, out)
			assert.NotContains(t, out, "[build failed]", "it must fail in its tests, not compile")
			assert.NotContains(t, out, words.TimedOut, "it must fail, not hang")
			assert.NotRegexp(t, `(?m)^`+regexp.QuoteMeta(words.Panic), out, "it must fail, not crash the test binary")
			assert.Regexp(t, rightReason, out, "the failure must name the leak (goleak's report or an assertion saying so)")
			assert.NotEmpty(t, r.failed, "a test, not the package, fails")
		})
	}
}

func TestSolutionsPass(t *testing.T) {
	t.Parallel()
	count := 2
	if s := os.Getenv("VERIFY_COUNT"); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(t, err, "VERIFY_COUNT")
		count = n
	}
	results := goTestJSON(t, root(t), "-race", fmt.Sprintf("-count=%d", count), "-cpu=1,2", "-timeout=5m", "./solutions/...")
	for _, e := range catalogue.Exercises {
		t.Run(e.Dir, func(t *testing.T) {
			r := results[pkgOf("solutions", e)]
			require.NotNil(t, r, "no result for %s", e.Dir)
			require.Equal(t, "pass", r.action, "solutions/%s must pass %d times with -race at GOMAXPROCS 1 and 2; failed: %v\n%s",
				e.Dir, count, r.failed, r.output.String())
			assert.Positive(t, r.passed, "it runs tests")
		})
	}
}

const tableBegin, tableEnd = "<!-- exercises:begin -->\n", "<!-- exercises:end -->"

func TestReadmeTable(t *testing.T) {
	path := filepath.Join(root(t), "README.md")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	readme := string(b)
	before, rest, ok1 := strings.Cut(readme, tableBegin)
	_, after, ok2 := strings.Cut(rest, tableEnd)
	require.True(t, ok1 && ok2, "README.md has the %q and %q markers", tableBegin, tableEnd)
	want := before + tableBegin + catalogue.MarkdownTable() + tableEnd + after
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(want), 0o644))
		return
	}
	assert.True(t, want == readme, "README.md's exercise table is stale: go test ./internal/verify -run TestReadmeTable -update")
}

func TestGofmt(t *testing.T) {
	dir := root(t)
	var files []string
	require.NoError(t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata" || d.Name() == ".checker") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, ".go") {
			files = append(files, path)
		}
		return nil
	}))
	out, err := exec.Command("gofmt", append([]string{"-l"}, files...)...).CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Empty(t, strings.TrimSpace(string(out)), "not gofmt-clean")
}

func TestVet(t *testing.T) {
	dir := root(t)
	list, err := exec.Command("go", "list", "./...").Output()
	require.NoError(t, err)
	var clean, findings []string
	for _, pkg := range strings.Fields(string(list)) {
		if _, ok := vetFindings[filepath.Base(pkg)]; ok && strings.Contains(pkg, "/exercises/") {
			findings = append(findings, pkg)
		} else {
			clean = append(clean, pkg)
		}
	}
	cmd := exec.Command("go", append([]string{"vet"}, clean...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	assert.NoError(t, err, "go vet:\n%s", out)
	for _, pkg := range findings {
		cmd := exec.Command("go", "vet", pkg)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		assert.Error(t, err, "go vet must flag %s as shipped (%s)", pkg, vetFindings[filepath.Base(pkg)])
		assert.Contains(t, string(out), "cancel", "%s: go vet reports the lost cancel", pkg)
	}
}

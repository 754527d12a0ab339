package catalogue

//go:generate go run ./gensums
//go:generate go run ../../checker/internal/pristine/gen
//go:generate go run ./gendecks

import (
	"bufio"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// FileSum is the checksum of one file of an exercise as shipped.
type FileSum struct {
	Dir    string // the exercise's Dir
	Name   string // slash path inside exercises/<Dir>
	SHA256 string
	Test   bool // a test file (or test data) the learner must not edit
	// Support marks a file outside the exercises that the tests depend on (go.mod,
	// go.sum, the shared test helpers): Dir is "" and Name is relative to the root.
	Support bool
	// Tree marks a test or subtest that passed when the solution's tests ran:
	// Name is its full name (TestClose/slow_store), SHA256 the TestFilesHash
	// of the exercise's test files it was recorded from. A verdict of done needs
	// every one of them to have run and passed.
	Tree bool
}

// Tree returns the full names of the tests and subtests recorded for exercise
// dir, and the TestFilesHash of the test files they were recorded from.
func (s SumSet) Tree(dir string) (tests []string, hash string) {
	for _, f := range s {
		if f.Tree && f.Dir == dir {
			tests = append(tests, f.Name)
			hash = f.SHA256
		}
	}
	return tests, hash
}

// Digest is the checksum of everything s records, in a stable form: two
// checkers that grade against the same shipped checksums say the same Digest.
func (s SumSet) Digest() string {
	var sb strings.Builder
	for _, f := range s {
		kind := ""
		switch {
		case f.Test:
			kind = "test"
		case f.Support:
			kind = "support"
		case f.Tree:
			kind = "tree"
		}
		fmt.Fprintf(&sb, "%s %s/%s %s\n", f.SHA256, f.Dir, f.Name, kind)
	}
	return Hash([]byte(sb.String()))
}

// TestsHash is the TestFilesHash of exercise dir's test files as s records
// them: what its tests were checked against.
func (s SumSet) TestsHash(dir string) string {
	files := map[string]string{}
	for _, f := range s.Of(dir) {
		files[f.Name] = f.SHA256
	}
	return TestFilesHash(files)
}

// TestFilesHash is the checksum of the test files among an exercise's sums:
// the test tree is recorded again when it changes.
func TestFilesHash(sums map[string]string) string {
	var sb strings.Builder
	for _, n := range sortedKeys(sums) {
		if IsTestFile(n) {
			fmt.Fprintf(&sb, "%s  %s\n", sums[n], n)
		}
	}
	return Hash([]byte(sb.String()))
}

// Trees are the recorded test trees by exercise Dir.
type Trees map[string]TreeRecord

// TreeRecord is one exercise's recorded tests.
type TreeRecord struct {
	Hash  string // TestFilesHash of the test files the tests were recorded from
	Tests []string
}

// Trees returns the test trees recorded in s.
func (s SumSet) Trees() Trees {
	out := Trees{}
	for _, f := range s {
		if f.Tree {
			r := out[f.Dir]
			r.Hash = f.SHA256
			r.Tests = append(r.Tests, f.Name)
			out[f.Dir] = r
		}
	}
	return out
}

// SupportPackages are the workshop's own packages the exercises' tests import,
// directly or not, relative to the module root. Their non-test files, go.mod and
// go.sum are recorded with the exercises' files, so that a learner cannot earn
// credit by weakening what the tests rely on (TestSupportPackagesCovered keeps
// this list in step with go list).
var SupportPackages = []string{"internal/fake", "internal/goal", "internal/leakcheck", "internal/leakprofile", "internal/stacks", "internal/words"}

// SupportFiles are the module's files, relative to its root, that every exercise's
// tests depend on besides SupportPackages.
var SupportFiles = []string{"go.mod", "go.sum"}

//go:embed sums.txt
var sumsTxt string

// SumsFile is where the recorded checksums live, relative to the module root.
const SumsFile = "internal/catalogue/sums.txt"

// RegenerateCommand is what a maintainer runs after changing an exercise.
const RegenerateCommand = "go generate ./internal/catalogue"

// EmbeddedSums is the text of sums.txt as the checker was built with it. It
// comes from the working tree, so a learner can change it (go generate, an
// editor): TrustedSums prefers the copy in the git history.
func EmbeddedSums() string { return sumsTxt }

// Sums returns the checksums embedded in the checker for exercise dir, nil if
// none are. The checker itself uses SumSet.Of on TrustedSums.
// Unreadable sums (see ParseSums) are none.
func Sums(dir string) []FileSum {
	sums, _ := embedded()
	return sums.Of(dir)
}

var embedded = sync.OnceValues(func() (SumSet, error) { return ParseSums(sumsTxt) })

// SumSet is a parsed sums file.
type SumSet []FileSum

// Of returns the checksums of exercise dir's files, nil if none are recorded.
func (s SumSet) Of(dir string) []FileSum {
	var out []FileSum
	for _, f := range s {
		if f.Dir == dir && !f.Support && !f.Tree {
			out = append(out, f)
		}
	}
	return out
}

// Support returns the checksums of the files outside the exercises that the
// tests depend on.
func (s SumSet) Support() []FileSum {
	var out []FileSum
	for _, f := range s {
		if f.Support {
			out = append(out, f)
		}
	}
	return out
}

// ParseSums reads the format GenerateSums writes: "<sha256>  <dir>/<name>[  test]"
// for an exercise's files, "<sha256>  /<path>  support" for the files the tests
// depend on, and a last "# digest <sha256>" line over everything before it, so
// that a file whose lines were deleted by hand is refused.
func ParseSums(text string) (SumSet, error) {
	var out SumSet
	text = strings.ReplaceAll(text, "\r\n", "\n")
	body, digest, ok := cutDigest(text)
	if !ok {
		return nil, fmt.Errorf("no digest line (it ends the file)")
	}
	if Hash([]byte(body)) != digest {
		return nil, fmt.Errorf("lines were changed or deleted (the digest does not match)")
	}
	sc := bufio.NewScanner(strings.NewReader(body))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 || len(f[0]) != 64 || (len(f) == 3 && f[2] != "test" && f[2] != "support" && f[2] != "tree") || len(f) > 3 {
			return nil, fmt.Errorf("line %d: cannot read %q", n, line)
		}
		dir, name, ok := strings.Cut(f[1], "/")
		if !ok {
			return nil, fmt.Errorf("line %d: %q has no directory", n, f[1])
		}
		kind := ""
		if len(f) == 3 {
			kind = f[2]
		}
		if (kind == "support") != (dir == "") {
			return nil, fmt.Errorf("line %d: %q: support files are named /path", n, f[1])
		}
		out = append(out, FileSum{Dir: dir, Name: name, SHA256: f[0], Test: kind == "test", Support: kind == "support", Tree: kind == "tree"})
	}
	return out, sc.Err()
}

const digestPrefix = "# digest "

// cutDigest splits text into what the digest covers and the digest itself.
func cutDigest(text string) (body, digest string, ok bool) {
	trimmed := strings.TrimRight(text, "\n")
	i := strings.LastIndex(trimmed, "\n"+digestPrefix)
	if i < 0 {
		return "", "", false
	}
	return trimmed[:i+1], strings.TrimSpace(trimmed[i+1+len(digestPrefix):]), true
}

// Hash is the checksum of a file's content. Line endings are read as "\n" so that
// a checkout with CRLF line endings (git's autocrlf on Windows) still matches.
func Hash(data []byte) string {
	data = []byte(strings.ReplaceAll(string(data), "\r\n", "\n"))
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// IsTestFile reports whether name (a slash path inside an exercise) belongs to
// the exercise's tests, which the learner must not edit.
func IsTestFile(name string) bool {
	return strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, "testdata/") || strings.Contains(name, "/testdata/")
}

// HashDir returns the checksums of every file under dir (an exercise directory),
// named by slash paths relative to it.
func HashDir(dir string) (map[string]string, error) {
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = Hash(b)
		return nil
	})
	return out, err
}

// GenerateSums writes the checksums of every catalogued exercise's files under
// root/exercises, and of the files their tests depend on (SupportFiles and the
// non-test files of SupportPackages), and each exercise's test tree from trees,
// in the format ParseSums reads. A tree recorded from other test files than the
// exercise's is an error (StaleTrees names them).
func GenerateSums(root string, exercises []Exercise, trees Trees) ([]byte, error) {
	var sb strings.Builder
	sb.WriteString("# Code generated by " + RegenerateCommand + "; DO NOT EDIT.\n")
	sb.WriteString("# sha256 of every file of every exercise as shipped (CRLF read as LF), and of\n")
	sb.WriteString("# the files outside the exercises their tests depend on (\"support\").\n")
	sb.WriteString("# The checker refuses credit when a test or support file differs, and reset\n")
	sb.WriteString("# restores only content with these sums. Regenerate after changing an exercise.\n")
	sb.WriteString("# The checker reads this file from the git history when it can (see TrustedSums).\n")
	support, err := SupportHashes(root)
	if err != nil {
		return nil, err
	}
	for _, name := range sortedKeys(support) {
		fmt.Fprintf(&sb, "%s  /%s  support\n", support[name], name)
	}
	for _, e := range exercises {
		sums, err := HashDir(e.DirIn(root))
		if err != nil {
			return nil, fmt.Errorf("exercise %02d: %w", e.Number, err)
		}
		for _, n := range sortedKeys(sums) {
			fmt.Fprintf(&sb, "%s  %s", sums[n], path.Join(e.Dir, n))
			if IsTestFile(n) {
				sb.WriteString("  test")
			}
			sb.WriteString("\n")
		}
		tree, ok := trees[e.Dir]
		if !ok || tree.Hash != TestFilesHash(sums) {
			return nil, fmt.Errorf("exercise %02d: its test tree was not recorded from its test files as they are; run %s", e.Number, RegenerateCommand)
		}
		for _, name := range tree.Tests {
			fmt.Fprintf(&sb, "%s  %s  tree\n", tree.Hash, path.Join(e.Dir, name))
		}
	}
	body := sb.String()
	return []byte(body + digestPrefix + Hash([]byte(body)) + "\n"), nil
}

func sortedKeys(m map[string]string) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// SupportHashes returns the checksums of the support files as they are under
// root: SupportFiles and every non-test file of SupportPackages, by slash path
// relative to root. A support package's directory that is missing is an error.
func SupportHashes(root string) (map[string]string, error) {
	out := map[string]string{}
	for _, f := range SupportFiles {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			return nil, err
		}
		out[f] = Hash(b)
	}
	for _, pkg := range SupportPackages {
		entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(pkg)))
		if err != nil {
			return nil, err
		}
		for _, ent := range entries {
			name := ent.Name()
			if ent.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(pkg), name))
			if err != nil {
				return nil, err
			}
			out[pkg+"/"+name] = Hash(b)
		}
	}
	return out, nil
}

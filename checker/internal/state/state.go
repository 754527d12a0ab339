// Package state keeps the little the checker remembers between runs, in the
// git-ignored .checker/ directory at the repository root: how many hints of each
// exercise were shown, and backups made by reset. Progress is never stored: it
// is re-derived from running the tests.
package state

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Dir is the state directory, relative to the repository root.
const Dir = ".checker"

const header = `# The checker's memory: hint levels shown and attempts per exercise. Written by
# go run ./checker; editing it changes nothing that counts (progress comes from
# running the tests).
`

// State is the content of .checker/state.txt.
type State struct {
	path  string
	Hints map[string]int // exercise Dir -> hints shown
	// Attempts counts the times check or watch graded an exercise; First is
	// when the first of them was, Solved when one first passed. A trainer's
	// room view reads them from the learner's report.
	Attempts map[string]int
	First    map[string]time.Time
	Solved   map[string]time.Time
}

// Load reads the state under root; a missing or unreadable file is an empty state.
func Load(root string) *State {
	s := &State{path: filepath.Join(root, Dir, "state.txt"), Hints: map[string]int{},
		Attempts: map[string]int{}, First: map[string]time.Time{}, Solved: map[string]time.Time{}}
	f, err := os.Open(s.path)
	if err != nil {
		return s
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 {
			continue
		}
		dir, value := fields[1], fields[2]
		n, nerr := strconv.Atoi(value)
		t, terr := time.Parse(time.RFC3339, value)
		switch {
		case fields[0] == "hints" && nerr == nil && n >= 0:
			s.Hints[dir] = n
		case fields[0] == "attempts" && nerr == nil && n >= 0:
			s.Attempts[dir] = n
		case fields[0] == "first" && terr == nil:
			s.First[dir] = t
		case fields[0] == "solved" && terr == nil:
			s.Solved[dir] = t
		}
	}
	return s
}

// Save writes the state atomically.
func (s *State) Save() error {
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return err
	}
	var sb strings.Builder
	sb.WriteString(header)
	dirs := make([]string, 0, len(s.Hints))
	for d := range s.Hints {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		fmt.Fprintf(&sb, "hints %s %d\n", d, s.Hints[d])
	}
	for _, d := range sortedKeys(s.Attempts) {
		fmt.Fprintf(&sb, "attempts %s %d\n", d, s.Attempts[d])
	}
	for _, d := range sortedKeys(s.First) {
		fmt.Fprintf(&sb, "first %s %s\n", d, s.First[d].UTC().Format(time.RFC3339))
	}
	for _, d := range sortedKeys(s.Solved) {
		fmt.Fprintf(&sb, "solved %s %s\n", d, s.Solved[d].UTC().Format(time.RFC3339))
	}
	tmp := s.path + ".tmp"
	if err := os.WriteFile(tmp, []byte(sb.String()), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, s.path)
}

// Attempt records that exercise dir was graded at now, and whether it passed.
func (s *State) Attempt(dir string, now time.Time, passed bool) {
	s.Attempts[dir]++
	if _, ok := s.First[dir]; !ok {
		s.First[dir] = now
	}
	if _, ok := s.Solved[dir]; passed && !ok {
		s.Solved[dir] = now
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// BackupDir returns a new, not yet existing directory for a backup of exercise dir.
func BackupDir(root, dir string, now time.Time) string {
	return filepath.Join(root, Dir, "backup", dir, now.Format("20060102-150405.000"))
}

// BinDir is where test binaries of the fast path are kept.
func BinDir(root string) string { return filepath.Join(root, Dir, "bin") }

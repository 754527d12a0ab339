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

const header = `# The checker's memory: hint levels shown per exercise. Written by
# go run ./checker; editing it changes nothing that counts (progress comes from
# running the tests).
`

// State is the content of .checker/state.txt.
type State struct {
	path  string
	Hints map[string]int // exercise Dir -> hints shown
}

// Load reads the state under root; a missing or unreadable file is an empty state.
func Load(root string) *State {
	s := &State{path: filepath.Join(root, Dir, "state.txt"), Hints: map[string]int{}}
	f, err := os.Open(s.path)
	if err != nil {
		return s
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 3 && fields[0] == "hints" {
			if n, err := strconv.Atoi(fields[2]); err == nil && n >= 0 {
				s.Hints[fields[1]] = n
			}
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
	tmp := s.path + ".tmp"
	if err := os.WriteFile(tmp, []byte(sb.String()), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, s.path)
}

// BackupDir returns a new, not yet existing directory for a backup of exercise dir.
func BackupDir(root, dir string, now time.Time) string {
	return filepath.Join(root, Dir, "backup", dir, now.Format("20060102-150405.000"))
}

// BinDir is where test binaries of the fast path are kept.
func BinDir(root string) string { return filepath.Join(root, Dir, "bin") }

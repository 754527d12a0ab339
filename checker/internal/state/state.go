// Package state keeps the little the checker remembers between runs about one
// clone of the workshop: how many hints of each exercise were shown, and the
// backups made by reset and restore. Progress is never stored: it is re-derived
// from running the tests.
//
// It lives outside the clone, in the user's configuration directory
// (~/.config/gohunters/<clone>-<hash>/ on Linux), where `git clean -fdx` or a
// deleted .checker/ folder cannot reach it. Only when there is no such directory
// (HOME unset) does it fall back to the git-ignored .checker/ at the root, whose
// hints and backups, made by older checkers, are always read as well.
package state

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// Dir is the in-tree state directory, relative to the repository root.
const Dir = ".checker"

const header = `# The checker's memory: hint levels shown and attempts per exercise. Written by
# go run ./checker; editing it changes nothing that counts (progress comes from
# running the tests).
`

// Store is where the state of one clone lives.
type Store struct {
	Root   string // the clone
	Dir    string // state.txt, backup/ and the lock file
	Legacy string // root/.checker: read too, for what older checkers wrote there
}

// Locate returns the store of the clone at root: a directory of its own under
// userDir (the user's configuration directory), or root/.checker when userDir
// is empty.
func Locate(root, userDir string) Store {
	s := Store{Root: root, Legacy: filepath.Join(root, Dir)}
	if userDir == "" {
		s.Dir = s.Legacy
		return s
	}
	s.Dir = filepath.Join(userDir, "gohunters", key(root))
	return s
}

// InTree reports whether the store is inside the clone (where a clean removes it).
func (s Store) InTree() bool { return s.Dir == s.Legacy }

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// key names a clone: its folder's name, for people, and a hash of its real path,
// so that two clones never share a store.
func key(root string) string {
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	sum := sha256.Sum256([]byte(root))
	name := unsafeChars.ReplaceAllString(filepath.Base(root), "_")
	return name + "-" + hex.EncodeToString(sum[:6])
}

// Lock takes the store's lock, waiting for another checker that holds it, and
// returns its release. Everything that reads, backs up and rewrites an exercise
// or the state file holds it, so that two commands never interleave.
func (s Store) Lock() (func(), error) {
	if err := s.ensure(); err != nil {
		return nil, err
	}
	l := flock.New(filepath.Join(s.Dir, "lock"))
	if err := l.Lock(); err != nil {
		return nil, err
	}
	return func() { _ = l.Unlock() }, nil
}

// ensure creates the store and, outside the tree, a note naming its clone.
func (s Store) ensure() error {
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return err
	}
	if s.InTree() {
		return nil
	}
	note := filepath.Join(s.Dir, "clone.txt")
	if _, err := os.Stat(note); err == nil {
		return nil
	}
	return os.WriteFile(note, []byte("The gohunters checker's hints and backups for the workshop clone at\n"+s.Root+"\n"), 0o644)
}

// State is the content of state.txt.
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

// Load reads the state; a missing or unreadable file is an empty state. Hints
// recorded in the tree by an older checker count too: the larger level wins.
func (s Store) Load() *State {
	st := &State{path: filepath.Join(s.Dir, "state.txt"), Hints: map[string]int{},
		Attempts: map[string]int{}, First: map[string]time.Time{}, Solved: map[string]time.Time{}}
	st.read(st.path)
	if !s.InTree() {
		st.read(filepath.Join(s.Legacy, "state.txt"))
	}
	return st
}

// read adds what the file at path records to st.
func (st *State) read(path string) {
	f, err := os.Open(path)
	if err != nil {
		return
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
			st.Hints[dir] = max(st.Hints[dir], n)
		case fields[0] == "attempts" && nerr == nil && n >= 0:
			st.Attempts[dir] = max(st.Attempts[dir], n)
		case fields[0] == "first" && terr == nil:
			if old, ok := st.First[dir]; !ok || t.Before(old) {
				st.First[dir] = t
			}
		case fields[0] == "solved" && terr == nil:
			if old, ok := st.Solved[dir]; !ok || t.Before(old) {
				st.Solved[dir] = t
			}
		}
	}
}

// Save writes the state atomically.
func (st *State) Save() error {
	if err := os.MkdirAll(filepath.Dir(st.path), 0o755); err != nil {
		return err
	}
	var sb strings.Builder
	sb.WriteString(header)
	for _, d := range sortedKeys(st.Hints) {
		fmt.Fprintf(&sb, "hints %s %d\n", d, st.Hints[d])
	}
	for _, d := range sortedKeys(st.Attempts) {
		fmt.Fprintf(&sb, "attempts %s %d\n", d, st.Attempts[d])
	}
	for _, d := range sortedKeys(st.First) {
		fmt.Fprintf(&sb, "first %s %s\n", d, st.First[d].UTC().Format(time.RFC3339))
	}
	for _, d := range sortedKeys(st.Solved) {
		fmt.Fprintf(&sb, "solved %s %s\n", d, st.Solved[d].UTC().Format(time.RFC3339))
	}
	tmp, err := os.CreateTemp(filepath.Dir(st.path), "state-*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.WriteString(sb.String())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), st.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// Attempt records that exercise dir was graded at now, and whether it passed.
func (st *State) Attempt(dir string, now time.Time, passed bool) {
	st.Attempts[dir]++
	if _, ok := st.First[dir]; !ok {
		st.First[dir] = now
	}
	if _, ok := st.Solved[dir]; passed && !ok {
		st.Solved[dir] = now
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

// stamp names backups: their time, to the millisecond, sorts as text.
const stamp = "20060102-150405.000"

// NewBackup creates a new, empty directory for a backup of exercise dir made
// at now and returns its path. Two backups never get the same directory: a
// taken name gets a suffix (-2, -3, ...).
func (s Store) NewBackup(dir string, now time.Time) (string, error) {
	parent := filepath.Join(s.Dir, "backup", dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	base := now.Format(stamp)
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		p := filepath.Join(parent, name)
		err := os.Mkdir(p, 0o755)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
}

// Backup is one backup of an exercise.
type Backup struct {
	Dir  string // the exercise's Dir
	ID   string // its name: the time it was made, e.g. 20261129-221530.042
	Path string
	Time time.Time
}

// Backups lists the backups of exercise dir, newest first, wherever a checker
// made them (the store and, from older checkers, the tree).
func (s Store) Backups(dir string) []Backup {
	var out []Backup
	seen := map[string]bool{}
	for _, base := range []string{s.Dir, s.Legacy} {
		entries, _ := os.ReadDir(filepath.Join(base, "backup", dir))
		for _, e := range entries {
			if !e.IsDir() || seen[e.Name()] {
				continue
			}
			if len(e.Name()) < len(stamp) {
				continue
			}
			t, err := time.ParseInLocation(stamp, e.Name()[:len(stamp)], time.Local)
			if err != nil {
				continue
			}
			seen[e.Name()] = true
			out = append(out, Backup{Dir: dir, ID: e.Name(), Path: filepath.Join(base, "backup", dir, e.Name()), Time: t})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out
}

// BinDir is where test binaries of the fast path are kept: root/.checker/bin
// when the tree is writable, else a directory of the clone's own under
// cacheDir (the user's cache directory), else one under the system's temporary
// directory.
func BinDir(root, cacheDir string) string {
	in := filepath.Join(root, Dir, "bin")
	if writable(in) {
		return in
	}
	if cacheDir != "" {
		if d := filepath.Join(cacheDir, "gohunters", key(root), "bin"); writable(d) {
			return d
		}
	}
	return filepath.Join(os.TempDir(), "gohunters-"+key(root), "bin")
}

// writable reports whether files can be created in dir (created if need be).
func writable(dir string) bool {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}

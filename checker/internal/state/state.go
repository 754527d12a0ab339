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
	"crypto/hmac"
	"crypto/rand"
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
# go run ./checker and sealed: an edit (or deleting this file) is not undone,
# it is marked as an edit in every report, which the trainer's room shows.
# Progress comes from running the tests.
`

// sealPrefix starts the last line of a sealed state file: the MAC of what
// comes before it under the clone's secret (Store.Secret).
const sealPrefix = "seal "

// sealedMark is the file whose presence says a sealed state was written: a
// state file missing beside it was deleted.
const sealedMark = "state.sealed"

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
	path   string
	secret []byte
	Hints  map[string]int // exercise Dir -> hints shown
	// Attempts counts the times check or watch graded an exercise; First is
	// when the first of them was, Solved when one first passed. A trainer's
	// room view reads them from the learner's report.
	Attempts map[string]int
	First    map[string]time.Time
	Solved   map[string]time.Time
	// Edited is when the checker found the state file changed by something
	// else (its seal does not match) or deleted after it wrote it; zero when it
	// never did. Once found it stays, sealed in: editing again cannot hide it.
	Edited time.Time
}

// Load reads the state; a missing or unreadable file is an empty state. Hints
// recorded in the tree by an older checker count too: the larger level wins.
//
// The store's own state file is sealed (Save): one whose seal does not match,
// or one deleted after a sealed one was written, is marked Edited.
func (s Store) Load() *State {
	st := &State{path: filepath.Join(s.Dir, "state.txt"), Hints: map[string]int{},
		Attempts: map[string]int{}, First: map[string]time.Time{}, Solved: map[string]time.Time{}}
	st.secret, _ = s.existingSecret()
	b, err := os.ReadFile(st.path)
	switch {
	case err == nil:
		body, sealed := cutSeal(string(b))
		if sealed != "" || len(st.secret) > 0 {
			if len(st.secret) == 0 || !hmac.Equal([]byte(sealed), []byte(seal(st.secret, body))) {
				st.Edited = time.Now().UTC().Truncate(time.Second)
			}
		}
		st.parse(string(b))
	case errors.Is(err, fs.ErrNotExist):
		if _, err := os.Stat(filepath.Join(s.Dir, sealedMark)); err == nil {
			st.Edited = time.Now().UTC().Truncate(time.Second)
		}
	}
	if !s.InTree() {
		st.read(filepath.Join(s.Legacy, "state.txt"))
	}
	return st
}

// cutSeal splits a state file into what the seal covers and the seal.
func cutSeal(text string) (body, sealed string) {
	trimmed := strings.TrimRight(text, "\n")
	i := strings.LastIndex(trimmed, "\n"+sealPrefix)
	if i < 0 {
		return text, ""
	}
	return trimmed[:i+1], strings.TrimSpace(trimmed[i+1+len(sealPrefix):])
}

func seal(secret []byte, body string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(body))
	return hex.EncodeToString(m.Sum(nil))
}

// read adds what the file at path records to st.
func (st *State) read(path string) {
	if b, err := os.ReadFile(path); err == nil {
		st.parse(string(b))
	}
}

// parse adds what a state file's text records to st.
func (st *State) parse(text string) {
	sc := bufio.NewScanner(strings.NewReader(text))
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
		case fields[0] == "edited" && terr == nil && (st.Edited.IsZero() || t.Before(st.Edited)):
			st.Edited = t
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
	if !st.Edited.IsZero() {
		fmt.Fprintf(&sb, "edited state %s\n", st.Edited.UTC().Format(time.RFC3339))
	}
	if len(st.secret) == 0 {
		st.secret, _ = Store{Dir: filepath.Dir(st.path)}.Secret()
	}
	if len(st.secret) > 0 {
		body := sb.String()
		sb.WriteString(sealPrefix + seal(st.secret, body) + "\n")
		_ = os.WriteFile(filepath.Join(filepath.Dir(st.path), sealedMark), []byte("a sealed state.txt was written here\n"), 0o644)
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

// secretFile holds the clone's secret.
const secretFile = "secret"

// Secret returns the clone's secret, made on first use: 32 random bytes in
// the store, readable by the user only. It seals the state file and the
// stamps of the test binaries the checker keeps. Whoever reads it and writes
// a program to seal with it is out of reach, like someone who edits the
// checker itself: it makes an edit by hand visible, nothing more.
func (s Store) Secret() ([]byte, error) {
	if b, err := s.existingSecret(); err == nil {
		return b, nil
	}
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return nil, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(s.Dir, "secret-*.tmp")
	if err != nil {
		return nil, err
	}
	_, err = tmp.WriteString(hex.EncodeToString(b) + "\n")
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o600)
	}
	if err == nil {
		// Two checkers making it at once: the first one's stays.
		if err = os.Link(tmp.Name(), filepath.Join(s.Dir, secretFile)); errors.Is(err, fs.ErrExist) {
			os.Remove(tmp.Name())
			return s.existingSecret()
		}
	}
	os.Remove(tmp.Name())
	if err != nil {
		return nil, err
	}
	return b, nil
}

func (s Store) existingSecret() ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(s.Dir, secretFile))
	if err != nil {
		return nil, err
	}
	secret, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(secret) != 32 {
		return nil, fmt.Errorf("%s: not a secret", filepath.Join(s.Dir, secretFile))
	}
	return secret, nil
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

// BackupSaver makes the backups of one exercise so that each is complete or
// absent: Begin gives a directory to copy into that no listing shows (its name
// starts with a dot), Commit gives the finished copy its place among the
// backups in one rename. A copy cut short (a full disk, kill -9) is never
// listed; Begin removes those older than a day.
type BackupSaver struct {
	s   Store
	dir string
	now time.Time
}

// Saver returns the saver of exercise dir's backups made at now.
func (s Store) Saver(dir string, now time.Time) BackupSaver { return BackupSaver{s, dir, now} }

const partialPrefix = ".partial-"

// Begin returns a new, empty, unlisted directory for a backup's copy.
func (b BackupSaver) Begin() (string, error) {
	parent := filepath.Join(b.s.Dir, "backup", b.dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	if ents, err := os.ReadDir(parent); err == nil {
		for _, e := range ents {
			if info, err := e.Info(); err == nil && strings.HasPrefix(e.Name(), partialPrefix) && time.Since(info.ModTime()) > 24*time.Hour {
				os.RemoveAll(filepath.Join(parent, e.Name()))
			}
		}
	}
	return os.MkdirTemp(parent, partialPrefix)
}

// Commit makes the copy in tmp a backup and returns its path: a name of its
// own (NewBackup's), reserved first, then tmp renamed onto it.
func (b BackupSaver) Commit(tmp string) (string, error) {
	final, err := b.s.NewBackup(b.dir, b.now)
	if err != nil {
		return "", err
	}
	if err := os.Rename(tmp, final); err != nil {
		// Where a rename cannot replace the empty directory (Windows).
		if rerr := os.Remove(final); rerr != nil {
			return "", err
		}
		if err := os.Rename(tmp, final); err != nil {
			return "", err
		}
	}
	return final, nil
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
			// A name reserved by a Commit that was cut short (kill -9) before
			// its copy was renamed onto it: empty, never a backup.
			if ents, err := os.ReadDir(filepath.Join(base, "backup", dir, e.Name())); err != nil || len(ents) == 0 {
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

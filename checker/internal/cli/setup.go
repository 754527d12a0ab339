package cli

import (
	"os"
	"strings"

	"gohunters/checker/internal/pristine"
	"gohunters/checker/internal/repo"
	"gohunters/checker/internal/state"
	"gohunters/checker/internal/ui"
)

// defaults fills in what a test leaves out and adapts the output to where it
// goes: a dumb terminal is treated like a pipe, and from a subdirectory the
// commands the checker suggests are the ones that work there.
func (e *Env) defaults() {
	if e.ConfigDir == nil {
		e.ConfigDir = os.UserConfigDir
	}
	if e.CacheDir == nil {
		e.CacheDir = os.UserCacheDir
	}
	if e.Shipped == nil {
		e.Shipped = pristine.FS()
	}
	if ui.Dumb(e.Getenv) {
		e.TTY, e.ErrTTY = false, false
	}
	if root, err := repo.Find(e.Cwd); err == nil {
		cmd := ui.CheckerCommand(root, e.Cwd)
		e.Stdout, e.Stderr = ui.CommandWriter(e.Stdout, cmd), ui.CommandWriter(e.Stderr, cmd)
	}
}

// goSettings lists the environment's settings that most often break the go
// command: "GOFLAGS=-race CGO_ENABLED=0".
func (a *app) goSettings() string {
	env := map[string]string{}
	for _, kv := range append(os.Environ(), a.GoEnv...) {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	var set []string
	for _, k := range []string{"GOFLAGS", "CGO_ENABLED", "GOTOOLCHAIN", "GOOS", "GOARCH", "GOEXPERIMENT", "GOCACHE", "GOPATH", "GOMODCACHE"} {
		if env[k] != "" {
			set = append(set, k+"="+env[k])
		}
	}
	return strings.Join(set, " ")
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n    ")
}

// store is where this clone's hints and backups are kept: the user's
// configuration directory, or the tree when there is none.
func (a *app) store() state.Store { return a.storeIn(a.root) }

// storeIn is the store of the clone at root.
func (a *app) storeIn(root string) state.Store {
	dir, err := a.ConfigDir()
	if err != nil {
		dir = ""
	}
	return state.Locate(root, dir)
}

// lockStore takes the store's lock (falling back to the tree when the user's
// directory cannot be written) and returns the store and the lock's release.
func (a *app) lockStore() (state.Store, func(), bool) {
	s := a.store()
	unlock, err := s.Lock()
	if err != nil && !s.InTree() {
		s = state.Locate(a.root, "")
		unlock, err = s.Lock()
	}
	if err != nil {
		a.errp.Errorf(ui.MsgStoreFailed, a.out.Path(s.Dir, 0), err)
		return s, nil, false
	}
	return s, unlock, true
}

// binDir is where the fast path keeps test binaries: in the tree when it is
// writable, else in the user's cache directory.
func (a *app) binDir() string {
	cache, err := a.CacheDir()
	if err != nil {
		cache = ""
	}
	return state.BinDir(a.root, cache)
}

package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
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

// preflight asks the go command, in the environment the tests will run in,
// whether it can work in the repository at all, so that a broken set-up (no
// HOME, GOFLAGS=-race without cgo, a GOTOOLCHAIN too old for go.mod) reads as
// a set-up error, exit 2, whatever the command, instead of as the learner's
// code failing to compile.
func (a *app) preflight() (int, bool) {
	out, err := a.goCmd("env", "GOCACHE")
	if err == nil && strings.TrimSpace(out) == "off" {
		a.errp.Errorf(ui.MsgSetupNoCache)
		return ExitUsage, false
	}
	if err == nil {
		out, err = a.goCmd("list", "-m")
	}
	if err != nil {
		settings := ""
		if set := a.goSettings(); set != "" {
			settings = fmt.Sprintf(a.errp.T(ui.MsgSetupGoEnv), set)
		}
		a.errp.Errorf(ui.MsgSetupGo, firstLines(out, 3), settings)
		return ExitUsage, false
	}
	return 0, true
}

// goCmd runs the go command in the repository with the tests' environment and
// returns what it printed (its error output when it fails).
func (a *app) goCmd(args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = a.root
	cmd.Env = append(os.Environ(), a.GoEnv...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if stderr.Len() == 0 {
			return err.Error(), err
		}
		return stderr.String(), err
	}
	return stdout.String(), nil
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
func (a *app) store() state.Store {
	dir, err := a.ConfigDir()
	if err != nil {
		dir = ""
	}
	return state.Locate(a.root, dir)
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

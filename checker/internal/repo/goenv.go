package repo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// GoEnv is what one `go env -json` says in a directory with an environment:
// everything the checker asks the go command before it builds anything.
type GoEnv struct {
	GOVERSION    string // "go1.27.3": the Go that builds the tests there
	GOEXPERIMENT string
	GOFLAGS      string // from the environment and go env -w's file together
	CGO_ENABLED  string
	GOCACHE      string // "off" when Go has nowhere to keep it
	GOMOD        string // the module's go.mod ("" or os.DevNull outside a module)
	GOWORK       string
	GOROOT       string
	GOMODCACHE   string
	GOOS, GOARCH string
	CC           string // the C compiler cgo (and so the race detector) uses
}

// goEnvVars are the variables GoEnv holds.
var goEnvVars = []string{"GOVERSION", "GOEXPERIMENT", "GOFLAGS", "CGO_ENABLED", "GOCACHE", "GOMOD", "GOWORK",
	"GOROOT", "GOMODCACHE", "GOOS", "GOARCH", "CC"}

// ErrNoGo means the go command could not be started at all.
var ErrNoGo = errors.New("the go command cannot be run")

// GoError is the go command's refusal to work in a directory (an unknown
// GOEXPERIMENT, a toolchain it cannot get): its first words, as it said them.
type GoError struct{ Said string }

func (e *GoError) Error() string { return e.Said }

var goEnvs sync.Map // goEnvKey -> *goEnvResult: one go env per directory and environment

type goEnvKey struct{ dir, env string }

type goEnvResult struct {
	once sync.Once
	env  GoEnv
	err  error
}

// LoadGoEnv runs `go env -json` once in dir with env added to the process's
// environment, and returns what it said; later calls with the same dir and
// environment get the same answer without running the go command again.
func LoadGoEnv(dir string, env []string) (GoEnv, error) {
	all := append(os.Environ(), env...)
	r, _ := goEnvs.LoadOrStore(goEnvKey{dir, strings.Join(all, "\x00")}, &goEnvResult{})
	res := r.(*goEnvResult)
	res.once.Do(func() { res.env, res.err = loadGoEnv(dir, env) })
	return res.env, res.err
}

func loadGoEnv(dir string, env []string) (GoEnv, error) {
	// The variables are named: go env -json without names fails outright when
	// one of the others cannot be worked out (no HOME: no GOCACHE).
	cmd := exec.Command("go", append([]string{"env", "-json"}, goEnvVars...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return GoEnv{}, fmt.Errorf("%w: %v", ErrNoGo, err)
		}
		said := strings.TrimSpace(stderr.String())
		if said == "" {
			said = err.Error()
		}
		return GoEnv{}, &GoError{Said: said}
	}
	var e GoEnv
	if err := json.Unmarshal(stdout.Bytes(), &e); err != nil {
		return GoEnv{}, &GoError{Said: "go env -json: " + err.Error()}
	}
	return e, nil
}

// Toolchain is the Go that go test uses there and the settings it builds with.
func (e GoEnv) Toolchain() Toolchain {
	return Toolchain{Version: e.GOVERSION, Experiment: e.GOEXPERIMENT, GoFlags: e.GOFLAGS, CGO: e.CGO_ENABLED}
}

// Module is the module the directory belongs to, as explain sees it.
func (e GoEnv) Module() AnyModule {
	m := AnyModule{GoRoot: e.GOROOT, ModCache: e.GOMODCACHE, GoVersion: e.GOVERSION}
	if gomod := strings.TrimSpace(e.GOMOD); gomod != "" && gomod != os.DevNull {
		m.Root = filepath.Dir(gomod)
		if real, err := filepath.EvalSymlinks(m.Root); err == nil {
			m.Root = real
		}
	}
	return m
}

// raceSupported are the platforms the race detector runs on (go help build;
// cmd/internal/sys.RaceDetectorSupported).
var raceSupported = map[string]bool{
	"linux/amd64": true, "linux/arm64": true, "linux/ppc64le": true, "linux/s390x": true, "linux/loong64": true,
	"linux/riscv64": true, "darwin/amd64": true, "darwin/arm64": true, "freebsd/amd64": true, "netbsd/amd64": true,
	"windows/amd64": true,
}

// NoRace says why the race detector is not available where the tests are
// built, found before building anything: cgo off (CGO_ENABLED=0, which the go
// command also chooses when there is no C compiler), an unsupported platform,
// or a C compiler that is not there. "" means it is available: a race run that
// then fails to build or run is the code's verdict, not a missing detector.
func (e GoEnv) NoRace() string {
	switch {
	case e.GOOS == "" && e.GOARCH == "":
		return "" // not known: the race build says
	case strings.TrimSpace(e.CGO_ENABLED) != "1":
		return "CGO_ENABLED=0"
	case !raceSupported[e.GOOS+"/"+e.GOARCH]:
		return "not supported on " + e.GOOS + "/" + e.GOARCH
	}
	if cc := strings.Fields(e.CC); len(cc) > 0 {
		if _, err := exec.LookPath(cc[0]); err != nil {
			return "no C compiler: " + cc[0] + " is not installed"
		}
	}
	return ""
}

// InWorkspace reports whether a go.work decides the build.
func (e GoEnv) InWorkspace() bool { return e.GOWORK != "" && e.GOWORK != "off" }

package deps

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// heavy are what the learner's checker must not compile (PLAN D1): the
// network, TLS, the room's server and store, the browser driver and the hunt
// live in checker/online, built only when a trainer or a hunter needs it.
var heavy = []string{
	"net", "net/http", "crypto/tls", "crypto/x509",
	"gohunters/checker/internal/room", "gohunters/checker/internal/hunt", "gohunters/internal/browser",
	"github.com/chromedp/chromedp",
}

// TestLearnersCheckerIsLight: go list -deps ./checker/gohunters has none of heavy.
func TestLearnersCheckerIsLight(t *testing.T) {
	deps := listDeps(t, "", "gohunters/checker/gohunters")
	for _, h := range heavy {
		if deps[h] {
			t.Errorf("go run ./checker compiles %s: move what needs it into checker/online "+
				"(go list -deps -f '{{.ImportPath}}: {{.Imports}}' gohunters/checker/gohunters shows the way in)", h)
		}
	}
}

// TestStarterIsTiny: the program go run ./checker compiles before it can say
// anything (checker/main.go, which builds the checker with progress) needs
// nothing but the runtime and syscall on Linux, which a fresh machine
// compiles in a few seconds; the os package alone adds seconds.
func TestStarterIsTiny(t *testing.T) {
	deps := listDeps(t, "GOOS=linux", "gohunters/checker")
	allowed := map[string]bool{"gohunters/checker": true, "unsafe": true, "syscall": true,
		"errors": true, "sync": true, "sync/atomic": true, "math/bits": true, "cmp": true, "iter": true, "slices": true}
	for d := range deps {
		if !allowed[d] && !strings.HasPrefix(d, "runtime") && !strings.HasPrefix(d, "internal/") {
			t.Errorf("go run ./checker compiles %s before it can print a line: checker/main.go is to import only runtime and syscall", d)
		}
	}
}

// listDeps is go list -deps of pkg, with env added to the environment.
func listDeps(t *testing.T, env, pkg string) map[string]bool {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", pkg)
	if env != "" {
		cmd.Env = append(os.Environ(), env)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
	}
	deps := map[string]bool{}
	for _, d := range strings.Fields(string(out)) {
		deps[d] = true
	}
	if len(deps) == 0 {
		t.Fatalf("go list -deps %s listed nothing", pkg)
	}
	return deps
}

package deps

import (
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

// TestLearnersCheckerIsLight: go list -deps ./checker has none of heavy.
func TestLearnersCheckerIsLight(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "gohunters/checker").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := map[string]bool{}
	for _, d := range strings.Fields(string(out)) {
		deps[d] = true
	}
	for _, h := range heavy {
		if deps[h] {
			t.Errorf("go run ./checker compiles %s: move what needs it into checker/online "+
				"(go list -deps gohunters/checker shows the way in with: go list -deps -f '{{.ImportPath}}: {{.Imports}}' gohunters/checker)", h)
		}
	}
	if len(deps) == 0 {
		t.Fatal("go list -deps listed nothing")
	}
}

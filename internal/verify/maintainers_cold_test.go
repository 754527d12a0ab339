package verify

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"gohunters/internal/freshmachine"
)

// The maintainers' command from README (go test ./checker/... ./internal/...)
// finishes within 8 minutes on two cores from empty build and module caches.
// It takes those minutes, so it runs only with MAINTAINERS_COLD=1, on a clone
// of this repository's history, with the modules served from this machine's
// module cache as a proxy would.
func TestMaintainersCommandCold(t *testing.T) {
	if os.Getenv("MAINTAINERS_COLD") == "" {
		t.Skip("MAINTAINERS_COLD=1 times the maintainers' command on empty caches")
	}
	cmd := exec.Command("go", "test", "./checker/...", "./internal/...")
	cmd.Dir = freshmachine.Clone(t, root(t))
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MAINTAINERS_COLD=") { // the clone's own run of this test skips
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, freshmachine.Env(t)...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	t.Logf("go test ./checker/... ./internal/... from empty caches: %.0f s", took.Seconds())
	if err != nil {
		t.Fatalf("the maintainers' command failed: %v\n%s", err, out)
	}
	if took > 8*time.Minute {
		t.Errorf("the maintainers' command took %v from empty caches, want within 8 minutes\n%s", took.Round(time.Second), out)
	}
}

package deps

import (
	"os/exec"
	"strings"
	"testing"

	"gohunters/checker/internal/repo"
)

// floors are the first fixed versions, with the advisories they fix.
var floors = []struct{ module, version, why string }{
	{"github.com/yuin/goldmark", "v1.7.17", "GO-2026-5320, XSS in the present tool's markdown"},
	{"golang.org/x/net", "v0.62.0", "GO-2026-6617, -6612, -6611, -6610, -6603 (HTTP/2 server), -6866, -6860 (html)"},
}

func TestNoKnownVulnerableVersions(t *testing.T) {
	args := []string{"list", "-m", "-f", "{{.Path}} {{.Version}}"}
	for _, f := range floors {
		args = append(args, f.module)
	}
	out, err := exec.Command("go", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("go list -m: %v\n%s", err, out)
	}
	have := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if path, version, ok := strings.Cut(line, " "); ok {
			have[path] = version
		}
	}
	for _, f := range floors {
		v := have[f.module]
		if v == "" || repo.Older(strings.TrimPrefix(v, "v"), strings.TrimPrefix(f.version, "v")) {
			t.Errorf("%s is %s, older than %s (%s): go get %s@%s", f.module, v, f.version, f.why, f.module, f.version)
		}
	}
}

package verify

import (
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gohunters/internal/leakcheck"
	"gohunters/internal/words"
)

// runtimeToolchain is the Go with the goroutineleak profile the second pass uses.
// The go command downloads it from the module proxy the first time (about 10 s).
const runtimeToolchain = "go1.27.3"

// TestRuntimeView is the maintainers' second pass: the parts that depend on the
// runtime's goroutineleak profile, run with GOTOOLCHAIN=go1.27.3 set for these
// commands only. The whole suite above runs on the installed Go.
func TestRuntimeView(t *testing.T) {
	t.Parallel()
	dir := root(t)
	env := append(os.Environ(), "GOTOOLCHAIN="+runtimeToolchain)
	version := exec.Command("go", "version")
	version.Dir, version.Env = dir, env
	if out, err := version.CombinedOutput(); err != nil {
		t.Skipf("cannot get %s (no network?), so the runtime view is not verified: %v\n%s", runtimeToolchain, err, out)
	}

	profiles := t.TempDir()
	results := goTestJSONEnv(t, dir, append(env, leakcheck.ProfileDirEnv+"="+profiles),
		"-count=1", "-timeout=60s",
		"./checker/internal/judge/",
		"./exercises/02_background_task/",
		"./exercises/17_find_it_in_production/", "./solutions/17_find_it_in_production/",
		"./exercises/18_detectors_disagree/", "./solutions/18_detectors_disagree/")
	output := func(pkg string) (action, out string) {
		r := results["gohunters/"+pkg]
		require.NotNil(t, r, "no result for %s", pkg)
		return r.action, r.output.String()
	}

	t.Run("parser", func(t *testing.T) {
		action, out := output("checker/internal/judge")
		assert.Equal(t, "pass", action, out)
	})
	t.Run("solutions", func(t *testing.T) {
		for _, pkg := range []string{"solutions/17_find_it_in_production", "solutions/18_detectors_disagree"} {
			action, out := output(pkg)
			assert.Equal(t, "pass", action, "%s must pass on %s\n%s", pkg, runtimeToolchain, out)
		}
	})
	t.Run("17 fails with the profile's stack", func(t *testing.T) {
		action, out := output("exercises/17_find_it_in_production")
		assert.Equal(t, "fail", action, out)
		assert.Regexp(t, `goroutine leak: after 50 requests, /debug/pprof/goroutineleak marks \d+ goroutines of the service as leaked`, out)
		assert.Contains(t, out, "[chan send (leaked)]:")
	})
	t.Run("18: goleak reports, the runtime is silent", func(t *testing.T) {
		action, out := output("exercises/18_detectors_disagree")
		assert.Equal(t, "fail", action, out)
		assert.Contains(t, out, "the Go runtime's verdict: 0 goroutines of this package marked leaked")
		assert.Contains(t, out, "(*Session).loop [select]: not marked leaked by the Go runtime")
		assert.Contains(t, out, words.GoleakReport)
	})
	t.Run("VerifyNone writes the profile", func(t *testing.T) {
		b, err := os.ReadFile(leakcheck.ProfileFile(profiles, "gohunters/exercises/17_find_it_in_production", "TestSearchUnderLoad"))
		require.NoError(t, err, "exercise 17's leak leaves its profile in %s", leakcheck.ProfileDirEnv)
		assert.Contains(t, string(b), "[chan send (leaked)]:\ngohunters/exercises/17_find_it_in_production.")
		// Exercise 02 leaks inside a synctest bubble: the profile is written, but the
		// runtime's analysis does not mark bubbled goroutines.
		b, err = os.ReadFile(leakcheck.ProfileFile(profiles, "gohunters/exercises/02_background_task", "TestCallerStopsReading/never_reads"))
		require.NoError(t, err)
		assert.Contains(t, string(b), "[chan send (durable), synctest bubble")
		for _, clean := range [][2]string{
			{"17_find_it_in_production", "TestBadLimit"}, {"17_find_it_in_production", "TestSearch/no match"},
			{"18_detectors_disagree", "TestOpenUseClose"},
		} {
			assert.NoFileExists(t, leakcheck.ProfileFile(profiles, "gohunters/exercises/"+clean[0], clean[1]), "no profile from a test that leaked nothing")
		}
	})
}

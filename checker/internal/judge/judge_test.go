package judge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gohunters/internal/leakprofile"
	"gohunters/internal/stacks"
)

// testdata/<go version>/<exercise>/ holds what a leaky exercise's test run left:
// test.out, the `go test` output with goleak's report, and the goroutineleak
// profile leakcheck.VerifyNone wrote with LEAKCHECK_PROFILE_DIR set. They were
// captured with GOTOOLCHAIN=go1.27.3, and with GOEXPERIMENT=goroutineleakprofile on
// Go 1.26.8; see testdata/README.md.
var versions = []string{"go1.27.3", "go1.26.8"}

type capture struct {
	report  []stacks.Goroutine // goleak's report, as the checker reads it
	profile Profile
}

func load(t *testing.T, version, exercise string) capture {
	t.Helper()
	dir := filepath.Join("testdata", version, exercise)
	out, err := os.ReadFile(filepath.Join(dir, "test.out"))
	require.NoError(t, err)
	profiles, err := filepath.Glob(filepath.Join(dir, "*"+leakprofile.Ext))
	require.NoError(t, err)
	require.Len(t, profiles, 1, "one profile in %s", dir)
	prof, err := os.ReadFile(profiles[0])
	require.NoError(t, err)
	return capture{goleakReport(string(out)), ParseProfile(string(prof))}
}

// goleakReport keeps the goroutines of goleak's report ("Goroutine 13 in
// state ..."), not those of a runtime dump.
func goleakReport(out string) []stacks.Goroutine {
	var gs []stacks.Goroutine
	for _, g := range stacks.Parse(out) {
		if strings.HasPrefix(g.Text, "Goroutine ") {
			gs = append(gs, g)
		}
	}
	return gs
}

// Exercises 01-03 test inside testing/synctest bubbles. The runtime's leak analysis
// skips bubbled goroutines (their waits are "durable"), so on both toolchains it
// never marks them: the opinion must say so, never "no leak"; the marks in the
// report give the same opinion without a profile.
func TestBubbledExercisesAreNotConfirmed(t *testing.T) {
	for _, v := range versions {
		for _, ex := range []string{"01_errs_capacity", "02_background_task", "03_channel_statefull"} {
			t.Run(v+"/"+ex, func(t *testing.T) {
				c := load(t, v, ex)
				require.NotEmpty(t, c.report, "goleak reported goroutines")
				for _, g := range c.report {
					got := c.profile.Judge(g)
					assert.Equal(t, NotConfirmed, got.Status, "%s: %+v", g.Top().Func, got)
					assert.Equal(t, InBubble, got.Reason, "%s: %+v", g.Top().Func, got)
					marks, ok := Marks{}.Judge(g)
					require.True(t, ok, g.RawState)
					assert.Equal(t, got.Reason, marks.Reason)
					assert.Equal(t, g.State, marks.State)
				}
			})
		}
	}
}

// An empty or foreign profile gives no opinion but "unavailable", never "no leak".
func TestUnavailableIsNeverNoLeak(t *testing.T) {
	g := stacks.Goroutine{Stack: []stacks.Frame{{Func: "main.f", File: "main.go", Line: 3}}}
	for _, profile := range []string{"", "goroutineleak profile: total 0\n", "404 page not found\n"} {
		got := ParseProfile(profile).Judge(g)
		assert.Equal(t, Unavailable, got.Status, "%q", profile)
		assert.Equal(t, NoProfile, got.Reason, "%q", profile)
	}
}

func TestNotInProfile(t *testing.T) {
	c := load(t, "go1.27.3", "02_background_task")
	g := stacks.Goroutine{Stack: []stacks.Frame{{Func: "gohunters/exercises/02_background_task.(*Watcher).Watch.func1", File: "progress.go", Line: 61}}}
	got := c.profile.Judge(g)
	assert.Equal(t, NotConfirmed, got.Status)
	assert.Equal(t, NotInProfile, got.Reason)
	assert.Equal(t, []string{"gohunters/exercises/02_background_task.(*Watcher).Watch.func1 (progress.go:61)"}, got.Args)
}

// testdata/<go version>/shapes.txt comes from testdata/shapes: one goroutine stuck
// in each way the reference note lists.
func TestShapes(t *testing.T) {
	for _, v := range versions {
		b, err := os.ReadFile(filepath.Join("testdata", v, "shapes.txt"))
		require.NoError(t, err)
		profile := ParseProfile(string(b))
		for _, tc := range []struct {
			top, creator string
			status       Status
			reason       Reason
			state        string
		}{
			{"main.unreachable.func1", "main.unreachable", Confirmed, NoReason, "chan send"},
			{"main.capturedSend.func1", "", NotConfirmed, HiddenShape, "chan send"},
			{"main.packageVar.func1", "", NotConfirmed, HiddenShape, "chan send"},
			{"main.(*loop).run", "", NotConfirmed, Reachable, ""},
			{"time.Sleep", "main.sleeper", NotConfirmed, NotBlocked, "sleep"},
		} {
			g := stacks.Goroutine{Stack: []stacks.Frame{{Func: tc.top}}, CreatedBy: stacks.Frame{Func: tc.creator}}
			got := profile.Judge(g)
			assert.Equal(t, tc.status, got.Status, "%s %s: %+v", v, tc.top, got)
			assert.Equal(t, tc.reason, got.Reason, "%s %s: %+v", v, tc.top, got)
			if tc.state != "" {
				assert.Equal(t, tc.state, got.State, "%s %s", v, tc.top)
			}
		}
	}
}

// Exercise 17's leak is outside any bubble and unreachable: both detectors agree.
func TestFindItInProductionIsConfirmed(t *testing.T) {
	for _, v := range versions {
		c := load(t, v, "17_find_it_in_production")
		require.Len(t, c.report, 1, v)
		assert.Equal(t, 50, c.report[0].Count, "%s: one goroutine per request", v)
		got := c.profile.Judge(c.report[0])
		assert.Equal(t, Confirmed, got.Status, "%s: %+v", v, got)
		leaked, matched := got.Counts()
		assert.Equal(t, 50, leaked, v)
		assert.Equal(t, 50, matched, v)
		assert.Equal(t, "chan send", got.State)
	}
}

// Exercise 18's leak is reachable from a package variable: the detectors disagree.
func TestDetectorsDisagreeIsNotConfirmed(t *testing.T) {
	for _, v := range versions {
		c := load(t, v, "18_detectors_disagree")
		require.Len(t, c.report, 1, v)
		assert.Equal(t, "gohunters/exercises/18_detectors_disagree.(*Session).loop", c.report[0].Top().Func)
		got := c.profile.Judge(c.report[0])
		assert.Equal(t, NotConfirmed, got.Status, "%s: %+v", v, got)
		assert.Equal(t, Reachable, got.Reason, "%s: %+v", v, got)
		assert.Empty(t, leakprofile.Leaked(c.profile.Goroutines, "gohunters/exercises/18_detectors_disagree"), "%s: the profile is silent", v)
	}
}

// Profiles are read per package by import path: two packages whose directories
// share a name never see each other's, and a test finds its own, its parent's,
// or the package's only one.
func TestProfilesByImportPath(t *testing.T) {
	dir := t.TempDir()
	write := func(pkg, test, text string) {
		file := leakprofile.File(dir, pkg, test)
		require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
		require.NoError(t, os.WriteFile(file, []byte(text), 0o644))
	}
	dump := func(id string) string {
		return "goroutine " + id + " [chan send (leaked)]:\nmain.f()\n\t/m/main.go:3 +0x1\n"
	}
	write("example.com/a/util", "TestX/sub case", dump("11"))
	write("example.com/b/util", "TestX", dump("22"))
	write("example.com/c", "TestOther", dump("33"))
	write("example.com/d", "TestOne", dump("44"))
	write("example.com/d", "TestTwo", dump("45"))
	id := func(p *Profile) int {
		if p == nil {
			return 0
		}
		return p.Goroutines[0].ID
	}
	for _, tc := range []struct {
		pkg, test string
		want      int
	}{
		{"example.com/a/util", "TestX/sub case", 11},
		{"example.com/b/util", "TestX/sub case", 22},
		{"example.com/c", "TestX", 33},
		{"example.com/d", "TestX", 0},
		{"example.com/e", "TestX", 0},
	} {
		assert.Equal(t, tc.want, id(ReadProfiles(dir, tc.pkg).Of(tc.test)), "%s %s", tc.pkg, tc.test)
	}
	a := ReadProfiles(dir, "example.com/a/util")
	g := stacks.Goroutine{ID: 22, Stack: []stacks.Frame{{Func: "main.f", File: "/m/main.go", Line: 3}}}
	_, ok := ByID(a.all).Judge(g)
	assert.False(t, ok, "a/util's profiles do not hold b/util's goroutine 22")
}

// Two goroutines wait on sync.Mutex.Lock at the same line; the runtime marked
// only one leaked. Each is judged as itself, by its goroutine id.
func TestJudgeByIdentity(t *testing.T) {
	profile := ParseProfile(`goroutine profile: total 2
goroutine 21 [sync.Mutex.Lock (leaked)]:
sync.(*Mutex).Lock(0x1)
	/go/src/sync/mutex.go:46 +0x1
main.wait()
	/src/main.go:10 +0x1
created by main.start in goroutine 1
	/src/main.go:5 +0x1

goroutine 22 [sync.Mutex.Lock]:
sync.(*Mutex).Lock(0x2)
	/go/src/sync/mutex.go:46 +0x1
main.wait()
	/src/main.go:10 +0x1
created by main.start in goroutine 1
	/src/main.go:5 +0x1
`)
	g := stacks.Goroutine{State: "sync.Mutex.Lock", Count: 1, Stack: []stacks.Frame{{Func: "sync.(*Mutex).Lock", File: "/go/src/sync/mutex.go", Line: 46}},
		CreatedBy: stacks.Frame{Func: "main.start"}}
	g.ID = 21
	assert.Equal(t, Confirmed, profile.Judge(g).Status)
	g.ID = 22
	assert.Equal(t, NotConfirmed, profile.Judge(g).Status, "goroutine 22 was not marked, though it waits at the same line")
}

// One chain for check and explain: off asks nothing; without the profile every
// goroutine is "unavailable, no toolchain" (with the Go's version); with it,
// the marks, then the profiles, then why there is none.
func TestAskerChain(t *testing.T) {
	g := stacks.Goroutine{ID: 7, State: "chan send", Stack: []stacks.Frame{{Func: "main.f", File: "/m/main.go", Line: 3}}}
	assert.Nil(t, Asker{View: ViewOff}.Chain("TestX"))
	o, ok := Asker{View: ViewUnavailable, Version: "go1.26.8"}.Chain("TestX").Opinion(g)
	assert.True(t, ok)
	assert.Equal(t, Unavailability(NoToolchain, "go1.26.8"), o)
	o, _ = Asker{View: ViewOn}.Chain("TestX").Opinion(g)
	assert.Equal(t, Unavailability(NoProfile), o)
	hooked := Unavailability(NotHooked, HookReplaced)
	o, _ = Asker{View: ViewOn, Missing: &hooked}.Chain("TestX").Opinion(g)
	assert.Equal(t, hooked, o)
	leaked := g
	leaked.Leaked = true
	o, _ = Asker{View: ViewOn}.Chain("TestX").Opinion(leaked)
	assert.Equal(t, Confirmed, o.Status, "the report's own mark")
}

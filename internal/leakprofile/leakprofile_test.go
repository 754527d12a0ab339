package leakprofile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testdata/<go version>/<exercise>/ holds what a leaky exercise's test run left:
// test.out, the `go test` output with goleak's report, and the goroutineleak
// profile leakcheck.VerifyNone wrote with LEAKCHECK_PROFILE_DIR set. They were
// captured with GOTOOLCHAIN=go1.27.3, and with GOEXPERIMENT=goroutineleakprofile on
// Go 1.26.8; see testdata/README.md.
var versions = []string{"go1.27.3", "go1.26.8"}

type capture struct {
	report  string // go test output
	profile string
}

func load(t *testing.T, version, exercise string) capture {
	t.Helper()
	dir := filepath.Join("testdata", version, exercise)
	out, err := os.ReadFile(filepath.Join(dir, "test.out"))
	require.NoError(t, err)
	profiles, err := filepath.Glob(filepath.Join(dir, "*.goroutineleak.txt"))
	require.NoError(t, err)
	require.Len(t, profiles, 1, "one profile in %s", dir)
	prof, err := os.ReadFile(profiles[0])
	require.NoError(t, err)
	return capture{string(out), string(prof)}
}

func TestParseProfile(t *testing.T) {
	c := load(t, "go1.27.3", "02_background_task")
	gs := Parse(c.profile)
	require.NotEmpty(t, gs)
	var stuck *Goroutine
	for i, g := range gs {
		if g.Top().Func == "gohunters/exercises/02_background_task.(*Watcher).Watch.func1" {
			stuck = &gs[i]
		}
	}
	require.NotNil(t, stuck, "the Watch goroutine is in the profile")
	assert.Equal(t, "chan send", stuck.State)
	assert.True(t, stuck.Durable)
	assert.Positive(t, stuck.Bubble)
	assert.False(t, stuck.Leaked, "the runtime does not analyse goroutines in a synctest bubble")
	assert.Equal(t, 60, stuck.Top().Line)
	assert.True(t, strings.HasSuffix(stuck.Top().File, "exercises/02_background_task/progress.go"), stuck.Top().File)
	assert.Equal(t, "gohunters/exercises/02_background_task.(*Watcher).Watch", stuck.CreatedBy.Func)
	assert.Equal(t, 47, stuck.CreatedBy.Line)
	assert.True(t, stuck.InPackage("gohunters/exercises/02_background_task"))
	assert.False(t, stuck.InPackage("gohunters/exercises/02"))
}

func TestParseStateMarks(t *testing.T) {
	gs := Parse(`goroutine 7 [chan send (leaked), 2 minutes]:
main.leakLocal.func1()
	/src/main.go:13 +0x1e
created by main.leakLocal in goroutine 1
	/src/main.go:12 +0x5f

goroutine 8 [select (durable), synctest bubble 3]:
main.f(...)
	/src/main.go:20
main.g(0x1, {0x2, 0x3})
	/src/main.go:30 +0x1
created by main.h in goroutine 1
	/src/main.go:40 +0x5f
`)
	require.Len(t, gs, 2)
	assert.Equal(t, Goroutine{ID: 7, State: "chan send", RawState: "chan send (leaked), 2 minutes", Leaked: true, Count: 1, Minutes: 2,
		Stack:     []Frame{{Func: "main.leakLocal.func1", File: "/src/main.go", Line: 13}},
		CreatedBy: Frame{Func: "main.leakLocal", File: "/src/main.go", Line: 12}, Text: gs[0].Text}, gs[0])
	assert.Equal(t, "select", gs[1].State)
	assert.True(t, gs[1].Durable)
	assert.Equal(t, 3, gs[1].Bubble)
	assert.Equal(t, []Frame{{Func: "main.f", File: "/src/main.go", Line: 20}, {Func: "main.g", File: "/src/main.go", Line: 30}}, gs[1].Stack)
}

func TestParseGoleakReport(t *testing.T) {
	c := load(t, "go1.27.3", "01_errs_capacity")
	ss := ParseGoleak(c.report)
	require.Len(t, ss, 2, "leakcheck's summary shows two distinct stacks")
	assert.Equal(t, Stuck{
		ID: 13, State: "chan send (durable), synctest bubble 1", Func: "gohunters/exercises/01_errs_capacity.Run.func1",
		File: "/work/wt/runtime/exercises/01_errs_capacity/agent.go", Line: 41,
		CreatedBy: "gohunters/exercises/01_errs_capacity.Run", Count: 1,
	}, ss[0])
	assert.Equal(t, "gohunters/exercises/01_errs_capacity.Run.func2", ss[1].Func)
	assert.Equal(t, 45, ss[1].Line)
	assert.Equal(t, 8, ss[1].Count, "one shown and 7 more stuck the same way")
}

// Exercises 01-03 test inside testing/synctest bubbles. The runtime's leak analysis
// skips bubbled goroutines (their waits are "durable"), so on both toolchains it
// never marks them: the verdict must say so, and never "no leak".
func TestBubbledExercisesAreNotConfirmed(t *testing.T) {
	for _, v := range versions {
		for _, ex := range []string{"01_errs_capacity", "02_background_task", "03_channel_statefull"} {
			t.Run(v+"/"+ex, func(t *testing.T) {
				c := load(t, v, ex)
				ss := ParseGoleak(c.report)
				require.NotEmpty(t, ss, "goleak reported goroutines")
				for _, s := range ss {
					got := Judge(c.profile, s)
					assert.Equal(t, NotConfirmed, got.Status, "%s: %s", s.Func, got)
					assert.Equal(t, InBubble, got.Reason, "%s: %s", s.Func, got)
					assert.Positive(t, got.Matched, "%s is in the profile", s.Func)
					assert.Contains(t, got.Message, "synctest")
					assert.NotContains(t, got.Message, "no leak")
				}
			})
		}
	}
}

func TestUnavailableIsNeverNoLeak(t *testing.T) {
	s := Stuck{Func: "main.f", File: "main.go", Line: 3}
	for _, profile := range []string{"", "goroutineleak profile: total 0\n", "404 page not found\n"} {
		got := Judge(profile, s)
		assert.Equal(t, Unavailable, got.Status, "%q", profile)
		assert.Contains(t, got.Message, "GOTOOLCHAIN=go1.27.3", "says what to set")
		assert.Contains(t, got.Message, "GOEXPERIMENT=goroutineleakprofile", "and what to set on Go 1.26")
	}
}

func TestNotInProfile(t *testing.T) {
	c := load(t, "go1.27.3", "02_background_task")
	got := Judge(c.profile, Stuck{Func: "gohunters/exercises/02_background_task.(*Watcher).Watch.func1", File: "progress.go", Line: 61})
	assert.Equal(t, NotConfirmed, got.Status)
	assert.Equal(t, NotInProfile, got.Reason)
	assert.Contains(t, got.Message, "goleak's report stands")
}

// testdata/<go version>/shapes.txt comes from testdata/shapes: one goroutine stuck
// in each way the reference note lists.
func TestShapes(t *testing.T) {
	for _, v := range versions {
		b, err := os.ReadFile(filepath.Join("testdata", v, "shapes.txt"))
		require.NoError(t, err)
		profile := string(b)
		for _, tc := range []struct {
			stuck  Stuck
			status Status
			reason Reason
			says   string
		}{
			{Stuck{Func: "main.unreachable.func1", CreatedBy: "main.unreachable"}, Confirmed, NoReason,
				"confirmed by the Go runtime: blocked forever sending on a channel, and nothing that can still run can reach the channel"},
			{Stuck{Func: "main.capturedSend.func1"}, NotConfirmed, HiddenShape, "sends a variable it captured"},
			{Stuck{Func: "main.packageVar.func1"}, NotConfirmed, HiddenShape, "a package variable"},
			{Stuck{Func: "main.(*loop).run"}, NotConfirmed, Reachable, "still reachable: a live struct, a package variable"},
			{Stuck{Func: "time.Sleep", CreatedBy: "main.sleeper"}, NotConfirmed, NotBlocked, "a loop that never blocks"},
		} {
			got := Judge(profile, tc.stuck)
			assert.Equal(t, tc.status, got.Status, "%s %s: %s", v, tc.stuck.Func, got)
			assert.Equal(t, tc.reason, got.Reason, "%s %s: %s", v, tc.stuck.Func, got)
			assert.Contains(t, got.Message, tc.says, "%s %s", v, tc.stuck.Func)
		}
	}
}

// Exercise 17's leak is outside any bubble and unreachable: both detectors agree.
func TestFindItInProductionIsConfirmed(t *testing.T) {
	for _, v := range versions {
		c := load(t, v, "17_find_it_in_production")
		ss := ParseGoleak(c.report)
		require.Len(t, ss, 1, v)
		assert.Equal(t, 50, ss[0].Count, "%s: one goroutine per request", v)
		got := Judge(c.profile, ss[0])
		assert.Equal(t, Confirmed, got.Status, "%s: %s", v, got)
		assert.Equal(t, 50, got.Leaked, v)
		assert.Equal(t, "confirmed by the Go runtime: blocked forever sending on a channel, and nothing that can still run "+
			"can reach the channel (50 of 50 goroutines stuck there marked leaked)", got.Message)
	}
}

// Exercise 18's leak is reachable from a package variable: the detectors disagree.
func TestDetectorsDisagreeIsNotConfirmed(t *testing.T) {
	for _, v := range versions {
		c := load(t, v, "18_detectors_disagree")
		ss := ParseGoleak(c.report)
		require.Len(t, ss, 1, v)
		assert.Equal(t, "gohunters/exercises/18_detectors_disagree.(*Session).loop", ss[0].Func)
		got := Judge(c.profile, ss[0])
		assert.Equal(t, NotConfirmed, got.Status, "%s: %s", v, got)
		assert.Equal(t, Reachable, got.Reason, "%s: %s", v, got)
		assert.Contains(t, got.Message, "still reachable: a live struct, a package variable")
		assert.Empty(t, Leaked(Parse(c.profile), "gohunters/exercises/18_detectors_disagree"), "%s: the profile is silent", v)
	}
}

// TestShowVerdicts prints the verdicts for the captured exercises (go test -v).
func TestShowVerdicts(t *testing.T) {
	for _, ex := range []string{"01_errs_capacity", "02_background_task", "03_channel_statefull", "17_find_it_in_production", "18_detectors_disagree"} {
		c := load(t, "go1.27.3", ex)
		for _, s := range ParseGoleak(c.report) {
			t.Logf("%s: %s:%d (x%d)\n    %s", ex, s.Func, s.Line, s.Count, Judge(c.profile, s))
		}
	}
}

// A bubbled goroutine needs no profile: the runtime never marks those.
func TestBubbledNeedsNoProfile(t *testing.T) {
	c := load(t, "go1.27.3", "02_background_task")
	for _, s := range ParseGoleak(c.report) {
		got, ok := Bubbled(s)
		require.True(t, ok, s.State)
		assert.Equal(t, Judge(c.profile, s).Message, got.Message, "the same verdict as the profile's")
		assert.Equal(t, InBubble, got.Reason)
		assert.Equal(t, "chan send", got.State)
	}
	_, ok := Bubbled(Stuck{State: "chan send", Func: "main.f"})
	assert.False(t, ok)
	assert.Equal(t, "in-bubble", InBubble.String())
	assert.Equal(t, "", NoReason.String())
}

func TestFindProfile(t *testing.T) {
	dir := t.TempDir()
	write := func(pkg, test, text string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(File(dir, pkg, test)), 0o755))
		require.NoError(t, os.WriteFile(File(dir, pkg, test), []byte(text), 0o644))
	}
	write("01_a", "TestX/sub case", "a sub")
	write("02_b", "TestX", "b parent")
	write("03_c", "TestOther", "c only")
	write("04_d", "TestOne", "d one")
	write("04_d", "TestTwo", "d two")
	for _, tc := range []struct{ pkg, test, want string }{
		{"01_a", "TestX/sub case", "a sub"},
		{"02_b", "TestX/sub case", "b parent"},
		{"03_c", "TestX", "c only"},
		{"04_d", "TestX", ""},
		{"05_e", "TestX", ""},
	} {
		got, ok := Find(dir, tc.pkg, tc.test)
		assert.Equal(t, tc.want, got, "%s %s", tc.pkg, tc.test)
		assert.Equal(t, tc.want != "", ok)
	}
}

// Two goroutines wait on sync.Mutex.Lock at the same line; the runtime marked
// only one leaked. Each is judged as itself, by its goroutine id.
func TestJudgeByIdentity(t *testing.T) {
	profile := `goroutine profile: total 2
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
`
	s := Stuck{State: "sync.Mutex.Lock", Func: "sync.(*Mutex).Lock", File: "/go/src/sync/mutex.go", Line: 46, CreatedBy: "main.start", Count: 1}
	s.ID = 21
	assert.Equal(t, Confirmed, Judge(profile, s).Status)
	s.ID = 22
	assert.Equal(t, NotConfirmed, Judge(profile, s).Status, "goroutine 22 was not marked, though it waits at the same line")
}

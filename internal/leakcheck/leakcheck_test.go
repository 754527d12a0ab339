package leakcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"gohunters/internal/leakprofile"
	"gohunters/internal/words"
)

// A goleak report as exercise 01 produces it, with three goroutines stuck on one line.
const report = `found unexpected goroutines:
[Goroutine 40 in state chan send (durable), synctest bubble 3, with gohunters/exercises/01_errs_capacity.Run.func1 on top of the stack:
gohunters/exercises/01_errs_capacity.Run.func1()
	/w/exercises/01_errs_capacity/agent.go:41 +0x46
created by gohunters/exercises/01_errs_capacity.Run in goroutine 39
	/w/exercises/01_errs_capacity/agent.go:40 +0x11a
 Goroutine 41 in state chan send (durable), synctest bubble 3, with gohunters/exercises/03_channel_statefull.(*Statefull).Put on top of the stack:
gohunters/exercises/03_channel_statefull.(*Statefull).Put(0x2b762989d6b0, {0x691d90?, 0x8bc420?})
	/w/exercises/03_channel_statefull/statefull.go:83 +0xbf
created by gohunters/internal/leakcheck.Within in goroutine 23
	/w/internal/leakcheck/leakcheck.go:65 +0xce
 Goroutine 43 in state chan send (durable), synctest bubble 4, with gohunters/exercises/03_channel_statefull.(*Statefull).Put on top of the stack:
gohunters/exercises/03_channel_statefull.(*Statefull).Put(0x2b762989d6c0, {0x691d90?, 0x8bc421?})
	/w/exercises/03_channel_statefull/statefull.go:83 +0xbf
created by gohunters/internal/leakcheck.Within in goroutine 24
	/w/internal/leakcheck/leakcheck.go:65 +0xce
 Goroutine 44 in state chan send (durable), synctest bubble 4, with gohunters/exercises/03_channel_statefull.(*Statefull).Put on top of the stack:
gohunters/exercises/03_channel_statefull.(*Statefull).Put(0x2b762989d6d0, {0x691d90?, 0x8bc422?})
	/w/exercises/03_channel_statefull/statefull.go:83 +0xbf
created by gohunters/internal/leakcheck.Within in goroutine 24
	/w/internal/leakcheck/leakcheck.go:65 +0xce
]`

func TestSummarizeGroupsSameStacks(t *testing.T) {
	got := Summarize(report)
	assert.True(t, strings.HasPrefix(got, "found unexpected goroutines:\n[Goroutine 40 in state chan send"), got)
	assert.Equal(t, 2, strings.Count(got, "Goroutine "), "one block per distinct stack:\n%s", got)
	assert.Contains(t, got, "leakcheck.go:65 +0xce\n (and 2 more goroutines stuck the same way)\n]")
	assert.Contains(t, got, "agent.go:40", "file:line survive")
}

func TestSummarizeLeavesDistinctStacksAlone(t *testing.T) {
	one := report[:strings.Index(report, " Goroutine 41")] + "]"
	assert.Equal(t, one, Summarize(one))
	assert.Equal(t, "something else", Summarize("something else"))
}

// Profiles are kept per package by import path: two packages whose
// directories have the same name (a/util, b/util) never share one, and no two
// names escape to the same file.
func TestProfileFileIsPerPackage(t *testing.T) {
	assert.Equal(t, filepath.Join("/p", "gohunters%2Fexercises%2F01_errs_capacity", "TestWatchFails%2F10%20keys.goroutineleak.txt"),
		ProfileFile("/p", "gohunters/exercises/01_errs_capacity", "TestWatchFails/10 keys"))
	assert.NotEqual(t, ProfileFile("/p", "example.com/a/util", "TestX"), ProfileFile("/p", "example.com/b/util", "TestX"))
	assert.NotEqual(t, ProfileFile("/p", "a/b", "TestX"), ProfileFile("/p", "a_b", "TestX"))
	assert.NotEqual(t, ProfileFile("/p", "a%2Fb", "TestX"), ProfileFile("/p", "a/b", "TestX"))
}

// VerifyNone, on a Go with the profile and with LEAKCHECK_PROFILE_DIR set, writes
// the profile of a leaking test under the tested package's import path, which
// the test binary knows from its build information.
func TestVerifyNoneWritesProfileUnderImportPath(t *testing.T) {
	assert.Equal(t, "gohunters/internal/leakcheck", leakprofile.TestedPackage())
	if !leakprofile.Available() {
		t.Skip(leakprofile.HowToGet)
	}
	dir := t.TempDir()
	t.Setenv(ProfileDirEnv, dir)
	writeLeakProfile(t)
	b, err := os.ReadFile(ProfileFile(dir, "gohunters/internal/leakcheck", t.Name()))
	require.NoError(t, err)
	assert.Contains(t, string(b), "goroutine ")
}

// recordingTB keeps what a helper reports, so the report's words can be checked.
type recordingTB struct {
	testing.TB
	errors []string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// The checker finds Within's report by words.WithinReport (the word list both
// sides read): it must be in the message.
func TestWithinReportKeepsTheContract(t *testing.T) {
	rec := &recordingTB{TB: t}
	block := make(chan struct{})
	defer close(block)
	if Within(rec, time.Millisecond, "Get", func() { <-block }) {
		t.Fatal("Within returned true for a call that blocks")
	}
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], words.WithinReport) {
		t.Fatalf("Within reported %q, without %q", rec.errors, words.WithinReport)
	}
}

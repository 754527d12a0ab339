package sessions

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
	"gohunters/internal/leakprofile"
)

var errUnavailable = errors.New("session store unavailable")

// fakeStore has saved values for "alice" and fails for "mallory".
type fakeStore struct{}

func (fakeStore) Load(ctx context.Context, id string) (map[string]string, error) {
	switch id {
	case "mallory":
		return nil, errUnavailable
	case "alice":
		return map[string]string{"theme": "dark", "lang": "ja"}, nil
	}
	return nil, nil
}

// open calls Open, failing the test if it does not return within a second.
func open(t *testing.T, id string) (s *Session, err error) {
	t.Helper()
	leakcheck.Within(t, time.Second, "Open", func() { s, err = Open(t.Context(), fakeStore{}, id) })
	return s, err
}

func TestOpenUseClose(t *testing.T) {
	// goleak.IgnoreCurrent() ignores the goroutines running before the test, and
	// only those: anything this test starts and leaves running is reported.
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	before := Count()

	s, err := open(t, "alice")
	require.NoError(t, err)
	require.NotNil(t, s)
	leakcheck.Within(t, time.Second, "Set and Get", func() {
		assert.Equal(t, "dark", s.Get("theme"), "the saved values are loaded")
		assert.Equal(t, "ja", s.Get("lang"))
		s.Set("theme", "light")
		assert.Equal(t, "light", s.Get("theme"))
		assert.Equal(t, "", s.Get("missing"))
	})
	got, ok := Lookup("alice")
	assert.True(t, ok && got == s, "Lookup finds an open session")
	assert.Equal(t, before+1, Count())

	leakcheck.Within(t, time.Second, "Close", s.Close)
	_, ok = Lookup("alice")
	assert.False(t, ok, "Lookup does not find a closed session")
	assert.Equal(t, before, Count())
}

func TestManySessions(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Within(t, time.Second, "100 sessions used side by side", func() {
		var wg sync.WaitGroup
		for i := range 100 {
			wg.Go(func() {
				id := fmt.Sprintf("user-%d", i)
				s, err := Open(t.Context(), fakeStore{}, id)
				if !assert.NoError(t, err) {
					return
				}
				defer s.Close()
				for j := range 20 {
					s.Set("n", fmt.Sprint(j))
					assert.Equal(t, fmt.Sprint(j), s.Get("n"), "%s reads what it wrote", id)
				}
			})
		}
		wg.Wait()
	})
}

// TestOpenFails is where the two detectors disagree. goleak asks "is anything
// this test started still running?" and reports the session's loop. The Go
// runtime's goroutineleak profile asks "is anything blocked on something no
// running code can reach?", and stays silent: the package-level registry still
// reaches the session and its channels. Its silence is not proof of no leak.
func TestOpenFails(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	before := leakprofile.Running()

	s, err := open(t, "mallory")
	require.ErrorIs(t, err, errUnavailable, "Open returns the store's error")
	assert.Nil(t, s)

	t.Log(runtimeVerdict(before))
	_, listed := Lookup("mallory")
	assert.False(t, listed, "a session whose Open failed is still listed in the registry: nobody will ever close it, "+
		"and that reference is what keeps the runtime's profile silent about it")
	t.Log("goleak's verdict: the deferred VerifyNone below (silent when nothing is left running)")
}

// runtimeVerdict is what the runtime's goroutineleak profile says about the
// goroutines of this package that are still blocked and were not running before.
func runtimeVerdict(before map[int]bool) string {
	pkg := reflect.TypeFor[Session]().PkgPath()
	if !leakprofile.Available() {
		return "the Go runtime's verdict: unavailable, " + leakprofile.HowToGet
	}
	// Let every other goroutine block or end first: one that can still run (the
	// helper that called Open, on its way out) may still reach the session.
	var profile string
	for deadline := time.Now().Add(time.Second); ; time.Sleep(time.Millisecond) {
		profile, _ = leakprofile.Capture()
		if settled(leakprofile.Parse(profile)) || time.Now().After(deadline) {
			break
		}
	}
	var ours, leaked []leakprofile.Goroutine
	for _, g := range leakprofile.Parse(profile) {
		if strings.HasPrefix(g.Top().Func, pkg+".") && !before[g.ID] {
			ours = append(ours, g)
			if g.Leaked {
				leaked = append(leaked, g)
			}
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "the Go runtime's verdict: %d goroutines of this package marked leaked", len(leaked))
	for _, g := range ours {
		fmt.Fprintf(&sb, "\n  %s [%s]: %s", strings.TrimPrefix(g.Top().Func, pkg+"."), g.State, marked(g))
	}
	return sb.String()
}

// marked says what the runtime's profile says of g. Why the runtime may leave
// a goroutine goleak reports unmarked, the checker explains beside the leak.
func marked(g leakprofile.Goroutine) string {
	if g.Leaked {
		return "marked leaked by the Go runtime"
	}
	return "not marked leaked by the Go runtime"
}

// settled reports whether no goroutine but the one writing the profile can run.
func settled(gs []leakprofile.Goroutine) bool {
	for _, g := range gs {
		if g.State == "runnable" || g.State == "running" && !strings.HasPrefix(g.Top().Func, "runtime/pprof.") {
			return false
		}
	}
	return true
}

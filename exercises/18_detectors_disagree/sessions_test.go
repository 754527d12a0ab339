package sessions

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/leakcheck"
	"gohunters/internal/leakprofile"
)

// saved is what the store holds: values for "alice", nothing for anyone else.
var saved = map[string]map[string]string{
	"alice": {"theme": "dark", "lang": "ja"},
}

// fakeStore answers Load at the speed it is given, inside the blocking point
// "Load", with the values saved for the id.
type fakeStore struct {
	speed  fake.Speed
	points *fake.Points
}

func (s fakeStore) Load(ctx context.Context, id string) (map[string]string, error) {
	points := s.points
	if points == nil {
		points = &fake.Points{}
	}
	if err := points.Call(ctx, "Load", s.speed, 10*time.Millisecond); err != nil {
		return nil, err
	}
	return saved[id], nil
}

// returned calls f and reports whether it returned within d (fake time in a
// bubble). A call that does not is left blocked, for the leak check to report.
func returned(d time.Duration, f func()) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-done:
		return true
	case <-timer.C:
		return false
	}
}

// code names a speed of the fake store as the test's code does.
func code(s fake.Speed) string {
	return map[fake.Speed]string{fake.Instant: "fake.Instant", fake.Prompt: "fake.Prompt", fake.Slow: "fake.Slow",
		fake.Hung: "fake.Hung", fake.Deaf: "fake.Deaf", fake.Failing: "fake.Failing"}[s]
}

// closeOnce calls s.Close and reports what it panicked with, if anything.
func closeOnce(s *Session) (panicked any) {
	defer func() { panicked = recover() }()
	s.Close()
	return nil
}

// TestOpenFails is where the two detectors disagree. goleak asks "is anything
// this test started still running?" and reports the session's loop. The Go
// runtime's goroutineleak profile asks "is anything blocked on something no
// running code can reach?", and stays silent: the package-level registry still
// reaches the session and its channels. Its silence is not proof of no leak.
func TestOpenFails(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	before := leakprofile.Running()
	count := Count()

	var s *Session
	var err error
	if !returned(time.Second, func() { s, err = Open(context.Background(), fakeStore{speed: fake.Failing}, "mallory") }) {
		clause1.Fatalf(t, "Open, with a store whose Load failed at once, had not returned %v later", time.Second)
	}
	clause1.ErrorIs(t, err, fake.ErrInjected, "Open's error, with a store whose Load failed")
	clause1.Check(t, s == nil, "Open returned a session as well as its error")

	t.Log(runtimeVerdict(before))
	_, listed := Lookup("mallory")
	clause1.Check(t, !listed, "Lookup found the session whose Open failed")
	clause1.Equal(t, count, Count(), "Count after an Open that failed")
	t.Log("goleak's verdict: the deferred VerifyNone below (silent when nothing is left running)")
}

// TestOpenFailsWhateverTheStore fails Open every way the store can make it
// fail, and judges what is left at the instant Open returns.
func TestOpenFailsWhateverTheStore(t *testing.T) {
	for _, tc := range []struct {
		name   string
		speed  fake.Speed
		budget time.Duration // Open's ctx: 0 for none, else a timeout
		cancel bool          // cancel Open's ctx while Load is under way
		err    error
	}{
		{"the store fails", fake.Failing, 0, false, fake.ErrInjected},
		{"the store hangs until Open's ctx times out", fake.Hung, time.Second, false, context.DeadlineExceeded},
		{"the store hangs until Open's ctx is cancelled", fake.Hung, 0, true, context.Canceled},
		{"the store is slower than Open's ctx allows", fake.Slow, time.Minute, false, context.DeadlineExceeded},
		{"the store answers only after Open's ctx timed out", fake.Deaf, time.Second, false, context.DeadlineExceeded},
		{"the store answers only after Open's ctx was cancelled", fake.Deaf, 0, true, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				points := &fake.Points{}
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				if tc.budget > 0 {
					ctx, cancel = context.WithTimeout(ctx, tc.budget)
					defer cancel()
				}
				const id = "bob"
				count := Count()
				m := leakcheck.Now()

				var s *Session
				var err error
				var listed bool // at the instant Open returned
				opened := make(chan struct{})
				go func() {
					defer close(opened)
					s, err = Open(ctx, fakeStore{speed: tc.speed, points: points}, id)
					_, listed = Lookup(id)
				}()
				if tc.cancel && points.Await(t, "Load", 1, time.Minute) {
					cancel()
				}
				select {
				case <-opened:
				case <-time.After(2 * fake.Long):
					clause1.Fatalf(t, "Open, with a store whose Load was %s, had not returned %v later", code(tc.speed), 2*fake.Long)
				}
				clause1.ErrorIs(t, err, tc.err, "Open's error, with a store whose Load was %s", code(tc.speed))
				clause1.Check(t, s == nil, "Open returned a session as well as its error")
				clause1.Check(t, !listed, "Lookup found the session whose Open failed")
				clause1.Equal(t, count, Count(), "Count after an Open that failed")
				m.Stopped(t, clause1, "Open")
			})
		})
	}
}

// TestOpenUseClose opens a session at each speed of the store a successful
// Open can meet, uses it and closes it.
func TestOpenUseClose(t *testing.T) {
	for _, speed := range []fake.Speed{fake.Instant, fake.Prompt, fake.Slow} {
		t.Run(speed.String(), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				count := Count()
				m := leakcheck.Now()
				var s *Session
				var err error
				if !returned(2*fake.Long, func() { s, err = Open(context.Background(), fakeStore{speed: speed}, "alice") }) {
					clause2.Fatalf(t, "Open, with a store whose Load was %s, had not returned %v later", code(speed), 2*fake.Long)
				}
				clause2.NoError(t, err, "Open, with a store whose Load was %s", code(speed))
				if s == nil {
					clause2.Fatalf(t, "Open returned neither a session nor an error")
				}
				got, listed := Lookup("alice")
				clause2.Check(t, listed && got == s, "Lookup(%q) after Open returned %p, %v; Open returned %p", "alice", got, listed, s)
				clause2.Equal(t, count+1, Count(), "Count with one more session open")

				if !returned(time.Second, func() {
					clause2.Equal(t, "dark", s.Get("theme"), "Get(%q) of a session the store saved", "theme")
					clause2.Equal(t, "ja", s.Get("lang"), "Get(%q) of a session the store saved", "lang")
					s.Set("theme", "light")
					clause2.Equal(t, "light", s.Get("theme"), "Get(%q) after Set", "theme")
					clause2.Equal(t, "", s.Get("missing"), "Get(%q), never set", "missing")
				}) {
					clause2.Fatalf(t, "Set and Get on an open session had not returned %v later", time.Second)
				}

				if !returned(time.Minute, func() { s.Close(); _, listed = Lookup("alice") }) {
					clause3.Fatalf(t, "Close had not returned %v later", time.Minute)
				}
				clause3.Check(t, !listed, "Lookup found the session after its Close returned")
				m.Stopped(t, clause3, "Close")
				clause3.Equal(t, count, Count(), "Count after Close returned")

				var panicked any
				if !returned(time.Minute, func() { panicked = closeOnce(s) }) {
					clause3.Fatalf(t, "a second Close had not returned %v later", time.Minute)
				}
				clause3.Check(t, panicked == nil, "a second Close panicked: %v", panicked)
				clause3.Equal(t, count, Count(), "Count after a second Close")
			})
		})
	}
}

// TestManySessions uses many sessions side by side, on the real clock, for
// the race detector to watch.
func TestManySessions(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	const sessions, d = 100, 10 * time.Second
	ok := returned(d, func() {
		var wg sync.WaitGroup
		for i := range sessions {
			wg.Go(func() {
				id := fmt.Sprintf("user-%d", i)
				s, err := Open(context.Background(), fakeStore{speed: fake.Instant}, id)
				if !clause2.NoError(t, err, "Open(%q)", id) {
					return
				}
				defer s.Close()
				for j := range 20 {
					s.Set("n", fmt.Sprint(j))
					if !clause2.Equal(t, fmt.Sprint(j), s.Get("n"), "%s's Get after its own Set", id) {
						return
					}
				}
			})
		}
		wg.Wait()
	})
	if !ok {
		clause2.Errorf(t, "%d sessions used side by side had not all been closed %v later", sessions, d)
	}
}

// TestClosedSessionNeverBlocks calls Set and Get after Close, at the instant
// Close returned.
func TestClosedSessionNeverBlocks(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		var s *Session
		var err error
		if !returned(time.Minute, func() { s, err = Open(context.Background(), fakeStore{speed: fake.Instant}, "alice") }) {
			clause2.Fatalf(t, "Open, with a store whose Load was %s, had not returned %v later", code(fake.Instant), time.Minute)
		}
		if !clause2.NoError(t, err, "Open, with a store whose Load was %s", code(fake.Instant)) {
			return
		}
		if !returned(time.Minute, s.Close) {
			clause3.Fatalf(t, "Close had not returned %v later", time.Minute)
		}
		m := leakcheck.Now()
		begin := time.Now()
		if !returned(time.Minute, func() { s.Set("theme", "light") }) {
			clause4.Errorf(t, "Set after Close had not returned %v later", time.Minute)
		}
		var got string
		if returned(time.Minute, func() { got = s.Get("theme") }) {
			clause4.Equal(t, "", got, "Get(%q) after Close", "theme")
		} else {
			clause4.Errorf(t, "Get after Close had not returned %v later", time.Minute)
		}
		clause4.Equal(t, time.Duration(0), time.Since(begin), "fake time that Set and Get took after Close")
		m.Stopped(t, clause4, "Set and Get after Close")
	})
}

// TestCloseRacesSetAndGet has Set, Get and Close (twice) start together, many
// rounds, in a bubble and on the real clock, where the scheduler opens windows
// a bubble does not.
func TestCloseRacesSetAndGet(t *testing.T) {
	round := func(t *testing.T, d time.Duration) bool {
		var s *Session
		var err error
		if !returned(d, func() { s, err = Open(context.Background(), fakeStore{speed: fake.Instant}, "carol") }) {
			clause2.Errorf(t, "Open, with a store whose Load was %s, had not returned %v later", code(fake.Instant), d)
			return false
		}
		if !clause2.NoError(t, err, "Open, with a store whose Load was %s", code(fake.Instant)) {
			return false
		}
		var panicked [2]any
		ok := leakcheck.Concurrently(t, clause4, d, map[string]func(){
			"Set":   func() { s.Set("k", "v") },
			"Get":   func() { s.Get("k") },
			"Set 2": func() { s.Set("k", "w") },
			"Get 2": func() { s.Get("k") },
		}) && leakcheck.Concurrently(t, clause4, d, map[string]func(){
			"Close":   func() { panicked[0] = closeOnce(s) },
			"Close 2": func() { panicked[1] = closeOnce(s) },
			"Set":     func() { s.Set("k", "x") },
			"Get":     func() { s.Get("k") },
		})
		if !ok {
			return false
		}
		for _, p := range panicked {
			if !clause3.Check(t, p == nil, "Close, called from two goroutines at once, panicked: %v", p) {
				return false
			}
		}
		_, listed := Lookup("carol")
		return clause3.Check(t, !listed, "Lookup found the session after its Close returned")
	}

	t.Run("bubble", func(t *testing.T) {
		defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
		leakcheck.Bubble(t, func(t *testing.T) {
			for range 10 {
				m := leakcheck.Now()
				if !round(t, time.Minute) || !m.Stopped(t, clause3, "Close") {
					return
				}
			}
		})
	})
	t.Run("real clock", func(t *testing.T) {
		defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
		// As many rounds as fit in a second, at most 300.
		for i, end := 0, time.Now().Add(time.Second); i < 300 && time.Now().Before(end); i++ {
			if !round(t, 5*time.Second) {
				return
			}
		}
	})
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

// TestCloseFromTwoGoroutines closes a session from two goroutines at once,
// many rounds on the real clock, while another goroutine looks sessions up
// and counts them: each Close returns only once the session's goroutine has
// ended, not only the first.
func TestCloseFromTwoGoroutines(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	const d = 5 * time.Second
	done := make(chan struct{})
	var looking sync.WaitGroup
	looking.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			Lookup("dave")
			Count()
		}
	})
	defer func() {
		close(done)
		if !returned(d, looking.Wait) {
			clause3.Errorf(t, "Lookup and Count, called while sessions closed, had not returned %v later", d)
		}
	}()
	// As many rounds as fit in 300ms, at most 300.
	for i, end := 0, time.Now().Add(300*time.Millisecond); i < 300 && time.Now().Before(end); i++ {
		m := leakcheck.Now()
		var s *Session
		var err error
		if !returned(d, func() { s, err = Open(context.Background(), fakeStore{speed: fake.Instant}, "dave") }) {
			clause2.Fatalf(t, "Open, with a store whose Load was %s, had not returned %v later", code(fake.Instant), d)
		}
		if !clause2.NoError(t, err, "Open, with a store whose Load was %s", code(fake.Instant)) {
			return
		}
		var ended [2]bool
		if !leakcheck.Concurrently(t, clause3, d, map[string]func(){
			"Close":   func() { s.Close(); ended[0] = m.Parked(t, clause3, "Close, called from two goroutines at once,") },
			"Close 2": func() { s.Close(); ended[1] = m.Parked(t, clause3, "Close, called from two goroutines at once,") },
		}) || !ended[0] || !ended[1] {
			return
		}
	}
}

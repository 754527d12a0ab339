package hub

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"
)

// A goroutine stuck on a sync.Mutex is not durably blocked, so synctest cannot
// see a deadlock on one: every call into the Hub is guarded by a real deadline
// instead. When a call deadlocks, the test stops using that Hub (its mutex is
// held for good) and VerifyNone lists the stuck goroutines; later tests ignore
// them (goleak.IgnoreCurrent), and they do not keep the test binary from exiting.
const deadline = 500 * time.Millisecond

// fakeSession behaves like a real session: its Shutdown ends by removing it
// from the Hub, and returns once it has ended, however often it is called.
// With async set, the removal happens on a goroutine of the session's own
// (as when a session's closing goroutine tells its owner it is gone), and
// Shutdown waits for it. With release set, Shutdown takes its time: it waits
// for release first. during, if set, runs inside the first Shutdown, before
// the removal: a session that calls back into the Hub.
type fakeSession struct {
	id      string
	hub     *Hub
	async   bool
	release chan struct{}
	during  func()
	started chan struct{} // closed when the first Shutdown starts
	ended   chan struct{} // closed once the session has removed itself
	once    sync.Once

	mu       sync.Mutex
	calls    int // Shutdown calls that have returned
	running  int // Shutdown calls in progress
	finished bool
}

func newSession(h *Hub, id string) *fakeSession {
	return &fakeSession{id: id, hub: h, started: make(chan struct{}), ended: make(chan struct{})}
}

// add registers a new session under id.
func add(h *Hub, id string) *fakeSession {
	s := newSession(h, id)
	h.Add(id, s)
	return s
}

func (s *fakeSession) Shutdown() {
	s.mu.Lock()
	s.running++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.running--
		s.calls++
	}()
	s.once.Do(func() {
		close(s.started)
		end := func() {
			if s.release != nil {
				<-s.release
			}
			if s.during != nil {
				s.during()
			}
			s.hub.Remove(s.id) // the session is gone: the Hub must forget it
			s.mu.Lock()
			s.finished = true
			s.mu.Unlock()
			close(s.ended)
		}
		if s.async {
			go end()
		} else {
			end()
		}
	})
	<-s.ended
}

func (s *fakeSession) state() (finished bool, calls int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.finished, s.calls
}

// call runs f with a real deadline and reports, through clause cl, whether
// it returned.
func call(t *testing.T, cl goal.Clause, what string, f func()) bool {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		return true
	case <-time.After(deadline):
		cl.Errorf(t, "%s had not returned %v after it was called", what, deadline)
		return false
	}
}

func length(t *testing.T, cl goal.Clause, h *Hub) (n int, ok bool) {
	t.Helper()
	ok = call(t, cl, "Len", func() { n = h.Len() })
	return n, ok
}

// modes are the two ways a session removes itself.
var modes = []struct {
	name  string
	async bool
}{{"removes itself", false}, {"removes itself from its own goroutine", true}}

func TestKick(t *testing.T) {
	for _, mode := range modes {
		if !t.Run(mode.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

			h := New()
			sessions := map[string]*fakeSession{}
			for _, id := range []string{"a", "b", "c"} {
				s := newSession(h, id)
				s.async = mode.async
				h.Add(id, s)
				sessions[id] = s
			}

			var kicked bool
			if !call(t, clause3, `Kick("b")`, func() { kicked = h.Kick("b") }) {
				return // h is locked for good
			}
			clause1.Check(t, kicked, `Kick("b") reported that there was no session "b"`)
			finished, _ := sessions["b"].state()
			clause2.Check(t, finished, `Kick("b") returned before session "b" had finished shutting down`)
			for _, id := range []string{"a", "c"} {
				_, calls := sessions[id].state()
				clause1.Check(t, calls == 0, `Kick("b") shut down session %q`, id)
			}
			if n, ok := length(t, clause4, h); ok {
				clause2.Check(t, n == 2, `Kick("b") has returned; the Hub lists %d sessions of a, b and c`, n)
			}
			if call(t, clause4, `Kick("nobody")`, func() { kicked = h.Kick("nobody") }) {
				clause1.Check(t, !kicked, `Kick("nobody") reported that there was such a session`)
			}
		}) {
			return // the first failing case says enough
		}
	}
}

func TestShutdownAll(t *testing.T) {
	for _, mode := range modes {
		if !t.Run(mode.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

			h := New()
			sessions := make([]*fakeSession, 10)
			for i := range sessions {
				s := newSession(h, fmt.Sprintf("session-%d", i))
				s.async = mode.async
				h.Add(s.id, s)
				sessions[i] = s
			}
			slow := sessions[3]
			slow.release = make(chan struct{})

			returned := make(chan struct{})
			go func() {
				defer close(returned)
				h.ShutdownAll()
			}()
			select {
			case <-slow.started:
			case <-time.After(deadline):
				clause1.Errorf(t, "ShutdownAll had not called the slow session's Shutdown %v after it was called", deadline)
				close(slow.release)
				return
			}
			select {
			case <-returned:
				clause2.Errorf(t, "ShutdownAll returned while a session was still shutting down")
			case <-time.After(50 * time.Millisecond):
			}
			close(slow.release)
			if !call(t, clause3, "ShutdownAll", func() { <-returned }) {
				return // h is locked for good
			}
			for _, s := range sessions {
				finished, _ := s.state()
				clause2.Check(t, finished, "ShutdownAll returned before %s had finished shutting down", s.id)
			}
			if n, ok := length(t, clause4, h); ok {
				clause2.Check(t, n == 0, "ShutdownAll has returned; the Hub lists %d sessions", n)
			}
		}) {
			return // the first failing case says enough
		}
	}
}

// TestCallbacks: sessions that call into the Hub while they shut down: to
// count the sessions, to register a successor, to kick another session.
func TestCallbacks(t *testing.T) {
	for _, mode := range modes {
		if !t.Run(mode.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

			h := New()
			other := add(h, "other")
			other.async = mode.async
			var n int
			var kicked bool
			s := newSession(h, "caller")
			s.async = mode.async
			s.during = func() {
				n = h.Len()
				h.Add("successor", newSession(h, "successor"))
				kicked = h.Kick("other")
			}
			h.Add("caller", s)

			if !call(t, clause3, `Kick("caller")`, func() { h.Kick("caller") }) {
				return // h is locked for good
			}
			finished, _ := other.state()
			if !kicked {
				clause3.Errorf(t, "a session kicked another while it shut down; that Kick reported no such session")
			} else {
				clause3.Check(t, finished, "a session kicked another while it shut down; that Kick returned before the other session had finished")
			}
			clause3.Check(t, n >= 1, "a session counted the sessions while it shut down; Len returned %d with another session registered", n)
			if left, ok := length(t, clause4, h); ok {
				clause2.Check(t, left == 1, "caller and other have shut down and successor was added; the Hub lists %d sessions", left)
			}
			if call(t, clause3, "ShutdownAll", h.ShutdownAll) {
				if left, ok := length(t, clause4, h); ok {
					clause2.Check(t, left == 0, "ShutdownAll has returned; the Hub lists %d sessions", left)
				}
			}
		}) {
			return // the first failing case says enough
		}
	}
}

// TestHubServesDuringShutdown: while one session takes its time to shut
// down, everybody else is served at once.
func TestHubServesDuringShutdown(t *testing.T) {
	for _, mode := range modes {
		if !t.Run(mode.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

			h := New()
			add(h, "idle")
			add(h, "gone")
			slow := add(h, "slow")
			slow.async = mode.async
			slow.release = make(chan struct{})
			defer func() {
				select {
				case <-slow.release:
				default:
					close(slow.release)
				}
			}()

			kicked := make(chan bool, 1) // whether slow had finished when Kick returned
			go func() {
				h.Kick("slow")
				finished, _ := slow.state()
				kicked <- finished
			}()
			select {
			case <-slow.started:
			case <-time.After(deadline):
				clause1.Errorf(t, "Kick had not called the slow session's Shutdown %v after it was called", deadline)
				return
			}

			var n int
			if !call(t, clause4, "Len", func() { n = h.Len() }) ||
				!call(t, clause4, "Add", func() { add(h, "newcomer") }) ||
				!call(t, clause4, "Remove", func() { h.Remove("gone") }) ||
				!call(t, clause4, `Kick("idle")`, func() { h.Kick("idle") }) {
				return // h is locked for as long as "slow" takes, which is forever
			}
			// Whether a session that is shutting down still counts is the Hub's
			// choice (it may take the session out of the map before calling its
			// Shutdown).
			clause4.Check(t, n == 3 || n == 2, `idle, gone and slow were registered and slow was shutting down; Len returned %d`, n)

			close(slow.release)
			select {
			case finished := <-kicked:
				clause2.Check(t, finished, `Kick("slow") returned before "slow" had finished shutting down`)
			case <-time.After(deadline):
				clause3.Errorf(t, `Kick("slow") had not returned %v after "slow" was let go`, deadline)
				return
			}
			if left, ok := length(t, clause4, h); ok {
				clause2.Check(t, left == 1, "only newcomer is left; the Hub lists %d sessions", left)
			}
		}) {
			return // the first failing case says enough
		}
	}
}

// TestRacesTheEnd runs on the real clock, many rounds: ShutdownAll, Kicks,
// Adds and Lens all at once, with sessions that remove themselves from their
// own goroutines. When every call has returned, every session that was there
// before has finished, and nothing is left running.
func TestRacesTheEnd(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	stop := time.Now().Add(300 * time.Millisecond)
	for round := 0; round < 200 && time.Now().Before(stop); round++ {
		h := New()
		var before []*fakeSession
		for i := range 8 {
			s := newSession(h, fmt.Sprintf("s%d", i))
			s.async = i%2 == 0
			h.Add(s.id, s)
			before = append(before, s)
		}
		mark := leakcheck.Now()
		var added []*fakeSession
		var addedMu sync.Mutex
		calls := map[string]func(){
			"ShutdownAll": h.ShutdownAll,
			"Kick":        func() { h.Kick(fmt.Sprintf("s%d", rand.IntN(8))) },
			"Kick again":  func() { h.Kick(fmt.Sprintf("s%d", rand.IntN(8))) },
			"Add": func() {
				s := add(h, fmt.Sprintf("new%d", round))
				addedMu.Lock()
				added = append(added, s)
				addedMu.Unlock()
			},
			"Len": func() { h.Len() },
		}
		if !leakcheck.Concurrently(t, clause5, deadline, calls) {
			return
		}
		for _, s := range before {
			if finished, _ := s.state(); !clause5.Check(t, finished, "round %d: ShutdownAll, Kicks, Add and Len have all returned; session %s had not finished shutting down", round, s.id) {
				return
			}
		}
		if !mark.Parked(t, clause5, "ShutdownAll") {
			return
		}
		for _, s := range added {
			call(t, clause3, "Shutdown", s.Shutdown)
		}
	}
}

// slowSession is a session for a synctest bubble: its Shutdown waits for
// release, then removes it from the Hub (on its own goroutine if async), and
// every call returns once it has ended. It waits on channels only, never on a
// sync.Mutex, which the bubble could not see, so concurrent calls are fine.
type slowSession struct {
	id       string
	hub      *Hub
	async    bool
	release  chan struct{}
	first    chan struct{} // holds one token: the first Shutdown takes it
	ended    chan struct{}
	finished atomic.Bool
}

func (s *slowSession) Shutdown() {
	select {
	case <-s.first:
		end := func() {
			<-s.release
			s.hub.Remove(s.id)
			s.finished.Store(true)
			close(s.ended)
		}
		if s.async {
			go end()
		} else {
			end()
		}
	default:
	}
	<-s.ended
}

// TestSlowShutdownIsAwaited runs in a synctest bubble, where a session takes
// fake.Long (an hour of fake time) to shut down: far beyond any grace period
// a Hub could give it. Each caller of Kick or ShutdownAll that finds the
// session registered must return exactly when the session has finished,
// also when another caller is already shutting the same session down.
func TestSlowShutdownIsAwaited(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	// A Hub that holds its lock while a session removes itself deadlocks on
	// a sync.Mutex, which the bubble cannot see: it is checked here first,
	// on the real clock.
	probe := New()
	add(probe, "probe")
	if !call(t, clause3, `Kick("probe")`, func() { probe.Kick("probe") }) {
		return
	}
	add(probe, "probe")
	if !call(t, clause3, "ShutdownAll", probe.ShutdownAll) {
		return
	}

	type caller struct {
		name string
		call func(h *Hub) bool // reports whether it found the session
	}
	kick := caller{`Kick("slow")`, func(h *Hub) bool { return h.Kick("slow") }}
	all := caller{"ShutdownAll", func(h *Hub) bool { h.ShutdownAll(); return true }}
	scenarios := []struct {
		name    string
		callers []caller
	}{
		{"Kick", []caller{kick}},
		{"ShutdownAll", []caller{all}},
		{"Kick twice", []caller{kick, kick}},
		{"ShutdownAll twice", []caller{all, all}},
		{"Kick, then ShutdownAll", []caller{kick, all}},
		{"ShutdownAll, then Kick", []caller{all, kick}},
	}
	for _, mode := range modes {
		for _, sc := range scenarios {
			if !t.Run(mode.name+"/"+sc.name, func(t *testing.T) {
				leakcheck.Bubble(t, func(t *testing.T) {
					h := New()
					slow := &slowSession{id: "slow", hub: h, async: mode.async,
						release: make(chan struct{}), first: make(chan struct{}, 1), ended: make(chan struct{})}
					slow.first <- struct{}{}
					h.Add(slow.id, slow)
					t0 := time.Now()
					go func() {
						time.Sleep(fake.Long)
						close(slow.release)
					}()
					type result struct {
						i        int
						found    bool
						finished bool
						after    time.Duration
					}
					results := make(chan result, len(sc.callers))
					listed := make([]bool, len(sc.callers))
					for i, c := range sc.callers {
						listed[i] = h.Len() == 1
						go func() {
							found := c.call(h)
							results <- result{i, found, slow.finished.Load(), time.Since(t0)}
						}()
						synctest.Wait() // the caller is as far as it gets before the session has finished
					}
					for range sc.callers {
						r := <-results
						name := sc.callers[r.i].name
						if !listed[r.i] {
							continue // the Hub had already let the session go: nothing to wait for
						}
						if !r.found {
							clause1.Errorf(t, "%s reported no such session while the Hub listed it, shutting down", name)
							continue
						}
						clause2.Check(t, r.finished && r.after == fake.Long,
							"%s was called while the session was registered and took %v to shut down; it returned after %v, the session finished: %v",
							name, fake.Long, r.after, r.finished)
					}
				})
			}) {
				return // the first failing case says enough
			}
		}
	}
}

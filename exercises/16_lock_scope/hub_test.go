package hub

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// A goroutine stuck on a sync.Mutex is not durably blocked, so synctest cannot
// see a deadlock on one: every call into the Hub is guarded by a real deadline
// instead. When a call deadlocks, the test stops using that Hub (its mutex is
// held for good) and VerifyNone lists the stuck goroutines; later tests ignore
// them (goleak.IgnoreCurrent), and they do not keep the test binary from exiting.
const deadline = 500 * time.Millisecond

// fakeSession behaves like a real session: its Shutdown ends by removing it
// from the Hub.
type fakeSession struct {
	id      string
	hub     *Hub
	started chan struct{} // closed when Shutdown starts
	release chan struct{} // if not nil, Shutdown waits for it before it finishes

	mu        sync.Mutex
	shutdowns int // Shutdown calls that have finished
}

func add(h *Hub, id string) *fakeSession {
	s := &fakeSession{id: id, hub: h, started: make(chan struct{})}
	h.Add(id, s)
	return s
}

func (s *fakeSession) Shutdown() {
	select {
	case <-s.started:
	default:
		close(s.started)
	}
	if s.release != nil {
		<-s.release
	}
	s.hub.Remove(s.id) // the session is gone: the Hub must forget it
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shutdowns++
}

func (s *fakeSession) finished() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shutdowns
}

// call runs f with a real deadline and reports whether it returned.
func call(t *testing.T, what string, f func()) bool {
	t.Helper()
	return leakcheck.Within(t, deadline, "deadlock: "+what, f)
}

func TestKick(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	h := New()
	a, b, c := add(h, "a"), add(h, "b"), add(h, "c")

	var kicked bool
	if !call(t, `Kick("b")`, func() { kicked = h.Kick("b") }) {
		return // h is locked for good
	}
	assert.True(t, kicked, `Kick("b") must report that there was a session "b"`)
	assert.Equal(t, 1, b.finished(), `Kick("b") must return once session "b" has shut down`)
	assert.Zero(t, a.finished()+c.finished(), "Kick must shut down no other session")

	var n int
	if call(t, "Len", func() { n = h.Len() }) {
		assert.Equal(t, 2, n, `session "b" must be gone from the Hub`)
	}
	if call(t, `Kick("nobody")`, func() { kicked = h.Kick("nobody") }) {
		assert.False(t, kicked, "Kick of an unknown id must report false")
	}
}

func TestShutdownAll(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	h := New()
	sessions := make([]*fakeSession, 10)
	for i := range sessions {
		sessions[i] = add(h, fmt.Sprintf("session-%d", i))
	}

	slow := sessions[3]
	slow.release = make(chan struct{})

	returned := make(chan struct{})
	go func() {
		defer close(returned)
		h.ShutdownAll()
	}()
	require.True(t, leakcheck.Within(t, time.Second, "waiting for the slow session's Shutdown to start", func() { <-slow.started }),
		"ShutdownAll must call the Shutdown of every session (is it stuck on the Hub's own lock?)")
	select {
	case <-returned:
		t.Error("ShutdownAll returned while a session was still shutting down: it must wait for every Shutdown it started")
	case <-time.After(50 * time.Millisecond):
	}
	close(slow.release)
	if !call(t, "ShutdownAll", func() { <-returned }) {
		return // h is locked for good
	}
	for _, s := range sessions {
		assert.Equal(t, 1, s.finished(), "ShutdownAll must return once %s has shut down, once", s.id)
	}
	var n int
	if call(t, "Len", func() { n = h.Len() }) {
		assert.Zero(t, n, "no session may be left in the Hub")
	}
}

func TestHubServesDuringShutdown(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	h := New()
	add(h, "idle")
	slow := add(h, "slow")
	slow.release = make(chan struct{})

	kicked := make(chan int, 1) // how many times slow had finished when Kick returned
	go func() {
		h.Kick("slow")
		kicked <- slow.finished()
	}()
	require.True(t, leakcheck.Within(t, time.Second, "waiting for the slow session's Shutdown to start", func() { <-slow.started }))

	// While "slow" is shutting down, the Hub must keep serving everybody else.
	var n int
	if !call(t, "Len while a session is shutting down", func() { n = h.Len() }) ||
		!call(t, "Add while a session is shutting down", func() { add(h, "newcomer") }) ||
		!call(t, `Kick("idle") while another session is shutting down`, func() { h.Kick("idle") }) {
		return // h is locked for as long as "slow" takes, which is forever
	}
	// Whether a session that is shutting down still counts is the Hub's choice
	// (it may take the session out of the map before calling its Shutdown).
	assert.Contains(t, []int{1, 2}, n, `Len must count "idle", and may count "slow" while it shuts down`)

	close(slow.release)
	var finished int
	if leakcheck.Within(t, time.Second, `Kick("slow")`, func() { finished = <-kicked }) {
		assert.Equal(t, 1, finished, `Kick("slow") must return once "slow" has shut down, not before`)
	}
	if call(t, "Len", func() { n = h.Len() }) {
		assert.Equal(t, 1, n, `only "newcomer" may be left in the Hub`)
	}
}

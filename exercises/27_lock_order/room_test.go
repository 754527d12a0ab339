package chat

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// A goroutine stuck on a sync.Mutex is not durably blocked, so synctest cannot
// see a deadlock on one: these tests run on the real clock and guard every call
// into the Room with a real deadline. When calls deadlock, the test stops using
// that Room and VerifyNone lists the stuck goroutines, each with the line it
// waits on; later tests ignore them.
const deadline = 500 * time.Millisecond

var errBrokenPipe = errors.New("write: broken pipe")

// conn is a member's end of the connection: it records the lines written to it.
type conn struct {
	wrote chan string // every line written, as it is written

	mu      sync.Mutex
	lines   []string
	broken  bool          // every Write fails
	hangUp  chan struct{} // if not nil, the first Write waits until it is closed, then fails
	writing chan struct{} // closed when that first Write starts
}

func newConn() *conn { return &conn{wrote: make(chan string, 100)} }

// stalling returns a connection whose first Write hangs until hangUp is
// called, then fails: a peer that stopped reading, then hung up.
func stalling() (c *conn, writing <-chan struct{}, hangUp func()) {
	c = newConn()
	c.hangUp, c.writing = make(chan struct{}), make(chan struct{})
	return c, c.writing, func() { close(c.hangUp) }
}

func (c *conn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.broken {
		c.mu.Unlock()
		return 0, errBrokenPipe
	}
	if c.hangUp != nil {
		c.broken = true
		c.mu.Unlock()
		close(c.writing)
		<-c.hangUp
		return 0, errBrokenPipe
	}
	c.lines = append(c.lines, string(p))
	c.mu.Unlock()
	c.wrote <- string(p)
	return len(p), nil
}

func (c *conn) got() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.lines...)
}

// call runs f with a real deadline and reports whether it returned.
func call(t *testing.T, what string, f func()) bool {
	t.Helper()
	return leakcheck.Within(t, deadline, what, f)
}

// returns waits at most deadline for done to be closed by a call that has
// returned, and reports whether it was.
func returns(t *testing.T, done <-chan struct{}, what string) bool {
	t.Helper()
	select {
	case <-done:
		return true
	case <-time.After(deadline):
		t.Errorf("%s did not return within %v: it is blocked forever (a leaked goroutine)", what, deadline)
		return false
	}
}

func memberNames(t *testing.T, r *Room) []string {
	t.Helper()
	var n []string
	call(t, "Names", func() { n = r.Names() })
	return n
}

func TestBroadcast(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	r := &Room{}
	alice, bob := newConn(), newConn()
	a := r.Join("alice", alice)
	b := r.Join("bob", bob)
	require.True(t, call(t, "Broadcast", func() { r.Broadcast("alice", "hi") }))
	require.True(t, call(t, "Broadcast", func() { r.Broadcast("bob", "hello") }))
	var errA, errB error
	require.True(t, call(t, "Ping", func() { errA, errB = a.Ping(), b.Ping() }))
	assert.NoError(t, errA)
	assert.NoError(t, errB)
	want := []string{"<alice> hi\n", "<bob> hello\n", "PING\n"}
	assert.Equal(t, want, alice.got(), "alice gets every line, in order")
	assert.Equal(t, want, bob.got(), "bob gets every line, in order")
	assert.Equal(t, []string{"alice", "bob"}, memberNames(t, r))
}

func TestPingDropsBrokenMember(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	r := &Room{}
	alice, bob := newConn(), newConn()
	r.Join("alice", alice)
	b := r.Join("bob", bob)
	bob.broken = true // bob's peer hung up

	r.Broadcast("alice", "still there?") // bob's write fails; he is skipped
	var err error
	require.True(t, call(t, "Ping of a member whose connection failed", func() { err = b.Ping() }))
	assert.Error(t, err, "Ping must report that bob's connection failed")
	assert.Equal(t, []string{"alice"}, memberNames(t, r), "bob must be gone from the room once his Ping has returned")

	require.True(t, call(t, "Broadcast", func() { r.Broadcast("alice", "bye bob") }))
	assert.Equal(t, []string{"<alice> still there?\n", "<alice> bye bob\n"}, alice.got())
	assert.Empty(t, bob.got())
}

// Bob's keepalive Ping is writing to his connection, which hangs, when alice
// says something; then bob's peer hangs up.
func TestPingFailsDuringBroadcast(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	r := &Room{}
	alice, carol := newConn(), newConn()
	bob, writing, hangUp := stalling()
	r.Join("alice", alice)
	b := r.Join("bob", bob)
	r.Join("carol", carol)

	var err error
	pinged := make(chan struct{})
	go func() {
		defer close(pinged)
		err = b.Ping()
	}()
	require.True(t, call(t, "bob's Ping starting to write", func() { <-writing }))

	broadcast := make(chan struct{})
	go func() {
		defer close(broadcast)
		r.Broadcast("alice", "hello?")
	}()
	var first string
	require.True(t, call(t, "Broadcast's line reaching alice, who joined first", func() { first = <-alice.wrote }))
	require.Equal(t, "<alice> hello?\n", first)

	hangUp() // bob's Ping fails, while the Broadcast is under way
	pingReturned := returns(t, pinged, "deadlock: bob's Ping after his connection failed during a Broadcast")
	broadcastReturned := returns(t, broadcast, "deadlock: a Broadcast while bob's Ping failed")
	if !pingReturned || !broadcastReturned {
		return // r is locked for good
	}
	assert.ErrorIs(t, err, errBrokenPipe, "Ping must report the failed write")
	assert.Equal(t, []string{"alice", "carol"}, memberNames(t, r), "bob must be gone from the room once his Ping has returned")
	assert.Equal(t, []string{"<alice> hello?\n"}, carol.got(), "carol must get the line too")
}

package chat

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"
)

// A goroutine stuck on a sync.Mutex is not durably blocked, so synctest cannot
// see a deadlock on one: these tests run on the real clock and give every call
// into the Room a real deadline. A call that misses it is left where it is
// stuck (VerifyNone lists it, with the line it waits on) and the test stops
// using that Room; later tests ignore it. A stalled connection is a gate the
// test opens itself, so a passing run waits for no deadline.
const deadline = 500 * time.Millisecond

// settle is how long a test gives Broadcast to return while one of its writes
// is stalled, before it takes Broadcast to be waiting for that write.
const settle = 100 * time.Millisecond

var errBrokenPipe = errors.New("write: broken pipe")

// conn is a member's end of the connection. It records the lines written to
// it. Once a Write has failed every later Write fails too, and is counted: no
// line should be written to a connection known to be broken. A stalled conn's
// next Write waits until the test opens the gate, then succeeds or fails.
type conn struct {
	name string

	mu         sync.Mutex
	lines      []string
	failed     bool // a Write failed
	afterFail  int  // Writes after one failed
	hungUp     bool // the next Write fails
	failAfter  int  // if > 0, the Write after that many lines fails
	gate       chan struct{}
	failAtGate bool
	writing    chan struct{} // closed when the stalled Write starts
	received   chan string   // every line written, as it is written
}

func newConn(name string) *conn { return &conn{name: name, received: make(chan string, 1000)} }

// broken returns a conn whose peer has hung up: every Write fails.
func broken(name string) *conn {
	c := newConn(name)
	c.hungUp = true
	return c
}

// stall makes the next Write wait until open is called; then it fails if fail
// is set, or succeeds.
func (c *conn) stall(fail bool) (writing <-chan struct{}, open func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gate, c.failAtGate, c.writing = make(chan struct{}), fail, make(chan struct{})
	gate := c.gate
	var once sync.Once
	return c.writing, func() { once.Do(func() { close(gate) }) }
}

func (c *conn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.failed {
		c.afterFail++
		c.mu.Unlock()
		return 0, errBrokenPipe
	}
	if c.hungUp || c.failAfter > 0 && len(c.lines) >= c.failAfter {
		c.failed = true
		c.mu.Unlock()
		return 0, errBrokenPipe
	}
	gate, fail, writing := c.gate, c.failAtGate, c.writing
	c.gate = nil
	c.mu.Unlock()
	if gate != nil {
		close(writing)
		<-gate
		if fail {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.failed = true
			return 0, errBrokenPipe
		}
	}
	c.mu.Lock()
	c.lines = append(c.lines, string(p))
	c.mu.Unlock()
	c.received <- string(p)
	return len(p), nil
}

func (c *conn) got() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.lines)
}

// writtenAfterFailure reports, through clause3, Writes to c after one failed.
func (c *conn) writtenAfterFailure(t *testing.T) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	clause3.Check(t, c.afterFail == 0, "%d line(s) were written to %s's connection after a write to it had failed", c.afterFail, c.name)
}

// returns calls f, the last of the calls the code in calls makes, and waits at
// most deadline for it to return. If it does not, it reports clause c broken
// and leaves f where it is stuck.
func returns(t *testing.T, c goal.Clause, calls string, f func()) bool {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	return returned(t, c, done, calls)
}

// returned waits at most deadline for done, closed when the call the code in
// calls makes last returns, and reports clause c broken if it is not.
func returned(t *testing.T, c goal.Clause, done <-chan struct{}, calls string) bool {
	t.Helper()
	select {
	case <-done:
		return true
	case <-time.After(deadline):
		c.Errorf(t, "the last call of %s had not returned %v after it was called", calls, deadline)
		return false
	}
}

// returnsWhile is returns for a call made while a write, named by under, is
// stalled.
func returnsWhile(t *testing.T, c goal.Clause, call, under string, f func()) bool {
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
		c.Errorf(t, "%s, called while %s was stalled, had not returned %v later", call, under, deadline)
		return false
	}
}

// arrives waits at most deadline for c to receive line.
func arrives(t *testing.T, c *conn, line, calls string) bool {
	t.Helper()
	timeout := time.After(deadline)
	for {
		select {
		case got := <-c.received:
			if got == line {
				return true
			}
		case <-timeout:
			clause4.Errorf(t, "%v after %s, %s had not received %q; it had %q", deadline, calls, c.name, line, c.got())
			return false
		}
	}
}

func names(t *testing.T, c goal.Clause, r *Room, calls string) (n []string, ok bool) {
	t.Helper()
	ok = returns(t, c, calls, func() { n = r.Names() })
	return n, ok
}

// async calls f in a goroutine of its own; done is closed when it returns.
func async(f func()) (done <-chan struct{}) {
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		f()
	}()
	return ch
}

func TestBroadcast(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	r := &Room{}
	alice, bob := newConn("alice"), newConn("bob")
	var a, b *Member
	if !returns(t, clause1, `a := r.Join("alice", alice); b := r.Join("bob", bob)`, func() { a, b = r.Join("alice", alice), r.Join("bob", bob) }) {
		return
	}
	calls := `r.Broadcast("alice", "hi"); r.Broadcast("bob", "hello")`
	if !returns(t, clause1, calls, func() { r.Broadcast("alice", "hi"); r.Broadcast("bob", "hello") }) {
		return
	}
	want := []string{"<alice> hi\n", "<bob> hello\n"}
	clause4.Equal(t, want, alice.got(), "lines alice received after %s", calls)
	clause4.Equal(t, want, bob.got(), "lines bob received after %s", calls)
	var errA, errB error
	if !returns(t, clause1, "a.Ping(); b.Ping()", func() { errA, errB = a.Ping(), b.Ping() }) {
		return
	}
	clause3.NoError(t, errA, "a.Ping() on a working connection")
	clause3.NoError(t, errB, "b.Ping() on a working connection")
	if n, ok := names(t, clause1, r, "r.Names()"); ok {
		clause3.Equal(t, []string{"alice", "bob"}, n, "r.Names() with two members whose Pings succeeded")
	}
}

func TestPingDropsBrokenMember(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	r := &Room{}
	alice, bob := newConn("alice"), broken("bob") // bob's peer hung up
	r.Join("alice", alice)
	b := r.Join("bob", bob)

	const first = `r.Broadcast("alice", "still there?")`
	if !returns(t, clause1, first, func() { r.Broadcast("alice", "still there?") }) {
		return
	}
	var err error
	var n []string
	// Names right after Ping, on the same goroutine: the member must be gone
	// the moment Ping has returned.
	if !returns(t, clause1, first+"; b.Ping(); r.Names()", func() { err = b.Ping(); n = r.Names() }) {
		return
	}
	clause3.Check(t, err != nil, "b.Ping() returned nil, after a write to bob's connection had failed")
	clause3.Equal(t, []string{"alice"}, n, "r.Names() right after b.Ping() returned %v", err)
	const second = `r.Broadcast("alice", "bye bob")`
	if !returns(t, clause1, "b.Ping(); "+second, func() { r.Broadcast("alice", "bye bob") }) {
		return
	}
	clause4.Equal(t, []string{"<alice> still there?\n", "<alice> bye bob\n"}, alice.got(), "lines alice received after %s; b.Ping(); %s", first, second)
	bob.writtenAfterFailure(t)
}

// Bob's keepalive Ping is writing to his connection, which stalls, when alice
// says something; then bob's peer hangs up.
func TestPingFailsDuringBroadcast(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	r := &Room{}
	alice, bob, carol := newConn("alice"), newConn("bob"), newConn("carol")
	r.Join("alice", alice)
	b := r.Join("bob", bob)
	r.Join("carol", carol)
	writing, hangUp := bob.stall(true)
	defer hangUp()

	var err error
	var n []string
	pinged := async(func() { err = b.Ping(); n = r.Names() })
	if !returned(t, clause1, writing, "b.Ping() // until it writes to bob's connection") {
		return
	}
	broadcast := async(func() { r.Broadcast("alice", "hello?") })
	const calls = `b.Ping() // stalled; r.Broadcast("alice", "hello?")`
	if !arrives(t, alice, "<alice> hello?\n", calls) {
		return
	}

	hangUp() // bob's Ping fails, while the Broadcast is under way
	pingReturned := returned(t, clause1, pinged, calls+"; // bob's connection fails: b.Ping(); r.Names()")
	broadcastReturned := returned(t, clause1, broadcast, calls+"; // bob's connection fails: r.Broadcast(…)")
	if !pingReturned || !broadcastReturned {
		return // r is locked for good
	}
	clause3.ErrorIs(t, err, errBrokenPipe, "b.Ping() whose write failed")
	clause3.Equal(t, []string{"alice", "carol"}, n, "r.Names() right after b.Ping() returned %v", err)
	clause4.Equal(t, []string{"<alice> hello?\n"}, carol.got(), "lines carol received after %s", calls)
	bob.writtenAfterFailure(t)
}

// One member's connection stalls (its peer stopped reading) while the line
// for it is written, by a Broadcast or by its own Ping: the rest of the room
// carries on.
func TestStalledMemberHoldsUpNoOne(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	for _, stalledIn := range []string{"r.Broadcast", "b.Ping"} {
		t.Run(stalledIn, func(t *testing.T) {

			r := &Room{}
			alice, bob, carol, erin := newConn("alice"), newConn("bob"), newConn("carol"), broken("erin")
			r.Join("alice", alice)
			b := r.Join("bob", bob)
			c := r.Join("carol", carol)
			e := r.Join("erin", erin)
			writing, open := bob.stall(false)
			defer open()

			var pinged <-chan struct{}
			under := `r.Broadcast("alice", "hello") → bob's Write`
			if stalledIn == "b.Ping" {
				under = "b.Ping() → bob's Write"
				pinged = async(func() { b.Ping() })
				if !returned(t, clause1, writing, "b.Ping() // until it writes to bob's connection") {
					return
				}
			}
			broadcast := async(func() { r.Broadcast("alice", "hello") })
			if stalledIn == "b.Ping" {
				// The Broadcast has written to alice and waits for bob.
				if !arrives(t, alice, "<alice> hello\n", `b.Ping() // stalled; r.Broadcast("alice", "hello")`) {
					return
				}
			} else if !returned(t, clause1, writing, `r.Broadcast("alice", "hello") // until it writes to bob's connection`) {
				return
			}

			dave := newConn("dave")
			ok := returnsWhile(t, clause2, `r.Join("dave", dave)`, under, func() { r.Join("dave", dave) })
			if ok {
				ok = returnsWhile(t, clause2, "r.Names()", under, func() { r.Names() })
			}
			var err error
			if ok {
				ok = returnsWhile(t, clause2, "c.Ping()", under, func() { err = c.Ping() })
				clause3.NoError(t, err, "c.Ping() on a working connection")
			}
			if ok {
				var n []string
				ok = returnsWhile(t, clause2, "e.Ping(); r.Names()", under, func() { err = e.Ping(); n = r.Names() })
				if ok {
					clause3.Check(t, err != nil, "e.Ping() returned nil, though every write to erin's connection fails")
					clause3.Check(t, !slices.Contains(n, "erin"), "r.Names() right after e.Ping() returned %v: %q", err, n)
				}
			}
			open()
			if !returned(t, clause1, broadcast, `r.Broadcast("alice", "hello") // after bob's connection went on`) || !ok {
				return
			}
			if pinged != nil && !returned(t, clause1, pinged, "b.Ping() // after bob's connection went on") {
				return
			}
			for _, m := range []*conn{alice, bob, carol} {
				clause4.Check(t, slices.Contains(m.got(), "<alice> hello\n"), `after r.Broadcast("alice", "hello") returned, %s had received %q`, m.name, m.got())
			}
			erin.writtenAfterFailure(t)
		})
	}
}

// Broadcast returns once the line has been written to every member, not
// before: a member whose connection is slow gets it too, after the others.
func TestBroadcastReturnsAfterItsWrites(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	r := &Room{}
	alice, bob, carol := newConn("alice"), newConn("bob"), newConn("carol")
	r.Join("alice", alice)
	r.Join("bob", bob)
	r.Join("carol", carol)
	writing, open := bob.stall(false)
	defer open()

	const calls = `r.Broadcast("alice", "news")`
	broadcast := async(func() { r.Broadcast("alice", "news") })
	select {
	case <-broadcast:
	case <-writing:
		// Broadcast writes to bob, which stalls: it must still be waiting.
		select {
		case <-broadcast:
		case <-time.After(settle):
			open()
			if !returned(t, clause1, broadcast, calls+" // after bob's connection went on") {
				return
			}
		}
	case <-time.After(deadline):
		clause4.Errorf(t, "%s had neither returned nor written to bob's connection %v after it was called", calls, deadline)
		return
	}
	// Broadcast has returned: every member has the line, bob included.
	var missing []string
	for _, m := range []*conn{alice, bob, carol} {
		if !slices.Contains(m.got(), "<alice> news\n") {
			missing = append(missing, m.name)
		}
	}
	clause4.Check(t, len(missing) == 0, "when %s returned, %s had not received the line", calls, strings.Join(missing, ", "))
	open()
}

// A busy room: members chat and keepalives ping everyone, while one member's
// connection fails part-way through. Every call returns, the failed member
// leaves, and every other member gets each sender's lines in order.
func TestBusyRoom(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	const senders, lines, pings = 3, 40, 40
	r := &Room{}
	var conns []*conn
	var members []*Member
	for i := range 4 {
		c := newConn(fmt.Sprintf("m%d", i))
		conns = append(conns, c)
		members = append(members, r.Join(c.name, c))
	}
	flaky := newConn("flaky")
	flaky.failAfter = 10
	f := r.Join("flaky", flaky)

	var wg sync.WaitGroup
	for s := range senders {
		wg.Go(func() {
			for i := range lines {
				r.Broadcast(fmt.Sprintf("s%d", s), fmt.Sprint(i))
			}
		})
	}
	var flakyErr error
	var stillThere []string // r.Names() right after f.Ping() failed, if flaky was in it
	wg.Go(func() {
		for range pings {
			for _, m := range members {
				m.Ping()
			}
			if err := f.Ping(); err != nil {
				if n := r.Names(); slices.Contains(n, "flaky") {
					stillThere = n
				}
				flakyErr = err
			}
		}
	})
	calls := fmt.Sprintf("%d × go r.Broadcast(…) ×%d; go (m.Ping() for every member) ×%d", senders, lines, pings)
	if !returns(t, clause1, calls, wg.Wait) {
		return
	}
	clause3.Check(t, flakyErr != nil, "flaky's connection failed after 10 lines, yet none of its %d Pings returned an error", pings)
	clause3.Check(t, stillThere == nil, "r.Names() right after f.Ping() returned %v: %q", flakyErr, stillThere)
	if n, ok := names(t, clause1, r, calls+"; r.Names()"); ok {
		clause3.Equal(t, []string{"m0", "m1", "m2", "m3"}, n, "r.Names() after f.Ping() returned %v", flakyErr)
	}
	flaky.writtenAfterFailure(t)
	for _, c := range conns {
		next := make([]int, senders)
		for _, line := range c.got() {
			var s, i int
			if _, err := fmt.Sscanf(line, "<s%d> %d\n", &s, &i); err != nil {
				continue // a PING
			}
			if !clause4.Check(t, i == next[s], "%s received line %d of sender s%d after line %d", c.name, i, s, next[s]-1) {
				break
			}
			next[s]++
		}
		for s, n := range next {
			clause4.Check(t, n == lines, "%s received %d of sender s%d's %d lines", c.name, n, s, lines)
		}
	}
}

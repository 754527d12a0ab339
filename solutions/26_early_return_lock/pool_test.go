package pool

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"
)

// A goroutine stuck on a sync.Mutex is not durably blocked, so synctest cannot
// see a deadlock on one: these tests run on the real clock and give every call
// into the Pool a real deadline. A call that misses it is left where it is
// stuck (VerifyNone lists it, with the line it waits on) and the test stops
// using that Pool; later tests ignore it. Slow dials and slow Closes are gates
// the test opens itself, so a passing run never waits for a deadline.
const deadline = 500 * time.Millisecond

var errRefused = errors.New("dial tcp 10.0.0.9:5432: connect: connection refused")

// conn is a fake connection. It counts its Close calls; a conn dialled while
// the dialer's slowClose gate is set waits in Close until the gate opens.
type conn struct {
	id     int
	d      *dialer
	closes atomic.Int32
	gate   chan struct{}
}

func (c *conn) Close() error {
	if c.closes.Add(1) == 1 {
		c.d.closed()
	}
	if c.gate != nil {
		defer c.d.points.Enter("Close")()
		<-c.gate
	}
	return nil
}

// dialer dials numbered conns. While gate is set, a dial waits until it opens;
// while failing is set, a dial fails. It tracks how many connections are open
// (dialling, or dialled and not yet closed) and the most there ever were.
type dialer struct {
	points fake.Points

	mu        sync.Mutex
	conns     []*conn
	gate      chan struct{} // dials wait for it
	slowClose chan struct{} // the conns dialled now wait for it in Close
	failing   bool
	open, max int
}

func (d *dialer) dial() (io.Closer, error) {
	d.mu.Lock()
	gate, slowClose, failing := d.gate, d.slowClose, d.failing
	d.open++
	d.max = max(d.max, d.open)
	d.mu.Unlock()
	if gate != nil {
		leave := d.points.Enter("dial")
		<-gate
		leave()
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if failing {
		d.open--
		return nil, errRefused
	}
	c := &conn{id: len(d.conns) + 1, d: d, gate: slowClose}
	d.conns = append(d.conns, c)
	return c, nil
}

func (d *dialer) closed() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.open--
}

func (d *dialer) set(f func(d *dialer)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f(d)
}

// most returns the most connections that were ever open at once.
func (d *dialer) most() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.max
}

// closedOnce reports, through clause c, every dialled conn not closed exactly
// once after the calls the code in calls made.
func (d *dialer) closedOnce(t *testing.T, c goal.Clause, calls string) {
	t.Helper()
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, x := range d.conns {
		if n := x.closes.Load(); n != 1 {
			c.Errorf(t, "after %s, connection %d of the %d dialled had been closed %d times", calls, x.id, len(d.conns), n)
		}
	}
}

func (d *dialer) dials() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.conns)
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
	select {
	case <-done:
		return true
	case <-time.After(deadline):
		c.Errorf(t, "the last call of %s had not returned %v after it was called", calls, deadline)
		return false
	}
}

// returnsWhile is returns for a call made while another, named by under, is
// under way.
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
		c.Errorf(t, "%s, called while %s was under way, had not returned %v later", call, under, deadline)
		return false
	}
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

func get(t *testing.T, c goal.Clause, p *Pool, what string) (x io.Closer, err error, ok bool) {
	t.Helper()
	ok = returns(t, c, what, func() { x, err = p.Get() })
	return x, err, ok
}

func open(t *testing.T, c goal.Clause, p *Pool, what string) (n int, ok bool) {
	t.Helper()
	ok = returns(t, c, what, func() { n = p.Open() })
	return n, ok
}

// goGet calls p.Get in a goroutine of its own; done is closed when it returns.
func goGet(p *Pool) (x *io.Closer, err *error, done <-chan struct{}) {
	x, err = new(io.Closer), new(error)
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		*x, *err = p.Get()
	}()
	return x, err, ch
}

// Every path out of Get, Put and Close leaves the pool usable: the next calls
// return.
func TestEveryPathReturns(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	for _, path := range []struct {
		name  string
		calls string // the code that takes the path
		done  string // the same once it has returned as it should
		do    func(d *dialer, p *Pool)
	}{
		{"a new connection", "p.Get()", "p.Get()", func(d *dialer, p *Pool) {
			p.Get()
		}},
		{"an idle connection", "c, _ := p.Get(); p.Put(c); p.Get()", "c, _ := p.Get(); p.Put(c); p.Get() → c", func(d *dialer, p *Pool) {
			c, _ := p.Get()
			p.Put(c)
			p.Get()
		}},
		{"a failed dial", "p.Get() // dial() fails", "p.Get() → errRefused", func(d *dialer, p *Pool) {
			d.set(func(d *dialer) { d.failing = true })
			p.Get()
			d.set(func(d *dialer) { d.failing = false })
		}},
		{"ErrExhausted", "p.Get(); p.Get(); p.Get()", "p.Get(); p.Get(); p.Get() → ErrExhausted", func(d *dialer, p *Pool) {
			p.Get()
			p.Get()
			p.Get()
		}},
		{"ErrClosed", "p.Close(); p.Get()", "p.Close(); p.Get() → ErrClosed", func(d *dialer, p *Pool) {
			p.Close()
			p.Get()
		}},
		{"Put", "c, _ := p.Get(); p.Put(c)", "c, _ := p.Get(); p.Put(c)", func(d *dialer, p *Pool) {
			c, _ := p.Get()
			p.Put(c)
		}},
		{"Put after Close", "c, _ := p.Get(); p.Close(); p.Put(c)", "c, _ := p.Get(); p.Close(); p.Put(c)", func(d *dialer, p *Pool) {
			c, _ := p.Get()
			p.Close()
			p.Put(c)
		}},
		{"Close", "c, _ := p.Get(); p.Put(c); p.Close()", "c, _ := p.Get(); p.Put(c); p.Close()", func(d *dialer, p *Pool) {
			c, _ := p.Get()
			p.Put(c)
			p.Close()
		}},
	} {
		t.Run(path.name, func(t *testing.T) {
			d := &dialer{}
			p := New(d.dial, 2)
			if !returns(t, clause1, path.calls, func() { path.do(d, p) }) {
				return
			}
			if !returns(t, clause1, path.done+"; p.Open()", func() { p.Open() }) {
				return
			}
			var x io.Closer
			var err error
			if !returns(t, clause1, path.done+"; p.Open(); p.Get()", func() { x, err = p.Get() }) {
				return
			}
			if err == nil && !returns(t, clause1, path.done+"; p.Open(); x, _ := p.Get(); p.Put(x)", func() { p.Put(x) }) {
				return
			}
			returns(t, clause1, path.done+"; p.Open(); p.Get(); p.Put(x); p.Close()", p.Close)
		})
	}
}

func TestReuse(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	d := &dialer{}
	p := New(d.dial, 2)
	a, err, ok := get(t, clause1, p, "a, _ := p.Get()")
	if !ok || !clause3.NoError(t, err, "Get() from an empty pool, max 2") {
		return
	}
	if !returns(t, clause1, "a, _ := p.Get(); p.Put(a)", func() { p.Put(a) }) {
		return
	}
	b, err, ok := get(t, clause1, p, "a, _ := p.Get(); p.Put(a); p.Get()")
	if !ok || !clause3.NoError(t, err, "Get() after Put(a)") {
		return
	}
	clause3.Check(t, b == a, "Get() after Put(a) returned connection %d, not a (connection %d)", b.(*conn).id, a.(*conn).id)
	clause3.Equal(t, 1, d.dials(), "dials after Get, Put, Get")
	clause3.Check(t, a.(*conn).closes.Load() == 0, "the connection put back and handed out again was closed %d times", a.(*conn).closes.Load())
}

func TestExhausted(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	d := &dialer{}
	p := New(d.dial, 2)
	a, _, _ := get(t, clause1, p, "a, _ := p.Get()")
	get(t, clause1, p, "a, _ := p.Get(); p.Get()")
	_, err, ok := get(t, clause3, p, "a, _ := p.Get(); p.Get(); p.Get()")
	if !ok || !clause3.ErrorIs(t, err, ErrExhausted, "Get() with both connections in use, max 2") {
		return
	}

	// The service sheds that request, finishes another and puts its
	// connection back.
	if !returns(t, clause1, "a, _ := p.Get(); p.Get(); p.Get() → ErrExhausted; p.Put(a)", func() { p.Put(a) }) {
		return // p is locked for good
	}
	c, err, ok := get(t, clause1, p, "a, _ := p.Get(); p.Get(); p.Get() → ErrExhausted; p.Put(a); p.Get()")
	if !ok || !clause3.NoError(t, err, "Get() after Put(a)") {
		return
	}
	clause3.Check(t, c == a, "Get() after Put(a) returned connection %d, not a (connection %d)", c.(*conn).id, a.(*conn).id)
	if n, ok := open(t, clause1, p, "...; p.Put(a); p.Get(); p.Open()"); ok {
		clause3.Equal(t, 2, n, "Open() with two connections in use")
	}
	clause3.Equal(t, 2, d.dials(), "dials for max 2")
}

// A dial under way holds a place: with max 1, a second Get fails at once.
func TestDialUnderWayCounts(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	d := &dialer{}
	gate := make(chan struct{})
	d.set(func(d *dialer) { d.gate = gate })
	p := New(d.dial, 1)
	first, _, firstDone := goGet(p)
	if !d.points.Await(t, "dial", 1, deadline) {
		close(gate)
		return
	}
	var err error
	ok := returnsWhile(t, clause3, "p.Get()", "dial()", func() { _, err = p.Get() })
	if ok {
		ok = clause3.ErrorIs(t, err, ErrExhausted, "Get() with max 1 while the first Get() dials")
	}
	if ok {
		var n int
		if returnsWhile(t, clause2, "p.Open()", "dial()", func() { n = p.Open() }) {
			clause3.Equal(t, 1, n, "Open() while one Get() dials")
		}
	}
	close(gate)
	if !returned(t, clause1, firstDone, "p.Get() whose dial() returned") {
		return
	}
	clause3.Check(t, d.most() <= 1, "with max 1, %d connections were open at once", d.most())
	if ok && *first != nil {
		returns(t, clause1, "c, _ := p.Get(); p.Put(c)", func() { p.Put(*first) })
	}
}

func TestDialFails(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	d := &dialer{}
	d.set(func(d *dialer) { d.failing = true })
	p := New(d.dial, 1)
	_, err, ok := get(t, clause1, p, "p.Get()")
	if !ok || !clause3.ErrorIs(t, err, errRefused, "Get() while the dial fails") {
		return
	}
	if n, ok := open(t, clause1, p, "p.Get() → errRefused; p.Open()"); !ok || !clause3.Equal(t, 0, n, "Open() after a failed dial") {
		return
	}
	d.set(func(d *dialer) { d.failing = false })
	c, err, ok := get(t, clause1, p, "p.Get() → errRefused; p.Open(); p.Get()")
	if ok && clause3.NoError(t, err, "Get() with max 1 after a failed dial") {
		clause3.Check(t, c != nil, "Get() returned a nil connection and no error")
	}
}

// While one Get waits for a slow dial, the pool serves everyone else.
func TestSlowDialHoldsUpNoOne(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	d := &dialer{}
	p := New(d.dial, 3)
	a, err, ok := get(t, clause1, p, "a, _ := p.Get()")
	if !ok || !clause3.NoError(t, err, "Get() from an empty pool") {
		return
	}
	gate := make(chan struct{})
	d.set(func(d *dialer) { d.gate = gate })
	b, _, dialled := goGet(p)
	if !d.points.Await(t, "dial", 1, deadline) {
		close(gate)
		return
	}

	ok = returnsWhile(t, clause2, "p.Put(a)", "dial()", func() { p.Put(a) })
	if ok {
		var c io.Closer
		ok = returnsWhile(t, clause2, "p.Get()", "dial()", func() { c, err = p.Get() })
		if ok && clause3.NoError(t, err, "Get() of the idle connection") {
			clause3.Check(t, c == a, "Get() while a was idle returned connection %d, not a (connection %d)", c.(*conn).id, a.(*conn).id)
			ok = returnsWhile(t, clause2, "p.Put(a)", "dial()", func() { p.Put(a) })
		}
	}
	if ok {
		ok = returnsWhile(t, clause2, "p.Open()", "dial()", func() { p.Open() })
	}
	if ok {
		ok = returnsWhile(t, clause2, "p.Close()", "dial()", p.Close)
	}
	close(gate) // whatever happened, the dial completes now
	if !ok || !returned(t, clause1, dialled, "p.Get() whose dial() returned after p.Close()") {
		return
	}
	if *b != nil {
		if !returns(t, clause1, "p.Close(); p.Put(b)", func() { p.Put(*b) }) {
			return
		}
	}
	d.closedOnce(t, clause4, "p.Close(); p.Put(b)")
	if n, ok := open(t, clause1, p, "p.Close(); p.Put(b); p.Open()"); ok {
		clause4.Equal(t, 0, n, "Open() once every connection is closed")
	}
}

// While the pool waits for a connection's slow Close, it serves everyone else.
func TestSlowCloseHoldsUpNoOne(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	for _, closer := range []string{"p.Close()", "p.Put(a)"} {
		t.Run(closer, func(t *testing.T) {

			d := &dialer{}
			p := New(d.dial, 3)
			gate := make(chan struct{})
			d.set(func(d *dialer) { d.slowClose = gate })
			a, _, _ := get(t, clause1, p, "a, _ := p.Get()")
			d.set(func(d *dialer) { d.slowClose = nil })
			b, _, _ := get(t, clause1, p, "a, _ := p.Get(); b, _ := p.Get()")
			if a == nil || b == nil {
				close(gate)
				return
			}
			closing := make(chan struct{})
			under := closer + " → a.Close()"
			if closer == "p.Close()" {
				p.Put(a)
				go func() {
					defer close(closing)
					p.Close() // closes a, which takes its time
				}()
			} else {
				p.Close()
				go func() {
					defer close(closing)
					p.Put(a) // closes a, which takes its time
				}()
			}
			if !d.points.Await(t, "Close", 1, deadline) {
				close(gate)
				return
			}

			var err error
			ok := returnsWhile(t, clause2, "p.Get()", under, func() { _, err = p.Get() })
			if ok {
				clause4.ErrorIs(t, err, ErrClosed, "Get() after Close()")
				ok = returnsWhile(t, clause2, "p.Open()", under, func() { p.Open() })
			}
			if ok {
				ok = returnsWhile(t, clause2, "p.Put(b)", under, func() { p.Put(b) })
			}
			if ok {
				ok = returnsWhile(t, clause2, "p.Close()", under, p.Close)
			}
			close(gate)
			if !ok || !returned(t, clause1, closing, closer) {
				return
			}
			d.closedOnce(t, clause4, "p.Close(); p.Put(a); p.Put(b)")
			if n, ok := open(t, clause1, p, "p.Close(); p.Put(a); p.Put(b); p.Open()"); ok {
				clause4.Equal(t, 0, n, "Open() once every connection is closed")
			}
		})
	}
}

func TestClose(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	d := &dialer{}
	p := New(d.dial, 2)
	a, _, _ := get(t, clause1, p, "a, _ := p.Get()")
	b, _, _ := get(t, clause1, p, "a, _ := p.Get(); b, _ := p.Get()")
	if a == nil || b == nil {
		return
	}
	if !returns(t, clause1, "...; p.Put(b)", func() { p.Put(b) }) || !returns(t, clause1, "...; p.Put(b); p.Close()", p.Close) {
		return
	}
	clause4.Equal(t, int32(1), b.(*conn).closes.Load(), "Close() calls of the connection that was idle when Close() was called")
	clause4.Equal(t, int32(0), a.(*conn).closes.Load(), "Close() calls of the connection in use when Close() was called, before it is put back")

	_, err, ok := get(t, clause1, p, "...; p.Put(b); p.Close(); p.Get()")
	if ok {
		clause4.ErrorIs(t, err, ErrClosed, "Get() after Close()")
	}
	if !returns(t, clause1, "...; p.Close(); p.Get(); p.Put(a)", func() { p.Put(a) }) {
		return
	}
	if !returns(t, clause1, "...; p.Close(); p.Get(); p.Put(a); p.Close()", p.Close) {
		return
	}
	d.closedOnce(t, clause4, "p.Put(b); p.Close(); p.Put(a); p.Close()")
	if n, ok := open(t, clause1, p, "...; p.Put(a); p.Close(); p.Open()"); ok {
		clause4.Equal(t, 0, n, "Open() once every connection is closed")
	}
}

// queries is a worker of a busy service: n times, it gets a connection, uses
// it and puts it back, or sheds its query when the pool is exhausted.
func queries(p *Pool, n int, served, shed, failed, inUse, mostInUse *atomic.Int32) {
	for range n {
		c, err := p.Get()
		switch {
		case errors.Is(err, ErrExhausted):
			shed.Add(1)
			runtime.Gosched()
			continue
		case err != nil:
			failed.Add(1)
			continue
		}
		n := inUse.Add(1)
		for m := mostInUse.Load(); n > m && !mostInUse.CompareAndSwap(m, n); m = mostInUse.Load() {
		}
		runtime.Gosched() // the query
		inUse.Add(-1)
		p.Put(c)
		served.Add(1)
	}
}

func TestBusyService(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	const workers, n, max = 8, 200, 3
	d := &dialer{}
	p := New(d.dial, max)
	var served, shed, failed, inUse, mostInUse atomic.Int32
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { queries(p, n, &served, &shed, &failed, &inUse, &mostInUse) })
	}
	calls := fmt.Sprintf("p := New(dial, %d); %d × go queries(p, %d)", max, workers, n)
	if !returns(t, clause1, calls, wg.Wait) {
		return
	}
	clause3.Equal(t, int32(0), failed.Load(), "Get() calls that failed with neither a connection nor ErrExhausted")
	clause3.Check(t, served.Load() > 0, "no query was served: all %d were shed", shed.Load())
	clause3.Check(t, d.most() <= max && mostInUse.Load() <= max, "with max %d, %d connections were open and %d in use at once", max, d.most(), mostInUse.Load())

	if !returns(t, clause1, calls+"; p.Close()", p.Close) {
		return
	}
	d.closedOnce(t, clause4, calls+"; p.Close()")
	if n, ok := open(t, clause1, p, calls+"; p.Close(); p.Open()"); ok {
		clause4.Equal(t, 0, n, "Open() once every connection is closed")
	}
}

// worker gets and puts back connections until the pool is closed.
func worker(p *Pool) {
	for {
		c, err := p.Get()
		if errors.Is(err, ErrClosed) {
			return
		}
		runtime.Gosched() // the query, or the wait before a retry
		if err == nil {
			p.Put(c)
		}
	}
}

// Close lands while workers are getting and putting back connections, many
// times over: the race detector watches, and every connection must end up
// closed exactly once.
func TestCloseRacesTheWorkers(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	const calls = "p := New(dial, 3); 4 × go worker(p)"
	for round := range 50 {
		d := &dialer{}
		p := New(d.dial, 3)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() { worker(p) })
		}
		for range round % 7 {
			runtime.Gosched()
		}
		if !returnsWhile(t, clause1, "p.Close()", calls, p.Close) {
			return
		}
		if !returns(t, clause1, calls+"; p.Close(); wg.Wait()", wg.Wait) {
			return
		}
		d.closedOnce(t, clause4, calls+"; p.Close(); wg.Wait()")
		if n, ok := open(t, clause1, p, calls+"; p.Close(); wg.Wait(); p.Open()"); !ok || !clause4.Equal(t, 0, n, "Open() once every connection is closed") {
			return
		}
	}
}

// A dial under way when Close is called fails afterwards: Get comes back
// without a connection, and every call after it returns.
func TestDialFailsAfterClose(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	d := &dialer{}
	p := New(d.dial, 2)
	gate := make(chan struct{})
	d.set(func(d *dialer) { d.gate, d.failing = gate, true })
	x, _, dialled := goGet(p)
	if !d.points.Await(t, "dial", 1, deadline) {
		close(gate)
		return
	}
	ok := returnsWhile(t, clause2, "p.Close()", "dial()", p.Close)
	close(gate) // the dial fails now, after Close
	const calls = "go p.Get(); p.Close() while dial() is under way; dial() fails"
	if !ok || !returned(t, clause1, dialled, calls) {
		return
	}
	if *x != nil && !returns(t, clause1, calls+"; p.Put(c)", func() { p.Put(*x) }) {
		return
	}
	n, ok := open(t, clause1, p, calls+"; p.Open()")
	if !ok {
		return
	}
	clause4.Equal(t, 0, n, "Open() once every connection is closed")
	_, err, ok := get(t, clause1, p, calls+"; p.Open(); p.Get()")
	if !ok {
		return
	}
	clause4.ErrorIs(t, err, ErrClosed, "Get() after Close()")
	returns(t, clause1, calls+"; p.Open(); p.Get(); p.Close()", p.Close)
}

// Close lands while two callers get and put back connections as fast as they
// can, many rounds on the real clock: whichever Put it lands next to, every
// connection ends up closed exactly once.
func TestCloseRacesPut(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	const max = 2
	calls := fmt.Sprintf("p := New(dial, %d); 2 × go loop { c, _ := p.Get(); p.Put(c) }; p.Close()", max)
	// As many rounds as fit in 300ms, at most 1000.
	for i, end := 0, time.Now().Add(300*time.Millisecond); i < 1000 && time.Now().Before(end); i++ {
		d := &dialer{}
		p := New(d.dial, max)
		var cycles atomic.Int32
		loop := func() {
			for {
				c, err := p.Get()
				if errors.Is(err, ErrClosed) {
					return
				}
				if err == nil {
					p.Put(c)
				}
				cycles.Add(1)
			}
		}
		if !leakcheck.Concurrently(t, clause1, deadline, map[string]func(){
			"loop 1": loop,
			"loop 2": loop,
			"p.Close()": func() {
				for cycles.Load() < 20 {
					runtime.Gosched()
				}
				p.Close()
			},
		}) {
			return
		}
		if d.closedOnce(t, clause4, calls); t.Failed() {
			return
		}
		if n, ok := open(t, clause1, p, calls+"; p.Open()"); !ok || !clause4.Equal(t, 0, n, "Open() once every connection is closed") {
			return
		}
	}
}

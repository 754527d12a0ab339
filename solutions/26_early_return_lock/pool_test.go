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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// A goroutine stuck on a sync.Mutex is not durably blocked, so synctest cannot
// see a deadlock on one: these tests run on the real clock and guard every call
// into the Pool with a real deadline. When a call deadlocks, the test stops
// using that Pool (its mutex is held for good) and VerifyNone lists the stuck
// goroutine, with the line it waits on; later tests ignore it.
const deadline = 500 * time.Millisecond

// fakeConn is a connection that records whether it was closed.
type fakeConn struct {
	id     int
	closed atomic.Bool
}

func (c *fakeConn) Close() error {
	if c.closed.Swap(true) {
		return errors.New("closed twice")
	}
	return nil
}

// dialer hands out numbered fakeConns and fails while failing is set.
type dialer struct {
	failing atomic.Bool
	dials   atomic.Int32
	mu      sync.Mutex
	conns   []*fakeConn
}

var errRefused = errors.New("connection refused")

func (d *dialer) dial() (io.Closer, error) {
	if d.failing.Load() {
		return nil, errRefused
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	c := &fakeConn{id: int(d.dials.Add(1))}
	d.conns = append(d.conns, c)
	return c, nil
}

func (d *dialer) allClosed() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, c := range d.conns {
		if !c.closed.Load() {
			return false
		}
	}
	return true
}

// call runs f with a real deadline and reports whether it returned.
func call(t *testing.T, what string, f func()) bool {
	t.Helper()
	return leakcheck.Within(t, deadline, what, f)
}

func getConn(t *testing.T, p *Pool, what string) (c io.Closer, err error, ok bool) {
	t.Helper()
	ok = call(t, what, func() { c, err = p.Get() })
	return c, err, ok
}

func TestReuse(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	d := &dialer{}
	p := New(d.dial, 2)
	a, err, ok := getConn(t, p, "Get from an empty pool")
	require.True(t, ok)
	require.NoError(t, err, "an empty pool dials")
	require.True(t, call(t, "Put", func() { p.Put(a) }))

	b, err, ok := getConn(t, p, "Get after Put")
	require.True(t, ok)
	require.NoError(t, err)
	assert.Same(t, a, b, "a connection put back is handed out again")
	assert.EqualValues(t, 1, d.dials.Load(), "reusing a connection dials nothing")
	assert.False(t, a.(*fakeConn).closed.Load(), "a connection in use stays open")
}

func TestExhausted(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	d := &dialer{}
	p := New(d.dial, 2)
	a, err, _ := getConn(t, p, "the first Get")
	require.NoError(t, err)
	_, err, _ = getConn(t, p, "the second Get")
	require.NoError(t, err)

	_, err, ok := getConn(t, p, "Get from an exhausted pool")
	require.True(t, ok)
	require.ErrorIs(t, err, ErrExhausted, "two connections are in use and max is 2")

	// The service sheds that request, finishes another and puts its connection back.
	if !call(t, "deadlock: Put after a Get that answered ErrExhausted", func() { p.Put(a) }) {
		return // p is locked for good
	}
	c, err, ok := getConn(t, p, "deadlock: Get after a Get that answered ErrExhausted")
	if !ok {
		return
	}
	require.NoError(t, err, "a connection was put back: Get must hand it out")
	assert.Same(t, a, c, "Get must hand out the connection that was put back")
	var open int
	if call(t, "Open", func() { open = p.Open() }) {
		assert.Equal(t, 2, open, "two connections are open, both in use")
	}
	assert.EqualValues(t, 2, d.dials.Load(), "never more dials than max")
}

func TestBusyService(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	const workers, queries, max = 8, 200, 3
	d := &dialer{}
	p := New(d.dial, max)
	var served, shed atomic.Int32
	var inUse, maxInUse atomic.Int32
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range queries {
				c, err := p.Get()
				if errors.Is(err, ErrExhausted) {
					shed.Add(1)
					runtime.Gosched()
					continue
				}
				if err != nil {
					return
				}
				if n := inUse.Add(1); n > maxInUse.Load() {
					maxInUse.Store(n)
				}
				runtime.Gosched() // the query
				inUse.Add(-1)
				p.Put(c)
				served.Add(1)
			}
		})
	}
	if !leakcheck.Within(t, 2*time.Second, fmt.Sprintf("deadlock: %d workers sharing a pool of %d", workers, max), wg.Wait) {
		return
	}
	assert.EqualValues(t, workers*queries, served.Load()+shed.Load(), "every query is served or shed")
	assert.Positive(t, served.Load(), "queries are served")
	assert.LessOrEqual(t, d.dials.Load(), int32(max), "never more than max connections")

	if !call(t, "Close", p.Close) {
		return
	}
	var open int
	if call(t, "Open after Close", func() { open = p.Open() }) {
		assert.Zero(t, open, "every connection was put back, then closed by Close")
	}
	assert.True(t, d.allClosed(), "Close closes the idle connections")
}

func TestDialFails(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	d := &dialer{}
	d.failing.Store(true)
	p := New(d.dial, 1)
	_, err, ok := getConn(t, p, "Get while the database refuses connections")
	require.True(t, ok)
	require.ErrorIs(t, err, errRefused, "Get returns the dial error")

	d.failing.Store(false)
	c, err, ok := getConn(t, p, "Get after a failed dial")
	require.True(t, ok)
	require.NoError(t, err, "a failed dial frees its slot")
	assert.NotNil(t, c)
}

func TestClose(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	d := &dialer{}
	p := New(d.dial, 2)
	a, _, _ := getConn(t, p, "the first Get")
	b, _, _ := getConn(t, p, "the second Get")
	require.True(t, call(t, "Put", func() { p.Put(b) }))
	require.True(t, call(t, "Close", p.Close))
	assert.True(t, b.(*fakeConn).closed.Load(), "Close closes the idle connections")
	assert.False(t, a.(*fakeConn).closed.Load(), "Close leaves the connections in use alone")

	_, err, ok := getConn(t, p, "Get after Close")
	require.True(t, ok)
	assert.ErrorIs(t, err, ErrClosed)
	require.True(t, call(t, "Put after Close", func() { p.Put(a) }))
	assert.True(t, a.(*fakeConn).closed.Load(), "a connection put back after Close is closed")
	var open int
	if call(t, "Open", func() { open = p.Open() }) {
		assert.Zero(t, open)
	}
}

package announce

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// fakeClient is the remote store on synctest's fake clock. Put takes 10ms. A
// keepalive takes rtt and, like any small request already on the wire, completes
// even if its ctx is cancelled meanwhile.
type fakeClient struct {
	rtt time.Duration

	mu       sync.Mutex
	last     int               // last lease granted
	renewed  map[int]int       // keepalives per lease
	lastKept map[int]time.Time // when each lease was last renewed
	inFlight map[int]int       // keepalives per lease not answered yet
	answered time.Time         // when the last keepalive was answered
}

const (
	putRTT       = 10 * time.Millisecond
	keepaliveRTT = 100 * time.Millisecond
)

func newFakeClient(rtt time.Duration) *fakeClient {
	return &fakeClient{rtt: rtt, renewed: map[int]int{}, lastKept: map[int]time.Time{}, inFlight: map[int]int{}}
}

func (c *fakeClient) Put(ctx context.Context, value []byte) (int, error) {
	select {
	case <-time.After(putRTT):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last++
	return c.last, nil
}

func (c *fakeClient) Keepalive(ctx context.Context, lease int) error {
	c.mu.Lock()
	c.inFlight[lease]++
	c.mu.Unlock()

	if c.rtt > 0 {
		time.Sleep(c.rtt)
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	c.inFlight[lease]--
	c.renewed[lease]++
	c.lastKept[lease] = time.Now()
	c.answered = time.Now()
	return nil
}

// Answered returns when the last keepalive was answered.
func (c *fakeClient) Answered() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.answered
}

// assertPrompt checks that a call made at start that returned at end waited
// for what it must and no longer: for the keepalive on the wire when it was
// called, if any, plus took for its own requests. A time.Sleep that guesses how
// long a keepalive goroutine needs to notice its cancel returns later.
func assertPrompt(t *testing.T, c *fakeClient, what string, start, end time.Time, took time.Duration) bool {
	t.Helper()
	want := start
	if answered := c.Answered(); answered.After(want) {
		want = answered
	}
	want = want.Add(took)
	return assert.False(t, end.After(want),
		"%s returned %v after it was called, but all it had to wait for (the keepalive on the wire, its own requests) "+
			"was over after %v: wait for the goroutine to exit (sync.WaitGroup) instead of sleeping", what, end.Sub(start), want.Sub(start))
}

// KeptAliveAfter returns how many leases were renewed after t.
func (c *fakeClient) KeptAliveAfter(t time.Time) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, last := range c.lastKept {
		if last.After(t) {
			n++
		}
	}
	return n
}

func (c *fakeClient) Renewed(lease int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.renewed[lease]
}

// InFlight returns the keepalives of lease not answered yet (of any lease if lease is 0).
func (c *fakeClient) InFlight(lease int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for l, k := range c.inFlight {
		if lease == 0 || l == lease {
			n += k
		}
	}
	return n
}

// call runs f, a call to the Announcer, and stops the test if it blocks.
func call(t *testing.T, what string, f func() error) error {
	t.Helper()
	var err error
	if !leakcheck.Within(t, time.Minute, what, func() { err = f() }) {
		t.FailNow()
	}
	return err
}

func put(t *testing.T, c *fakeClient, a *Announcer, value string) {
	t.Helper()
	start := time.Now()
	require.NoError(t, call(t, "Put", func() error { return a.Put(context.Background(), []byte(value)) }), "Put")
	if !assertPrompt(t, c, "Put", start, time.Now(), putRTT) {
		t.FailNow()
	}
}

func closeAnnouncer(t *testing.T, c *fakeClient, a *Announcer) {
	t.Helper()
	start := time.Now()
	require.NoError(t, call(t, "Close", a.Close), "Close")
	assertPrompt(t, c, "Close", start, time.Now(), 0)
}

// waitForKeepalive sleeps until a keepalive request is in flight, and then
// until it is half-way there.
func waitForKeepalive(t *testing.T, c *fakeClient) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); c.InFlight(0) == 0; {
		require.True(t, time.Now().Before(deadline), "no keepalive was sent within 5s of Put")
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(keepaliveRTT / 2)
}

// assertStopped checks that nothing renews any lease any more.
func assertStopped(t *testing.T, c *fakeClient, after string) {
	t.Helper()
	inFlight := c.InFlight(0)
	now := time.Now()
	time.Sleep(10 * time.Second)
	assert.Zero(t, c.KeptAliveAfter(now),
		"leases renewed after %s returned: their keepalive goroutines leaked", after)
	assert.Zero(t, inFlight,
		"keepalives still in flight when %s returned: it must wait for the keepalive goroutine to exit", after)
}

func TestOnlyLatestLeaseKeptAlive(t *testing.T) {
	// A service re-announces itself every time its address or weight changes.
	for _, puts := range []int{1, 2, 3000} {
		t.Run(fmt.Sprintf("%d puts", puts), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

			leakcheck.Bubble(t, func(t *testing.T) {
				// Keepalives are answered at once here, so that the leak report
				// shows one stack; TestCloseWaitsForKeepalive has slow ones.
				c := newFakeClient(0)
				a := New(c)
				for i := range puts {
					put(t, c, a, fmt.Sprintf("10.0.0.7:8080 weight=%d", i))
				}
				latest := a.Current()

				since, renewed := time.Now(), c.Renewed(latest)
				time.Sleep(10*time.Second + 500*time.Millisecond)
				assert.Equal(t, 1, c.KeptAliveAfter(since),
					"leases renewed in the 10s after the last Put: only the latest should be; "+
						"the others are renewed by leaked goroutines")
				assert.GreaterOrEqual(t, c.Renewed(latest)-renewed, 9, "renewals of the latest lease in 10s")

				closeAnnouncer(t, c, a)
				assertStopped(t, c, "Close")
				// Anything of the Announcer's still running when this bubble ends is reported as a leak.
			})
		})
	}
}

func TestPutStopsPreviousKeepalive(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient(keepaliveRTT)
		a := New(c)
		put(t, c, a, "10.0.0.7:8080")
		first := a.Current()
		waitForKeepalive(t, c)

		put(t, c, a, "10.0.0.8:8080")

		assert.Zero(t, c.InFlight(first),
			"Put returned while the replaced lease's keepalive was still in flight: "+
				"it must wait for that goroutine to exit")
		renewed := c.Renewed(first)
		time.Sleep(10*time.Second + 500*time.Millisecond)
		assert.Equal(t, renewed, c.Renewed(first),
			"the replaced lease was still renewed after Put: its keepalive goroutine leaked")
		closeAnnouncer(t, c, a)
	})
}

func TestCloseWaitsForKeepalive(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient(keepaliveRTT)
		a := New(c)
		put(t, c, a, "10.0.0.7:8080")
		waitForKeepalive(t, c)

		closeAnnouncer(t, c, a)
		assertStopped(t, c, "Close")
	})
}

func TestPutAfterClose(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		c := newFakeClient(keepaliveRTT)
		a := New(c)
		put(t, c, a, "10.0.0.7:8080")
		closeAnnouncer(t, c, a)

		err := call(t, "Put after Close", func() error { return a.Put(context.Background(), []byte("10.0.0.8:8080")) })

		assert.Error(t, err, "Put after Close must fail: nothing would ever stop its keepalive (a leaked goroutine)")
		assertStopped(t, c, "the Put after Close")
	})
}

package cachetest

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// These tests grade CheckCache, not a Cache: they run it against Caches whose
// verdict is known and check that it gives that verdict. They run on synctest's
// fake clock, so janitors, TTLs and any waiting CheckCache does cost no real time.

const (
	sweepEvery   = time.Minute           // how often a janitor drops expired entries
	snapshotTime = 50 * time.Millisecond // how long lazyCloseCache's janitor takes to exit after Close
)

// Each known Cache takes kill, which the test closes when it ends: it stands for
// the process exiting. Nothing a Cache does ever closes it, so as far as the Cache
// is concerned a goroutine waiting for kill waits forever.

// store is the map and mutex every known Cache is built on.
type store struct {
	mu sync.Mutex
	m  map[string]entry
}

type entry struct {
	value   string
	expires time.Time
}

func (s *store) init() { s.m = map[string]entry{} }

func (s *store) set(key, value string, ttl time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = entry{value, time.Now().Add(ttl)}
}

func (s *store) Get(key string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.m[key]
	if !ok || time.Now().After(e.expires) {
		return "", false
	}
	return e.value, true
}

// sweepUntil is a janitor's loop: it drops expired entries every sweepEvery
// until stop is closed.
func (s *store) sweepUntil(stop <-chan struct{}) {
	t := time.NewTicker(sweepEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			s.sweep()
		case <-stop:
			return
		}
	}
}

func (s *store) sweep() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	for k, e := range s.m {
		if now.After(e.expires) {
			delete(s.m, k)
		}
	}
}

// goodCache is correct: Close stops the janitor and waits for it.
type goodCache struct {
	store
	stop chan struct{}
	wg   sync.WaitGroup
}

func newGoodCache(kill <-chan struct{}) Cache {
	c := &goodCache{stop: make(chan struct{})}
	c.init()
	c.wg.Go(c.janitor)
	return c
}

func (c *goodCache) janitor() { c.sweepUntil(c.stop) }

func (c *goodCache) Set(key, value string, ttl time.Duration) { c.set(key, value, ttl) }

func (c *goodCache) Close() error {
	close(c.stop)
	c.wg.Wait()
	return nil
}

// lazyCloseCache is correct too, but its Close only signals the janitor, which
// saves a snapshot and exits snapshotTime later: a goroutine on its way out.
type lazyCloseCache struct {
	store
	stop chan struct{}
}

func newLazyCloseCache(kill <-chan struct{}) Cache {
	c := &lazyCloseCache{stop: make(chan struct{})}
	c.init()
	go c.janitor()
	return c
}

func (c *lazyCloseCache) janitor() {
	c.sweepUntil(c.stop)
	time.Sleep(snapshotTime) // writing the snapshot
}

func (c *lazyCloseCache) Set(key, value string, ttl time.Duration) { c.set(key, value, ttl) }

func (c *lazyCloseCache) Close() error {
	close(c.stop)
	return nil
}

// leakyJanitorCache's Close empties the map but never stops the janitor.
type leakyJanitorCache struct {
	store
	kill <-chan struct{}
}

func newLeakyJanitorCache(kill <-chan struct{}) Cache {
	c := &leakyJanitorCache{kill: kill}
	c.init()
	go c.janitor()
	return c
}

func (c *leakyJanitorCache) janitor() { c.sweepUntil(c.kill) }

func (c *leakyJanitorCache) Set(key, value string, ttl time.Duration) { c.set(key, value, ttl) }

func (c *leakyJanitorCache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.m)
	return nil
}

// replicatingCache stops its janitor correctly, but every Set hands the entry
// to the replicator through an unbuffered channel, from a new goroutine so that
// Set never waits. With no replica attached nothing reads the channel, and each
// Set leaves a goroutine blocked forever on the send.
type replicatingCache struct {
	*goodCache
	replicas chan entry
	kill     <-chan struct{}
}

func newReplicatingCache(kill <-chan struct{}) Cache {
	return &replicatingCache{goodCache: newGoodCache(kill).(*goodCache), replicas: make(chan entry), kill: kill}
}

func (c *replicatingCache) Set(key, value string, ttl time.Duration) {
	c.set(key, value, ttl)
	go c.forward(entry{value, time.Now().Add(ttl)})
}

func (c *replicatingCache) forward(e entry) {
	select {
	case c.replicas <- e:
	case <-c.kill:
	}
}

// stickyCache does not leak, but its Set keeps the first value of a key.
type stickyCache struct{ *goodCache }

func newStickyCache(kill <-chan struct{}) Cache {
	return &stickyCache{newGoodCache(kill).(*goodCache)}
}

func (c *stickyCache) Set(key, value string, ttl time.Duration) {
	if _, ok := c.Get(key); !ok {
		c.set(key, value, ttl)
	}
}

// recorder is the testing.TB CheckCache gets: it records failures instead of
// failing the test, so the test can compare them with the known verdict.
// Everything it does not override goes to the real test.
type recorder struct {
	testing.TB

	mu       sync.Mutex
	failed   bool
	skipped  bool
	log      strings.Builder
	cleanups []func()
}

func (r *recorder) Log(args ...any)                 { r.logf("%s", fmt.Sprintln(args...)) }
func (r *recorder) Logf(format string, args ...any) { r.logf(format, args...) }
func (r *recorder) Error(args ...any)               { r.Log(args...); r.Fail() }
func (r *recorder) Errorf(format string, args ...any) {
	r.Logf(format, args...)
	r.Fail()
}
func (r *recorder) Fatal(args ...any)                 { r.Log(args...); r.FailNow() }
func (r *recorder) Fatalf(format string, args ...any) { r.Logf(format, args...); r.FailNow() }
func (r *recorder) FailNow()                          { r.Fail(); runtime.Goexit() }
func (r *recorder) Skip(args ...any)                  { r.Log(args...); r.SkipNow() }
func (r *recorder) Skipf(format string, args ...any)  { r.Logf(format, args...); r.SkipNow() }

func (r *recorder) logf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintf(&r.log, "    "+strings.TrimSuffix(format, "\n")+"\n", args...)
}

func (r *recorder) Fail() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
}

func (r *recorder) Failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed
}

func (r *recorder) SkipNow() {
	r.mu.Lock()
	r.skipped = true
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Skipped() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.skipped
}

func (r *recorder) Cleanup(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cleanups = append(r.cleanups, f)
}

// runCleanups runs the registered cleanups, last first, like testing does,
// even if one of them calls FailNow.
func (r *recorder) runCleanups() {
	r.mu.Lock()
	n := len(r.cleanups)
	if n == 0 {
		r.mu.Unlock()
		return
	}
	f := r.cleanups[n-1]
	r.cleanups = r.cleanups[:n-1]
	r.mu.Unlock()
	defer r.runCleanups()
	f()
}

// verdict is what CheckCache said about one Cache.
type verdict struct {
	failed bool
	log    string
}

// check runs CheckCache on a goroutine of its own, where FailNow can end it
// as it ends a test, and returns its verdict. It must be called in a bubble.
func check(t *testing.T, newCache func() Cache) verdict {
	t.Helper()
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer r.runCleanups()
		CheckCache(r, newCache)
	}()
	select {
	case <-done:
	case <-time.After(time.Hour):
		t.Fatal("CheckCache did not return within an hour (of fake time): a leak test must give its verdict")
	}
	// Let goroutines on their way out (lazyCloseCache's janitor) finish before
	// the next check or the end of the bubble.
	time.Sleep(time.Second)
	require.False(t, r.Skipped(), "CheckCache skipped the Cache: a conformance check must give a verdict\n%s", r.log.String())
	return verdict{r.Failed(), r.log.String()}
}

// known builds a Cache whose verdict is known, with the test's kill switch.
type known struct {
	what string // a Cache that / a Cache whose ...
	new  func(kill <-chan struct{}) Cache
}

var (
	good = []known{
		{"whose Close stops the janitor and waits for it", newGoodCache},
		{"whose janitor exits a moment after Close returns", newLazyCloseCache},
	}
	leaky = []known{
		{"whose janitor goroutine outlives Close", newLeakyJanitorCache},
		{"that leaves a goroutine per Set blocked forever on a send", newReplicatingCache},
	}
)

func (k known) with(kill <-chan struct{}) func() Cache {
	return func() Cache { return k.new(kill) }
}

func expectPass(t *testing.T, k known, kill <-chan struct{}, while string) {
	t.Helper()
	v := check(t, k.with(kill))
	assert.False(t, v.failed, "CheckCache failed a correct Cache, one %s%s. It reported:\n%s"+
		"A leak test that fails correct code gets switched off: judge only the goroutines the Cache under test started, "+
		"and give one on its way out a moment to finish.", k.what, while, v.log)
}

func expectFail(t *testing.T, k known, kill <-chan struct{}, while string) {
	t.Helper()
	v := check(t, k.with(kill))
	assert.True(t, v.failed, "CheckCache passed a Cache %s%s: a leak test must catch that leaked goroutine", k.what, while)
}

func TestPassesCorrectCaches(t *testing.T) {
	for _, k := range good {
		t.Run(k.what, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				expectPass(t, k, nil, "")
			})
		})
	}
}

func TestFailsLeakyCaches(t *testing.T) {
	for _, k := range leaky {
		t.Run(k.what, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				kill := make(chan struct{})
				defer close(kill)
				expectFail(t, k, kill, "")
			})
		})
	}
}

func TestStillChecksValues(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		v := check(t, known{new: newStickyCache}.with(nil))
		assert.True(t, v.failed, "CheckCache passed a Cache whose Set keeps the first value of a key: "+
			"a leak test comes on top of the behaviour checks, not instead of them")
	})
}

func TestJudgesOnlyItsOwnGoroutines(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		kill := make(chan struct{})
		defer close(kill)

		// Goroutines CheckCache did not start: leaks of other code in the same
		// test binary, still running when it is called.
		for _, k := range leaky {
			c := k.new(kill)
			c.Set("session", "other test", time.Hour)
			require.NoError(t, c.Close())
		}
		const others = " while goroutines other code leaked earlier were running"

		for _, k := range good {
			expectPass(t, k, kill, others)
		}
		for _, k := range leaky {
			expectFail(t, k, kill, others)
		}
	})
}

// endsAnother is a Cache whose first Set also lets an unrelated goroutine of the
// process end (a request elsewhere finishing): counting goroutines before and
// after, as runtime.NumGoroutine does, then sees one fewer and one more, and
// misses the leak.
type endsAnother struct {
	Cache
	once sync.Once
	end  chan struct{}
}

func (c *endsAnother) Set(key, value string, ttl time.Duration) {
	c.once.Do(func() { close(c.end) })
	c.Cache.Set(key, value, ttl)
}

func TestOtherGoroutinesEndMeanwhile(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		kill := make(chan struct{})
		defer close(kill)

		for _, k := range append(append([]known(nil), good...), leaky...) {
			end := make(chan struct{})
			go func() { <-end }() // started before CheckCache, ends during it
			v := check(t, func() Cache { return &endsAnother{Cache: k.new(kill), end: end} })
			if slices.ContainsFunc(good, func(g known) bool { return g.what == k.what }) {
				assert.False(t, v.failed, "CheckCache failed a correct Cache, one %s, while another goroutine ended. "+
					"It reported:\n%s", k.what, v.log)
			} else {
				assert.True(t, v.failed, "CheckCache passed a Cache %s while another goroutine of the process ended "+
					"meanwhile: a count of goroutines before and after cannot tell which ones ended or started; "+
					"compare the goroutines themselves (goleak.IgnoreCurrent)", k.what)
			}
		}
	})
}

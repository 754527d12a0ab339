package cachetest

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// These tests grade CheckCache, not a Cache: they run it against Caches whose
// verdict is known and check that it gives that verdict. They run on synctest's
// fake clock, so janitors, TTLs and any waiting CheckCache does cost no real time.
//
// The known Caches are the fakes of this exercise: each has a speed at which
// its goroutines end after Close (at once, a moment later, a minute later,
// never) and a place where it starts them (its constructor, Set, Get, Close).

const (
	sweepEvery   = time.Minute           // how often a janitor drops expired entries
	snapshotTime = 50 * time.Millisecond // how long lazyCloseCache's janitor takes to exit after Close
	slowStopTime = time.Minute           // how long slowStopCache's janitor takes to exit after Close
	settleTime   = 2 * slowStopTime      // how long check waits after each verdict for every Cache's goroutines to end
	verdictTime  = 3 * time.Minute       // how long CheckCache may take to give its verdict
)

// env is what a known Cache is built with. kill stands for the process
// exiting: nothing a Cache does ever closes it, so as far as the Cache is
// concerned a goroutine waiting for kill waits forever. ctx is the test's
// context (testing.TB's Context), cancelled just before the test's cleanups
// run, as testing cancels it.
type env struct {
	kill <-chan struct{}
	ctx  context.Context
}

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

func newGoodCache(env) Cache {
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

func newLazyCloseCache(env) Cache {
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

// perEntryCache is correct: each Set starts a goroutine that drops the entry
// when it expires, and Close ends them all and waits for them.
type perEntryCache struct {
	store
	stop chan struct{}
	wg   sync.WaitGroup
}

func newPerEntryCache(env) Cache {
	c := &perEntryCache{stop: make(chan struct{})}
	c.init()
	return c
}

func (c *perEntryCache) Set(key, value string, ttl time.Duration) {
	c.set(key, value, ttl)
	c.wg.Go(func() {
		t := time.NewTimer(ttl)
		defer t.Stop()
		select {
		case <-t.C:
			c.sweep()
		case <-c.stop:
		}
	})
}

func (c *perEntryCache) Close() error {
	close(c.stop)
	c.wg.Wait()
	return nil
}

// leakyJanitorCache's Close empties the map but never stops the janitor.
type leakyJanitorCache struct {
	store
	kill <-chan struct{}
}

func newLeakyJanitorCache(e env) Cache {
	c := &leakyJanitorCache{kill: e.kill}
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

func newReplicatingCache(e env) Cache {
	return &replicatingCache{goodCache: newGoodCache(e).(*goodCache), replicas: make(chan entry), kill: e.kill}
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

// prefetchCache stops its janitor correctly, but a Get that misses asks the
// origin for the key from a new goroutine, which waits forever for an origin
// that never answers.
type prefetchCache struct {
	*goodCache
	origin chan string
	kill   <-chan struct{}
}

func newPrefetchCache(e env) Cache {
	return &prefetchCache{goodCache: newGoodCache(e).(*goodCache), origin: make(chan string), kill: e.kill}
}

func (c *prefetchCache) Get(key string) (string, bool) {
	v, ok := c.goodCache.Get(key)
	if !ok {
		go c.fetch(key)
	}
	return v, ok
}

func (c *prefetchCache) fetch(key string) {
	select {
	case c.origin <- key:
	case <-c.kill:
	}
}

// flushOnCloseCache stops its janitor correctly, but Close hands the entries to
// a flusher goroutine that waits forever for a disk that never takes them.
type flushOnCloseCache struct {
	*goodCache
	disk chan map[string]entry
	kill <-chan struct{}
}

func newFlushOnCloseCache(e env) Cache {
	return &flushOnCloseCache{goodCache: newGoodCache(e).(*goodCache), disk: make(chan map[string]entry), kill: e.kill}
}

func (c *flushOnCloseCache) Close() error {
	err := c.goodCache.Close()
	go func() {
		select {
		case c.disk <- c.m:
		case <-c.kill:
		}
	}()
	return err
}

// slowStopCache's Close only signals the janitor, which then writes a snapshot
// for slowStopTime: a goroutine still running a minute after Close returned.
type slowStopCache struct{ *lazyCloseCache }

func newSlowStopCache(env) Cache {
	c := &slowStopCache{&lazyCloseCache{stop: make(chan struct{})}}
	c.init()
	go func() {
		c.sweepUntil(c.stop)
		time.Sleep(slowStopTime)
	}()
	return c
}

// contextCache's janitor stops when the ctx the Cache was built with is done;
// Close does not stop it. Built with the test's context, it is stopped by the
// test's end, and only then.
type contextCache struct {
	store
}

func newContextCache(e env) Cache {
	c := &contextCache{}
	c.init()
	go c.sweepUntil(e.ctx.Done())
	return c
}

func (c *contextCache) Set(key, value string, ttl time.Duration) { c.set(key, value, ttl) }

func (c *contextCache) Close() error { return nil }

// stickyCache does not leak, but its Set keeps the first value of a key.
type stickyCache struct{ *goodCache }

func newStickyCache(e env) Cache {
	return &stickyCache{newGoodCache(e).(*goodCache)}
}

func (c *stickyCache) Set(key, value string, ttl time.Duration) {
	if _, ok := c.Get(key); !ok {
		c.set(key, value, ttl)
	}
}

// recorder is the testing.TB CheckCache gets: it records failures instead of
// failing the test, so the test can compare them with the known verdict.
// Everything it does not override goes to the real test. Like a test, it
// cancels its Context just before it runs its cleanups.
type recorder struct {
	testing.TB
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	failed   bool
	skipped  bool
	log      strings.Builder
	cleanups []func()
}

func newRecorder(t *testing.T) *recorder {
	ctx, cancel := context.WithCancel(context.Background())
	return &recorder{TB: t, ctx: ctx, cancel: cancel}
}

func (r *recorder) Context() context.Context        { return r.ctx }
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

// end cancels the Context, then runs the registered cleanups, last first, like
// testing does, even if one of them calls FailNow.
func (r *recorder) end() {
	r.cancel()
	r.runCleanups()
}

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

// known is a Cache whose verdict is known: name is its constructor's, as the
// failures name it.
type known struct {
	name string
	new  func(env) Cache
}

var (
	good = []known{
		{"newGoodCache", newGoodCache},
		{"newLazyCloseCache", newLazyCloseCache},
		{"newPerEntryCache", newPerEntryCache},
	}
	leaky = []known{
		{"newLeakyJanitorCache", newLeakyJanitorCache},
		{"newReplicatingCache", newReplicatingCache},
		{"newPrefetchCache", newPrefetchCache},
		{"newFlushOnCloseCache", newFlushOnCloseCache},
		{"newSlowStopCache", newSlowStopCache},
		{"newContextCache", newContextCache},
	}
)

// verdict is what CheckCache said about one Cache.
type verdict struct {
	failed bool
	log    string
}

// check runs CheckCache on a Cache of k's, on a goroutine of its own where
// FailNow can end it as it ends a test, then ends the recorder as testing
// ends a test, and returns its verdict. It must be called in a bubble; wrap,
// if not nil, wraps each Cache.
func check(t *testing.T, k known, kill <-chan struct{}, wrap func(Cache) Cache) verdict {
	t.Helper()
	r := newRecorder(t)
	newCache := func() Cache {
		c := k.new(env{kill: kill, ctx: r.Context()})
		if wrap != nil {
			c = wrap(c)
		}
		return c
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer r.end()
		CheckCache(r, newCache)
	}()
	select {
	case <-done:
	case <-time.After(verdictTime):
		clause4.Fatalf(t, "CheckCache, given %s, had not returned %v later", k.name, verdictTime)
	}
	// Let every Cache's goroutines that end at all end, before the next check
	// or the end of the bubble.
	time.Sleep(settleTime)
	if r.Skipped() {
		clause4.Fatalf(t, "CheckCache skipped %s instead of giving a verdict. It reported:\n%s", k.name, r.log.String())
	}
	return verdict{r.Failed(), r.log.String()}
}

func TestPassesCorrectCaches(t *testing.T) {
	for _, k := range good {
		t.Run(k.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				if v := check(t, k, nil, nil); v.failed {
					clause2.Errorf(t, "CheckCache failed %s, a correct Cache. It reported:\n%s", k.name, v.log)
				}
			})
		})
	}
}

func TestFailsLeakyCaches(t *testing.T) {
	for _, k := range leaky {
		t.Run(k.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				kill := make(chan struct{})
				defer close(kill)
				if v := check(t, k, kill, nil); !v.failed {
					clause1.Errorf(t, "CheckCache passed %s, whose goroutines outlive Close", k.name)
				}
			})
		})
	}
}

func TestStillChecksValues(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		if v := check(t, known{"newStickyCache", newStickyCache}, nil, nil); !v.failed {
			clause4.Errorf(t, "CheckCache passed %s, whose Set keeps the first value of a key", "newStickyCache")
		}
	})
}

func TestJudgesOnlyItsOwnGoroutines(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		kill := make(chan struct{})
		defer close(kill)

		// Goroutines CheckCache did not start: leaks of other code in the same
		// test binary, still running when it is called.
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		for _, k := range leaky {
			c := k.new(env{kill: kill, ctx: ctx})
			c.Set("session", "other test", time.Hour)
			c.Get("missing")
			if err := c.Close(); err != nil {
				clause3.Fatalf(t, "Close of %s, run before CheckCache: %v", k.name, err)
			}
		}

		for _, k := range good {
			if v := check(t, k, kill, nil); v.failed {
				clause3.Errorf(t, "CheckCache failed %s, a correct Cache, while goroutines other code leaked earlier were running. It reported:\n%s", k.name, v.log)
			}
		}
		for _, k := range leaky {
			if v := check(t, k, kill, nil); !v.failed {
				clause3.Errorf(t, "CheckCache passed %s, whose goroutines outlive Close, while goroutines other code leaked earlier were running", k.name)
			}
		}
	})
}

// endsAnother is a Cache whose first Set also lets an unrelated goroutine of the
// process end (a request elsewhere finishing): counting goroutines before and
// after, as runtime.NumGoroutine does, then sees one fewer and one more.
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

		for i, k := range append(append([]known(nil), good...), leaky...) {
			end := make(chan struct{})
			go func() { <-end }() // started before CheckCache, ends during it
			v := check(t, k, kill, func(c Cache) Cache { return &endsAnother{Cache: c, end: end} })
			if i < len(good) && v.failed {
				clause3.Errorf(t, "CheckCache failed %s, a correct Cache, while another goroutine ended. It reported:\n%s", k.name, v.log)
			}
			if i >= len(good) && !v.failed {
				clause3.Errorf(t, "CheckCache passed %s, whose goroutines outlive Close, while another goroutine of the process ended", k.name)
			}
		}
	})
}

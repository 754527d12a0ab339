// Exercise 19: write the leak test.
//
// Package cachetest is the conformance check that every Cache implementation in
// the company runs from its own tests, the way file systems run fstest.TestFS:
//
//	func TestShardedCache(t *testing.T) {
//		cachetest.CheckCache(t, func() cachetest.Cache { return sharded.New(16) })
//	}
//
// Caches drop expired entries with a janitor goroutine that their constructor
// starts and Close stops. Twice now an implementation passed CheckCache and then
// leaked in production: once a janitor that Close never stopped, once a goroutine
// per Set stuck on a channel nobody read. CheckCache checks what a Cache does,
// not what it leaves behind. It must go on checking values as it does now. The
// tests run your CheckCache against known correct, leaky and buggy Caches.
//
// Goal: CheckCache fails every Cache that leaves a goroutine running after
// Close and still passes correct ones, whatever else the process is running.
//
//  1. CheckCache fails every Cache that leaves a goroutine it started still
//     running a minute after Close returned, whether the constructor, Set, Get
//     or Close started it, and even one that would end only with the test
//     itself (when the test's context is cancelled).
//  2. CheckCache passes every correct Cache, including one whose goroutines end
//     a moment after Close returns and one whose Set starts goroutines that
//     Close ends.
//  3. Its verdict is about the Cache under test only: goroutines that were
//     already running when CheckCache was called, whether they keep running or
//     end meanwhile, neither fail a correct Cache nor hide a leak.
//  4. CheckCache still fails a Cache that returns wrong values, and gives its
//     verdict on every Cache within three minutes: it neither skips nor hangs.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/19_write_the_leak_test/
package cachetest

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

// Cache is a string cache whose entries expire.
type Cache interface {
	// Set stores value under key for ttl, replacing any earlier value.
	Set(key, value string, ttl time.Duration)
	// Get returns the value stored under key, unless it has expired.
	Get(key string) (value string, ok bool)
	// Close releases everything the cache holds, its goroutines included.
	// The cache is not used afterwards.
	Close() error
}

// CheckCache checks a fresh Cache from newCache: values come back, a second Set
// replaces the first, a key never set misses, and Close succeeds, leaving no
// goroutine behind.
func CheckCache(tb testing.TB, newCache func() Cache) {
	tb.Helper()
	// Once CheckCache is done, every goroutine started since this line must have
	// ended. IgnoreCurrent is evaluated now: the goroutines already running (the
	// caller's, other tests' leftovers) are not this Cache's to answer for.
	// goleak retries for a while before it reports, so a goroutine on its way out
	// after Close is given time to finish.
	defer goleak.VerifyNone(tb, goleak.IgnoreCurrent())

	c := newCache()

	c.Set("user:1", "alice", time.Hour)
	c.Set("user:2", "bob", time.Hour)
	c.Set("user:1", "carol", time.Hour)
	for key, want := range map[string]string{"user:1": "carol", "user:2": "bob"} {
		if got, ok := c.Get(key); !ok || got != want {
			tb.Errorf("Get(%q) = %q, %v; want %q, true", key, got, ok, want)
		}
	}
	if got, ok := c.Get("user:3"); ok {
		tb.Errorf("Get(%q) = %q, true for a key never set; want a miss", "user:3", got)
	}

	if err := c.Close(); err != nil {
		tb.Errorf("Close: %v", err)
	}
}

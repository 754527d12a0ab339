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
// not what it leaves behind.
//
// Goal: CheckCache fails every Cache that leaves a goroutine running after Close,
// and still passes correct ones, whatever other goroutines the process is
// running when it is called. It keeps checking values as it does now. The tests
// run your CheckCache against known correct, leaky and buggy Caches.
//
//	go test ./exercises/19_write_the_leak_test/
package cachetest

import (
	"testing"
	"time"
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
// replaces the first, a key never set misses, and Close succeeds.
func CheckCache(tb testing.TB, newCache func() Cache) {
	tb.Helper()
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

package products

import (
	"context"
	"sync"
	"time"
)

// cache keeps the products the store answered for a while.
type cache struct {
	ttl time.Duration // 0: keep until deleted

	mu     sync.Mutex
	items  map[int]entry
	closed bool // nothing is kept any more
}

type entry struct {
	product Product
	expires time.Time // zero: never
}

func newCache(ttl time.Duration) *cache {
	return &cache{ttl: ttl, items: map[int]entry{}}
}

// janitor evicts the expired products every TTL, so that those nobody asks for
// again do not stay in memory for ever, until ctx is done. A cache with a TTL
// needs one running.
func (c *cache) janitor(ctx context.Context) {
	tick := time.NewTicker(c.ttl)
	defer tick.Stop()
	for {
		select {
		case now := <-tick.C:
			c.evictExpired(now)
		case <-ctx.Done():
			return
		}
	}
}

func (c *cache) evictExpired(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, e := range c.items {
		if !e.expires.IsZero() && !now.Before(e.expires) {
			delete(c.items, id)
		}
	}
}

func (c *cache) get(id int) (Product, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[id]
	if !ok || !e.expires.IsZero() && !time.Now().Before(e.expires) {
		return Product{}, false
	}
	return e.product, true
}

func (c *cache) put(p Product) {
	e := entry{product: p}
	if c.ttl > 0 {
		e.expires = time.Now().Add(c.ttl)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.items[p.ID] = e
	}
}

func (c *cache) delete(id int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.items, id)
}

func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

// close empties the cache for good.
func (c *cache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	clear(c.items)
}

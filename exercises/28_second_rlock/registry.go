// Exercise 28: the second read lock.
//
// A Registry holds a service's counters and writes them in the Prometheus text
// format for its /metrics endpoint. A component registers its counters when it
// starts, and some components start lazily, while the service is serving and
// being scraped. A scrape writes to the scraper's connection, which can be slow.
//
// Goal: A scrape writes every counter with its help text and value, and a
// registration returns, even when the registration comes while the scrape is
// writing to a slow scraper.
//
//  1. A scrape writes every counter registered before it began, sorted by name,
//     each with its help text and value, and returns the bytes written and the
//     scraper's first error.
//  2. While a scrape is writing to a scraper that has stopped reading, Counter,
//     Help and Names return promptly, for new counters and existing ones.
//  3. A scrape returns as soon as its writes have, however many registrations
//     and lookups come while it runs, and so does every registration and
//     lookup.
//  4. Counter, Help and Names may be called from many goroutines at once:
//     Counter returns one counter per name, however many register it at the
//     same moment, and Help returns its help text.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/28_second_rlock/
package metrics

import (
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
)

// Counter is a value that only goes up.
type Counter struct {
	name, help string
	value      atomic.Int64
}

// Add adds n, which must not be negative.
func (c *Counter) Add(n int64) { c.value.Add(n) }

// Value returns the current value.
func (c *Counter) Value() int64 { return c.value.Load() }

// Registry is a set of counters by name. Reads (scrapes, lookups) are much
// more frequent than registrations, so it uses a read-write lock.
type Registry struct {
	mu       sync.RWMutex
	counters map[string]*Counter
}

// NewRegistry returns an empty Registry.
func NewRegistry() *Registry {
	return &Registry{counters: make(map[string]*Counter)}
}

// Counter returns the counter called name, registering it with help text help
// on first use.
func (r *Registry) Counter(name, help string) *Counter {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.counters[name]; ok {
		return c
	}
	c := &Counter{name: name, help: help}
	r.counters[name] = c
	return c
}

// Help returns the help text of the counter called name, "" if there is none.
func (r *Registry) Help(name string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if c, ok := r.counters[name]; ok {
		return c.help
	}
	return ""
}

// Names returns the names of the registered counters, sorted.
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	names := make([]string, 0, len(r.counters))
	for name := range r.counters {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// WriteTo writes every counter to w in the Prometheus text format, sorted by
// name, and returns the number of bytes written.
func (r *Registry) WriteTo(w io.Writer) (int64, error) {
	// One read lock for the whole scrape, so that it shows one consistent
	// set of counters.
	r.mu.RLock()
	defer r.mu.RUnlock()
	var written int64
	for _, name := range r.Names() {
		n, err := fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n%s %d\n",
			name, r.Help(name), name, name, r.counters[name].Value())
		written += int64(n)
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

package metrics

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// A goroutine stuck on a sync.RWMutex is not durably blocked, so synctest
// cannot see a deadlock on one: these tests run on the real clock and guard
// every call into the Registry with a real deadline. When calls deadlock, the
// test stops using that Registry and VerifyNone lists the stuck goroutines,
// each with the line it waits on; later tests ignore them.
const deadline = 500 * time.Millisecond

// call runs f with a real deadline and reports whether it returned.
func call(t *testing.T, what string, f func()) bool {
	t.Helper()
	return leakcheck.Within(t, deadline, what, f)
}

// returns waits at most deadline for done to be closed by a call that has
// returned, and reports whether it was.
func returns(t *testing.T, done <-chan struct{}, what string) bool {
	t.Helper()
	select {
	case <-done:
		return true
	case <-time.After(deadline):
		t.Errorf("%s did not return within %v: it is blocked forever (a leaked goroutine)", what, deadline)
		return false
	}
}

// slowScraper is a scraper's connection whose first Write hangs until resume
// is closed, like a client reading slowly.
type slowScraper struct {
	writing chan struct{} // closed when the first Write starts
	resume  chan struct{}

	mu  sync.Mutex
	buf bytes.Buffer
}

func newSlowScraper() *slowScraper {
	return &slowScraper{writing: make(chan struct{}), resume: make(chan struct{})}
}

func (s *slowScraper) Write(p []byte) (int, error) {
	s.mu.Lock()
	first := s.buf.Len() == 0
	s.buf.Write(p)
	s.mu.Unlock()
	if first {
		close(s.writing)
		<-s.resume
	}
	return len(p), nil
}

func (s *slowScraper) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// exposition is what a scrape must write for the given counters, in order.
func exposition(counters ...[3]string) string {
	var sb strings.Builder
	for _, c := range counters {
		fmt.Fprintf(&sb, "# HELP %s %s\n# TYPE %s counter\n%s %s\n", c[0], c[1], c[0], c[0], c[2])
	}
	return sb.String()
}

var (
	requests = [3]string{"http_requests_total", "HTTP requests served.", "42"}
	jobs     = [3]string{"jobs_done_total", "Background jobs finished.", "7"}
	misses   = [3]string{"cache_misses_total", "Cache lookups that missed.", "0"}
)

func newRegistry() *Registry {
	r := NewRegistry()
	r.Counter(requests[0], requests[1]).Add(42)
	r.Counter(jobs[0], jobs[1]).Add(7)
	return r
}

// waitingRegistrations counts the goroutines blocked on a lock inside
// Registry.Counter, from the stacks of every goroutine.
func waitingRegistrations() int {
	buf := make([]byte, 1<<20)
	n := 0
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if (strings.Contains(g, "[sync.RWMutex.Lock") || strings.Contains(g, "[sync.Mutex.Lock")) &&
			strings.Contains(g, ".(*Registry).Counter(") {
			n++
		}
	}
	return n
}

// registrationWaits reports whether more than before goroutines wait on a
// lock inside Registry.Counter, until registered is closed or a second has
// passed. It lets the test hold a scrape until a registration waits for the
// write lock. (Goroutines that an earlier failed test left blocked are
// counted in before.)
func registrationWaits(registered <-chan struct{}, before int) bool {
	for end := time.Now().Add(time.Second); time.Now().Before(end); time.Sleep(time.Millisecond) {
		select {
		case <-registered:
			return false
		default:
		}
		if waitingRegistrations() > before {
			return true
		}
	}
	return false
}

func TestScrape(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	r := newRegistry()
	var buf bytes.Buffer
	var n int64
	var err error
	require.True(t, call(t, "WriteTo", func() { n, err = r.WriteTo(&buf) }))
	require.NoError(t, err)
	assert.Equal(t, exposition(requests, jobs), buf.String(), "every counter, sorted by name")
	assert.EqualValues(t, buf.Len(), n, "WriteTo returns the number of bytes written")
}

// A component starts lazily and registers its counter while a slow scraper is
// reading /metrics.
func TestRegisterDuringSlowScrape(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	r := newRegistry()
	scraper := newSlowScraper()
	scraped := make(chan struct{})
	go func() {
		defer close(scraped)
		r.WriteTo(scraper)
	}()
	require.True(t, call(t, "the scrape starting to write", func() { <-scraper.writing }))

	waiting := waitingRegistrations()
	registered := make(chan struct{})
	go func() {
		defer close(registered)
		r.Counter(misses[0], misses[1])
	}()
	registrationWaits(registered, waiting) // then the scraper reads on
	close(scraper.resume)

	scrapeReturned := returns(t, scraped, "deadlock: a scrape while a counter was being registered")
	registerReturned := returns(t, registered, "deadlock: registering a counter during a slow scrape")
	if !scrapeReturned || !registerReturned {
		return // r is locked for good
	}
	assert.Equal(t, exposition(requests, jobs), scraper.String(),
		"the scrape must write the counters registered before it began, with their help text")

	var buf bytes.Buffer
	if call(t, "WriteTo after the registration", func() { r.WriteTo(&buf) }) {
		assert.Equal(t, exposition(misses, requests, jobs), buf.String(), "the next scrape shows the new counter")
	}
}

func TestLookupsDuringRegistrations(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	// Several processors, so that lookups and registrations really overlap: a
	// lookup that reads the map without the lock then crashes the test binary
	// ("concurrent map read and map write"), or the race detector reports it.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))

	r := newRegistry()
	var registering, looking sync.WaitGroup
	var wrongHelp atomic.Pointer[string]
	registered := make(chan struct{})
	for i := range 4 {
		registering.Go(func() {
			for j := range 100 {
				r.Counter(fmt.Sprintf("worker_%d_jobs_%d_total", i, j), "Jobs.").Add(1)
			}
		})
		looking.Go(func() {
			for {
				select {
				case <-registered:
					return
				default:
				}
				if help := r.Help(requests[0]); help != requests[1] {
					wrongHelp.Store(&help) // reported by the test's goroutine, below
					return
				}
				runtime.Gosched() // let the registrations in
			}
		})
	}
	wg := func() {
		registering.Wait()
		close(registered)
		looking.Wait()
	}
	require.True(t, leakcheck.Within(t, 5*time.Second, "deadlock: lookups during registrations", wg))
	if help := wrongHelp.Load(); help != nil {
		t.Errorf("Help(%q) = %q during registrations, want %q", requests[0], *help, requests[1])
	}
	var names []string
	require.True(t, call(t, "Names", func() { names = r.Names() }))
	assert.Len(t, names, 2+4*100)
	var help string
	require.True(t, call(t, "Help", func() { help = r.Help("nobody_total") }))
	assert.Empty(t, help, "Help of an unknown counter")
}

package metrics

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"
)

// A goroutine stuck on a sync.RWMutex is not durably blocked, so synctest
// cannot see a deadlock on one: these tests run on the real clock and give
// every call into the Registry a real deadline. A call that misses it is left
// where it is stuck (VerifyNone lists it, with the line it waits on) and the
// test stops using that Registry; later tests ignore it. A slow scraper is a
// gate the test opens itself, so a passing run waits for no deadline.
const deadline = 500 * time.Millisecond

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
	return returned(t, c, done, calls)
}

// returned waits at most deadline for done, closed when the call the code in
// calls makes last returns, and reports clause c broken if it is not.
func returned(t *testing.T, c goal.Clause, done <-chan struct{}, calls string) bool {
	t.Helper()
	return returnedWithin(t, c, deadline, done, calls)
}

// returnedWithin is returned with a deadline of d.
func returnedWithin(t *testing.T, c goal.Clause, d time.Duration, done <-chan struct{}, calls string) bool {
	t.Helper()
	select {
	case <-done:
		return true
	case <-time.After(d):
		c.Errorf(t, "the last call of %s had not returned %v after it was called", calls, d)
		return false
	}
}

// returnsWhile is returns for a call made while a scrape is stalled in a
// write to the scraper.
func returnsWhile(t *testing.T, c goal.Clause, call string, f func()) bool {
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
		c.Errorf(t, "%s, called while r.WriteTo(scraper) was stalled in scraper.Write, had not returned %v later", call, deadline)
		return false
	}
}

// slowScraper is a scraper's connection whose first Write waits until the
// test opens its gate, like a client that has stopped reading.
type slowScraper struct {
	writing chan struct{} // closed when the first Write starts
	gate    chan struct{}
	once    sync.Once

	mu  sync.Mutex
	buf bytes.Buffer
}

func newSlowScraper() *slowScraper {
	return &slowScraper{writing: make(chan struct{}), gate: make(chan struct{})}
}

func (s *slowScraper) Write(p []byte) (int, error) {
	s.mu.Lock()
	first := s.buf.Len() == 0
	s.buf.Write(p)
	s.mu.Unlock()
	if first {
		close(s.writing)
		<-s.gate
	}
	return len(p), nil
}

// resume lets the scraper read on.
func (s *slowScraper) resume() { s.once.Do(func() { close(s.gate) }) }

func (s *slowScraper) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// failingScraper accepts limit bytes, then fails: the client went away.
type failingScraper struct {
	limit int
	buf   bytes.Buffer
}

var errReset = errors.New("write: connection reset by peer")

func (s *failingScraper) Write(p []byte) (int, error) {
	if s.buf.Len()+len(p) > s.limit {
		n := s.limit - s.buf.Len()
		s.buf.Write(p[:n])
		return n, errReset
	}
	return s.buf.Write(p)
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
	bytesOut = [3]string{"bytes_sent_total", "Bytes written to clients.", "1024"}
)

const registered = `r := NewRegistry(); r.Counter("http_requests_total", …).Add(42); r.Counter("jobs_done_total", …).Add(7)`

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
// lock inside Registry.Counter, until done is closed or deadline has passed.
// It lets the test hold a scrape until a registration waits for the write
// lock. (Goroutines that an earlier failed test left blocked are counted in
// before.)
func registrationWaits(done <-chan struct{}, before int) bool {
	for end := time.Now().Add(deadline); time.Now().Before(end); time.Sleep(time.Millisecond) {
		select {
		case <-done:
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
	r.Counter(bytesOut[0], bytesOut[1]).Add(1024)
	r.Counter(misses[0], misses[1])
	var buf bytes.Buffer
	var n int64
	var err error
	calls := registered + `; …; r.WriteTo(&buf)`
	if !returns(t, clause3, calls, func() { n, err = r.WriteTo(&buf) }) {
		return
	}
	clause1.NoError(t, err, "r.WriteTo(&buf) to a bytes.Buffer")
	clause1.Equal(t, exposition(bytesOut, misses, requests, jobs), buf.String(), "what %s wrote", calls)
	clause1.Equal(t, int64(buf.Len()), n, "the byte count r.WriteTo(&buf) returned")
}

// The scraper goes away mid-scrape: WriteTo stops and says so.
func TestScrapeWriteFails(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	r := newRegistry()
	w := &failingScraper{limit: 30}
	var n int64
	var err error
	calls := registered + `; r.WriteTo(w) // w fails after 30 bytes`
	if !returns(t, clause3, calls, func() { n, err = r.WriteTo(w) }) {
		return
	}
	clause1.ErrorIs(t, err, errReset, "r.WriteTo(w) to a scraper that failed after 30 bytes")
	clause1.Equal(t, int64(30), n, "the byte count r.WriteTo(w) returned, w having taken 30 bytes")
}

// A component starts lazily and registers its counter while a slow scraper is
// reading /metrics; then the scraper reads on.
func TestRegisterDuringSlowScrape(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	r := newRegistry()
	scraper := newSlowScraper()
	defer scraper.resume()
	scraped := make(chan struct{})
	go func() {
		defer close(scraped)
		r.WriteTo(scraper)
	}()
	const stalled = registered + "; go r.WriteTo(scraper) // stalled in scraper.Write"
	if !returned(t, clause3, scraper.writing, registered+"; go r.WriteTo(scraper) // up to its first write") {
		return
	}

	waiting := waitingRegistrations()
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.Counter(misses[0], misses[1])
	}()
	registrationWaits(done, waiting) // then the scraper reads on
	scraper.resume()

	calls := stalled + "; go r.Counter(\"cache_misses_total\", …); // the scraper reads on"
	scrapeReturned := returned(t, clause3, scraped, calls+": r.WriteTo(scraper)")
	registerReturned := returned(t, clause3, done, calls+": r.Counter(…)")
	if !scrapeReturned || !registerReturned {
		return // r is locked for good
	}
	clause1.Equal(t, exposition(requests, jobs), scraper.String(), "what %s wrote", calls)

	var buf bytes.Buffer
	if returns(t, clause3, calls+"; r.WriteTo(&buf)", func() { r.WriteTo(&buf) }) {
		clause1.Equal(t, exposition(misses, requests, jobs), buf.String(), "what the next scrape wrote, after r.Counter(\"cache_misses_total\", …)")
	}
}

// A scraper stops reading in the middle of a scrape: the rest of the service
// keeps registering and looking up counters.
func TestStalledScrapeHoldsUpNoOne(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	r := newRegistry()
	scraper := newSlowScraper()
	defer scraper.resume()
	scraped := make(chan struct{})
	go func() {
		defer close(scraped)
		r.WriteTo(scraper)
	}()
	if !returned(t, clause3, scraper.writing, registered+"; go r.WriteTo(scraper) // up to its first write") {
		return
	}

	var help string
	var names []string
	var c *Counter
	ok := returnsWhile(t, clause2, `r.Help("jobs_done_total")`, func() { help = r.Help(jobs[0]) })
	if ok {
		clause4.Equal(t, jobs[1], help, `r.Help("jobs_done_total")`)
		ok = returnsWhile(t, clause2, `r.Names()`, func() { names = r.Names() })
	}
	if ok {
		clause4.Equal(t, []string{requests[0], jobs[0]}, names, "r.Names()")
		ok = returnsWhile(t, clause2, `r.Counter("cache_misses_total", …)`, func() { c = r.Counter(misses[0], misses[1]) })
	}
	if ok {
		ok = returnsWhile(t, clause2, `r.Counter("http_requests_total", …)`, func() { r.Counter(requests[0], requests[1]).Add(1) })
	}
	if ok {
		ok = returnsWhile(t, clause2, `r.Help("cache_misses_total")`, func() { help = r.Help(misses[0]) })
		clause4.Equal(t, misses[1], help, `r.Help("cache_misses_total") after r.Counter("cache_misses_total", …) returned %p`, c)
	}
	scraper.resume()
	if !returned(t, clause3, scraped, registered+"; go r.WriteTo(scraper) // stalled; …; // the scraper reads on: r.WriteTo(scraper)") || !ok {
		return
	}
	clause1.Check(t, strings.HasPrefix(scraper.String(), "# HELP "+requests[0]) || strings.HasPrefix(scraper.String(), "# HELP "+jobs[0]),
		"the stalled scrape wrote %q", scraper.String())
}

// The same counters are registered by several components at once, as lazily
// started components do: they share them. Each round releases the components
// together, spinning until all of them run, so that their registrations
// really overlap.
func TestOneCounterPerName(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))

	const goroutines, counters, rounds = 4, 8, 300
	for round := range rounds {
		r := NewRegistry()
		got := make([][counters]*Counter, goroutines)
		var arrived atomic.Int32
		var wg sync.WaitGroup
		for g := range goroutines {
			wg.Go(func() {
				for arrived.Add(1); arrived.Load() < goroutines; {
					runtime.Gosched()
				}
				for i := range counters {
					got[g][i] = r.Counter(fmt.Sprintf("shared_%d_total", i), fmt.Sprintf("Registered by component %d.", g))
					got[g][i].Add(1)
				}
			})
		}
		calls := fmt.Sprintf("%d × go (r.Counter(\"shared_<i>_total\", …).Add(1) for i < %d)", goroutines, counters)
		// Spinning goroutines on a busy machine: only a hang matters here.
		done := make(chan struct{})
		go func() {
			defer close(done)
			wg.Wait()
		}()
		if !returnedWithin(t, clause3, 10*deadline, done, calls) {
			return
		}
		for i := range counters {
			distinct := map[*Counter]bool{}
			for g := range goroutines {
				distinct[got[g][i]] = true
			}
			name := fmt.Sprintf("shared_%d_total", i)
			if !clause4.Check(t, len(distinct) == 1, "round %d: %s returned %d different counters for %q", round, calls, len(distinct), name) ||
				!clause4.Equal(t, int64(goroutines), got[0][i].Value(), "round %d: the value of %q after %s", round, name, calls) ||
				!clause4.Equal(t, got[0][i].help, r.Help(name), "round %d: r.Help(%q) after %s", round, name, calls) {
				return
			}
		}
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
	done := make(chan struct{})
	for i := range 4 {
		registering.Go(func() {
			for j := range 100 {
				r.Counter(fmt.Sprintf("worker_%d_jobs_%d_total", i, j), "Jobs.").Add(1)
			}
		})
		looking.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if help := r.Help(requests[0]); help != requests[1] {
					wrongHelp.Store(&help) // reported by the test's goroutine, below
					return
				}
				r.Names()
				runtime.Gosched() // let the registrations in
			}
		})
	}
	wait := func() {
		registering.Wait()
		close(done)
		looking.Wait()
	}
	const calls = `4 × go (r.Counter(…) ×100); 4 × go (r.Help("http_requests_total"); r.Names()) until done`
	if !returns(t, clause3, calls, wait) {
		return
	}
	if help := wrongHelp.Load(); help != nil {
		clause4.Errorf(t, "r.Help(%q) returned %q during %s", requests[0], *help, calls)
	}
	var names []string
	if !returns(t, clause3, calls+"; r.Names()", func() { names = r.Names() }) {
		return
	}
	clause4.Equal(t, 2+4*100, len(names), "len(r.Names()) after %s", calls)
	var help string
	if returns(t, clause3, calls+`; r.Help("nobody_total")`, func() { help = r.Help("nobody_total") }) {
		clause4.Equal(t, "", help, `r.Help("nobody_total"), never registered`)
	}
}

// TestScrapesDuringRegistrations scrapes while components register their
// counters, with no order between the two but the Registry's own: a scrape
// that reads the map without the lock crashes the test binary ("concurrent
// map read and map write") or the race detector reports it, and every scrape
// writes the counters registered before it began, sorted by name.
func TestScrapesDuringRegistrations(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))

	r := newRegistry()
	var registering, scraping sync.WaitGroup
	var scrapeErr, order atomic.Pointer[string]
	done := make(chan struct{})
	for i := range 4 {
		registering.Go(func() {
			for j := range 100 {
				r.Counter(fmt.Sprintf("worker_%d_jobs_%d_total", i, j), "Jobs.").Add(1)
			}
		})
	}
	for range 2 {
		scraping.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				var buf bytes.Buffer
				if _, err := r.WriteTo(&buf); err != nil {
					s := err.Error()
					scrapeErr.Store(&s) // reported by the test's goroutine, below
					return
				}
				var names []string
				for line := range strings.Lines(buf.String()) {
					if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
						names = append(names, strings.Fields(rest)[0])
					}
				}
				if !slices.IsSorted(names) || !slices.Contains(names, requests[0]) || !slices.Contains(names, jobs[0]) {
					s := strings.Join(names, " ")
					order.Store(&s)
					return
				}
				runtime.Gosched() // let the registrations in
			}
		})
	}
	wait := func() {
		registering.Wait()
		close(done)
		scraping.Wait()
	}
	const calls = registered + `; 4 × go (r.Counter(…) ×100); 2 × go r.WriteTo(&buf) until done`
	if !returns(t, clause3, calls, wait) {
		return
	}
	if s := scrapeErr.Load(); s != nil {
		clause1.Errorf(t, "a scrape during %s returned the error %q", calls, *s)
	}
	if s := order.Load(); s != nil {
		clause1.Errorf(t, "a scrape during %s wrote these counters, in this order: %s", calls, *s)
	}
}

package listing

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"
)

const (
	pageCount = 30
	pageSize  = 100
	listTime  = 100 * time.Millisecond // per page, on synctest's fake clock
	visitTime = time.Millisecond       // per record: visiting a page takes as long as listing one
	// teardown is how long a List takes to give up once its ctx ends.
	teardown = time.Millisecond
	// limit is how long a test waits for Walk, beyond the hour a List that
	// is deaf to a cancel takes.
	limit = 3 * fake.Long
)

// errUnavailable is how a page fails. Formatting it takes a moment of fake
// time (formatTime), like an error that renders a response body: a Walk that
// lets the channel's close overtake the error's store returns before the
// error is there (and is a data race under -race).
var errUnavailable error = unavailable{}

const formatTime = time.Millisecond

type unavailable struct{}

func (unavailable) Error() string {
	time.Sleep(formatTime)
	return "503 service unavailable"
}

// fakeSource serves pageCount pages of pageSize records. speed says how the
// List of page n answers (Prompt: after listTime); the page numbered failAt
// (if not negative) fails with errUnavailable. A List whose ctx ends while
// it waits gives up after teardown (a Deaf one only when its answer comes,
// an hour later); one called with a ctx already done returns at once.
type fakeSource struct {
	failAt int
	speed  func(page int) fake.Speed
	t0     time.Time

	mu      sync.Mutex
	lists   int             // List calls made with a live ctx
	running int             // List calls not answered yet
	loaded  []time.Duration // when each page was returned, by page
	started []time.Duration // when each List with a live ctx began
	ended   time.Duration   // when the last List returned
}

func newSource(failAt int) *fakeSource {
	return &fakeSource{failAt: failAt, speed: func(int) fake.Speed { return fake.Prompt }, t0: time.Now()}
}

func (s *fakeSource) List(ctx context.Context, cursor string) (Page, error) {
	if err := ctx.Err(); err != nil {
		return Page{}, err
	}
	n := 0
	if cursor != "" {
		if _, err := fmt.Sscanf(cursor, "page-%d", &n); err != nil {
			return Page{}, fmt.Errorf("bad cursor %q", cursor)
		}
	}
	s.mu.Lock()
	s.lists++
	s.running++
	s.started = append(s.started, time.Since(s.t0))
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.running--
		s.ended = time.Since(s.t0)
	}()

	switch sp := s.speed(n); sp {
	case fake.Deaf:
		time.Sleep(fake.Long)
		if err := ctx.Err(); err != nil {
			return Page{}, err
		}
	default:
		if err := sp.Wait(ctx, listTime); err != nil {
			time.Sleep(teardown)
			return Page{}, err
		}
	}
	if n == s.failAt {
		return Page{}, errUnavailable
	}
	var p Page
	for i := range pageSize {
		id := n*pageSize + i
		p.Records = append(p.Records, Record{ID: fmt.Sprintf("rec-%04d", id), Name: fmt.Sprintf("customer %d", id)})
	}
	if n+1 < pageCount {
		p.Next = fmt.Sprintf("page-%d", n+1)
	}
	s.mu.Lock()
	s.loaded = append(s.loaded, time.Since(s.t0))
	s.mu.Unlock()
	return p, nil
}

type sourceState struct {
	lists, running int
	loaded         []time.Duration
	started        []time.Duration
	ended          time.Duration
}

func (s *fakeSource) state() sourceState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return sourceState{s.lists, s.running, slices.Clone(s.loaded), slices.Clone(s.started), s.ended}
}

// allRecords returns the IDs of the first n records of the listing.
func allRecords(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("rec-%04d", i)
	}
	return ids
}

// walked is what one call of Walk did: the records visited, its error, when
// it returned and when its last visit ended, since the source was made.
type walked struct {
	visited   []string
	err       error
	returned  time.Duration
	lastVisit time.Duration
	overlap   int // visits that ran while another was running
}

// walk calls Walk in the bubble with a visit func that takes visitTime per
// record (perRecord if not zero), and waits for it (limit, fake time); if it
// does not return, clause c is broken and the test stops. Right after the
// return it checks clause 4: nothing Walk started is running.
func walk(t *testing.T, c goal.Clause, ctx context.Context, src *fakeSource, perRecord time.Duration) walked {
	t.Helper()
	if perRecord == 0 {
		perRecord = visitTime
	}
	var mu sync.Mutex
	w := walked{visited: []string{}}
	visiting := 0
	visit := func(r Record) {
		mu.Lock()
		visiting++
		if visiting > 1 {
			w.overlap++
		}
		mu.Unlock()
		time.Sleep(perRecord)
		mu.Lock()
		defer mu.Unlock()
		visiting--
		w.visited = append(w.visited, r.ID)
		w.lastVisit = time.Since(src.t0)
	}
	mark := leakcheck.Now()
	var err error
	var returned time.Duration
	done := make(chan struct{})
	go func() {
		defer close(done)
		err = Walk(ctx, src, visit)
		returned = time.Since(src.t0)
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		c.Fatalf(t, "Walk had not returned %v after it was called", limit)
	}
	st := src.state()
	clause4.Check(t, st.running == 0, "%d List call(s) still running when Walk returned", st.running)
	mark.Stopped(t, clause4, "Walk")
	mu.Lock()
	defer mu.Unlock()
	w.err, w.returned = err, returned
	w.visited = slices.Clone(w.visited)
	return w
}

func TestWholeListing(t *testing.T) {
	for _, speed := range []fake.Speed{fake.Prompt, fake.Instant} {
		if !t.Run(speed.String(), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				src := newSource(-1)
				src.speed = func(int) fake.Speed { return speed }

				w := walk(t, clause1, context.Background(), src, 0)

				clause1.Check(t, w.err == nil, "every page loaded; Walk returned %q", w.err)
				checkVisited(t, clause1, w.visited, allRecords(pageCount*pageSize))
				clause1.Check(t, w.overlap == 0, "%d visits ran while another visit was running", w.overlap)
				clause1.Check(t, src.state().lists == pageCount, "Walk listed %d pages; the listing has %d", src.state().lists, pageCount)
				want := pageCount * pageSize * visitTime // fetching page n+1 overlaps with visiting page n
				if speed == fake.Prompt {
					want += listTime
				}
				clause1.Check(t, w.returned == want, "listing a page and visiting one take %v each; Walk returned after %v", listTime, w.returned)
			})
		}) {
			return // the first failing case says enough
		}
	}
}

// checkVisited reports clause c broken unless got is want: the records
// visited, in order.
func checkVisited(t *testing.T, c goal.Clause, got, want []string) bool {
	t.Helper()
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			c.Errorf(t, "record #%d visited was %s, where the listing has %s", i, got[i], want[i])
			return false
		}
	}
	return c.Check(t, len(got) == len(want), "Walk visited %d records; %d were due", len(got), len(want))
}

func TestPageFails(t *testing.T) {
	// Visits as fast as listing, and ten times slower, so that the failure
	// is known long before the pages before it are visited.
	for _, perRecord := range []time.Duration{visitTime, 10 * visitTime} {
		for _, failAt := range []int{0, 7, pageCount - 1} {
			for _, speed := range []fake.Speed{fake.Prompt, fake.Instant} {
				name := fmt.Sprintf("visit %v/page %d of %d/fails %s", perRecord*pageSize, failAt, pageCount, speed)
				if !t.Run(name, func(t *testing.T) {
					defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
					leakcheck.Bubble(t, func(t *testing.T) {
						src := newSource(failAt)
						src.speed = func(n int) fake.Speed {
							if n == failAt {
								return speed
							}
							return fake.Prompt
						}

						w := walk(t, clause2, context.Background(), src, perRecord)

						want := allRecords(failAt * pageSize)
						clause2.Check(t, errors.Is(w.err, errUnavailable), "page %d failed with %q; Walk returned %v", failAt, errUnavailable, errText(w.err))
						checkVisited(t, clause2, w.visited, want)
						clause2.Check(t, w.overlap == 0, "%d visits ran while another visit was running", w.overlap)
						st := src.state()
						clause2.Check(t, w.returned >= st.ended, "page %d failed at %v; Walk returned at %v", failAt, st.ended, w.returned)
						known := max(st.ended, w.lastVisit)
						clause2.Check(t, w.returned <= known+2*formatTime, "page %d failed at %v and the last record before it was visited at %v; Walk returned at %v",
							failAt, st.ended, w.lastVisit, w.returned)
					})
				}) {
					return // the first failing case says enough
				}
			}
		}
	}
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%q", err)
}

// TestCallerEnds ends the caller's ctx at each place Walk can be: before the
// call, while the first page is listed, while page 10 is listed and page 9
// visited, while a page waits to be handed over (visits slower than lists),
// while the last page is visited and nothing is listed, and while a List
// deaf to the cancel runs; by cancel and by deadline.
func TestCallerEnds(t *testing.T) {
	cases := []struct {
		name      string
		at        time.Duration // since Walk was called; negative: before
		perRecord time.Duration
		deafFrom  int // pages from this one on are deaf to a cancel (0: none)
	}{
		{"before the call", -1, visitTime, 0},
		{"listing the first page", listTime / 2, visitTime, 0},
		{"listing page 10", 10*listTime + listTime/2, visitTime, 0},
		{"a page waits to be handed over", 10*listTime + listTime/2, 10 * visitTime, 0},
		{"visiting the last page", pageCount*listTime + listTime/2, visitTime, 0},
		{"a List deaf to it", 10*listTime + listTime/2, visitTime, 10},
	}
	for _, tc := range cases {
		for _, deadline := range []bool{false, true} {
			name := "cancel/" + tc.name
			if deadline {
				name = "deadline/" + tc.name
			}
			if !t.Run(name, func(t *testing.T) {
				defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
				leakcheck.Bubble(t, func(t *testing.T) {
					src := newSource(-1)
					src.speed = func(n int) fake.Speed {
						if tc.deafFrom > 0 && n >= tc.deafFrom {
							return fake.Deaf
						}
						return fake.Prompt
					}
					var ctx context.Context
					var cancel context.CancelFunc
					if deadline {
						ctx, cancel = context.WithTimeout(context.Background(), max(tc.at, 0))
					} else {
						ctx, cancel = context.WithCancel(context.Background())
						if tc.at < 0 {
							cancel()
						} else {
							time.AfterFunc(tc.at, cancel)
						}
					}
					defer cancel()

					w := walk(t, clause3, ctx, src, tc.perRecord)

					ended := max(tc.at, 0)
					st := src.state()
					everything := len(w.visited) == pageCount*pageSize
					if !clause3.Check(t, errors.Is(w.err, ctx.Err()) || w.err == nil && everything,
						"the caller's ctx ended with %q at %v; Walk visited %d records and returned %v", ctx.Err(), ended, len(w.visited), errText(w.err)) {
						return
					}
					loaded := 0
					for _, at := range st.loaded {
						if at <= ended {
							loaded++
						}
					}
					checkVisited(t, clause3, w.visited, allRecords(len(w.visited)))
					clause3.Check(t, len(w.visited) <= loaded*pageSize, "the caller's ctx ended at %v with %d pages loaded; Walk visited %d records",
						ended, loaded, len(w.visited))
					if tc.deafFrom == 0 {
						clause3.Check(t, st.ended <= ended+teardown, "the caller's ctx ended at %v; the List in flight then returned at %v", ended, st.ended)
					}
					for _, at := range st.started {
						if !clause3.Check(t, at <= ended, "a List began at %v, after the caller's ctx ended at %v", at, ended) {
							break
						}
					}
					clause3.Check(t, w.returned == max(ended, st.ended, w.lastVisit),
						"the caller's ctx ended at %v, the last List returned at %v and the last visit at %v; Walk returned at %v", ended, st.ended, w.lastVisit, w.returned)
				})
			}) {
				return // the first failing case says enough
			}
		}
	}
}

// TestRacesTheEnd runs on the real clock: pages are listed and visited in
// microseconds, and the caller cancels at a random instant, so the cancel
// lands anywhere, including in Walk's own last steps.
func TestRacesTheEnd(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	deadline := time.Now().Add(300 * time.Millisecond)
	for round := 0; round < 300 && time.Now().Before(deadline); round++ {
		src := newSource(-1)
		failAt := rand.IntN(2 * pageCount) // no page fails in half the rounds
		src.failAt = failAt
		src.speed = func(int) fake.Speed { return fake.Instant }
		ctx, cancel := context.WithCancel(context.Background())
		timer := time.AfterFunc(time.Duration(rand.IntN(300))*time.Microsecond, cancel)
		var mu sync.Mutex
		var visited []string
		visit := func(r Record) {
			mu.Lock()
			defer mu.Unlock()
			visited = append(visited, r.ID)
		}

		var err error
		if !leakcheck.Within(t, 2*time.Second, "Walk", func() { err = Walk(ctx, src, visit) }) {
			cancel()
			return
		}
		st := src.state()
		ended := ctx.Err() != nil
		timer.Stop()
		cancel()
		mu.Lock()
		got := slices.Clone(visited)
		mu.Unlock()
		if !clause4.Check(t, st.running == 0, "round %d: %d List call(s) still running when Walk returned", round, st.running) {
			return
		}
		switch {
		case err == nil && failAt < pageCount:
			clause2.Errorf(t, "round %d: page %d failed; Walk returned nil", round, failAt)
			return
		case err == nil:
			if !checkVisited(t, clause1, got, allRecords(pageCount*pageSize)) {
				return
			}
		case errors.Is(err, errUnavailable):
			if !checkVisited(t, clause2, got, allRecords(failAt*pageSize)) {
				return
			}
		case !ended:
			clause3.Errorf(t, "round %d: the caller's ctx was live and no page failed with it; Walk returned %q", round, err)
			return
		case !errors.Is(err, context.Canceled):
			clause3.Errorf(t, "round %d: the caller cancelled; Walk returned %q", round, err)
			return
		default:
			if !checkVisited(t, clause3, got, allRecords(len(got))) {
				return
			}
		}
		time.Sleep(time.Millisecond)
		if later := src.state(); !clause4.Check(t, later.lists == st.lists, "round %d: %d List call(s) began after Walk returned", round, later.lists-st.lists) {
			return
		}
	}
}

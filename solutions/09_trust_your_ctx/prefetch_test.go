package prefetch

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"
)

// What the goal promises, as the tests measure it.
const (
	wantAttempts = 3                      // tries per key
	wantPause    = 200 * time.Millisecond // between two tries of a key
	// teardown is how long a Get takes to give up once its ctx ends while it
	// waits for the store: a real client takes a moment to drop its request.
	teardown = time.Millisecond
	// waitLimit is how long a test waits for FetchAll: beyond the hour a store
	// that is deaf to a cancel takes to answer.
	waitLimit = 3 * fake.Long
)

var errUnavailable = errors.New("503 service unavailable")

// reply is how the store answers one Get.
type reply struct {
	speed fake.Speed    // Instant, Prompt (after after), Slow, Hung or Deaf
	after time.Duration // Prompt's latency
	err   error         // the store's failure; nil: the key's value
}

var (
	instant = reply{speed: fake.Instant}
	hung    = reply{speed: fake.Hung}
	slow    = reply{speed: fake.Slow}
	deaf    = reply{speed: fake.Deaf}
)

func prompt(after time.Duration) reply { return reply{speed: fake.Prompt, after: after} }

func failAfter(after time.Duration, err error) reply {
	return reply{speed: fake.Prompt, after: after, err: err}
}

// store is the remote store. plan says how the attempt-th Get (from 1) of a
// key answers. A Get whose ctx ends while it waits gives up after teardown
// (a Deaf one only when its answer comes, an hour later) with ctx.Err(), or
// with onEnd when set: like many client libraries, it may report its caller's
// deadline as a cancellation. A Get called with a ctx already done returns at
// once, as a real client does before it sends anything.
type store struct {
	plan   func(key string, attempt int) reply
	onEnd  error
	points fake.Points // "Get" while a Get waits for its answer

	mu      sync.Mutex
	starts  map[string][]time.Duration // when each attempt at a key began, since t0
	t0      time.Time
	running int
	total   int
}

func newStore(plan func(key string, attempt int) reply) *store {
	return &store{plan: plan, starts: map[string][]time.Duration{}, t0: time.Now()}
}

func (s *store) Get(ctx context.Context, key string) (string, error) {
	s.mu.Lock()
	s.starts[key] = append(s.starts[key], time.Since(s.t0))
	attempt := len(s.starts[key])
	s.running++
	s.total++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.running--
	}()
	if ctx.Err() != nil {
		return "", s.gaveUp(ctx)
	}

	defer s.points.Enter("Get")()
	r := s.plan(key, attempt)
	if r.speed == fake.Deaf {
		time.Sleep(fake.Long) // the request is on the wire; the answer comes whatever ctx does
		if ctx.Err() != nil {
			return "", s.gaveUp(ctx)
		}
	} else if err := r.speed.Wait(ctx, r.after); err != nil {
		time.Sleep(teardown)
		return "", s.gaveUp(ctx)
	}
	if r.err != nil {
		return "", r.err
	}
	return "value of " + key, nil
}

func (s *store) gaveUp(ctx context.Context) error {
	if s.onEnd != nil {
		return s.onEnd
	}
	return ctx.Err()
}

// attempts returns when each attempt at key began, since the store was made.
func (s *store) attempts(key string) []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.starts[key])
}

// retriesSince counts the attempts after a key's first that began at or
// after at.
func (s *store) retriesSince(at time.Duration) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, starts := range s.starts {
		for _, st := range starts[1:] {
			if st >= at {
				n++
			}
		}
	}
	return n
}

func (s *store) counts() (running, total int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running, s.total
}

func keys(n int) []string {
	ks := make([]string, n)
	for i := range ks {
		ks[i] = fmt.Sprintf("user/%d", i)
	}
	return ks
}

// fetched is what one call of FetchAll returned, and when, since the store
// was made.
type fetched struct {
	vals     map[string]string
	err      error
	returned time.Duration
}

// fetchAll calls FetchAll in the bubble and waits for it (waitLimit, fake time);
// if it does not return, clause c is broken and the test stops. Right after
// the return it checks clause 5: nothing FetchAll started is running.
func fetchAll(t *testing.T, c goal.Clause, ctx context.Context, s *store, ks []string) fetched {
	t.Helper()
	mark := leakcheck.Now()
	var r fetched
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.vals, r.err = FetchAll(ctx, s, ks)
		r.returned = time.Since(s.t0)
	}()
	timer := time.NewTimer(waitLimit)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		c.Fatalf(t, "FetchAll had not returned %v after it was called", waitLimit)
	}
	running, _ := s.counts()
	clause5.Check(t, running == 0, "%d Get(s) still running when FetchAll returned", running)
	mark.Stopped(t, clause5, "FetchAll")
	return r
}

// checkValues checks that r holds every key's value and no error.
func checkValues(t *testing.T, r fetched, ks []string) {
	t.Helper()
	if !clause1.Check(t, r.err == nil, "the caller's ctx was live and every key had a value; FetchAll returned the error %q", r.err) {
		return
	}
	clause1.Check(t, len(r.vals) == len(ks), "FetchAll returned %d values for %d keys", len(r.vals), len(ks))
	for _, k := range ks {
		if r.vals[k] != "value of "+k {
			clause1.Errorf(t, "FetchAll returned %q for key %s", r.vals[k], k)
			return
		}
	}
}

// The store's own failures, as client libraries report them.
var storeFailures = []struct {
	name string
	err  error
}{
	{"store timeout", context.DeadlineExceeded},                                // the client's own per-request timeout passed
	{"store dropped request", context.Canceled},                                // e.g. a shared in-flight request cancelled by another of its callers
	{"wrapped store timeout", fmt.Errorf("rpc: %w", context.DeadlineExceeded)}, // the same, wrapped by the client
	{"store unavailable", errUnavailable},
}

func TestAllAtOnce(t *testing.T) {
	for _, r := range []reply{instant, prompt(3 * time.Second)} {
		if !t.Run(r.speed.String(), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				ks := keys(50)
				s := newStore(func(string, int) reply { return r })

				res := fetchAll(t, clause1, context.Background(), s, ks)

				checkValues(t, res, ks)
				clause1.Check(t, res.returned == r.after, "each Get takes %v; FetchAll returned after %v", r.after, res.returned)
				for _, k := range ks {
					clause1.Check(t, len(s.attempts(k)) == 1, "key %s, answered at the first attempt, was tried %d times", k, len(s.attempts(k)))
				}
			})
		}) {
			return // the first failing case says enough
		}
	}
}

func TestFailedGetIsRetried(t *testing.T) {
	for _, sf := range storeFailures {
		for _, fails := range []int{1, 2} {
			for _, failAt := range []time.Duration{0, time.Second} {
				if !t.Run(fmt.Sprintf("%s/%d failures after %v", sf.name, fails, failAt), func(t *testing.T) {
					defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
					leakcheck.Bubble(t, func(t *testing.T) {
						ks := keys(50)
						flaky := ks[7]
						const delay = 3 * time.Second
						s := newStore(func(key string, attempt int) reply {
							if key == flaky && attempt <= fails {
								return failAfter(failAt, sf.err)
							}
							return prompt(delay)
						})
						// A caller without a deadline: a batch job that waits as long as it takes.
						res := fetchAll(t, clause1, context.Background(), s, ks)

						checkValues(t, res, ks)
						starts := s.attempts(flaky)
						if !clause1.Check(t, len(starts) == fails+1, "key %s failed %d time(s) with %q, then would have answered; it was tried %d time(s)",
							flaky, fails, sf.err, len(starts)) {
							return
						}
						for i := 1; i < len(starts); i++ {
							failed := starts[i-1] + failAt
							clause1.Check(t, starts[i]-failed == wantPause, "attempt %d at key %s began %v after attempt %d failed",
								i+1, flaky, starts[i]-failed, i)
						}
						want := max(delay, time.Duration(fails)*(failAt+wantPause)+delay)
						clause1.Check(t, res.returned == want, "FetchAll returned after %v; the last Get answered after %v", res.returned, want)
					})
				}) {
					return // the first failing case says enough
				}
			}
		}
	}
}

func TestKeyKeepsFailing(t *testing.T) {
	// How the other keys answer: promptly, before or after the failing key
	// has failed for good, or not until they are cancelled.
	others := []struct {
		name  string
		reply reply
	}{
		{"others answer in 100ms", prompt(100 * time.Millisecond)},
		{"others answer in 3s", prompt(3 * time.Second)},
		{"others slow", slow},
		{"others hung", hung},
	}
	for _, sf := range storeFailures {
		for _, other := range others {
			if !t.Run(sf.name+"/"+other.name, func(t *testing.T) {
				defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
				leakcheck.Bubble(t, func(t *testing.T) {
					ks := keys(50)
					broken := ks[13]
					const failAt = 500 * time.Millisecond
					s := newStore(func(key string, attempt int) reply {
						if key == broken {
							return failAfter(failAt, sf.err)
						}
						return other.reply
					})

					res := fetchAll(t, clause4, context.Background(), s, ks)

					failed := wantAttempts*failAt + (wantAttempts-1)*wantPause
					checkStoreError(t, res.err, broken, sf.err)
					clause1.Check(t, len(s.attempts(broken)) == wantAttempts, "key %s kept failing; it was tried %d time(s)", broken, len(s.attempts(broken)))
					want := failed // the others are done, or cancelled then
					if other.reply.speed != fake.Prompt || other.reply.after > failed {
						want += teardown
					}
					clause4.Check(t, res.returned == want, "key %s failed for the third time at %v; FetchAll returned at %v",
						broken, failed, res.returned)
					clause4.Check(t, s.retriesSince(failed) == 0, "%d attempt(s) began after key %s failed for the third time", s.retriesSince(failed), broken)
				})
			}) {
				return // the first failing case says enough
			}
		}
	}
}

// checkStoreError checks FetchAll's error for a key that failed for good
// with storeErr, while the caller's ctx was live.
func checkStoreError(t *testing.T, err error, key string, storeErr error) {
	t.Helper()
	if !clause2.Check(t, err != nil, "key %s failed every attempt; FetchAll returned no error", key) {
		return
	}
	for _, target := range []error{context.Canceled, context.DeadlineExceeded} {
		clause3.Check(t, !errors.Is(err, target), "the caller's ctx was live; FetchAll returned %q, which matches %v", err, target)
	}
	clause2.Check(t, containsAll(err.Error(), key, storeErr.Error()), "FetchAll returned %q for key %s whose store error was %q", err, key, storeErr)
	if !errors.Is(storeErr, context.Canceled) && !errors.Is(storeErr, context.DeadlineExceeded) {
		clause2.Check(t, errors.Is(err, storeErr), "FetchAll returned %q, in which errors.Is does not find the store's error %q", err, storeErr)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// TestCallerEnds ends the caller's ctx at each place FetchAll can be: before
// it is called, while every Get waits, while a key waits to be tried again,
// while that retry waits, and while the last key is still being tried; and
// with each way a store gives up.
func TestCallerEnds(t *testing.T) {
	const failAt = time.Second // when the flaky key's first attempt fails
	ends := []struct {
		name string
		at   time.Duration // when the caller's ctx ends, since FetchAll was called
		// flaky's first attempt fails after failAt, then its retry answers as retry;
		// every other key answers as others.
		others, retry reply
	}{
		{"before the call", -1, hung, hung},
		{"while the Gets wait", 2 * time.Second, hung, hung},
		{"in the pause", failAt + wantPause/2, hung, hung},
		{"in the pause, the others done", failAt + wantPause/2, instant, hung},
		{"in the retry", failAt + wantPause + 500*time.Millisecond, hung, hung},
		{"in the retry, the others done", failAt + wantPause + 500*time.Millisecond, instant, slow},
		{"while the others are deaf", 2 * time.Second, deaf, hung},
		{"in the pause, the others deaf", failAt + wantPause/2, deaf, deaf},
	}
	stores := []struct {
		name  string
		onEnd error
	}{
		{"store returns ctx.Err()", nil},
		{"store always says canceled", context.Canceled},
		{"store always says deadline", context.DeadlineExceeded},
	}
	callers := []struct {
		name string
		end  func(at time.Duration) (context.Context, func())
	}{
		{"cancel", func(at time.Duration) (context.Context, func()) {
			ctx, cancel := context.WithCancel(context.Background())
			if at < 0 {
				cancel()
			} else {
				time.AfterFunc(at, cancel)
			}
			return ctx, cancel
		}},
		{"deadline", func(at time.Duration) (context.Context, func()) {
			return context.WithTimeout(context.Background(), max(at, 0))
		}},
	}
	for _, end := range ends {
		for _, st := range stores {
			for _, caller := range callers {
				if !t.Run(caller.name+"/"+end.name+"/"+st.name, func(t *testing.T) {
					defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
					leakcheck.Bubble(t, func(t *testing.T) {
						ks := keys(50)
						flaky := ks[21]
						s := newStore(func(key string, attempt int) reply {
							switch {
							case key != flaky:
								return end.others
							case attempt == 1:
								return failAfter(failAt, errUnavailable)
							}
							return end.retry
						})
						s.onEnd = st.onEnd
						ctx, cancel := caller.end(end.at)
						defer cancel()

						res := fetchAll(t, clause4, ctx, s, ks)

						endedAt := max(end.at, 0)
						checkCallerError(t, res.err, ctx)
						want := endedAt
						switch {
						case end.at < 0:
						case end.others.speed == fake.Deaf:
							want = fake.Long // the deaf Gets answer an hour after they began
						case end.others.speed == fake.Hung || end.at > failAt+wantPause:
							want += teardown // a Get was waiting, and takes a moment to give up
						}
						clause4.Check(t, res.returned == want, "the caller's ctx ended at %v and the Gets in flight had returned at %v; FetchAll returned at %v",
							endedAt, want, res.returned)
						clause4.Check(t, s.retriesSince(endedAt) == 0, "%d key(s) were tried again after the caller's ctx ended at %v", s.retriesSince(endedAt), endedAt)
					})
				}) {
					return // the first failing case says enough
				}
			}
		}
	}
}

// checkCallerError checks FetchAll's error after the caller's ctx ended
// before every value was in.
func checkCallerError(t *testing.T, err error, ctx context.Context) {
	t.Helper()
	want, other := context.Canceled, context.DeadlineExceeded
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		want, other = other, want
	}
	if err == nil {
		clause3.Errorf(t, "the caller's ctx ended with %q before every value was in; FetchAll returned no error", ctx.Err())
		return
	}
	clause3.Check(t, errors.Is(err, want), "the caller's ctx ended with %q; FetchAll returned %q, which does not match it", ctx.Err(), err)
	clause3.Check(t, !errors.Is(err, other), "the caller's ctx ended with %q; FetchAll returned %q, which matches %v", ctx.Err(), err, other)
}

// TestFailureThenCallerEnds: a key fails for good while the others are
// still waiting, and only then does the caller give up. FetchAll already has
// its answer, the store's failure; it must still wait for the Gets in flight,
// and its error must not pass for the caller's.
func TestFailureThenCallerEnds(t *testing.T) {
	for _, other := range []reply{hung, deaf} {
		if !t.Run("others "+other.speed.String(), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				ks := keys(20)
				broken := ks[3]
				s := newStore(func(key string, attempt int) reply {
					if key == broken {
						return failAfter(0, errUnavailable)
					}
					return other
				})
				failed := (wantAttempts - 1) * wantPause
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(failed+teardown/2, cancel)
				defer cancel()

				res := fetchAll(t, clause4, ctx, s, ks)

				want := failed + teardown
				if other.speed == fake.Deaf {
					want = fake.Long
				}
				clause4.Check(t, res.returned == want, "key %s failed for good at %v, the Gets in flight had returned at %v; FetchAll returned at %v",
					broken, failed, want, res.returned)
				checkStoreError(t, res.err, broken, errUnavailable)
			})
		}) {
			return // the first failing case says enough
		}
	}
}

// TestCancelRacesTheEnd runs on the real clock: the caller cancels at a
// random instant while the store answers within microseconds, so the cancel
// lands anywhere, including in FetchAll's own last steps. Whatever FetchAll
// returns must be one of the two honest answers, with nothing left running.
func TestCancelRacesTheEnd(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	deadline := time.Now().Add(300 * time.Millisecond)
	for round := 0; round < 200 && time.Now().Before(deadline); round++ {
		ks := keys(20)
		s := newStore(func(string, int) reply { return prompt(time.Duration(rand.IntN(200)) * time.Microsecond) })
		ctx, cancel := context.WithCancel(context.Background())
		timer := time.AfterFunc(time.Duration(rand.IntN(400))*time.Microsecond, cancel)

		var vals map[string]string
		var err error
		if !leakcheck.Within(t, 2*time.Second, "FetchAll", func() { vals, err = FetchAll(ctx, s, ks) }) {
			cancel()
			return
		}
		running, total := s.counts()
		ended := ctx.Err() != nil
		timer.Stop()
		cancel()
		if !clause5.Check(t, running == 0, "round %d: %d Get(s) still running when FetchAll returned", round, running) {
			return
		}
		if err == nil {
			if !clause1.Check(t, len(vals) == len(ks), "round %d: FetchAll returned no error and %d values for %d keys", round, len(vals), len(ks)) {
				return
			}
			continue
		}
		if !ended {
			clause3.Errorf(t, "round %d: the store never failed and the caller's ctx was live; FetchAll returned %q", round, err)
			return
		}
		if !clause3.Check(t, errors.Is(err, context.Canceled), "round %d: the caller cancelled; FetchAll returned %q, which does not match context.Canceled", round, err) {
			return
		}
		time.Sleep(2 * time.Millisecond)
		if _, later := s.counts(); !clause5.Check(t, later == total, "round %d: %d Get(s) began after FetchAll returned", round, later-total) {
			return
		}
	}
}

package status

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/fake"
	"gohunters/internal/leakcheck"
)

// These tests run on synctest's fake clock: a probe takes exactly its
// latency, every instant Check returns at is exact, and whatever Check
// started is judged at the instant it returns. One test runs on the real
// clock, with several processors, so that hundreds of answers really arrive
// at once.

var (
	errRefused = errors.New("dial tcp 10.0.0.7:443: connect: connection refused")
	errTimeout = errors.New("GET /healthz: 504 Gateway Timeout")
)

// backend is one fake service: its probe waits as speed says for a call of
// latency (as fake.Prompt does when speed is nil), then returns err.
type backend struct {
	name    string
	latency time.Duration
	err     error
	speed   *fake.Speed
}

func probeOf(backends []backend) Probe {
	byName := map[string]backend{}
	for _, b := range backends {
		byName[b.name] = b
	}
	return func(ctx context.Context, service string) error {
		b, ok := byName[service]
		if !ok {
			return fmt.Errorf("no such service %q", service)
		}
		speed := fake.Prompt
		if b.speed != nil {
			speed = *b.speed
		}
		if err := speed.Wait(ctx, b.latency); err != nil {
			return err
		}
		return b.err
	}
}

func serviceNames(backends []backend) []string {
	var n []string
	for _, b := range backends {
		n = append(n, b.name)
	}
	return n
}

// runCheck calls Check inside the bubble and returns its statuses and how long
// it took on the fake clock, and judges, at the instant it returned, that
// nothing it started is still running.
func runCheck(t *testing.T, ctx context.Context, backends []backend, calls string) (statuses []Status, took time.Duration, ok bool) {
	t.Helper()
	m := leakcheck.Now()
	start := time.Now()
	done := make(chan struct{})
	go func() {
		defer close(done)
		statuses = Check(ctx, probeOf(backends), serviceNames(backends))
	}()
	timer := time.NewTimer(24 * time.Hour)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		clause2.Errorf(t, "%s had not returned 24h after it was called", calls)
		return nil, 0, false
	}
	took = time.Since(start)
	return statuses, took, m.Stopped(t, clause3, calls)
}

// tookAsLong checks, through clause2, that Check returned want after it was
// called.
func tookAsLong(t *testing.T, want, took time.Duration, calls string) bool {
	t.Helper()
	return clause2.Check(t, took == want, "%s returned %v after it was called, not %v", calls, took, want)
}

// shown renders a Status by its fields. An error that wraps the wanted one is
// shown as the wanted one.
func shown(s Status, want error) string {
	switch {
	case s.Up && s.Err == nil:
		return fmt.Sprintf("%s Up Latency=%v", s.Service, s.Latency)
	case s.Up:
		return fmt.Sprintf("%s Up Latency=%v Err=%q", s.Service, s.Latency, s.Err)
	case s.Err == nil:
		return fmt.Sprintf("%s !Up Err=nil", s.Service)
	case want != nil && errors.Is(s.Err, want):
		return fmt.Sprintf("%s !Up Err=%q", s.Service, want)
	default:
		return fmt.Sprintf("%s !Up Err=%q", s.Service, s.Err)
	}
}

// statusesAre checks one Status per service, in order, as the page shows them.
func statusesAre(t *testing.T, want []Status, got []Status, calls string) bool {
	t.Helper()
	var w, g []string
	for i, s := range want {
		w = append(w, shown(s, s.Err))
		if i < len(got) {
			g = append(g, shown(got[i], s.Err))
		}
	}
	for _, s := range got[min(len(got), len(want)):] {
		g = append(g, shown(s, nil))
	}
	return clause1.Equal(t, w, g, "the statuses %s returned", calls)
}

// bubble runs f in a synctest bubble, like leakcheck.Bubble, with a real-time
// watchdog. A goroutine that spins instead of blocking (a loop around a
// condition with nothing in it that waits) keeps the fake clock from moving,
// so no fake deadline can fire: after 10 s of real time the watchdog ends the
// test binary and prints every goroutine's stack, the spinning one included.
func bubble(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	watchdog := time.AfterFunc(10*time.Second, func() {
		debug.SetTraceback("all")
		panic(t.Name() + " still runs after 10 s of real time: a goroutine that never blocks keeps synctest's fake clock from moving. " +
			"Every goroutine's stack follows; look for one that is running.")
	})
	defer watchdog.Stop()
	leakcheck.Bubble(t, f)
}

func TestAllUp(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		backends := []backend{
			{name: "auth", latency: 30 * time.Millisecond},
			{name: "billing", latency: 10 * time.Millisecond},
			{name: "search", latency: 50 * time.Millisecond},
			{name: "mail", latency: 20 * time.Millisecond},
		}
		const calls = "Check(ctx, probe, [auth billing search mail]) // all up"
		statuses, took, _ := runCheck(t, context.Background(), backends, calls)
		statusesAre(t, []Status{
			{Service: "auth", Up: true, Latency: 30 * time.Millisecond},
			{Service: "billing", Up: true, Latency: 10 * time.Millisecond},
			{Service: "search", Up: true, Latency: 50 * time.Millisecond},
			{Service: "mail", Up: true, Latency: 20 * time.Millisecond},
		}, statuses, calls)
		tookAsLong(t, 50*time.Millisecond, took, calls)
	})
}

// Two services are down: one answers early, the other is the slowest of all.
func TestSomeDown(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		backends := []backend{
			{name: "auth", latency: 30 * time.Millisecond},
			{name: "billing", latency: 10 * time.Millisecond, err: errRefused},
			{name: "search", latency: 50 * time.Millisecond, err: errTimeout},
			{name: "mail", latency: 20 * time.Millisecond},
		}
		const calls = "Check(ctx, probe, [auth billing search mail]) // billing and search down"
		statuses, took, _ := runCheck(t, context.Background(), backends, calls)
		statusesAre(t, []Status{
			{Service: "auth", Up: true, Latency: 30 * time.Millisecond},
			{Service: "billing", Err: errRefused},
			{Service: "search", Err: errTimeout},
			{Service: "mail", Up: true, Latency: 20 * time.Millisecond},
		}, statuses, calls)
		tookAsLong(t, 50*time.Millisecond, took, calls)
	})
}

// One backend answers at every speed a real one has on a bad day, beside two
// that answer in 30ms, one of them down; the request's ctx ends after 5s.
func TestProbeSpeeds(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	const timeout = 5 * time.Second
	for _, tc := range []struct {
		speed fake.Speed
		took  time.Duration
		want  Status
	}{
		{fake.Instant, 30 * time.Millisecond, Status{Service: "search", Up: true, Latency: 0}},
		{fake.Prompt, 40 * time.Millisecond, Status{Service: "search", Up: true, Latency: 40 * time.Millisecond}},
		{fake.Failing, 30 * time.Millisecond, Status{Service: "search", Err: fake.ErrInjected}},
		{fake.Slow, timeout, Status{Service: "search", Err: context.DeadlineExceeded}},
		{fake.Hung, timeout, Status{Service: "search", Err: context.DeadlineExceeded}},
		{fake.Deaf, fake.Long, Status{Service: "search", Err: context.DeadlineExceeded}},
	} {
		t.Run(tc.speed.String(), func(t *testing.T) {
			bubble(t, func(t *testing.T) {
				backends := []backend{
					{name: "auth", latency: 30 * time.Millisecond},
					{name: "search", latency: 40 * time.Millisecond, speed: &tc.speed},
					{name: "mail", latency: 30 * time.Millisecond, err: errRefused},
				}
				ctx, cancel := context.WithTimeout(context.Background(), timeout)
				defer cancel()
				calls := fmt.Sprintf("Check(ctx /* 5s */, probe, [auth search mail]) // search %v", tc.speed)
				statuses, took, _ := runCheck(t, ctx, backends, calls)
				statusesAre(t, []Status{
					{Service: "auth", Up: true, Latency: 30 * time.Millisecond},
					tc.want,
					{Service: "mail", Err: errRefused},
				}, statuses, calls)
				tookAsLong(t, tc.took, took, calls)
			})
		})
	}
}

// The slowest service has no deadline of Check's own to meet: its answer an
// hour later is still an answer.
func TestSlowestTakesAnHour(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		backends := []backend{
			{name: "auth", latency: 30 * time.Millisecond, err: errRefused},
			{name: "archive", latency: time.Hour},
		}
		const calls = "Check(context.Background(), probe, [auth archive]) // archive takes an hour"
		statuses, took, _ := runCheck(t, context.Background(), backends, calls)
		statusesAre(t, []Status{
			{Service: "auth", Err: errRefused},
			{Service: "archive", Up: true, Latency: time.Hour},
		}, statuses, calls)
		tookAsLong(t, time.Hour, took, calls)
	})
}

// The status page's request is cancelled while some probes are under way.
func TestCancelled(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		backends := []backend{
			{name: "auth", latency: 30 * time.Millisecond},
			{name: "billing", latency: 10 * time.Millisecond},
			{name: "search", latency: time.Minute},
			{name: "mail", latency: 20 * time.Millisecond, err: errRefused},
		}
		ctx, cancel := context.WithTimeout(context.Background(), 25*time.Millisecond)
		defer cancel()
		const calls = "Check(ctx /* 25ms */, probe, [auth billing search mail])"
		statuses, took, _ := runCheck(t, ctx, backends, calls)
		statusesAre(t, []Status{
			{Service: "auth", Err: context.DeadlineExceeded},
			{Service: "billing", Up: true, Latency: 10 * time.Millisecond},
			{Service: "search", Err: context.DeadlineExceeded},
			{Service: "mail", Err: errRefused},
		}, statuses, calls)
		tookAsLong(t, 25*time.Millisecond, took, calls)
	})
}

// manyServices returns n services, every third one down with err.
func manyServices(n int, latency time.Duration, err error) (backends []backend, want []Status) {
	for i := range n {
		b := backend{name: fmt.Sprintf("shard-%03d", i), latency: latency}
		s := Status{Service: b.name, Up: true, Latency: latency}
		if i%3 == 0 {
			b.err, s = err, Status{Service: b.name, Err: err}
		}
		backends, want = append(backends, b), append(want, s)
	}
	return backends, want
}

// A large deployment: 300 services answer at the same instant, every third
// one down.
func TestManyAtOnce(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		backends, want := manyServices(300, 20*time.Millisecond, errTimeout)
		const calls = "Check(ctx, probe, [shard-000 … shard-299]) // all answer at 20ms"
		statuses, took, _ := runCheck(t, context.Background(), backends, calls)
		statusesAre(t, want, statuses, calls)
		tookAsLong(t, 20*time.Millisecond, took, calls)
	})
}

// The same on the real clock, with several processors, so that the answers
// really do arrive at once.
func TestManyAtOnceRealClock(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))

	backends, want := manyServices(300, 0, errTimeout)
	gate := make(chan struct{}) // every probe answers when it is closed
	var started sync.WaitGroup
	started.Add(len(backends))
	inner := probeOf(backends)
	probe := func(ctx context.Context, service string) error {
		started.Done()
		<-gate
		return inner(ctx, service)
	}
	var statuses []Status
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		statuses = Check(context.Background(), probe, serviceNames(backends))
	}()
	const calls = "Check(ctx, probe, [shard-000 … shard-299]) // all answer at once, on the real clock"
	probing := make(chan struct{})
	go func() {
		defer close(probing)
		started.Wait()
	}()
	select {
	case <-probing:
	case <-time.After(2 * time.Second):
		clause2.Errorf(t, "%s had not started every probe 2s after it was called", calls)
		close(gate)
		return
	}
	close(gate)
	select {
	case <-returned:
	case <-time.After(2 * time.Second):
		clause2.Errorf(t, "%s had not returned 2s after every probe answered", calls)
		return
	}
	for i := range statuses {
		statuses[i].Latency = 0 // real time: only up or down matters here
	}
	statusesAre(t, want, statuses, calls)
}

// The request's deadline falls at the very instant some probes answer: each
// service is shown up or down, once, and nothing is left running.
func TestDeadlineAsProbesAnswer(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		backends, _ := manyServices(30, 20*time.Millisecond, errRefused)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		const calls = "Check(ctx /* 20ms */, probe, [shard-000 … shard-029]) // all answer at 20ms"
		statuses, took, ok := runCheck(t, ctx, backends, calls)
		if !ok || !clause1.Equal(t, len(backends), len(statuses), "how many statuses %s returned", calls) {
			return
		}
		for i, s := range statuses {
			b := backends[i]
			okStatus := s.Service == b.name && (s.Up && s.Err == nil && b.err == nil ||
				!s.Up && (errors.Is(s.Err, context.DeadlineExceeded) || b.err != nil && errors.Is(s.Err, b.err)))
			if !clause1.Check(t, okStatus, "%s showed %s", calls, shown(s, nil)) {
				break
			}
		}
		tookAsLong(t, 20*time.Millisecond, took, calls)
	})
}

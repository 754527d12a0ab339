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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// These tests run on synctest's fake clock: a probe takes exactly its latency,
// and a goroutine blocked forever on a send is reported when the test returns.

var (
	errRefused = errors.New("dial tcp 10.0.0.7:443: connect: connection refused")
	errTimeout = errors.New("GET /healthz: 504 Gateway Timeout")
)

// backend is one fake service: its probe takes latency, then returns err.
type backend struct {
	name    string
	latency time.Duration
	err     error
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
		select {
		case <-time.After(b.latency):
			return b.err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func serviceNames(backends []backend) []string {
	var n []string
	for _, b := range backends {
		n = append(n, b.name)
	}
	return n
}

// runCheck calls Check and returns its statuses and how long it took on the fake
// clock.
func runCheck(t *testing.T, ctx context.Context, backends []backend) (statuses []Status, took time.Duration) {
	t.Helper()
	start := time.Now()
	require.True(t, leakcheck.Within(t, time.Hour, "Check", func() {
		statuses = Check(ctx, probeOf(backends), serviceNames(backends))
	}))
	return statuses, time.Since(start)
}

// shown renders a Status the way the status page shows it. An error that wraps
// the wanted one is shown as the wanted one.
func shown(s Status, want error) string {
	switch {
	case s.Up && s.Err == nil:
		return fmt.Sprintf("%s: up in %v", s.Service, s.Latency)
	case s.Up:
		return fmt.Sprintf("%s: up in %v, yet with the error %q", s.Service, s.Latency, s.Err)
	case want != nil && errors.Is(s.Err, want):
		return fmt.Sprintf("%s: down: %v", s.Service, want)
	default:
		return fmt.Sprintf("%s: down: %v", s.Service, s.Err)
	}
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
		panic(t.Name() + " still runs after 10 s of real time: a goroutine that never blocks (a busy loop?) " +
			"keeps synctest's fake clock from moving. Every goroutine's stack follows; look for one that is running.")
	})
	defer watchdog.Stop()
	leakcheck.Bubble(t, f)
}

// assertStatuses checks one Status per service, in order.
func assertStatuses(t *testing.T, want []Status, got []Status) {
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
	assert.Equal(t, w, g, "one status per service, in the order given: a service shown up "+
		"when its probe failed, or missing, means that a probe's goroutine sent more than one Status")
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
		statuses, took := runCheck(t, t.Context(), backends)
		assertStatuses(t, []Status{
			{Service: "auth", Up: true, Latency: 30 * time.Millisecond},
			{Service: "billing", Up: true, Latency: 10 * time.Millisecond},
			{Service: "search", Up: true, Latency: 50 * time.Millisecond},
			{Service: "mail", Up: true, Latency: 20 * time.Millisecond},
		}, statuses)
		assert.Equal(t, 50*time.Millisecond, took, "Check returns when the slowest probe has answered")
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
		statuses, took := runCheck(t, t.Context(), backends)
		assertStatuses(t, []Status{
			{Service: "auth", Up: true, Latency: 30 * time.Millisecond},
			{Service: "billing", Err: errRefused},
			{Service: "search", Err: errTimeout},
			{Service: "mail", Up: true, Latency: 20 * time.Millisecond},
		}, statuses)
		assert.Equal(t, 50*time.Millisecond, took, "Check returns when the slowest probe has answered")
	})
}

// A large deployment: many services answer at the same moment, and every
// third one is down. Check must collect every answer, however many arrive at
// once. This test runs on the real clock, with several processors, so that
// the answers really do arrive at once.
func TestManyAtOnce(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))

	const n = 300
	var services []string
	var want []Status
	for i := range n {
		s := Status{Service: fmt.Sprintf("shard-%03d", i), Up: true}
		if i%3 == 0 {
			s = Status{Service: s.Service, Err: errTimeout}
		}
		services, want = append(services, s.Service), append(want, s)
	}
	gate := make(chan struct{}) // every probe answers when it is closed
	var started sync.WaitGroup
	started.Add(n)
	probe := func(ctx context.Context, service string) error {
		started.Done()
		<-gate
		var i int
		fmt.Sscanf(service, "shard-%d", &i)
		return want[i].Err
	}
	var statuses []Status
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		statuses = Check(t.Context(), probe, services)
	}()
	require.True(t, leakcheck.Within(t, 2*time.Second, "every probe starting", started.Wait))
	close(gate)
	select {
	case <-returned:
	case <-time.After(time.Second):
		t.Fatalf("Check did not return within 1s of the last answer: it is blocked forever (a leaked goroutine)")
	}
	for i := range statuses {
		statuses[i].Latency = 0 // real time: only up or down matters here
	}
	assertStatuses(t, want, statuses)
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
		ctx, cancel := context.WithTimeout(t.Context(), 25*time.Millisecond)
		defer cancel()
		statuses, took := runCheck(t, ctx, backends)
		assertStatuses(t, []Status{
			{Service: "auth", Err: context.DeadlineExceeded},
			{Service: "billing", Up: true, Latency: 10 * time.Millisecond},
			{Service: "search", Err: context.DeadlineExceeded},
			{Service: "mail", Err: errRefused},
		}, statuses)
		assert.Equal(t, 25*time.Millisecond, took, "Check returns when the request is cancelled")
	})
}

package fx

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// The refresher runs for the life of the test binary, on the real clock, so no
// test runs in a synctest bubble. Every conversion has a real deadline: it must
// never wait for the feed.
const deadline = time.Second

// fakeFeed serves rates per euro; hang makes it wait until its ctx is done.
type fakeFeed struct {
	mu    sync.Mutex
	usd   float64
	calls int
	hung  bool
}

func (f *fakeFeed) Rates(ctx context.Context) (map[string]float64, error) {
	f.mu.Lock()
	f.calls++
	hung, usd := f.hung, f.usd
	f.mu.Unlock()
	if hung {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return map[string]float64{"EUR": 1, "USD": usd, "JPY": 160}, nil
}

func (f *fakeFeed) set(usd float64, hung bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.usd, f.hung = usd, hung
}

func (f *fakeFeed) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

var feed = &fakeFeed{usd: 1.08}

func TestMain(m *testing.M) {
	Feed = feed
	RefreshInterval = 10 * time.Millisecond
	os.Exit(m.Run())
}

// convert calls Convert with a real deadline.
func convert(t *testing.T, amount float64, from, to string) (got float64, err error) {
	t.Helper()
	if !leakcheck.Within(t, deadline, "Convert", func() { got, err = Convert(amount, from, to) }) {
		t.FailNow()
	}
	return got, err
}

func TestConvert(t *testing.T) {
	defer leakcheck.VerifyNone(t, LeakOptions()...)

	got, err := convert(t, 100, "EUR", "USD")
	require.NoError(t, err)
	assert.InDelta(t, 108, got, 1e-9)
	got, err = convert(t, 16000, "JPY", "EUR")
	require.NoError(t, err)
	assert.InDelta(t, 100, got, 1e-9)
	_, err = convert(t, 1, "EUR", "XTS")
	assert.ErrorIs(t, err, ErrUnknownCurrency)
}

func TestRatesRefreshInTheBackground(t *testing.T) {
	defer leakcheck.VerifyNone(t, LeakOptions()...)
	defer feed.set(1.08, false)

	_, err := convert(t, 1, "EUR", "USD")
	require.NoError(t, err)
	feed.set(1.10, false)
	before := feed.count()
	time.Sleep(15 * RefreshInterval) // nobody converts meanwhile
	assert.GreaterOrEqual(t, feed.count()-before, 3, "the rates are refreshed every RefreshInterval, even while nobody converts")

	feed.set(1.10, true) // the feed hangs: conversions go on at the last rates
	got, err := convert(t, 100, "EUR", "USD")
	require.NoError(t, err)
	assert.InDelta(t, 110, got, 1e-9, "a conversion uses the latest rates, and never waits for the feed")
}

// pollUntil and waitFor stand for real leaks elsewhere in a service: a loop
// that sleeps, as the refresher does, and a goroutine blocked on a channel.
func pollUntil(quit <-chan struct{}) {
	for {
		select {
		case <-quit:
			return
		default:
			time.Sleep(time.Millisecond)
		}
	}
}

func waitFor(quit <-chan struct{}) { <-quit }

func TestLeakOptionsStillCatchLeaks(t *testing.T) {
	defer leakcheck.VerifyNone(t, LeakOptions()...)

	// Started before LeakOptions is called, as a leak from an earlier test
	// would be.
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { pollUntil(quit) })
	wg.Go(func() { waitFor(quit) })
	opts := LeakOptions()
	_, err := convert(t, 1, "EUR", "USD") // the refresher runs
	require.NoError(t, err)

	err = goleak.Find(opts...)
	close(quit)
	wg.Wait()
	if err == nil {
		t.Error("goleak with LeakOptions() reports nothing, yet two goroutines were left running: LeakOptions hides real leaks")
	} else {
		report := err.Error()
		assert.Contains(t, report, "pollUntil", "a goroutine sleeping in a loop of its own must still be reported: ignoring time.Sleep at the top of the stack hides every such loop")
		assert.Contains(t, report, "waitFor", "a goroutine blocked on a channel must still be reported")
		assert.Equal(t, 2, strings.Count(report, "Goroutine "), "goleak reports those two and nothing else (the refresher is meant to live):\n%s", report)
	}
	assert.NoError(t, goleak.Find(opts...), "once those two have ended, goleak with LeakOptions() finds nothing")
}

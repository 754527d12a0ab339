package listing

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

const (
	pageCount = 30
	pageSize  = 100
	listTime  = 100 * time.Millisecond // per page, on synctest's fake clock
	visitTime = time.Millisecond       // per record: visiting a page takes as long as listing one
)

// errUnavailable is how a page fails. Formatting it takes a moment of fake
// time (formatTime), like an error that renders a response body: a Walk that
// closes the channel before it has stored the error returns before the error is
// there (and is a data race under -race).
var errUnavailable error = unavailable{}

const formatTime = time.Millisecond

type unavailable struct{}

func (unavailable) Error() string {
	time.Sleep(formatTime)
	return "503 service unavailable"
}

// fakeSource serves pageCount pages of pageSize records, listTime per page. The
// page numbered failAt (if not negative) fails.
type fakeSource struct {
	failAt int

	mu    sync.Mutex
	lists int // List calls
}

func (s *fakeSource) List(ctx context.Context, cursor string) (Page, error) {
	s.mu.Lock()
	s.lists++
	s.mu.Unlock()

	n := 0
	if cursor != "" {
		if _, err := fmt.Sscanf(cursor, "page-%d", &n); err != nil {
			return Page{}, fmt.Errorf("bad cursor %q", cursor)
		}
	}
	select {
	case <-time.After(listTime):
	case <-ctx.Done():
		return Page{}, ctx.Err()
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
	return p, nil
}

// allRecords returns the IDs of the first n records of the listing.
func allRecords(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("rec-%04d", i)
	}
	return ids
}

// walk calls Walk with a visit func that takes visitTime per record, and returns
// the IDs visited, Walk's error and how long it took on the fake clock.
func walk(t *testing.T, ctx context.Context, src Source) (visited []string, err error, took time.Duration) {
	t.Helper()
	var mu sync.Mutex
	visited = []string{}
	visit := func(r Record) {
		time.Sleep(visitTime)
		mu.Lock()
		defer mu.Unlock()
		visited = append(visited, r.ID)
	}
	start := time.Now()
	if !leakcheck.Within(t, time.Hour, "Walk", func() { err = Walk(ctx, src, visit) }) {
		t.FailNow() // the bubble reports what is still blocked
	}
	took = time.Since(start)

	mu.Lock()
	defer mu.Unlock()
	return visited, err, took
}

func TestWholeListing(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		src := &fakeSource{failAt: -1}

		visited, err, took := walk(t, t.Context(), src)

		require.NoError(t, err, "every page loads")
		require.Equal(t, allRecords(pageCount*pageSize), visited, "Walk must visit every record once, in order")
		assert.Equal(t, pageCount, src.lists, "Walk must list each page once")
		// Fetching page n+1 overlaps with visiting page n.
		assert.Equal(t, listTime+pageCount*pageSize*visitTime, took,
			"Walk must fetch the next page while the current one is visited")
	})
}

func TestPageFails(t *testing.T) {
	for _, failAt := range []int{0, 7, pageCount - 1} {
		t.Run(fmt.Sprintf("page %d of %d", failAt, pageCount), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

			leakcheck.Bubble(t, func(t *testing.T) {
				src := &fakeSource{failAt: failAt}

				visited, err, took := walk(t, t.Context(), src)

				require.ErrorIs(t, err, errUnavailable, "Walk must return the listing's error, stored before the channel is closed")
				assert.Equal(t, allRecords(failAt*pageSize), visited, "Walk must visit every record of the pages before the failed one, in order")
				failed := time.Duration(failAt+1) * listTime
				assert.GreaterOrEqual(t, took, failed, "Walk must return the failure of page %d, known at %v", failAt, failed)
				assert.LessOrEqual(t, took, failed+10*formatTime, "Walk must return once the failure is known and the pages before it are visited")
				// Any goroutine of Walk's still blocked when this bubble ends is reported as a leak.
			})
		})
	}
}

func TestCallerCancels(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())

	leakcheck.Bubble(t, func(t *testing.T) {
		src := &fakeSource{failAt: -1}
		ctx, cancel := context.WithCancel(t.Context())
		// Page 10 is being listed, page 9 visited.
		time.AfterFunc(10*listTime+listTime/2, cancel)

		visited, err, took := walk(t, ctx, src)

		require.ErrorIs(t, err, context.Canceled, "Walk must return the cancellation")
		assert.Equal(t, allRecords(10*pageSize), visited, "Walk must visit every record of the pages it had before the cancel, in order")
		assert.Equal(t, 11*listTime, took, "Walk must return once the pages it had are visited")
	})
}

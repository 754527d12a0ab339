package prefetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// These tests run on synctest's fake clock. A goroutine waiting in
// sync.Cond.Wait is durably blocked, so a wait that nothing can end any more
// is reported at once: by Within's fake deadline, then by synctest when the
// test returns.

const (
	pages    = 5
	perPage  = 3
	ahead    = 6
	pageTime = 100*time.Millisecond + 7*time.Microsecond // an odd duration: a periodic wake-up never lands on a page boundary
)

var errThrottled = errors.New("503 SlowDown: reduce your request rate")

// store serves a listing of pages*perPage keys, pageTime per page, on the fake
// clock. Page failAt (if not negative) fails; page hangAt (if not negative)
// takes an hour.
type store struct {
	failAt, hangAt int
}

func (s store) fetch(ctx context.Context, cursor string) ([]string, string, error) {
	page := 0
	if cursor != "" {
		page, _ = strconv.Atoi(cursor)
	}
	d := pageTime
	if page == s.hangAt {
		d = time.Hour
	}
	select {
	case <-time.After(d):
	case <-ctx.Done():
		return nil, "", ctx.Err()
	}
	if page == s.failAt {
		return nil, "", fmt.Errorf("list page %d: %w", page, errThrottled)
	}
	items := make([]string, perPage)
	for i := range items {
		items[i] = keyN(page*perPage + i)
	}
	next := ""
	if page+1 < pages {
		next = strconv.Itoa(page + 1)
	}
	return items, next, nil
}

func keyN(i int) string { return fmt.Sprintf("logs/2026/11/%04d.gz", i) }

func startPrefetch(t *testing.T, s store) *Prefetcher {
	t.Helper()
	var p *Prefetcher
	require.True(t, leakcheck.Within(t, time.Second, "Start", func() { p = Start(s.fetch, ahead) }))
	return p
}

// nextItem calls p.Next and returns its result and the fake-clock instant it returned.
func nextItem(t *testing.T, p *Prefetcher, what string) (item string, err error, at time.Time, ok bool) {
	t.Helper()
	ok = leakcheck.Within(t, time.Hour, what, func() { item, err = p.Next() })
	return item, err, time.Now(), ok
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

// closeAt calls p.Close and checks that it returns at once and that nothing
// Start started is still running then.
func closeAt(t *testing.T, p *Prefetcher) bool {
	t.Helper()
	called := time.Now()
	if !leakcheck.Within(t, time.Hour, "deadlock: Close", p.Close) {
		return false
	}
	assert.Equal(t, called, time.Now(), "Close must return at once, not after %v", time.Since(called))
	return true
}

func TestWholeListing(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		begin := time.Now()
		p := startPrefetch(t, store{failAt: -1, hangAt: -1})
		for i := range pages * perPage {
			item, err, _, ok := nextItem(t, p, "Next")
			require.True(t, ok)
			require.NoError(t, err)
			require.Equal(t, keyN(i), item, "the items in order")
		}
		_, err, at, ok := nextItem(t, p, "Next at the end of the listing")
		require.True(t, ok)
		assert.ErrorIs(t, err, io.EOF)
		assert.Equal(t, pages*pageTime, at.Sub(begin), "io.EOF comes once the last page is fetched")
		_, err, _, _ = nextItem(t, p, "Next after io.EOF")
		assert.ErrorIs(t, err, io.EOF, "io.EOF again")
		closeAt(t, p)
	})
}

func TestFetchFails(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		begin := time.Now()
		p := startPrefetch(t, store{failAt: 2, hangAt: -1})
		for i := range 2 * perPage {
			item, err, _, ok := nextItem(t, p, "Next")
			require.True(t, ok)
			require.NoError(t, err)
			require.Equal(t, keyN(i), item)
		}
		_, err, at, ok := nextItem(t, p, "Next after the third page failed")
		if !ok {
			return // the consumer waits for an item that will never come
		}
		assert.ErrorIs(t, err, errThrottled, "Next must return the fetch's error once the fetched items are consumed")
		assert.Equal(t, 3*pageTime, at.Sub(begin), "Next must return the error the moment the fetch failed")
		closeAt(t, p)
	})
}

// The consumer stops reading; the fetcher has filled the buffer and waits for room.
func TestCloseWhileAhead(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		p := startPrefetch(t, store{failAt: -1, hangAt: -1})
		item, _, _, _ := nextItem(t, p, "Next")
		require.Equal(t, keyN(0), item)
		time.Sleep(time.Minute) // the consumer is busy elsewhere; the buffer fills up

		if !closeAt(t, p) {
			return
		}
		var got []string
		for range pages * perPage {
			item, err, _, ok := nextItem(t, p, "Next after Close")
			if !ok || err != nil {
				assert.ErrorIs(t, err, ErrClosed, "after the buffered items, Next must return ErrClosed")
				break
			}
			got = append(got, item)
		}
		for i, item := range got {
			assert.Equal(t, keyN(i+1), item, "the buffered items, in order")
		}
		assert.LessOrEqual(t, len(got), ahead+perPage, "the buffer holds about ahead items, not the whole listing")
	})
}

// The consumer waits in Next for a page the store is slow to return, when
// another goroutine (a request's cancellation, a shutdown) calls Close.
func TestCloseWakesNext(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	bubble(t, func(t *testing.T) {
		p := startPrefetch(t, store{failAt: -1, hangAt: 1})
		for i := range perPage {
			item, _, _, _ := nextItem(t, p, "Next")
			require.Equal(t, keyN(i), item)
		}
		closed := time.Now().Add(time.Second)
		time.AfterFunc(time.Second, p.Close)

		_, err, at, ok := nextItem(t, p, "Next, waiting for a slow page when Close is called")
		if !ok {
			return // the consumer waits for an item that will never come
		}
		assert.ErrorIs(t, err, ErrClosed, "Next must return ErrClosed once Close is called")
		assert.Equal(t, closed, at, "Next must return the moment Close is called")
	})
}

package products

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"gohunters/internal/leakcheck"
)

const (
	workers   = 4
	fetchTime = 10 * time.Millisecond // per product, on synctest's fake clock
	leaveTime = 7 * time.Millisecond  // for the feed to end a subscription (a round trip)
)

var errStoreDown = errors.New("store: connection reset by peer")

// fakeStore has every product from 1 to 799. It fails at once with ErrNotFound
// for 900 and above, and with errStoreDown from 800 to 899; it answers the others
// after delay. It counts its queries.
type fakeStore struct {
	delay time.Duration

	mu         sync.Mutex
	prices     map[int]int64 // changed prices; 100 cents × id otherwise
	calls      int           // queries so far
	running    int           // queries in progress
	maxRunning int
}

func newStore(delay time.Duration) *fakeStore {
	return &fakeStore{delay: delay, prices: map[int]int64{}}
}

func (s *fakeStore) Product(ctx context.Context, id int) (Product, error) {
	s.mu.Lock()
	s.calls++
	s.running++
	s.maxRunning = max(s.maxRunning, s.running)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.running--
		s.mu.Unlock()
	}()

	switch {
	case id >= 900:
		return Product{}, ErrNotFound
	case id >= 800:
		return Product{}, errStoreDown
	}
	if s.delay > 0 {
		select {
		case <-time.After(s.delay):
		case <-ctx.Done():
			return Product{}, ctx.Err()
		}
	}
	return s.want(id), nil
}

// want is the product id as the store has it now.
func (s *fakeStore) want(id int) Product {
	s.mu.Lock()
	defer s.mu.Unlock()
	cents, ok := s.prices[id]
	if !ok {
		cents = 100 * int64(id)
	}
	return Product{ID: id, Name: fmt.Sprintf("product %d", id), Cents: cents}
}

func (s *fakeStore) setPrice(id int, cents int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prices[id] = cents
}

func (s *fakeStore) stats() (calls, running, maxRunning int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls, s.running, s.maxRunning
}

// fakeFeed delivers every change to every subscriber, one after the other, and
// waits for each to take it, like a feed client with no buffer of its own. Once a
// subscriber's ctx is done, it takes leaveTime to end the subscription and close
// its channel.
type fakeFeed struct {
	mu   sync.Mutex
	subs map[chan PriceChange]context.Context
}

func newFeed() *fakeFeed { return &fakeFeed{subs: map[chan PriceChange]context.Context{}} }

func (f *fakeFeed) Subscribe(ctx context.Context) <-chan PriceChange {
	ch := make(chan PriceChange)
	f.mu.Lock()
	f.subs[ch] = ctx
	f.mu.Unlock()
	context.AfterFunc(ctx, func() {
		time.Sleep(leaveTime)
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.subs, ch)
		close(ch)
	})
	return ch
}

// publish delivers c to every subscriber.
func (f *fakeFeed) publish(c PriceChange) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for ch, ctx := range f.subs {
		select {
		case ch <- c:
		case <-ctx.Done():
		}
	}
}

func (f *fakeFeed) subscribers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs)
}

// response is what GET /products answered.
type response struct {
	code     int
	products []Product
	body     string
}

// get serves GET /products?ids=... with h, in the caller's goroutine's bubble,
// and returns the response and how long it took on the fake clock. It fails the
// test if the handler does not return within an hour of fake time.
func get(t *testing.T, ctx context.Context, h http.Handler, ids string) (resp response, took time.Duration) {
	t.Helper()
	start := time.Now()
	rec := httptest.NewRecorder()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/products?ids="+ids, nil)
	if !leakcheck.Within(t, time.Hour, "GET /products?ids="+ids, func() { h.ServeHTTP(rec, req) }) {
		t.FailNow()
	}
	took = time.Since(start)
	resp = response{code: rec.Code, body: strings.TrimSpace(rec.Body.String())}
	if rec.Code == http.StatusOK {
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &resp.products), "GET ?ids=%s: %s", ids, rec.Body)
	}
	return resp, took
}

// wantProducts is what GET ?ids=... must answer from s.
func wantProducts(s *fakeStore, ids ...int) []Product {
	var ps []Product
	for _, id := range ids {
		ps = append(ps, s.want(id))
	}
	return ps
}

// idList writes ids the way the API reads them: "3,1,4".
func idList(ids ...int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ",")
}

// seq returns from, from+1, ..., from+n-1.
func seq(from, n int) []int {
	ids := make([]int, n)
	for i := range ids {
		ids[i] = from + i
	}
	return ids
}

// start calls New in the caller's bubble, failing the test if it does not
// return within an hour of fake time.
func start(t *testing.T, cfg Config) (svc *Service) {
	t.Helper()
	if !leakcheck.Within(t, time.Hour, "New", func() { svc = New(cfg) }) {
		t.FailNow()
	}
	return svc
}

// closeNow closes a service without a feed and checks that Close returned at
// the instant it was called: everything it stops can stop at once.
func closeNow(t *testing.T, svc *Service) {
	t.Helper()
	closeAt(t, svc, 0, "everything it stops can stop at once")
}

// closeAt closes svc and checks that Close returned exactly after took on the
// fake clock: not before what it stops has ended, and not later.
func closeAt(t *testing.T, svc *Service, took time.Duration, why string) {
	t.Helper()
	start := time.Now()
	if !leakcheck.Within(t, time.Hour, "Close", svc.Close) {
		return
	}
	require.Equal(t, took, time.Since(start), "Close must return after exactly %v on the fake clock: %s", took, why)
}

// quiet checks, at the instant a request was answered, that no store query is
// still running for it, and that none starts in the minute after.
func quiet(t *testing.T, s *fakeStore) {
	t.Helper()
	synctest.Wait()
	calls, running, _ := s.stats()
	require.Zero(t, running, "a store query is still running for a request that was already answered: "+
		"a leaked goroutine of the pool keeps working for nobody")
	time.Sleep(time.Minute)
	later, _, _ := s.stats()
	require.Equal(t, calls, later, "the store was queried after the request was answered: "+
		"a leaked goroutine of the pool keeps working for a request that is gone")
}

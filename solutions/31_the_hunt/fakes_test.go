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

	"gohunters/internal/fake"
	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"
)

// Most tests run in a testing/synctest bubble, where time is fake: an hour
// passes in microseconds once every goroutine of the bubble is blocked. Their
// failures say which promise of the goal is broken and what the test saw, never
// where in the code: finding that is the hunt (README.md).

const (
	workers   = 4
	fetchTime = 10 * time.Millisecond // a store query, on the fake clock
	leaveTime = 7 * time.Millisecond  // for the feed to end a subscription
	patience  = 3 * time.Hour         // how long a test waits for a call that must return (fake.Long is one)
)

var errStoreDown = errors.New("store: connection reset by peer")

// fakeStore has every product below 900. It answers ErrNotFound at once for
// 900 and above, fails at once with errStoreDown from 800 to 899, hangs until
// cancelled from 700 to 799, and answers the others at its speed (fake.Prompt:
// after rtt), inside the point "Product". It records every query.
type fakeStore struct {
	points fake.Points
	rtt    time.Duration

	mu      sync.Mutex
	speed   fake.Speed
	prices  map[int]int64 // changed prices; 100 cents × id otherwise
	queries []*query
	running int
	most    int          // queries at once, at most
	over    map[int]bool // products of requests whose handler has returned
	late    int          // queries started for those with a live context
}

// query is one call of Product.
type query struct {
	id   int
	ctx  context.Context
	done bool
	end  time.Time // when it returned
}

func newStore() *fakeStore {
	return &fakeStore{rtt: fetchTime, speed: fake.Prompt, prices: map[int]int64{}, over: map[int]bool{}}
}

func (s *fakeStore) Product(ctx context.Context, id int) (Product, error) {
	q := &query{id: id, ctx: ctx}
	s.mu.Lock()
	s.queries = append(s.queries, q)
	s.running++
	s.most = max(s.most, s.running)
	if s.over[id] && ctx.Err() == nil {
		s.late++
	}
	speed := s.speed
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		q.done, q.end = true, time.Now()
		s.running--
	}()

	switch {
	case id >= 900:
		return Product{}, ErrNotFound
	case id >= 800:
		return Product{}, errStoreDown
	case id >= 700:
		speed = fake.Hung
	}
	if err := s.points.Call(ctx, "Product", speed, s.rtt); err != nil {
		return Product{}, err
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

// setSpeed sets the speed of the store's products below 700 and returns the
// speed it had.
func (s *fakeStore) setSpeed(speed fake.Speed) (was fake.Speed) {
	s.mu.Lock()
	defer s.mu.Unlock()
	was, s.speed = s.speed, speed
	return was
}

// failedAt returns when the first query for id returned, zero if none has.
func (s *fakeStore) failedAt(id int) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, q := range s.queries {
		if q.id == id && q.done {
			return q.end
		}
	}
	return time.Time{}
}

// calls returns how many queries the store has had.
func (s *fakeStore) calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queries)
}

func (s *fakeStore) stats() (calls, running, most int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queries), s.running, s.most
}

// resetMost starts counting the queries at once afresh.
func (s *fakeStore) resetMost() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.most = s.running
}

// requestOver marks ids as the products of a request whose handler has
// returned, and returns how many of the queries for them are still running
// with a live context.
func (s *fakeStore) requestOver(ids []int) (live int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		s.over[id] = true
	}
	for _, q := range s.queries {
		if !q.done && s.over[q.id] && q.ctx.Err() == nil {
			live++
		}
	}
	return live
}

// lateQueries returns how many queries for the products of requests that had
// returned started with a live context.
func (s *fakeStore) lateQueries() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.late
}

// fakeFeed delivers every change to every subscriber, one after the other, and
// waits for each to take it, like a feed client with no buffer of its own.
// Once a subscriber's ctx is done, it takes leave to end the subscription and
// close its channel.
type fakeFeed struct {
	mu    sync.Mutex
	leave time.Duration
	subs  map[chan PriceChange]context.Context
}

func newFeed() *fakeFeed {
	return &fakeFeed{leave: leaveTime, subs: map[chan PriceChange]context.Context{}}
}

func (f *fakeFeed) Subscribe(ctx context.Context) <-chan PriceChange {
	ch := make(chan PriceChange)
	f.mu.Lock()
	f.subs[ch] = ctx
	leave := f.leave
	f.mu.Unlock()
	go func() {
		<-ctx.Done()
		time.Sleep(leave)
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.subs, ch)
		close(ch)
	}()
	return ch
}

// publish delivers c to every subscriber, without holding the feed's lock
// while a subscriber takes it.
func (f *fakeFeed) publish(c PriceChange) {
	f.mu.Lock()
	subs := make(map[chan PriceChange]context.Context, len(f.subs))
	for ch, ctx := range f.subs {
		subs[ch] = ctx
	}
	f.mu.Unlock()
	for ch, ctx := range subs {
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

// bubble runs f in a synctest bubble. synctest panics when f returns while
// goroutines started in the bubble are still blocked; bubble reports that as
// clause 1 broken unless the test has already failed (then the goroutines are
// what a failure above left behind), quoting synctest and nothing more.
func bubble(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil && !t.Failed() {
			clause1.Errorf(t, "when the test ended, with the service closed, goroutines started during it were still blocked (synctest: %v)", r)
		}
	}()
	synctest.Test(t, f)
}

// service is a Service under test, with its fakes and the goroutines that were
// running before New.
type service struct {
	*Service
	t     *testing.T
	mark  leakcheck.Mark
	store *fakeStore
	feed  *fakeFeed // nil: no feed
	h     http.Handler
	next  int // the next fresh product id, for requests that must miss the cache
}

// start calls New with workers workers, the store, the feed (nil: none) and
// ttl, in the caller's bubble.
func start(t *testing.T, store *fakeStore, feed *fakeFeed, ttl time.Duration) *service {
	t.Helper()
	s := &service{t: t, mark: leakcheck.Now(), store: store, feed: feed, next: 500}
	cfg := Config{Store: store, Workers: workers, TTL: ttl}
	if feed != nil {
		cfg.Feed = feed
	}
	var svc *Service
	if _, p, ok := within(patience, func() { svc = New(cfg) }); !ok || p != nil {
		t.Fatalf("New(Config{Workers: %d, TTL: %v}) did not return within %v (panic: %v)", workers, ttl, patience, p)
	}
	s.Service, s.h = svc, svc.Handler()
	return s
}

// within calls f in a goroutine of its own and waits at most d for it to
// return: how long it took, what it panicked with, and whether it returned.
func within(d time.Duration, f func()) (took time.Duration, panicked any, ok bool) {
	start := time.Now()
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case p := <-done:
		return time.Since(start), p, true
	case <-timer.C:
		return 0, nil, false
	}
}

// response is what GET /products answered.
type response struct {
	code     int
	products []Product
	body     string
}

// get serves GET /products?ids=ids with ctx as the request's context, and
// returns the response and how long it took. A handler that panics or does not
// return within patience breaks clause c: ok is false.
func (s *service) get(c goal.Clause, ctx context.Context, ids []int) (resp response, took time.Duration, ok bool) {
	s.t.Helper()
	return s.getRaw(c, ctx, idList(ids...), show(ids))
}

// getRaw is get with the ids parameter as given, shown as shown in reports.
func (s *service) getRaw(c goal.Clause, ctx context.Context, ids, shown string) (resp response, took time.Duration, ok bool) {
	t := s.t
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/products?ids="+ids, nil)
	took, p, ok := within(patience, func() { s.h.ServeHTTP(rec, req) })
	switch {
	case !ok:
		c.Errorf(t, "GET ?ids=%s had not returned %v after it was made", shown, patience)
		return resp, 0, false
	case p != nil:
		c.Errorf(t, "GET ?ids=%s panicked: %v", shown, p)
		return resp, 0, false
	}
	resp = response{code: rec.Code, body: strings.TrimSpace(rec.Body.String())}
	if rec.Code == http.StatusOK {
		if err := json.Unmarshal(rec.Body.Bytes(), &resp.products); err != nil {
			clause5.Errorf(t, "GET ?ids=%s answered 200 with a body that is not a list of products: %q", shown, resp.body)
		}
	}
	return resp, took, true
}

// client is a request's context, which its client cancels, and when it did.
type client struct {
	context.Context
	cancel context.CancelFunc

	mu sync.Mutex
	at time.Time // when Cancel was called
}

func newClient() *client {
	ctx, cancel := context.WithCancel(context.Background())
	return &client{Context: ctx, cancel: cancel}
}

// Cancel is the client giving up.
func (c *client) Cancel() {
	c.mu.Lock()
	if c.at.IsZero() {
		c.at = time.Now()
	}
	c.mu.Unlock()
	c.cancel()
}

// cancelledAt returns when the client cancelled, zero if it has not.
func (c *client) cancelledAt() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

// fresh returns n product ids the service has never been asked for.
func (s *service) fresh(n int) []int {
	ids := seq(s.next, n)
	s.next += n
	return ids
}

// close calls Close after what (the requests and events before it, for the
// report) and checks that it returned after exactly want, no sooner and no
// later (clause 2), and then that it left nothing behind (clause 1).
func (s *service) close(want time.Duration, what string) bool {
	t := s.t
	t.Helper()
	took, p, ok := within(patience, s.Close)
	switch {
	case !ok:
		clause2.Errorf(t, "after %s, Close() had not returned %v after it was called", what, patience)
		return false
	case p != nil:
		clause2.Errorf(t, "after %s, Close() panicked: %v", what, p)
		return false
	case took != want:
		clause2.Errorf(t, "after %s, Close() returned after %v; want %v, when the last of what it stops can end", what, took, want)
	}
	return s.stopped(what)
}

// stopped checks clause 1 at the instant Close returned, then an hour later.
func (s *service) stopped(what string) bool {
	t := s.t
	t.Helper()
	ok := true
	if left := s.mark.Left(0); len(left) > 0 {
		clause1.Errorf(t, "after %s, when Close() returned, %d goroutine(s) started by the service were still running", what, len(left))
		ok = false
	}
	if s.feed != nil {
		if n := s.feed.subscribers(); n > 0 {
			clause1.Errorf(t, "after %s, when Close() returned, the feed still held %d subscription(s) of the service", what, n)
			ok = false
		}
	}
	calls, running, _ := s.store.stats()
	if running > 0 {
		clause1.Errorf(t, "after %s, when Close() returned, %d store queries were still running", what, running)
		ok = false
	}
	time.Sleep(patience)
	if later := s.store.calls(); later != calls {
		clause1.Errorf(t, "after %s, the store was queried %d time(s) in the hour after Close() returned", what, later-calls)
		ok = false
	}
	if left := s.mark.Left(0); ok && len(left) > 0 {
		clause1.Errorf(t, "after %s, an hour after Close() returned, %d goroutine(s) started by the service were running", what, len(left))
		ok = false
	}
	return ok
}

// leftBehind checks clause 3 for the request for ids, which has just returned
// and was made after m: at this instant no store query for it runs with a live
// context; once the store has answered every query (after settle: 0 for a
// store that answers a cancel at once) no goroutine started since m is left
// and the pool is whole again; and no query for it starts later with a live
// context.
func (s *service) leftBehind(m leakcheck.Mark, what string, ids []int, settle time.Duration) {
	t := s.t
	t.Helper()
	if live := s.store.requestOver(ids); live > 0 {
		clause3.Errorf(t, "when %s returned, %d store queries made for it were still running with a live context", what, live)
	}
	time.Sleep(settle)
	if left := m.Left(0); len(left) > 0 {
		clause3.Errorf(t, "after %s returned and the store had answered, %d goroutine(s) started since the request were still running", what, len(left))
	}
	s.whole(what)
	time.Sleep(time.Hour)
	if late := s.store.lateQueries(); late > 0 {
		clause3.Errorf(t, "after %s returned, %d store queries for it started with a live context", what, late)
	}
}

// whole checks that the pool is whole: a request for Workers new products
// takes one round of queries, and runs them all at once.
func (s *service) whole(what string) {
	t := s.t
	t.Helper()
	defer s.store.setSpeed(s.store.setSpeed(fake.Prompt))
	s.store.resetMost()
	ids := s.fresh(workers)
	rec := httptest.NewRecorder()
	req := httptest.NewRequestWithContext(bg, http.MethodGet, "/products?ids="+idList(ids...), nil)
	took, p, ok := within(patience, func() { s.h.ServeHTTP(rec, req) })
	switch {
	case !ok:
		clause3.Errorf(t, "after %s, GET of %d new products had not returned %v after it was made", what, workers, patience)
		return
	case p != nil:
		clause3.Errorf(t, "after %s, GET of %d new products panicked: %v", what, workers, p)
		return
	}
	_, _, most := s.store.stats()
	if rec.Code != http.StatusOK || took != s.store.rtt || most != workers {
		clause3.Errorf(t, "after %s, GET of %d new products answered %d after %v with %d queries at once; %d workers answer them in one round of %v",
			what, workers, rec.Code, took, most, workers, s.store.rtt)
	}
}

// wantProducts is what GET ?ids=... must answer from s.
func wantProducts(s *fakeStore, ids ...int) []Product {
	var ps []Product
	for _, id := range ids {
		ps = append(ps, s.want(id))
	}
	return ps
}

// show writes ids for a report, runs of three or more as "1..8": "1..5,901".
func show(ids []int) string {
	var parts []string
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		if j-i >= 2 {
			parts = append(parts, fmt.Sprintf("%d..%d", ids[i], ids[j]))
		} else {
			for k := i; k <= j; k++ {
				parts = append(parts, fmt.Sprint(ids[k]))
			}
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
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

// publish publishes change on feed after what, waiting at most patience for
// every subscriber to take it; clause c is broken if one does not.
func publish(t *testing.T, c goal.Clause, feed *fakeFeed, change PriceChange, what string) {
	t.Helper()
	if _, _, ok := within(patience, func() { feed.publish(change) }); !ok {
		c.Errorf(t, "after %s, PriceChange{ID: %d} was still waiting for a subscriber to take it %v after it was published", what, change.ID, patience)
	}
}

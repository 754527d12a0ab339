package products

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"gohunters/internal/fake"
	"gohunters/internal/leakcheck"
)

// The API and its pool of workers, with no expiry and no feed.

var bg = context.Background()

func TestProducts(t *testing.T) {
	bubble(t, func(t *testing.T) {
		store := newStore()
		s := start(t, store, nil, 0)
		for _, ids := range [][]int{{7}, {3, 1, 4, 15, 9, 2, 6}, seq(100, 12)} {
			resp, took, ok := s.get(clause5, bg, ids)
			if !ok {
				return
			}
			clause5.Equal(t, http.StatusOK, resp.code, "status of GET ?ids=%s", idList(ids...))
			clause5.Equal(t, wantProducts(store, ids...), resp.products, "products of GET ?ids=%s", idList(ids...))
			rounds := (len(ids) + workers - 1) / workers
			clause5.Equal(t, (time.Duration(rounds) * fetchTime).String(), took.String(), "time GET ?ids=%s took (%d products, %d workers, %v a query)",
				idList(ids...), len(ids), workers, fetchTime)
		}
		calls := store.calls()
		clause5.Equal(t, 20, calls, "store queries for 20 different products")

		ids := []int{1, 7, 100, 111}
		resp, took, ok := s.get(clause5, bg, ids)
		if !ok {
			return
		}
		clause5.Equal(t, wantProducts(store, ids...), resp.products, "products of GET ?ids=%s, all asked for before", idList(ids...))
		clause5.Equal(t, time.Duration(0).String(), took.String(), "time GET ?ids=%s took, all asked for before", idList(ids...))
		clause5.Equal(t, calls, store.calls(), "store queries after GET ?ids=%s, all asked for before", idList(ids...))
		clause5.Equal(t, 20, s.Cached(), "Cached() after 20 different products were answered")

		for _, bad := range []string{"", "seven", "0", "1,,2", "-3"} {
			resp, _, ok := s.getRaw(clause5, bg, bad, fmt.Sprintf("%q", bad))
			if ok {
				clause5.Equal(t, http.StatusBadRequest, resp.code, "status of GET ?ids=%s", bad)
			}
		}
		s.close(0, "GET ?ids=7; GET ?ids=3,1,4,15,9,2,6; GET ?ids=100..111; GET ?ids=1,7,100,111")
	})
}

func TestProductFails(t *testing.T) {
	for _, tc := range []struct {
		pos, id int // the failing product, at ids[pos] of 12
		code    int
		err     error
	}{
		{0, 901, http.StatusNotFound, ErrNotFound},
		{5, 902, http.StatusNotFound, ErrNotFound},
		{11, 850, http.StatusBadGateway, errStoreDown},
	} {
		t.Run(fmt.Sprintf("product %d of 12 is %d", tc.pos+1, tc.id), func(t *testing.T) {
			bubble(t, func(t *testing.T) {
				store := newStore()
				s := start(t, store, nil, 0)
				ids := seq(1, 12)
				ids[tc.pos] = tc.id
				what := fmt.Sprintf("GET ?ids=%s", show(ids))

				m := leakcheck.Now()
				begin := time.Now()
				resp, _, ok := s.get(clause5, bg, ids)
				if !ok {
					return
				}
				end := time.Now()
				clause5.Equal(t, tc.code, resp.code, "status of %s", what)
				clause5.Check(t, strings.Contains(resp.body, fmt.Sprintf("product %d: %v", tc.id, tc.err)),
					"%s answered %q, which does not name product %d and its error %q", what, resp.body, tc.id, tc.err)
				if failed := store.failedAt(tc.id); failed.IsZero() {
					clause5.Errorf(t, "%s failed %v after it was made without a query for product %d", what, end.Sub(begin), tc.id)
				} else {
					clause5.Equal(t, failed.Sub(begin).String(), end.Sub(begin).String(), "time %s took, when the query for product %d failed after %v", what, tc.id, failed.Sub(begin))
				}
				s.leftBehind(m, what, ids, 0)
				s.close(0, what)
			})
		})
	}
	t.Run("the store fails every product", func(t *testing.T) {
		bubble(t, func(t *testing.T) {
			store := newStore()
			store.setSpeed(fake.Failing)
			s := start(t, store, nil, 0)
			ids := seq(1, 12)
			what := "GET ?ids=1..12 (store: failing)"
			m := leakcheck.Now()
			resp, took, ok := s.get(clause5, bg, ids)
			if !ok {
				return
			}
			clause5.Equal(t, http.StatusBadGateway, resp.code, "status of %s", what)
			clause5.Check(t, strings.Contains(resp.body, fake.ErrInjected.Error()), "%s answered %q, without the store's error", what, resp.body)
			clause5.Equal(t, time.Duration(0).String(), took.String(), "time %s took", what)
			s.leftBehind(m, what, ids, 0)
			s.close(0, what)
		})
	})
}

// A failed request must leave the pool as it found it: all its workers free
// for the next requests.
func TestFailuresKeepThePool(t *testing.T) {
	bubble(t, func(t *testing.T) {
		store := newStore()
		s := start(t, store, nil, 0)
		m := leakcheck.Now()
		var all []int
		for i := range 3 {
			ids := append(s.fresh(3), 901+i)
			all = append(all, ids...)
			resp, _, ok := s.get(clause5, bg, ids)
			if !ok {
				return
			}
			clause5.Equal(t, http.StatusNotFound, resp.code, "status of GET ?ids=%s", idList(ids...))
			synctest.Wait()
		}
		what := "GET ?ids=500..502,901; GET ?ids=503..505,902; GET ?ids=506..508,903"
		s.leftBehind(m, what, all, 0)
		s.close(0, what)
	})
}

// The pool bounds the queries of all requests together, not of each request.
func TestWorkersBoundQueries(t *testing.T) {
	bubble(t, func(t *testing.T) {
		store := newStore()
		s := start(t, store, nil, 0)
		start := time.Now()
		var wg sync.WaitGroup
		for r := range 3 {
			ids := seq(100*(r+1), 8)
			wg.Go(func() {
				resp, _, ok := s.get(clause5, bg, ids)
				if ok {
					clause5.Equal(t, wantProducts(store, ids...), resp.products, "products of GET ?ids=%s, one of three at once", idList(ids...))
				}
			})
		}
		wg.Wait()
		_, _, most := store.stats()
		clause5.Equal(t, workers, most, "store queries at once, for three requests of 8 products each at once")
		clause5.Equal(t, (24 / workers * fetchTime).String(), time.Since(start).String(), "time three requests of 8 products each took at once (%d workers, %v a query)",
			workers, fetchTime)
		s.close(0, "three GET of 8 products each, at once")
	})
}

// A client may cancel at any point: while its request waits for a worker, or
// while its queries run, however the store treats the cancel.
func TestClientCancels(t *testing.T) {
	for _, speed := range []fake.Speed{fake.Prompt, fake.Slow, fake.Hung, fake.Deaf} {
		settle := time.Duration(0) // for the store to answer the cancelled queries
		if speed == fake.Deaf {
			settle = fake.Long
		}
		t.Run(fmt.Sprintf("while its queries run, %s store", speed), func(t *testing.T) {
			bubble(t, func(t *testing.T) {
				store := newStore()
				store.setSpeed(speed)
				s := start(t, store, nil, 0)
				m := leakcheck.Now()
				c := newClient()
				go func() {
					if store.points.Await(t, "Product", workers, patience) {
						c.Cancel()
					}
				}()
				ids := seq(1, 8)
				what := fmt.Sprintf("GET ?ids=%s (store: %s); cancel() at Product ×%d", show(ids), speed, workers)
				if s.cancelled(c, ids, what) {
					s.leftBehind(m, what, ids, settle)
					s.close(0, what)
				}
			})
		})
		if speed == fake.Prompt {
			t.Run("while its second round of queries runs", func(t *testing.T) {
				bubble(t, func(t *testing.T) {
					store := newStore()
					s := start(t, store, nil, 0)
					m := leakcheck.Now()
					c := newClient()
					time.AfterFunc(fetchTime+fetchTime/2, c.Cancel)
					ids := seq(1, 8)
					what := fmt.Sprintf("GET ?ids=%s; cancel() after %v", show(ids), fetchTime+fetchTime/2)
					if s.cancelled(c, ids, what) {
						s.leftBehind(m, what, ids, 0)
						s.close(0, what)
					}
				})
			})
		}
		t.Run(fmt.Sprintf("while it waits for a worker, %s store", speed), func(t *testing.T) {
			bubble(t, func(t *testing.T) {
				store := newStore()
				store.setSpeed(speed)
				s := start(t, store, nil, 0)
				// Another request holds every worker, in queries that hang until cancelled.
				m := leakcheck.Now()
				other := newClient()
				busy := seq(700, workers)
				type answer struct {
					resp response
					ok   bool
				}
				otherDone := make(chan answer, 1)
				go func() {
					resp, _, ok := s.get(clause4, other, busy)
					otherDone <- answer{resp, ok}
				}()
				defer func() { // the other request's goroutine must not outlive the test
					other.Cancel()
					select {
					case <-otherDone:
					case <-time.After(2 * patience):
					}
				}()
				if !store.points.Await(t, "Product", workers, patience) {
					return
				}
				c := newClient()
				go func() {
					synctest.Wait() // the request is waiting for a worker
					c.Cancel()
				}()
				ids := seq(1, 2)
				what := fmt.Sprintf("GET ?ids=%s (hung) ‖ GET ?ids=%s (store: %s, queued); cancel()", show(busy), show(ids), speed)
				if !s.cancelled(c, ids, what) {
					return
				}
				whatOther := fmt.Sprintf("%s; %v; cancel() of GET ?ids=%s", what, time.Minute, show(busy))
				time.Sleep(time.Minute)
				other.Cancel()
				a := <-otherDone
				otherDone <- a // for the deferred wait
				if !a.ok {
					return
				}
				clause4.Equal(t, StatusClientClosedRequest, a.resp.code, "status of %s", whatOther)
				s.leftBehind(m, whatOther, append(busy, ids...), 0)
				s.close(0, whatOther)
			})
		})
	}
}

// cancelled makes the request for ids with c as its context, which its client
// cancels meanwhile, and checks that it ended at the instant of the cancel,
// answered 499 (clause 4).
func (s *service) cancelled(c *client, ids []int, what string) bool {
	t := s.t
	t.Helper()
	resp, took, ok := s.get(clause4, c, ids)
	if !ok {
		return false
	}
	at := c.cancelledAt()
	if at.IsZero() {
		clause4.Errorf(t, "%s was answered %d after %v, before its client cancelled", what, resp.code, took)
		return false
	}
	clause4.Equal(t, StatusClientClosedRequest, resp.code, "status of %s", what)
	clause4.Equal(t, time.Duration(0).String(), time.Since(at).String(), "time %s took after its client cancelled", what)
	return true
}

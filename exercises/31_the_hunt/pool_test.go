package products

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// The API and its pool of workers, with no expiry and no feed.

func TestProducts(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		store := newStore(fetchTime)
		svc := start(t, Config{Store: store, Workers: workers})
		h := svc.Handler()

		for _, ids := range [][]int{{7}, {3, 1, 4, 15, 9, 2, 6}, seq(100, 12)} {
			resp, took := get(t, t.Context(), h, idList(ids...))
			require.Equal(t, http.StatusOK, resp.code, resp.body)
			assert.Equal(t, wantProducts(store, ids...), resp.products, "the products asked for, in that order")
			batches := (len(ids) + workers - 1) / workers
			assert.Equal(t, time.Duration(batches)*fetchTime, took, "%d products on %d workers take %d rounds of queries", len(ids), workers, batches)
		}
		calls, _, _ := store.stats()
		assert.Equal(t, 20, calls, "one store query per product")

		resp, took := get(t, t.Context(), h, idList(1, 7, 100, 111))
		require.Equal(t, http.StatusOK, resp.code, resp.body)
		assert.Equal(t, wantProducts(store, 1, 7, 100, 111), resp.products)
		assert.Zero(t, took, "cached products are answered at once")
		again, _, _ := store.stats()
		assert.Equal(t, calls, again, "cached products are not queried again")
		assert.Equal(t, 20, svc.Cached())

		for _, bad := range []string{"", "seven", "0", "1,,2"} {
			resp, _ := get(t, t.Context(), h, bad)
			assert.Equal(t, http.StatusBadRequest, resp.code, "ids=%s", bad)
		}
		closeNow(t, svc)
	})
}

func TestProductFails(t *testing.T) {
	for _, tc := range []struct {
		pos, id int // the failing product and where it is in a request for 12
		code    int
		err     error
	}{
		{0, 901, http.StatusNotFound, ErrNotFound},
		{5, 902, http.StatusNotFound, ErrNotFound},
		{11, 850, http.StatusBadGateway, errStoreDown},
	} {
		t.Run(fmt.Sprintf("product %d of 12 is %d", tc.pos+1, tc.id), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				store := newStore(fetchTime)
				svc := start(t, Config{Store: store, Workers: workers})
				ids := seq(1, 12)
				ids[tc.pos] = tc.id

				resp, took := get(t, t.Context(), svc.Handler(), idList(ids...))
				assert.Equal(t, tc.code, resp.code, resp.body)
				assert.Contains(t, resp.body, fmt.Sprintf("product %d: %v", tc.id, tc.err), "the error names the product that failed")
				assert.Equal(t, time.Duration(tc.pos/workers)*fetchTime, took, "the request fails as soon as a product fails")
				quiet(t, store)
				closeNow(t, svc)
			})
		})
	}
}

// A failed request must leave the pool as it found it: all its workers free
// for the next requests.
func TestFailuresKeepThePool(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		store := newStore(fetchTime)
		svc := start(t, Config{Store: store, Workers: workers})
		h := svc.Handler()

		for range 3 {
			resp, _ := get(t, t.Context(), h, idList(1, 2, 3, 901))
			require.Equal(t, http.StatusNotFound, resp.code, resp.body)
			synctest.Wait()
		}
		resp, took := get(t, t.Context(), h, idList(seq(10, 8)...))
		require.Equal(t, http.StatusOK, resp.code, resp.body)
		assert.Equal(t, wantProducts(store, seq(10, 8)...), resp.products)
		_, _, most := store.stats()
		assert.Equal(t, 2*fetchTime, took, "8 products on %d workers take 2 rounds of queries; this took %d: "+
			"workers are missing from the pool, stuck for ever in requests that failed (leaked goroutines)", workers, took/fetchTime)
		assert.Equal(t, workers, most, "the pool runs %d queries at once", workers)
		closeNow(t, svc)
	})
}

// The pool bounds the queries of all requests together, not of each request.
func TestWorkersBoundQueries(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		store := newStore(fetchTime)
		svc := start(t, Config{Store: store, Workers: workers})
		h := svc.Handler()

		start := time.Now()
		var wg sync.WaitGroup
		for r := range 3 {
			ids := seq(100*(r+1), 8)
			wg.Go(func() {
				resp, _ := get(t, t.Context(), h, idList(ids...))
				assert.Equal(t, http.StatusOK, resp.code, resp.body)
				assert.Equal(t, wantProducts(store, ids...), resp.products)
			})
		}
		wg.Wait()
		_, _, most := store.stats()
		assert.Equal(t, workers, most, "at most Workers store queries at once, across all requests")
		assert.Equal(t, 24/workers*fetchTime, time.Since(start), "24 products on %d workers take %d rounds", workers, 24/workers)
		closeNow(t, svc)
	})
}

func TestCallerCancels(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		store := newStore(fetchTime)
		svc := start(t, Config{Store: store, Workers: workers})
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(fetchTime+fetchTime/2, cancel)

		resp, took := get(t, ctx, svc.Handler(), idList(seq(1, 12)...))
		assert.NotEqual(t, http.StatusOK, resp.code, "a cancelled request is not answered with products")
		assert.Equal(t, fetchTime+fetchTime/2, took, "the request ends as soon as the caller cancels")
		quiet(t, store)
		closeNow(t, svc)
	})
}

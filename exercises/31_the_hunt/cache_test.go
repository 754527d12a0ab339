package products

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// The cache with expiry, and no feed.

func TestCacheExpires(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		const ttl = time.Minute
		store := newStore(fetchTime)
		svc := start(t, Config{Store: store, Workers: workers, TTL: ttl})
		h := svc.Handler()
		ids := seq(1, 8)

		resp, _ := get(t, t.Context(), h, idList(ids...))
		require.Equal(t, http.StatusOK, resp.code, resp.body)
		time.Sleep(ttl / 2)
		resp, took := get(t, t.Context(), h, idList(ids...))
		require.Equal(t, http.StatusOK, resp.code, resp.body)
		assert.Equal(t, wantProducts(store, ids...), resp.products)
		assert.Zero(t, took, "products younger than the TTL are answered from the cache")
		assert.Equal(t, len(ids), svc.Cached())

		time.Sleep(2 * ttl) // nobody asks for them meanwhile
		assert.Zero(t, svc.Cached(), "products older than the TTL leave the cache even if nobody asks for them again")
		calls, _, _ := store.stats()
		resp, took = get(t, t.Context(), h, idList(ids[0]))
		require.Equal(t, http.StatusOK, resp.code, resp.body)
		assert.Equal(t, fetchTime, took, "an expired product is queried again")
		again, _, _ := store.stats()
		assert.Equal(t, calls+1, again)

		closeNow(t, svc)
		assert.Zero(t, svc.Cached(), "Close empties the cache")
		// Anything of the service still waiting when this bubble ends is reported as a leak.
	})
}

// A service that is closed and replaced, as on every configuration reload,
// must leave nothing of itself behind.
func TestReload(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		store := newStore(fetchTime)
		for i := range 5 {
			svc := start(t, Config{Store: store, Workers: workers, TTL: time.Duration(i+1) * time.Minute})
			resp, _ := get(t, t.Context(), svc.Handler(), idList(1, 2, 3))
			require.Equal(t, http.StatusOK, resp.code, resp.body)
			time.Sleep(10 * time.Minute)
			closeNow(t, svc)
		}
	})
}

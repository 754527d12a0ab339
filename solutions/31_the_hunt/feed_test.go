package products

import (
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

// The cache fed by price changes, with no expiry.

func TestPriceChanges(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	leakcheck.Bubble(t, func(t *testing.T) {
		store := newStore(fetchTime)
		feed := newFeed()
		svc := start(t, Config{Store: store, Workers: workers, Feed: feed})
		h := svc.Handler()
		require.Equal(t, 1, feed.subscribers(), "the service subscribes to the price feed")

		resp, _ := get(t, t.Context(), h, idList(7, 8))
		require.Equal(t, http.StatusOK, resp.code, resp.body)
		assert.Equal(t, int64(700), resp.products[0].Cents)

		store.setPrice(7, 750)
		publish(t, feed, PriceChange{ID: 7})
		synctest.Wait()
		assert.Equal(t, 1, svc.Cached(), "a product whose price changed leaves the cache")
		resp, took := get(t, t.Context(), h, idList(7, 8))
		require.Equal(t, http.StatusOK, resp.code, resp.body)
		assert.Equal(t, wantProducts(store, 7, 8), resp.products, "the new price is answered")
		assert.Equal(t, fetchTime, took, "only the changed product is queried again")

		closeAt(t, svc, leaveTime, "the feed takes that long to end the subscription, and Close returns once "+
			"nothing of the service is left running")
		assert.Zero(t, feed.subscribers(), "Close must end the service's subscription: "+
			"the feed still delivers every price change to a reader that is gone")
		publish(t, feed, PriceChange{ID: 8})
		// Anything of the service still waiting when this bubble ends is reported as a leak.
	})
}

func publish(t *testing.T, feed *fakeFeed, c PriceChange) {
	t.Helper()
	leakcheck.Within(t, time.Hour, "publishing a price change", func() { feed.publish(c) })
}

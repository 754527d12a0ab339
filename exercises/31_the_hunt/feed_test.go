package products

import (
	"fmt"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"gohunters/internal/fake"
)

// The cache fed by price changes, with no expiry.

func TestPriceChanges(t *testing.T) {
	bubble(t, func(t *testing.T) {
		store := newStore()
		feed := newFeed()
		s := start(t, store, feed, 0)

		resp, _, ok := s.get(clause5, bg, []int{7, 8})
		if !ok {
			return
		}
		clause5.Equal(t, wantProducts(store, 7, 8), resp.products, "products of GET ?ids=7,8")

		store.setPrice(7, 750)
		publish(t, clause5, feed, PriceChange{ID: 7}, "New(feed); GET ?ids=7,8")
		synctest.Wait()
		clause5.Equal(t, 1, s.Cached(), "Cached() after GET ?ids=7,8 and a price change of product 7")
		resp, took, ok := s.get(clause5, bg, []int{7, 8})
		if !ok {
			return
		}
		clause5.Equal(t, http.StatusOK, resp.code, "status of GET ?ids=7,8 after a price change of product 7")
		clause5.Equal(t, wantProducts(store, 7, 8), resp.products, "products of GET ?ids=7,8 after a price change of product 7")
		clause5.Equal(t, fetchTime.String(), took.String(), "time GET ?ids=7,8 took after a price change of product 7 (only 7 queried again)")

		what := "New(feed); GET ?ids=7,8; PriceChange{ID: 7}; GET ?ids=7,8"
		if s.close(leaveTime, what) {
			publish(t, clause1, feed, PriceChange{ID: 8}, what+"; Close()")
		}
	})
}

// Close waits for the feed to end the subscription, however long the feed
// takes, and no longer.
func TestSlowFeed(t *testing.T) {
	for _, leave := range []time.Duration{0, fake.Long} {
		t.Run(leave.String(), func(t *testing.T) {
			bubble(t, func(t *testing.T) {
				store := newStore()
				feed := newFeed()
				feed.leave = leave
				s := start(t, store, feed, time.Minute)
				if _, _, ok := s.get(clause5, bg, []int{1, 2}); !ok {
					return
				}
				what := fmt.Sprintf("New(TTL 1m, feed with leave %v); GET ?ids=1,2", leave)
				publish(t, clause5, feed, PriceChange{ID: 2}, what)
				s.close(leave, what+"; PriceChange{ID: 2}")
			})
		})
	}
}

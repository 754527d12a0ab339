package products

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// The cache with expiry, and no feed.

func TestCacheExpires(t *testing.T) {
	bubble(t, func(t *testing.T) {
		const ttl = time.Minute
		store := newStore()
		s := start(t, store, nil, ttl)
		ids := seq(1, 8)
		what := fmt.Sprintf("New(TTL %v); GET ?ids=%s", ttl, show(ids))

		resp, _, ok := s.get(clause5, bg, ids)
		if !ok {
			return
		}
		clause5.Equal(t, http.StatusOK, resp.code, "status of %s", what)
		time.Sleep(ttl / 2)
		resp, took, ok := s.get(clause5, bg, ids)
		if !ok {
			return
		}
		what += fmt.Sprintf("; %v; GET ?ids=%s", ttl/2, show(ids))
		clause5.Equal(t, wantProducts(store, ids...), resp.products, "products of the last GET of %s", what)
		clause5.Equal(t, time.Duration(0).String(), took.String(), "time the last GET of %s took", what)
		clause5.Equal(t, len(ids), s.Cached(), "Cached() after %s", what)

		time.Sleep(2 * ttl) // nobody asks for them meanwhile
		what += fmt.Sprintf("; %v", 2*ttl)
		clause5.Equal(t, 0, s.Cached(), "Cached() after %s", what)
		calls := store.calls()
		resp, took, ok = s.get(clause5, bg, ids[:1])
		if !ok {
			return
		}
		clause5.Equal(t, wantProducts(store, ids[0]), resp.products, "products of GET ?ids=%d once it expired", ids[0])
		clause5.Equal(t, fetchTime.String(), took.String(), "time GET ?ids=%d took once it expired", ids[0])
		clause5.Equal(t, calls+1, store.calls(), "store queries after GET ?ids=%d once it expired", ids[0])

		s.close(0, fmt.Sprintf("%s; GET ?ids=%d", what, ids[0]))
	})
}

// A service that is closed and replaced, as on every configuration reload,
// must leave nothing of itself behind, whatever its TTL.
func TestReload(t *testing.T) {
	bubble(t, func(t *testing.T) {
		store := newStore()
		feed := newFeed()
		for i := range 5 {
			ttl := time.Duration(i) * time.Minute
			s := start(t, store, feed, ttl)
			ids := []int{1, 2, 3}
			if i%2 == 1 {
				ids = append(ids, 901)
			}
			if _, _, ok := s.get(clause5, bg, ids); !ok {
				return
			}
			time.Sleep(10 * time.Minute)
			if !s.close(leaveTime, fmt.Sprintf("New(TTL %v, feed); GET ?ids=%s; %v", ttl, show(ids), 10*time.Minute)) {
				return
			}
		}
	})
}

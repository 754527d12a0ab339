// Exercise 31: the hunt.
//
// Service is a small product API of the kind a team keeps running for years.
// GET /products?ids=3,1,4 answers those products, in that order, as JSON. The
// products come from a Store (the database) through a pool of workers that every
// request shares, so that a burst of traffic never runs more than Workers store
// queries at once. Products are cached, expire after TTL, and leave the cache as
// soon as the price feed says their price changed. Like most services it serves
// net/http/pprof under /debug/pprof/.
//
// In production its goroutine count climbs, and now and then it stops answering
// altogether until it is restarted. There are three leaks, in three different
// places, of three different kinds. Hunt them with the workshop's tools: goleak's
// reports in the tests, the service's own /debug/pprof/goroutine?debug=2, and on
// Go 1.27 its goroutineleak profile (README.md shows how to drive it by hand).
//
// Goal: Close returns promptly and leaves nothing running, whatever the service
// did before; a request, answered or failed, leaves nothing behind and no store
// query running for it; and the service keeps doing all it does now: products in
// order, the failing product named, at most Workers queries at once, caching,
// expiry, and prices that change.
//
//	go test ./exercises/31_the_hunt/
package products

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/pprof"
	"strconv"
	"strings"
	"time"
)

// Product is one product of the catalogue.
type Product struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	Cents int64  `json:"cents"`
}

// ErrNotFound is what a Store returns for a product it does not have.
var ErrNotFound = errors.New("no such product")

// Store is the database the products come from. Product returns early with
// ctx.Err() when ctx is done.
type Store interface {
	Product(ctx context.Context, id int) (Product, error)
}

// PriceChange says that the price of product ID changed.
type PriceChange struct{ ID int }

// Feed publishes price changes. Subscribe returns a channel of every change
// from now on; the feed closes it, and forgets the subscriber, once ctx is done.
type Feed interface {
	Subscribe(ctx context.Context) <-chan PriceChange
}

// Config configures a Service.
type Config struct {
	Store   Store
	Workers int           // store queries at once, across all requests
	TTL     time.Duration // how long a product stays cached; 0: until its price changes
	Feed    Feed          // price changes; nil: a cached product changes only when it expires
}

// Service is the product API. Call Close once the HTTP server serving it has
// stopped.
type Service struct {
	pool  *pool
	cache *cache
}

// New starts a Service.
func New(cfg Config) *Service {
	s := &Service{
		pool:  newPool(cfg.Store, cfg.Workers),
		cache: newCache(cfg.TTL),
	}
	if cfg.Feed != nil {
		// The subscription lives as long as the service.
		go s.dropChanged(cfg.Feed.Subscribe(context.Background()))
	}
	return s
}

// Close stops the service.
func (s *Service) Close() {
	s.pool.close()
	s.cache.close()
}

// Cached returns how many products are cached now (exported as a metric).
func (s *Service) Cached() int { return s.cache.len() }

// Handler returns the service's routes, the pprof ones included.
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /products", s.products)
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}

func (s *Service) products(w http.ResponseWriter, r *http.Request) {
	ids, err := parseIDs(r.URL.Query().Get("ids"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	products, err := s.lookup(r.Context(), ids)
	switch {
	case errors.Is(err, ErrNotFound):
		http.Error(w, err.Error(), http.StatusNotFound)
	case err != nil:
		http.Error(w, err.Error(), http.StatusBadGateway)
	default:
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(products)
	}
}

// lookup returns the products ids, in order: those cached from the cache, the
// others from the store.
func (s *Service) lookup(ctx context.Context, ids []int) ([]Product, error) {
	products := make([]Product, len(ids))
	var missing []int // indexes into ids
	for i, id := range ids {
		if p, ok := s.cache.get(id); ok {
			products[i] = p
		} else {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		return products, nil
	}

	fetch := make([]int, len(missing))
	for j, i := range missing {
		fetch[j] = ids[i]
	}
	fetched, err := s.pool.fetchAll(ctx, fetch)
	if err != nil {
		return nil, err
	}
	for j, i := range missing {
		products[i] = fetched[j]
		s.cache.put(fetched[j])
	}
	return products, nil
}

// dropChanged drops every product whose price changes from the cache.
func (s *Service) dropChanged(changes <-chan PriceChange) {
	for c := range changes {
		s.cache.delete(c.ID)
	}
}

func parseIDs(s string) ([]int, error) {
	if s == "" {
		return nil, errors.New("ids: at least one product id, e.g. ?ids=3,1,4")
	}
	var ids []int
	for f := range strings.SplitSeq(s, ",") {
		id, err := strconv.Atoi(f)
		if err != nil || id < 1 {
			return nil, fmt.Errorf("ids: %q is not a product id", f)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

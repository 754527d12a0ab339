// Exercise 31: the hunt.
//
// Service is a small product API of the kind a team keeps running for years.
// GET /products?ids=3,1,4 answers those products, in that order, as JSON. The
// products come from a Store (the database) through a pool of workers that every
// request shares, so that a burst of traffic never runs more than Workers store
// queries at once. Products are cached, expire after TTL, and leave the cache as
// soon as the price feed says their price changed. Like most services it serves
// net/http/pprof under /debug/pprof/. cmd/productd runs it as production does,
// reloading its configuration (a new Service, the old one closed) now and then.
//
// In production its goroutine count climbs, it gets slower the longer it runs,
// and now and then a reload never finishes. The tests say which promise is
// broken, not where: hunt the leaks on the running service, under the load of
// cmd/load, with the tools README.md shows, then prove your fixes with the tests.
//
// Goal: Close returns as soon as what it stops has ended and leaves nothing
// running, a request (answered, failed or cancelled) leaves no goroutine or
// store query behind, and the API still answers in order, bounds its queries,
// caches, expires and follows price changes.
//
//  1. When Close returns, nothing the service started is still running, no
//     store query is running or starts later, and the feed no longer holds its
//     subscription, whatever the service did before: requests answered, failed
//     or cancelled by their clients, products cached and expired, prices
//     changed.
//  2. Close returns as soon as what it stops has ended, and no later: the store
//     queries under way, which it cancels (a store deaf to the cancel is waited
//     for), and the feed's end of the subscription, however long the feed
//     takes. It may be called again, and from several goroutines at once, each
//     call returning once the service has stopped; a request under way gets its
//     products or 503 Service Unavailable, one made after Close 503, and none
//     panics.
//  3. A request leaves nothing behind: when its handler returns, whether it
//     answered, failed or its client cancelled, every store query made for it
//     has returned or been cancelled, and none starts later with a live
//     context; once the store has answered, no goroutine started for it is left
//     and the pool is whole again (Workers new products take one round of
//     queries).
//  4. A request whose client cancels ends at that instant, wherever it is
//     (waiting for a worker or for store queries, even queries the store goes
//     on with after the cancel), and is answered 499 (client closed request),
//     not as a failure of the service or the store.
//  5. The API keeps its behaviour: the products asked for, in that order, as
//     JSON; 400 for bad ids; the failing product named, 404 for one the store
//     does not have and 502 when the store fails, as soon as it fails; at most
//     Workers store queries at once across all requests, one per product;
//     cached products answered at once until TTL and evicted within another TTL
//     even if nobody asks again; a product whose price changes leaves the
//     cache; net/http/pprof under /debug/pprof/.
//
// The tests name the clause they find broken.
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

// ErrClosed is what a request gets once the service is closed.
var ErrClosed = errors.New("the service is closed")

// StatusClientClosedRequest is the status of a request whose client went away
// before the answer (nginx's 499): the client's cancel, which logs and metrics
// must not count as a failure of the service.
const StatusClientClosedRequest = 499

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

// Service is the product API.
type Service struct {
	pool  *pool
	cache *cache
}

// New starts a Service. Close it once it is no longer used.
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

// Close stops the service: the store queries under way are cancelled, a
// request under way gets its products or 503 Service Unavailable, and the
// requests after it 503. Close may be called more than once, and from any
// goroutine.
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
	case err == nil:
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(products)
	case r.Context().Err() != nil:
		// The client has gone: nobody reads this answer, but the access log does.
		w.WriteHeader(StatusClientClosedRequest)
	case errors.Is(err, ErrNotFound):
		http.Error(w, err.Error(), http.StatusNotFound)
	case errors.Is(err, ErrClosed):
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
	default:
		http.Error(w, err.Error(), http.StatusBadGateway)
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

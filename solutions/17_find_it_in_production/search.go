// Exercise 17: find it in production.
//
// Service is a small product-search HTTP service: GET /search?q=lamp&limit=10
// answers the first matching products, in catalogue order, as JSON. Like most
// services it also serves net/http/pprof under /debug/pprof/. In production its
// goroutine count climbs with traffic and never comes down; nobody knows why.
// Drive it, read its goroutine profiles, find the stuck line (README.md shows how).
//
// Goal: A search request leaves no goroutine behind, whatever the limit, and
// still answers the first matches in catalogue order.
//
//  1. When the search handler has written its response, nothing the request
//     started is still running or still working through the catalogue, whatever
//     the limit, however many products match (none, fewer than the limit, the
//     whole catalogue) and however many requests come at once.
//  2. A search answers, as JSON, the first limit matches (DefaultLimit when the
//     request names none) in catalogue order; a limit that is not a positive
//     number is refused with 400 Bad Request.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/17_find_it_in_production/
package search

import (
	"encoding/json"
	"iter"
	"net/http"
	"net/http/pprof"
	"strconv"
	"strings"
)

// Product is one entry of the catalogue.
type Product struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// Service answers searches over an in-memory catalogue.
type Service struct {
	Catalogue []Product
}

// DefaultLimit is the page size when the request names none.
const DefaultLimit = 20

// Handler returns the service's routes, the pprof ones included.
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /search", s.search)
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}

func (s *Service) search(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query().Get("q")
	limit := DefaultLimit
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			http.Error(w, "limit must be a positive number", http.StatusBadRequest)
			return
		}
		limit = n
	}

	page := []Product{}
	for p := range s.matches(query) {
		page = append(page, p)
		if len(page) == limit {
			break
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(page)
}

// matches yields the products whose name contains query, in catalogue order.
//
// It is an iterator, not a goroutine feeding a channel: it runs in the caller's
// goroutine, so a caller that has enough simply breaks out of its range loop and
// nothing is left waiting to hand over the next match.
func (s *Service) matches(query string) iter.Seq[Product] {
	return func(yield func(Product) bool) {
		for _, p := range s.Catalogue {
			if strings.Contains(p.Name, query) && !yield(p) {
				return
			}
		}
	}
}

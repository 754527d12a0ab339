// Command productd runs the product service of exercise 31 as production does:
// on a real HTTP server, in front of a database that takes a few milliseconds a
// query and fails for some products, with a price feed that changes a price
// five times a second, and a configuration reload on POST /admin/reload (a new
// Service takes the traffic, then the old one is closed), as a deploy does.
//
//	go run ./exercises/31_the_hunt/cmd/productd          # on 127.0.0.1:8080
//
// Then drive it with go run ./exercises/31_the_hunt/cmd/load, and hunt: the
// service mounts net/http/pprof under /debug/pprof/ (README.md).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"time"

	products "gohunters/exercises/31_the_hunt"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "where to serve")
	workers := flag.Int("workers", 16, "store queries at once")
	ttl := flag.Duration("ttl", time.Minute, "how long a product stays cached")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	feed := newFeed()
	go feed.run(ctx, 200*time.Millisecond)
	config := products.Config{Store: database{}, Workers: *workers, TTL: *ttl, Feed: feed}
	s := &server{config: config}
	s.svc = products.New(config)
	s.handler = s.svc.Handler()

	mux := http.NewServeMux()
	mux.HandleFunc("POST /admin/reload", s.reload)
	mux.Handle("/", s)
	srv := &http.Server{Addr: *addr, Handler: mux}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	log.Printf("productd: serving on http://%s (products 1-799; 800-899: the database fails; 900 and above: no such product)", *addr)
	log.Printf("productd: pprof on http://%s/debug/pprof/; reload with curl -X POST http://%s/admin/reload", *addr, *addr)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
	s.current().Close()
}

// server serves the current Service, and replaces it on a reload.
type server struct {
	config products.Config

	mu      sync.Mutex
	svc     *products.Service
	handler http.Handler
	reloads int
}

func (s *server) current() *products.Service {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.svc
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	h := s.handler
	s.mu.Unlock()
	h.ServeHTTP(w, r)
}

// reload starts a new Service with the configuration, lets it take the
// traffic, and closes the old one.
func (s *server) reload(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	svc := products.New(s.config)
	s.mu.Lock()
	old := s.svc
	s.svc, s.handler = svc, svc.Handler()
	s.reloads++
	n := s.reloads
	s.mu.Unlock()
	old.Close()
	msg := fmt.Sprintf("reload %d: the old service closed in %v; goroutines now: %d", n, time.Since(start).Round(time.Microsecond), runtime.NumGoroutine())
	log.Print("productd: " + msg)
	fmt.Fprintln(w, msg)
}

// database is the store: products 1 to 799 come after 2 to 20ms, 800 to 899
// fail after 5ms, and 900 and above do not exist.
type database struct{}

func (database) Product(ctx context.Context, id int) (products.Product, error) {
	latency := time.Duration(2+rand.IntN(19)) * time.Millisecond
	switch {
	case id >= 900:
		return products.Product{}, products.ErrNotFound
	case id >= 800:
		latency = 5 * time.Millisecond
	}
	t := time.NewTimer(latency)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return products.Product{}, ctx.Err()
	}
	if id >= 800 {
		return products.Product{}, errors.New("database: connection reset by peer")
	}
	return products.Product{ID: id, Name: fmt.Sprintf("product %d", id), Cents: 100*int64(id) + int64(time.Now().Minute())}, nil
}

// feed publishes a price change every interval to every subscriber, and ends
// a subscription once its context is done.
type feed struct {
	mu   sync.Mutex
	subs map[chan products.PriceChange]context.Context
}

func newFeed() *feed { return &feed{subs: map[chan products.PriceChange]context.Context{}} }

func (f *feed) Subscribe(ctx context.Context) <-chan products.PriceChange {
	ch := make(chan products.PriceChange)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subs[ch] = ctx
	context.AfterFunc(ctx, func() { f.end(ch) })
	return ch
}

// end ends the subscription of ch, once.
func (f *feed) end(ch chan products.PriceChange) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.subs[ch]; ok {
		delete(f.subs, ch)
		close(ch)
	}
}

func (f *feed) run(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			f.publish(products.PriceChange{ID: 1 + rand.IntN(799)})
		}
	}
}

// publish delivers c to every subscriber whose context is not done.
func (f *feed) publish(c products.PriceChange) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for ch, ctx := range f.subs {
		select {
		case ch <- c:
		case <-ctx.Done():
		}
	}
}

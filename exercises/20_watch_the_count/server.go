// Exercise 20: watch the goroutine count.
//
// NewMux builds the HTTP routes of the inventory service: a health check for the
// load balancer and a stock lookup by SKU. The service has leaked goroutines
// before; nobody noticed until the OOM killer restarted it, and by then the stuck
// goroutines were gone with the evidence. go.mod is fixed: no new dependency.
//
// Goal: The service exports its live goroutine count as the Prometheus gauge
// go_goroutines at /metrics and serves every handler of net/http/pprof (index,
// cmdline, profile, symbol, trace) under /debug/pprof/ on its own mux.
//
//  1. GET /metrics serves, in the Prometheus text format (text/plain, with a "#
//     TYPE go_goroutines gauge" line), the gauge go_goroutines: how many
//     goroutines are running at the moment of each scrape, up as they start and
//     down as they end, whatever they are blocked on.
//  2. net/http/pprof is served on this mux under /debug/pprof/ as go tool pprof
//     uses it: the index and every named profile it lists (goroutine, with the
//     stacks of the running goroutines; heap; goroutineleak where this Go has
//     it), cmdline, profile, symbol and trace.
//  3. The existing routes keep working (GET /healthz, GET /api/stock/{sku}),
//     and NewMux starts nothing: once the server is closed, nothing it or a
//     request started is running.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/20_watch_the_count/
package inventory

import (
	"encoding/json"
	"net/http"
)

// Item is one stock-keeping unit.
type Item struct {
	SKU      string `json:"sku"`
	Name     string `json:"name"`
	Quantity int    `json:"quantity"`
}

// stock stands in for the inventory database.
var stock = map[string]Item{
	"KB-104": {"KB-104", "mechanical keyboard", 12},
	"MS-220": {"MS-220", "wireless mouse", 0},
}

// NewMux returns the service's routes.
func NewMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", healthz)
	mux.HandleFunc("GET /api/stock/{sku}", getStock)
	return mux
}

func healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

func getStock(w http.ResponseWriter, r *http.Request) {
	item, ok := stock[r.PathValue("sku")]
	if !ok {
		http.Error(w, "unknown SKU", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(item)
}

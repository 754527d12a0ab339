// Exercise 20: watch the goroutine count.
//
// NewMux builds the HTTP routes of the inventory service: a health check for the
// load balancer and a stock lookup by SKU. The service has leaked goroutines
// before; nobody noticed until the OOM killer restarted it, and by then the stuck
// goroutines were gone with the evidence.
//
// Goal: the service itself shows a leak growing, while it runs. GET /metrics
// serves the current goroutine count as the gauge go_goroutines in the Prometheus
// text format, for the monitoring that scrapes it, and net/http/pprof's profiles
// are served under /debug/pprof/ on this mux (every handler it has: the index
// with the named profiles, cmdline, profile, symbol and trace), so the goroutines
// behind a climbing count can be looked at. The existing routes keep working. go.mod is fixed: no
// new dependency.
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

package search

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
	"gohunters/internal/leakprofile"
)

// catalogue has 3000 lamps and, among them, 3 sofas.
func catalogue() []Product {
	var c []Product
	for i := range 3003 {
		name := fmt.Sprintf("desk lamp, model %d", i)
		if i%1000 == 500 {
			name = fmt.Sprintf("corner sofa, model %d", i)
		}
		c = append(c, Product{ID: i + 1, Name: name})
	}
	return c
}

// want is what a search must answer: the first limit matches, in catalogue order.
func want(query string, limit int) []Product {
	page := []Product{}
	for _, p := range catalogue() {
		if strings.Contains(p.Name, query) && len(page) < limit {
			page = append(page, p)
		}
	}
	return page
}

// serve starts the service on loopback. Close it with defer stop().
func serve(t *testing.T) (url string, client *http.Client, stop func()) {
	srv := httptest.NewServer((&Service{Catalogue: catalogue()}).Handler())
	// One connection per request, so that every goroutine a request needed can end.
	client = &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	return srv.URL, client, func() {
		// A handler that never returns would make Close wait for ever.
		leakcheck.Within(t, time.Second, "closing the test server (a handler is stuck)", srv.Close)
	}
}

func get(t *testing.T, client *http.Client, url string) (status int, page []Product) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		clause2.Fatalf(t, "GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		clause2.Fatalf(t, "GET %s: reading the body: %v", url, err)
	}
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, &page); err != nil {
			clause2.Fatalf(t, "GET %s: the body is not a JSON list of products (%v): %s", url, err, body)
		}
	}
	return resp.StatusCode, page
}

// cases are the searches every test makes: a page of many matches, the
// default page, fewer matches than the page, none, and every match.
var cases = []struct {
	name, query string
	limit       int // 0: none in the request
}{
	{"a page of many matches", "lamp", 10},
	{"default limit", "lamp", 0},
	{"fewer matches than the limit", "sofa", 10},
	{"no match", "zebra", 10},
	{"every match", "lamp", 5000},
}

func TestSearch(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			url, client, stop := serve(t)
			defer stop()

			u := url + "/search?q=" + tc.query
			limit := DefaultLimit
			if tc.limit > 0 {
				u += fmt.Sprint("&limit=", tc.limit)
				limit = tc.limit
			}
			status, page := get(t, client, u)
			if status != http.StatusOK {
				clause2.Fatalf(t, "GET %s: status %d", u, status)
			}
			clause2.Equal(t, want(tc.query, limit), page, "GET %s", u)
		})
	}
}

func TestBadLimit(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	url, client, stop := serve(t)
	defer stop()

	for _, l := range []string{"0", "-1", "ten"} {
		status, _ := get(t, client, url+"/search?q=lamp&limit="+l)
		clause2.Equal(t, http.StatusBadRequest, status, "GET /search?q=lamp&limit=%s: status", l)
	}
}

// TestSearchLeavesNothing calls the handler, inside a bubble, for every kind
// of search, and judges what is left at the instant it returns.
func TestSearchLeavesNothing(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			leakcheck.Bubble(t, func(t *testing.T) {
				h := (&Service{Catalogue: catalogue()}).Handler()
				target := "/search?q=" + tc.query
				if tc.limit > 0 {
					target += fmt.Sprint("&limit=", tc.limit)
				}
				m := leakcheck.Now()
				rec, ok := serveWithin(h, target, time.Minute)
				if !ok {
					clause1.Fatalf(t, "the search handler, for %s, had not returned %v later", target, time.Minute)
				}
				m.Stopped(t, clause1, "the search handler")
				clause2.Equal(t, http.StatusOK, rec.Code, "GET %s: status", target)
			})
		})
	}
}

// serveWithin calls h for a GET of target, and reports whether it returned
// within d (fake time in a bubble); one that does not is left blocked, for
// the leak check to report.
func serveWithin(h http.Handler, target string, d time.Duration) (*httptest.ResponseRecorder, bool) {
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	}()
	select {
	case <-done:
		return rec, true
	case <-time.After(d):
		return nil, false
	}
}

// bigCatalogue has a million lamps: scanning it takes milliseconds.
var bigCatalogue = sync.OnceValue(func() []Product {
	c := make([]Product, 1_000_000)
	for i := range c {
		c[i] = Product{ID: i + 1, Name: "desk lamp"}
	}
	return c
})

// TestSearchStopsWorking serves pages of ten from a catalogue of a million
// lamps, on the real clock: once the handler has returned, nothing it started
// may go on working through the rest of the catalogue.
func TestSearchStopsWorking(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	h := (&Service{Catalogue: bigCatalogue()}).Handler()
	pkg := pkgPath() + "."
	for round := range 3 {
		before := leakprofile.Running()
		const target = "/search?q=lamp&limit=10"
		if _, ok := serveWithin(h, target, 10*time.Second); !ok {
			clause1.Fatalf(t, "the search handler, for %s, had not returned %v later", target, 10*time.Second)
		}
		// A goroutine that is only on its way out gets a few milliseconds.
		var left []leakprofile.Goroutine
		for deadline := time.Now().Add(5 * time.Millisecond); ; time.Sleep(100 * time.Microsecond) {
			left = left[:0]
			buf := make([]byte, 1<<20)
			for _, g := range leakprofile.Parse(string(buf[:runtime.Stack(buf, true)])) {
				if !before[g.ID] && strings.HasPrefix(g.CreatedBy.Func, pkg) {
					left = append(left, g)
				}
			}
			if len(left) == 0 || time.Now().After(deadline) {
				break
			}
		}
		if len(left) > 0 {
			clause1.Fatalf(t, "%d goroutine(s) the search started were still running %v after the handler returned a page of 10 of a million matches (round %d):\n%s",
				len(left), 5*time.Millisecond, round+1, left[0].Text)
		}
	}
}

// TestSearchUnderLoad is what production sees: many requests, then a look at the
// goroutines. With the goroutineleak profile (Go 1.27+, or Go 1.26 with
// GOEXPERIMENT=goroutineleakprofile) it reads /debug/pprof/goroutineleak as you
// would in production; on any Go it checks that the goroutine count comes back.
func TestSearchUnderLoad(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	url, client, stop := serve(t)
	defer stop()

	const requests, clients = 50, 5
	before := leakprofile.Running()
	baseline := runtime.NumGoroutine()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for range requests / clients {
				status, page := get(t, client, url+"/search?q=lamp&limit=10")
				if !clause2.Equal(t, http.StatusOK, status, "GET /search?q=lamp&limit=10: status") ||
					!clause2.Equal(t, want("lamp", 10), page, "GET /search?q=lamp&limit=10") {
					return
				}
			}
		})
	}
	wg.Wait()
	extra := settle(baseline, time.Second)

	if leakprofile.Available() {
		status, profile := getText(t, client, url+"/debug/pprof/goroutineleak?debug=2")
		clause1.Equal(t, http.StatusOK, status, "GET /debug/pprof/goroutineleak?debug=2: status")
		var leaked []leakprofile.Goroutine
		for _, g := range leakprofile.Leaked(leakprofile.Parse(profile), pkgPath()) {
			if !before[g.ID] {
				leaked = append(leaked, g)
			}
		}
		if len(leaked) > 0 {
			clause1.Errorf(t, "goroutine leak: after %d requests, /debug/pprof/goroutineleak marks %d goroutines of the service as leaked, blocked forever. The first one:\n%s",
				requests, len(leaked), leaked[0].Text)
			return
		}
	}
	clause1.Check(t, extra == 0, "goroutine leak: %d goroutines more than before %d requests, still there a second later", extra, requests)
}

// settle waits up to d for the goroutine count to come back to baseline, and
// returns how many goroutines are left above it.
func settle(baseline int, d time.Duration) int {
	deadline := time.Now().Add(d)
	for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	return max(0, runtime.NumGoroutine()-baseline)
}

func getText(t *testing.T, client *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		clause1.Fatalf(t, "GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		clause1.Fatalf(t, "GET %s: reading the body: %v", url, err)
	}
	return resp.StatusCode, string(body)
}

// pkgPath is this package's import path, under exercises/ or solutions/.
func pkgPath() string { return reflect.TypeFor[Service]().PkgPath() }

// TestServe serves the service on the address in $SERVE until you press Ctrl-C,
// for you to drive by hand (README.md shows how). Skipped unless SERVE is set:
//
//	SERVE=127.0.0.1:8080 go test -run TestServe -v -timeout 0 ./exercises/17_find_it_in_production/
func TestServe(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	addr := os.Getenv("SERVE")
	if addr == "" {
		t.Skip("set SERVE=127.0.0.1:8080 to serve the service by hand (see README.md)")
	}

	ctx, cancel := signal.NotifyContext(t.Context(), os.Interrupt)
	defer cancel()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listening on %s: %v", addr, err)
	}
	srv := &http.Server{Handler: (&Service{Catalogue: catalogue()}).Handler()}
	defer context.AfterFunc(ctx, func() { srv.Close() })()

	t.Logf("serving %d products on http://%s until Ctrl-C; try:", len(catalogue()), ln.Addr())
	t.Logf("  curl 'http://%s/search?q=sofa'", ln.Addr())
	t.Logf("  curl 'http://%s/debug/pprof/goroutine?debug=1'", ln.Addr())
	if leakprofile.Available() {
		t.Logf("  curl 'http://%s/debug/pprof/goroutineleak?debug=1'", ln.Addr())
	} else {
		t.Logf("  (no /debug/pprof/goroutineleak: %s)", leakprofile.HowToGet)
	}
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		t.Fatalf("serving: %v", err)
	}
	t.Logf("stopped; goroutines still running: %d", runtime.NumGoroutine())
}

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
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	require.NoError(t, err, "GET %s must answer within the client's timeout", url)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if resp.StatusCode == http.StatusOK {
		require.NoError(t, json.Unmarshal(body, &page), "GET %s: %s", url, body)
	}
	return resp.StatusCode, page
}

func TestSearch(t *testing.T) {
	for _, tc := range []struct {
		name, query string
		limit       int // 0: none in the request
	}{
		{"a page of many matches", "lamp", 10},
		{"default limit", "lamp", 0},
		{"fewer matches than the limit", "sofa", 10},
		{"no match", "zebra", 10},
		{"every match", "lamp", 5000},
	} {
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
			require.Equal(t, http.StatusOK, status)
			assert.Equal(t, want(tc.query, limit), page, "the first %d matches of %q, in catalogue order", limit, tc.query)
		})
	}
}

func TestBadLimit(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	url, client, stop := serve(t)
	defer stop()

	for _, l := range []string{"0", "-1", "ten"} {
		status, _ := get(t, client, url+"/search?q=lamp&limit="+l)
		assert.Equal(t, http.StatusBadRequest, status, "limit=%s", l)
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

	const requests = 50
	before := leakprofile.Running()
	baseline := runtime.NumGoroutine()
	for range requests {
		status, page := get(t, client, url+"/search?q=lamp&limit=10")
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, want("lamp", 10), page)
	}
	extra := settle(baseline, time.Second)

	if leakprofile.Available() {
		status, profile := getText(t, client, url+"/debug/pprof/goroutineleak?debug=2")
		require.Equal(t, http.StatusOK, status, "the service serves the goroutineleak profile")
		var leaked []leakprofile.Goroutine
		for _, g := range leakprofile.Leaked(leakprofile.Parse(profile), pkgPath()) {
			if !before[g.ID] {
				leaked = append(leaked, g)
			}
		}
		if len(leaked) > 0 {
			t.Errorf("goroutine leak: after %d requests, /debug/pprof/goroutineleak marks %d goroutines of the service as leaked, "+
				"blocked forever. The first one:\n%s", requests, len(leaked), leaked[0].Text)
			return
		}
	}
	assert.Zero(t, extra, "goroutine leak: %d goroutines more than before %d requests, still there a second later "+
		"(see /debug/pprof/goroutine?debug=2)", extra, requests)
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
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
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
	require.NoError(t, err)
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
	err = srv.Serve(ln)
	require.ErrorIs(t, err, http.ErrServerClosed)
	t.Logf("stopped; goroutines still running: %d", runtime.NumGoroutine())
}

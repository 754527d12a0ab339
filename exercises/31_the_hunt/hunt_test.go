package products

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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
	"gohunters/internal/leakprofile"
)

// TestHunt is the whole service as production runs it: on a real HTTP server,
// with every feature on, driven, then closed. Then it looks with the tools of
// the workshop: the runtime's /debug/pprof/goroutineleak when this Go has it
// (run with GOTOOLCHAIN=go1.27.3 and -v to read its verdicts), and goleak.
func TestHunt(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	before := leakprofile.Running()

	store := newStore(20 * time.Millisecond)
	feed := newFeed()
	var svc *Service
	config := Config{Store: store, Workers: workers, TTL: time.Hour, Feed: feed}
	if !leakcheck.Within(t, time.Second, "New", func() { svc = New(config) }) {
		t.FailNow()
	}
	url, client, stop := serve(t, svc.Handler())
	defer stop()

	status, body := httpGet(t, client, url+"/products?ids="+idList(seq(1, 8)...))
	require.Equal(t, http.StatusOK, status, body)
	var page []Product
	require.NoError(t, json.Unmarshal([]byte(body), &page))
	assert.Equal(t, wantProducts(store, seq(1, 8)...), page)

	status, body = httpGet(t, client, url+"/products?ids="+idList(11, 12, 13, 901))
	assert.Equal(t, http.StatusNotFound, status, body)
	assert.Contains(t, body, "product 901: "+ErrNotFound.Error())

	store.setPrice(5, 555)
	leakcheck.Within(t, time.Second, "publishing a price change", func() { feed.publish(PriceChange{ID: 5}) })
	status, body = httpGet(t, client, url+"/products?ids=5")
	assert.Equal(t, http.StatusOK, status, body)
	assert.Contains(t, body, `"cents":555`, "the changed price is answered")

	leakcheck.Within(t, time.Second, "Close", svc.Close)
	assert.Zero(t, feed.subscribers(), "Close ends the service's subscription to the feed")

	if leakprofile.Available() {
		t.Log(runtimeView(t, client, url, before))
	} else {
		t.Log("the Go runtime's view: unavailable, " + leakprofile.HowToGet)
	}
	// The feed outlives the service, as it does in production across a reload.
	leakcheck.Within(t, time.Second, "publishing a price change after Close", func() { feed.publish(PriceChange{ID: 6}) })
	// goleak's view: the deferred VerifyNone.
}

// serve starts h on a loopback server. Close it with defer stop().
func serve(t *testing.T, h http.Handler) (url string, client *http.Client, stop func()) {
	srv := httptest.NewServer(h)
	// One connection per request, so that nothing of a request outlives it.
	client = &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	return srv.URL, client, func() {
		leakcheck.Within(t, time.Second, "closing the test server (a handler is stuck)", srv.Close)
	}
}

func httpGet(t *testing.T, client *http.Client, url string) (status int, body string) {
	t.Helper()
	resp, err := client.Get(url)
	require.NoError(t, err, "GET %s must answer within the client's timeout", url)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

// runtimeView reads the service's /debug/pprof/goroutineleak?debug=2 and says,
// for every goroutine of this package that was not running before the test,
// what the runtime thinks of it.
func runtimeView(t *testing.T, client *http.Client, url string, before map[int]bool) string {
	pkg := reflect.TypeFor[Service]().PkgPath()
	var ours []leakprofile.Goroutine
	// Writing the profile runs the leak-detecting GC cycle; ask until every
	// other goroutine has settled (a second cycle at least).
	for try, deadline := 0, time.Now().Add(time.Second); ; try++ {
		status, profile := httpGet(t, client, url+"/debug/pprof/goroutineleak?debug=2")
		require.Equal(t, http.StatusOK, status, "the service serves the goroutineleak profile")
		ours = ours[:0]
		for _, g := range leakprofile.Parse(profile) {
			if g.InPackage(pkg) && !before[g.ID] {
				ours = append(ours, g)
			}
		}
		if try > 0 && settled(ours) || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	var sb strings.Builder
	leaked := 0
	for _, g := range ours {
		if g.Leaked {
			leaked++
		}
	}
	fmt.Fprintf(&sb, "the Go runtime's view (/debug/pprof/goroutineleak): %d of %d goroutines of this package left after Close marked leaked",
		leaked, len(ours))
	for _, g := range ours {
		top := g.Top()
		for _, f := range g.Stack { // the first frame of this package: where in our code it waits
			if strings.HasPrefix(f.Func, pkg+".") {
				top = f
				break
			}
		}
		fmt.Fprintf(&sb, "\n  %s (%s:%d) [%s]: %s", strings.TrimPrefix(top.Func, pkg+"."), shortFile(top.File), top.Line, g.State, marked(g))
	}
	return sb.String()
}

func settled(gs []leakprofile.Goroutine) bool {
	for _, g := range gs {
		if g.State == "running" || g.State == "runnable" {
			return false
		}
	}
	return true
}

// marked says what the runtime's profile says of g. Why the runtime may leave
// a goroutine goleak reports unmarked, the checker explains beside the leak.
func marked(g leakprofile.Goroutine) string {
	if g.Leaked {
		return "marked leaked by the Go runtime"
	}
	return "not marked leaked by the Go runtime"
}

func shortFile(path string) string { return path[strings.LastIndex(path, "/")+1:] }

// TestServe serves the service on the address in $SERVE until you press Ctrl-C,
// for you to hunt by hand (README.md shows how). Skipped unless SERVE is set:
//
//	SERVE=127.0.0.1:8080 go test -run TestServe -v -timeout 0 ./exercises/31_the_hunt/
//
// POST /admin/reload closes the service and starts a new one, as a configuration
// reload does in production; the feed publishes a price change every second.
func TestServe(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	addr := os.Getenv("SERVE")
	if addr == "" {
		t.Skip("set SERVE=127.0.0.1:8080 to serve the service by hand (see README.md)")
	}
	ctx, cancel := signal.NotifyContext(t.Context(), os.Interrupt)
	defer cancel()

	store, feed := newStore(20*time.Millisecond), newFeed()
	config := Config{Store: store, Workers: workers, TTL: time.Minute, Feed: feed}
	var mu sync.Mutex
	svc := New(config)
	current := func() *Service { mu.Lock(); defer mu.Unlock(); return svc }
	mux := http.NewServeMux()
	mux.HandleFunc("POST /admin/reload", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		old := svc
		svc = New(config)
		mu.Unlock()
		old.Close()
		fmt.Fprintln(w, "reloaded; goroutines now:", runtime.NumGoroutine())
	})
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { current().Handler().ServeHTTP(w, r) }))

	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for id := 1; ; id = id%20 + 1 {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				store.setPrice(id, 100*int64(id)+int64(time.Now().Second()))
				feed.publish(PriceChange{ID: id})
			}
		}
	})

	ln, err := net.Listen("tcp", addr)
	require.NoError(t, err)
	srv := &http.Server{Handler: mux}
	defer context.AfterFunc(ctx, func() { srv.Close() })()
	t.Logf("serving on http://%s until Ctrl-C; try:", ln.Addr())
	t.Logf("  curl 'http://%s/products?ids=3,1,4'      (900 and above: not found; 800-899: the store fails)", ln.Addr())
	t.Logf("  curl -X POST 'http://%s/admin/reload'", ln.Addr())
	t.Logf("  curl 'http://%s/debug/pprof/goroutine?debug=1'", ln.Addr())
	if leakprofile.Available() {
		t.Logf("  curl 'http://%s/debug/pprof/goroutineleak?debug=1'", ln.Addr())
	} else {
		t.Logf("  (no /debug/pprof/goroutineleak: %s)", leakprofile.HowToGet)
	}
	err = srv.Serve(ln)
	require.ErrorIs(t, err, http.ErrServerClosed)
	current().Close()
	t.Logf("stopped; goroutines still running: %d", runtime.NumGoroutine())
}

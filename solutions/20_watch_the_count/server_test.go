package inventory

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

const (
	parked = 200 // goroutines the test parks, as a leak would
	// slack is how far apart two scrapes may be with the same goroutines parked:
	// the HTTP server and client start and end a few goroutines of their own.
	slack = 10
	// settle is how long the service gets to show a change: a real deadline,
	// since the goroutines are real and the requests go over loopback.
	settle = time.Second
)

// get fetches path from srv, failing the test if the request itself fails.
func get(t *testing.T, srv *httptest.Server, path string) (status int, contentType, body string) {
	t.Helper()
	c := srv.Client()
	c.Timeout = 5 * time.Second
	resp, err := c.Get(srv.URL + path)
	require.NoError(t, err, "GET %s", path)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err, "GET %s: reading the body", path)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

var sample = regexp.MustCompile(`(?m)^go_goroutines(?:\{[^}]*\})? +([0-9.eE+-]+)$`)

// scrape reads the go_goroutines gauge from /metrics, as Prometheus would.
func scrape(t *testing.T, srv *httptest.Server) int {
	t.Helper()
	status, contentType, body := get(t, srv, "/metrics")
	require.Equal(t, http.StatusOK, status, "GET /metrics: %d %s — no goroutine count is exported, "+
		"so a goroutine leak would grow unseen until the OOM killer restarts the service", status, http.StatusText(status))
	assert.True(t, strings.HasPrefix(contentType, "text/plain"),
		"GET /metrics: Content-Type %q; the Prometheus text format is served as text/plain", contentType)
	require.Regexp(t, `(?m)^# TYPE go_goroutines gauge$`, body, "GET /metrics must declare go_goroutines a gauge (# TYPE go_goroutines gauge)")
	m := sample.FindStringSubmatch(body)
	require.NotNil(t, m, "GET /metrics has no go_goroutines sample, so monitoring cannot see a goroutine leak grow. It served:\n%s", body)
	n, err := strconv.ParseFloat(m[1], 64)
	require.NoError(t, err, "go_goroutines value")
	return int(n)
}

// parkedUntilReleased is where the test parks its goroutines: the name to look
// for in the goroutine profile.
func parkedUntilReleased(release <-chan struct{}) {
	<-release
}

// park starts n goroutines that stay parked, like leaked ones, until the
// returned func releases them and waits for them to end.
func park(n int) (release func()) {
	ch := make(chan struct{})
	var started, done sync.WaitGroup
	started.Add(n)
	for range n {
		done.Go(func() {
			started.Done()
			parkedUntilReleased(ch)
		})
	}
	started.Wait()
	return func() {
		close(ch)
		done.Wait()
	}
}

func TestRoutesStillWork(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	srv := httptest.NewServer(NewMux())
	defer srv.Close()

	status, _, body := get(t, srv, "/healthz")
	assert.Equal(t, http.StatusOK, status, "GET /healthz")
	assert.Equal(t, "ok\n", body, "GET /healthz")

	status, contentType, body := get(t, srv, "/api/stock/KB-104")
	require.Equal(t, http.StatusOK, status, "GET /api/stock/KB-104")
	assert.Equal(t, "application/json", contentType, "GET /api/stock/KB-104")
	var item Item
	require.NoError(t, json.Unmarshal([]byte(body), &item), "GET /api/stock/KB-104 serves JSON")
	assert.Equal(t, Item{"KB-104", "mechanical keyboard", 12}, item, "GET /api/stock/KB-104")

	status, _, _ = get(t, srv, "/api/stock/XX-000")
	assert.Equal(t, http.StatusNotFound, status, "GET /api/stock/XX-000, an unknown SKU")
}

func TestMetricsFollowTheGoroutineCount(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	srv := httptest.NewServer(NewMux())
	defer srv.Close()

	before := scrape(t, srv)
	release := park(parked)
	during := scrape(t, srv)
	release()

	assert.InDelta(t, before+parked, during, slack, "go_goroutines went from %d to %d while the test parked %d goroutines: "+
		"the gauge must be the live count, or a goroutine leak grows unseen", before, during, parked)

	// And back down once they have ended.
	after := scrape(t, srv)
	for deadline := time.Now().Add(settle); after > before+slack && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		after = scrape(t, srv)
	}
	assert.InDelta(t, before, after, slack, "go_goroutines is %d, %v after the %d parked goroutines ended (it was %d before): "+
		"the gauge must follow the count down too", after, settle, parked, before)
}

// goroutineBlock matches one stack of a debug=1 goroutine profile: how many
// goroutines share it, then its frames.
var goroutineBlock = regexp.MustCompile(`(?m)^(\d+) @[ 0-9a-fx]*\n(?:#.*\n?)+`)

// parkedInProfile returns how many goroutines the debug=1 goroutine profile
// shows in parkedUntilReleased.
func parkedInProfile(profile string) int {
	for _, m := range goroutineBlock.FindAllStringSubmatch(profile, -1) {
		if strings.Contains(m[0], ".parkedUntilReleased+") {
			n, _ := strconv.Atoi(m[1])
			return n
		}
	}
	return 0
}

func TestGoroutineProfileIsServed(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	srv := httptest.NewServer(NewMux())
	defer srv.Close()

	status, _, body := get(t, srv, "/debug/pprof/")
	require.Equal(t, http.StatusOK, status, "GET /debug/pprof/: %d %s — no pprof index on this mux: "+
		"when the goroutine count climbs, there is nothing to show what the leaked goroutines are doing", status, http.StatusText(status))
	assert.True(t, strings.Contains(body, ">goroutine</a>"), "the pprof index lists the goroutine profile")

	release := park(parked)
	defer release()

	// The goroutines are started; give the last of them a moment to park.
	const path = "/debug/pprof/goroutine?debug=1"
	var shown int
	for deadline := time.Now().Add(settle); shown < parked && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		status, _, body = get(t, srv, path)
		require.Equal(t, http.StatusOK, status, "GET %s: %d %s — no goroutine profile on this mux: when the count climbs, "+
			"nobody can see which line the leaked goroutines are blocked forever on", path, status, http.StatusText(status))
		shown = parkedInProfile(body)
	}
	assert.Equal(t, parked, shown, "GET %s must show the %d goroutines the test parked, in parkedUntilReleased: "+
		"that is how you find the line leaked goroutines are stuck on. It served:\n%s", path, parked, body)

	// Leaked goroutines hold on to memory: the heap profile shows what they keep.
	const heapPath = "/debug/pprof/heap?debug=1"
	status, _, body = get(t, srv, heapPath)
	require.Equal(t, http.StatusOK, status, "GET %s: %d %s — no heap profile: when memory climbs with the goroutine count, "+
		"nobody can see what the leaked goroutines hold on to", heapPath, status, http.StatusText(status))
	assert.True(t, strings.HasPrefix(body, "heap profile: "), "GET %s serves the heap profile; it served:\n%.500s", heapPath, body)

	// Go 1.27 (and Go 1.26 built with GOEXPERIMENT=goroutineleakprofile) has a
	// profile of the goroutines the garbage collector proves leaked.
	if pprof.Lookup("goroutineleak") == nil {
		t.Log("this Go has no goroutineleak profile; on Go 1.27+ it must be served too")
		return
	}
	const leakPath = "/debug/pprof/goroutineleak?debug=1"
	status, _, body = get(t, srv, leakPath)
	require.Equal(t, http.StatusOK, status, "GET %s: %d %s — this Go can list the goroutines the runtime proves leaked; serve that profile too",
		leakPath, status, http.StatusText(status))
	assert.True(t, strings.HasPrefix(body, "goroutineleak profile: total "),
		"GET %s serves the goroutineleak profile; it served:\n%.500s", leakPath, body)
}

// TestProfilesAreServed checks the other handlers of net/http/pprof, which
// pprof.Index does not serve: without them go tool pprof cannot take a CPU
// profile or resolve symbols, and there is no execution trace.
func TestProfilesAreServed(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	srv := httptest.NewServer(NewMux())
	defer srv.Close()

	status, _, body := get(t, srv, "/debug/pprof/cmdline")
	if assert.Equal(t, http.StatusOK, status, "GET /debug/pprof/cmdline: route it to pprof.Cmdline") {
		assert.Contains(t, body, os.Args[0], "GET /debug/pprof/cmdline serves the command line")
	}
	status, _, body = get(t, srv, "/debug/pprof/symbol")
	if assert.Equal(t, http.StatusOK, status, "GET /debug/pprof/symbol: route it to pprof.Symbol (go tool pprof resolves addresses with it)") {
		assert.True(t, strings.HasPrefix(body, "num_symbols: "), "GET /debug/pprof/symbol serves pprof.Symbol; it served:\n%.200s", body)
	}

	// A CPU profile or a trace takes seconds; with one already running, the
	// handlers answer at once that it is.
	if err := pprof.StartCPUProfile(io.Discard); err == nil {
		defer pprof.StopCPUProfile()
	}
	_, _, body = get(t, srv, "/debug/pprof/profile?seconds=1")
	assert.Contains(t, body, "Could not enable CPU profiling",
		"GET /debug/pprof/profile must reach pprof.Profile, the CPU profile go tool pprof asks for; it served:\n%.200s", body)
	if err := trace.Start(io.Discard); err == nil {
		defer trace.Stop()
	}
	_, _, body = get(t, srv, "/debug/pprof/trace?seconds=1")
	assert.Contains(t, body, "Could not enable tracing",
		"GET /debug/pprof/trace must reach pprof.Trace, the execution trace; it served:\n%.200s", body)
}

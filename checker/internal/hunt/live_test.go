package hunt

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	netpprof "net/http/pprof"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// shutdown is the leaky service's stop channel: closed only when the test
// ends, as a service's is only at exit.
var shutdown = make(chan struct{})

// leakyHandler gives up on its lookup at once and returns: the lookup's
// goroutine waits to deliver its answer to nobody, until shutdown.
func leakyHandler(w http.ResponseWriter, r *http.Request) {
	results := make(chan int)
	go lookup(results) // hunt must name this line as the creator
	w.WriteHeader(http.StatusGatewayTimeout)
}

func lookup(results chan<- int) {
	select { // hunt must name this line as where they are stuck
	case results <- 42:
	case <-shutdown:
	}
}

// searchHandler does not wait for its answer either, and nothing else holds
// the channel: on Go 1.27 the runtime can prove these goroutines leaked.
func searchHandler(w http.ResponseWriter, r *http.Request) {
	results := make(chan int)
	go answer(results)
	w.WriteHeader(http.StatusGatewayTimeout)
}

func answer(results chan<- int) {
	results <- 42 // nobody will ever receive
}

// counting serves net/http/pprof and the leaky handler, and counts what hunt
// asks of it. The second goroutine profile waits until the test has loaded
// the service, so that growth does not depend on the interval.
type counting struct {
	goroutine, leak, other atomic.Int32
	first, loaded          chan struct{}
	mux                    *http.ServeMux
}

func newCounting() *counting {
	c := &counting{first: make(chan struct{}), loaded: make(chan struct{}), mux: http.NewServeMux()}
	c.mux.HandleFunc("/debug/pprof/", netpprof.Index)
	c.mux.HandleFunc("/lookup", leakyHandler)
	c.mux.HandleFunc("/search", searchHandler)
	return c
}

func (c *counting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/debug/pprof/goroutine":
		if c.goroutine.Add(1) == 1 {
			defer close(c.first)
		} else {
			<-c.loaded
		}
	case "/debug/pprof/goroutineleak":
		c.leak.Add(1)
	case "/lookup", "/search":
	default:
		c.other.Add(1)
	}
	c.mux.ServeHTTP(w, r)
}

func load(t *testing.T, url string, n int) {
	t.Helper()
	for range n {
		for _, path := range []string{"/lookup", "/search"} {
			resp, err := http.Get(url + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
	}
}

// settle waits until the n goroutines each leaky handler started are blocked
// where they leak: a handler returns before its goroutine has run.
func settle(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		var sb strings.Builder
		pprof.Lookup("goroutine").WriteTo(&sb, 2)
		dump := sb.String()
		if strings.Count(dump, "[chan send]:\ngohunters/checker/internal/hunt.answer(") == n &&
			strings.Count(dump, "[select]:\ngohunters/checker/internal/hunt.lookup(") == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the leaky handlers' %d goroutines are not all blocked after a minute", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// lineOf is the line of this file that holds text.
func lineOf(t *testing.T, text string) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	src, err := readFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, text) && !strings.Contains(l, "lineOf") {
			return fmt.Sprintf("live_test.go:%d)", i+1)
		}
	}
	t.Fatalf("no %q in %s", text, file)
	return ""
}

// A live hunt of a leaking service: it names the leak's lines, and costs the
// service exactly two goroutine profiles (and one goroutineleak request,
// which Go 1.26 answers 404).
func TestLiveService(t *testing.T) {
	t.Cleanup(func() { close(shutdown) })
	c := newCounting()
	srv := httptest.NewServer(c)
	defer srv.Close()
	load(t, srv.URL, 50)
	settle(t, 50)

	type result struct {
		code     int
		out, err string
	}
	done := make(chan result)
	go func() {
		var out, errb bytes.Buffer
		code := Run(context.Background(), Env{Args: []string{"--interval", "10ms", "--save", t.TempDir(), srv.URL + "/debug/pprof/"},
			Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Name: "gohunters", ErrTTY: true})
		done <- result{code, out.String(), errb.String()}
	}()
	<-c.first
	load(t, srv.URL, 150)
	settle(t, 200)
	close(c.loaded)
	r := <-done
	t.Logf("what hunt printed:\n%s%s", r.out, r.err)

	if r.code != ExitSuspects {
		t.Fatalf("exit %d, want 1", r.code)
	}
	ps := suspects(r.out)
	if len(ps) != 2 {
		t.Fatalf("%d suspects, want the two leaks", len(ps))
	}
	lookupP, answerP := ps[0], ps[1]
	if strings.Contains(lookupP, "hunt.answer ") {
		lookupP, answerP = answerP, lookupP
	}
	proves := runtime.Version() >= "go1.27"
	if proves && ps[0] != answerP {
		t.Errorf("the group the runtime proves leaked is not first")
	}
	for _, want := range []string{"200 goroutines blocked in select, +150 since the first dump",
		"stuck at:     gohunters/checker/internal/hunt.lookup", lineOf(t, "as where they are stuck"),
		"started by:   gohunters/checker/internal/hunt.leakyHandler", lineOf(t, "go lookup(results)"),
		"C1 The caller's ctx decides", "go tool pprof -top"} {
		if !strings.Contains(lookupP, want) {
			t.Errorf("no %q in the suspect", want)
		}
	}
	for _, want := range []string{"200 goroutines blocked in chan send, +150 since the first dump",
		"stuck at:     gohunters/checker/internal/hunt.answer", lineOf(t, "nobody will ever receive"),
		"started by:   gohunters/checker/internal/hunt.searchHandler", lineOf(t, "go answer(results)"), "E1 "} {
		if !strings.Contains(answerP, want) {
			t.Errorf("no %q in the suspect", want)
		}
	}
	if proves != strings.Contains(answerP, "200 proved leaked by the Go runtime") || strings.Contains(lookupP, "proved") {
		t.Errorf("on %s, the runtime's proof is not where it belongs", runtime.Version())
	}
	if !strings.Contains(r.err, "second dump in") {
		t.Errorf("no countdown on the terminal: %q", r.err)
	}
	if runtime.Version() < "go1.27" && !strings.Contains(r.out, "goroutineleak profile is not available") {
		t.Errorf("no word that the runtime's profile is missing")
	}
	if g, l, o := c.goroutine.Load(), c.leak.Load(), c.other.Load(); g != 2 || l > 1 || o != 0 {
		t.Errorf("hunt asked for %d goroutine profiles, %d goroutineleak, %d other pages; want 2, at most 1, 0", g, l, o)
	}
}

// A service without net/http/pprof, one that does not answer, and one that
// answers every path with its web page: exit 2, and what to do.
func TestLiveBadTargets(t *testing.T) {
	bare := httptest.NewServer(http.NotFoundHandler())
	defer bare.Close()
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "<!DOCTYPE html><html><body>our app</body></html>")
	}))
	defer page.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gone := ln.Addr().String()
	ln.Close()
	for _, c := range []struct{ url, says string }{
		{bare.URL, `import _ "net/http/pprof"`},
		{bare.URL, "404"},
		{"http://" + gone, "cannot reach"},
		{gone, "cannot reach"}, // host:port alone
		{page.URL + "/debug/pprof/", "an HTML page"},
	} {
		code, out, errs := hunt(t, "--interval", "1ms", c.url)
		if code != ExitBadInput || !strings.Contains(errs, c.says) || out != "" {
			t.Errorf("%s: exit %d, stderr %q, want exit 2 saying %q", c.url, code, errs, c.says)
		}
	}
}

func readFile(name string) (string, error) {
	b, err := os.ReadFile(name)
	return string(b), err
}

// Command leakysvc is a small HTTP service with the leaks checker hunt looks
// for, and net/http/pprof mounted as services mount it. Run from the module
// root, it loads itself and saves what a hunter would save, twice, a load
// apart, into DIR:
//
//	go run ./checker/internal/hunt/testdata/leakysvc -age 61s checker/internal/hunt/testdata/go1.26.8
//	GOTOOLCHAIN=go1.27.3 go run ./checker/internal/hunt/testdata/leakysvc -age 61s checker/internal/hunt/testdata/go1.27.3
//
// -age waits before the second load, so that the second dump shows the first
// load's goroutines blocked for a minute ("chan send, 1 minutes").
//
// For snapshot N (1, then 2): goroutine-N.txt (debug=2), goroutine-N.debug1.txt,
// goroutine-N.pb.gz (the binary profile), and on a Go with the goroutineleak
// profile goroutineleak-N.txt and goroutineleak-N.pb.gz; then sigquit.txt, the
// dump a SIGQUIT leaves, taken from the same service in a child process run
// with GODEBUG=tracebackancestors=5.
//
// With -serve ADDR it only serves, for hunting it by hand.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"
)

// search asks two backends and answers with the first reply: the slower one
// sends into a channel nobody reads any more (P2, E1). The runtime can prove
// these leaked: nothing reachable holds the channel. (Had ask been a closure
// that captures results, Go 1.27's analysis could not see it.)
func search(w http.ResponseWriter, r *http.Request) {
	results := make(chan string)
	for _, backend := range []string{"fast", "slow"} {
		go ask(backend, results)
	}
	fmt.Fprintln(w, <-results)
}

func ask(backend string, results chan<- string) {
	if backend == "slow" {
		time.Sleep(time.Millisecond)
	}
	results <- backend
}

// subscribers holds every subscription forever: nothing unsubscribes (P2). Its
// goroutines stay reachable, so the runtime cannot prove them leaked.
var subscribers struct {
	sync.Mutex
	list []chan string
}

func subscribe(w http.ResponseWriter, r *http.Request) {
	ch := make(chan string)
	subscribers.Lock()
	subscribers.list = append(subscribers.list, ch)
	subscribers.Unlock()
	go forward(context.Background(), ch)
	fmt.Fprintln(w, "subscribed")
}

func forward(ctx context.Context, ch chan string) {
	select {
	case msg := <-ch:
		_ = msg
	case <-ctx.Done():
	}
}

// batch runs its lookups in an errgroup and answers with the first: the
// others block on send, started by errgroup's Go, not by the service's own go
// statement; with GODEBUG=tracebackancestors the dump shows which line of the
// service called Go.
func batch(w http.ResponseWriter, r *http.Request) {
	var g errgroup.Group
	first := make(chan int)
	for i := range 3 {
		g.Go(func() error {
			first <- i
			return nil
		})
	}
	fmt.Fprintln(w, <-first) // and never g.Wait()
}

// workers are a fixed pool: blocked, but not a leak (their number never grows).
var jobs = make(chan func())

func startWorkers(n int) {
	for range n {
		go func() {
			for job := range jobs {
				job()
			}
		}()
	}
}

func main() {
	serve := flag.String("serve", "", "only serve on this address")
	age := flag.Duration("age", 0, "wait this long before the second load")
	flag.Parse()
	startWorkers(4)
	http.HandleFunc("/search", search)
	http.HandleFunc("/subscribe", subscribe)
	http.HandleFunc("/batch", batch)
	if *serve != "" {
		fmt.Println("serving on", *serve)
		must(http.ListenAndServe(*serve, nil))
	}
	if os.Getenv("LEAKYSVC_QUIT") != "" {
		quitChild()
		return
	}
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: leakysvc DIR | leakysvc -serve ADDR")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	must(os.MkdirAll(dir, 0o755))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	go http.Serve(ln, nil)
	base := "http://" + ln.Addr().String()
	load(base, 40)
	snapshot(base, dir, 1)
	time.Sleep(*age)
	load(base, 120)
	snapshot(base, dir, 2)
	must(os.WriteFile(filepath.Join(dir, "sigquit.txt"), sigquit(), 0o644))
}

// load sends n requests to each leaky endpoint.
func load(base string, n int) {
	for range n {
		for _, path := range []string{"/search", "/subscribe", "/batch"} {
			resp, err := http.Get(base + path)
			must(err)
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	time.Sleep(50 * time.Millisecond) // the slow backends are sending by now
}

func snapshot(base, dir string, n int) {
	save := func(path, name string) {
		resp, err := http.Get(base + path)
		must(err)
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return // no goroutineleak profile on this Go
		}
		b, err := io.ReadAll(resp.Body)
		must(err)
		must(os.WriteFile(filepath.Join(dir, name), b, 0o644))
	}
	save("/debug/pprof/goroutine?debug=2", fmt.Sprintf("goroutine-%d.txt", n))
	save("/debug/pprof/goroutine?debug=1", fmt.Sprintf("goroutine-%d.debug1.txt", n))
	save("/debug/pprof/goroutine", fmt.Sprintf("goroutine-%d.pb.gz", n))
	save("/debug/pprof/goroutineleak?debug=2", fmt.Sprintf("goroutineleak-%d.txt", n))
	save("/debug/pprof/goroutineleak", fmt.Sprintf("goroutineleak-%d.pb.gz", n))
}

// sigquit runs this service again, loads it, sends it SIGQUIT and returns the
// dump it prints.
func sigquit() []byte {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "LEAKYSVC_QUIT=1", "GOTRACEBACK=all", "GODEBUG=tracebackancestors=5")
	var dump safeBuffer
	cmd.Stderr = &dump
	out, err := cmd.StdoutPipe()
	must(err)
	must(cmd.Start())
	io.ReadFull(out, make([]byte, 6)) // "ready\n"
	must(cmd.Process.Signal(syscall.SIGQUIT))
	cmd.Wait()
	return dump.Bytes()
}

func quitChild() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	go http.Serve(ln, nil)
	load("http://"+ln.Addr().String(), 20)
	fmt.Println("ready")
	time.Sleep(time.Minute)
}

type safeBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b = append(s.b, p...)
	return len(p), nil
}

func (s *safeBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "leakysvc:", err)
		os.Exit(1)
	}
}

// Command many writes the goroutine dumps of a process with -n goroutines
// (100,000 by default) blocked the ways a leaking service's are, for
// measuring hunt on a dump of that size:
//
//	go run ./checker/internal/hunt/testdata/many -n 100000 /tmp/many
//
// writes /tmp/many/goroutine.txt (debug=2) and /tmp/many/goroutine.pb.gz.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sync"
	"time"
)

var (
	mu      sync.Mutex
	forever = make(chan int)
)

func send(ch chan<- int)       { ch <- 1 }
func wait(ctx context.Context) { <-ctx.Done() }
func lock()                    { mu.Lock() }
func nested(depth int, ch chan int) {
	if depth == 0 {
		<-ch
		return
	}
	nested(depth-1, ch)
}

func main() {
	n := flag.Int("n", 100000, "goroutines")
	flag.Parse()
	dir := flag.Arg(0)
	if dir == "" {
		fmt.Fprintln(os.Stderr, "usage: many [-n N] DIR")
		os.Exit(2)
	}
	mu.Lock()
	for i := range *n {
		switch i % 4 {
		case 0:
			go send(make(chan int))
		case 1:
			go wait(context.Background())
		case 2:
			go lock()
		case 3:
			go nested(i%20, forever)
		}
	}
	time.Sleep(time.Second)
	must(os.MkdirAll(dir, 0o755))
	for _, f := range []struct {
		name  string
		debug int
	}{{"goroutine.txt", 2}, {"goroutine.pb.gz", 0}} {
		out, err := os.Create(filepath.Join(dir, f.name))
		must(err)
		must(pprof.Lookup("goroutine").WriteTo(out, f.debug))
		must(out.Close())
	}
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "many:", err)
		os.Exit(1)
	}
}

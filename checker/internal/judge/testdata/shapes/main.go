// Command shapes abandons goroutines stuck in the ways the reference note lists and
// prints the goroutineleak profile (WriteTo(os.Stdout, 2)). It is how
// testdata/<go version>/shapes.txt was made:
//
//	GOTOOLCHAIN=go1.27.3 go run ./checker/internal/judge/testdata/shapes > checker/internal/judge/testdata/go1.27.3/shapes.txt
//	GOEXPERIMENT=goroutineleakprofile go run ./checker/internal/judge/testdata/shapes > checker/internal/judge/testdata/go1.26.8/shapes.txt
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"time"
)

// unreachable: a send on a channel only the goroutine still references.
func unreachable() {
	ch := make(chan int)
	go func() { ch <- 1 }()
}

// capturedSend: the same, but sending a variable the closure captured.
func capturedSend() {
	ch := make(chan int)
	x := 1
	go func() { ch <- x }()
}

var global = make(chan int)

// packageVar: a send on a package-level channel, reachable for ever.
func packageVar() {
	go func() { global <- 1 }()
}

type loop struct{ in chan int }

func (l *loop) run() {
	for range l.in {
	}
}

var registry []*loop

// registered: a receive loop whose struct a package variable still points to.
func registered() {
	l := &loop{in: make(chan int)}
	registry = append(registry, l)
	go l.run()
}

// sleeper: a loop that never blocks.
func sleeper() {
	go func() {
		for {
			time.Sleep(time.Hour)
		}
	}()
}

func main() {
	p := pprof.Lookup("goroutineleak")
	if p == nil {
		fmt.Fprintln(os.Stderr, "no goroutineleak profile in this Go")
		os.Exit(1)
	}
	unreachable()
	capturedSend()
	packageVar()
	registered()
	sleeper()
	time.Sleep(100 * time.Millisecond) // let them block
	p.WriteTo(os.Stdout, 2)
}

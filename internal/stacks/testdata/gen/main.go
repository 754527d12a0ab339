// Command gen writes the real goroutine dumps internal/stacks is tested on,
// from one small program with goroutines blocked in every common way, as the
// Go it runs on prints them. From the module root, once per Go version:
//
//	go run ./internal/stacks/testdata/gen internal/stacks/testdata/go1.26.8
//	GOTOOLCHAIN=go1.27.3 go run ./internal/stacks/testdata/gen internal/stacks/testdata/go1.27.3
//
// It writes runtime.Stack's dump (stack.txt), the goroutine profile's debug=2
// text (goroutine.txt), a panic's crash dump (panic.txt), a SIGQUIT dump
// (sigquit.txt, GOTRACEBACK=all, and sigquit_crash.txt, GOTRACEBACK=crash), the
// same dump with GODEBUG=tracebackancestors=5 (ancestors.txt), goleak's report
// (goleak.txt) and, where this Go has it, the goroutineleak profile's debug=2
// text (goroutineleak.txt).
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"

	"go.uber.org/goleak"
)

func main() {
	switch os.Getenv("GEN_MODE") {
	case "panic":
		block()
		panic("boom: a panic's dump lists every goroutine with GOTRACEBACK=all")
	case "sigquit":
		block()
		fmt.Println("ready")
		time.Sleep(time.Minute)
		os.Exit(3)
	case "ancestors":
		block()
		os.Stdout.Write(stackAll())
		return
	}
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	must(os.MkdirAll(dir, 0o755))
	write := func(name string, b []byte) { must(os.WriteFile(filepath.Join(dir, name), b, 0o644)) }

	opts := []goleak.Option{goleak.IgnoreCurrent()}
	block()
	write("stack.txt", stackAll())
	var buf bytes.Buffer
	must(pprof.Lookup("goroutine").WriteTo(&buf, 2))
	write("goroutine.txt", buf.Bytes())
	if p := pprof.Lookup("goroutineleak"); p != nil {
		must(p.WriteTo(io.Discard, 0)) // the first cycle may still see them reachable
		buf.Reset()
		must(p.WriteTo(&buf, 2))
		write("goroutineleak.txt", buf.Bytes())
	}
	if err := goleak.Find(opts...); err != nil {
		write("goleak.txt", []byte(err.Error()+"\n"))
	}
	write("panic.txt", child("panic", "GOTRACEBACK=all"))
	write("ancestors.txt", child("ancestors", "GODEBUG=tracebackancestors=5"))
	write("sigquit.txt", quit("GOTRACEBACK=all"))
	write("sigquit_crash.txt", quit("GOTRACEBACK=crash"))
}

var (
	mu      sync.Mutex
	rw      sync.RWMutex
	cond    = sync.NewCond(&sync.Mutex{})
	forever = make(chan int) // reachable: a global, never closed
)

// block leaves goroutines blocked in the common ways: some the runtime can
// prove leaked (their channel is unreachable), some it cannot.
func block() {
	for range 3 {
		ch := make(chan int)
		go func() { ch <- 1 }() // chan send, nobody can ever receive
	}
	go func() { <-make(chan int) }() // chan receive on an unreachable channel
	go func() {
		select {
		case <-forever:
		case <-context.Background().Done():
		}
	}()
	mu.Lock()
	go func() { mu.Lock() }() // sync.Mutex.Lock
	rw.Lock()
	go func() { rw.RLock() }() // sync.RWMutex.RLock
	go func() {
		cond.L.Lock()
		cond.Wait() // sync.Cond.Wait
	}()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { wg.Wait() }() // sync.WaitGroup.Wait
	go nested(3)
	go func() { time.Sleep(time.Hour) }()
	r, _, _ := os.Pipe()
	go func() { r.Read(make([]byte, 1)) }() // IO wait... or syscall
	time.Sleep(100 * time.Millisecond)
}

// nested starts a goroutine from a goroutine from a goroutine, so that
// tracebackancestors has creators to show.
func nested(n int) {
	if n == 0 {
		<-forever
		return
	}
	go nested(n - 1)
	<-forever
}

func stackAll() []byte {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}

// child runs this program again in mode and returns what it printed.
func child(mode string, env ...string) []byte {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), append(env, "GEN_MODE="+mode)...)
	out, _ := cmd.CombinedOutput()
	return out
}

// quit runs this program again, sends it SIGQUIT once its goroutines are
// blocked and returns its dump.
func quit(env ...string) []byte {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), append(env, "GEN_MODE=sigquit")...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	stdout, err := cmd.StdoutPipe()
	must(err)
	must(cmd.Start())
	line := make([]byte, 6)
	io.ReadFull(stdout, line)
	must(cmd.Process.Signal(syscall.SIGQUIT))
	cmd.Wait()
	return errb.Bytes()
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

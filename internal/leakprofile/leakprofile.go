// Package leakprofile is the test side of the Go runtime's goroutineleak
// profile: it captures the profile inside a test process and says where a test
// leaves it for the checker (File). What the profile means for a goroutine
// goleak reported, the checker works out on its own side
// (checker/internal/judge), so that rewording a verdict changes nothing that is
// compiled into the exercises' tests.
//
// The profile is the text pprof.Lookup("goroutineleak").WriteTo(w, 2) writes: every
// goroutine's stack, like a panic dump, with the leaked ones' state marked
// "(leaked)". The runtime marks a goroutine leaked when it is blocked on a channel
// or a sync primitive that no runnable goroutine can reach any more. It raises no
// false alarms but misses leaks that stay reachable, goroutines that never block,
// some code shapes, and every goroutine inside a testing/synctest bubble. Its
// silence is therefore never proof of "no leak".
//
// The profile exists on Go 1.27 and later, and on Go 1.26 built with
// GOEXPERIMENT=goroutineleakprofile.
package leakprofile

import (
	"bytes"
	"io"
	"runtime"
	"runtime/pprof"

	"gohunters/internal/stacks"
)

// Frame and Goroutine are the stack reader's (internal/stacks), the one parser
// of goroutine dumps the helpers and the checker share.
type (
	Frame     = stacks.Frame
	Goroutine = stacks.Goroutine
)

// Running returns the IDs of the goroutines running now, from runtime.Stack:
// take it before a test's load and compare after, to tell its goroutines apart.
func Running() map[int]bool {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	ids := map[int]bool{}
	for _, g := range Parse(string(buf)) {
		ids[g.ID] = true
	}
	return ids
}

// Parse reads a stack dump in the format of WriteTo(w, 2) (also runtime.Stack with
// all=true, and a panic's dump). Anything it does not recognise is skipped.
func Parse(text string) []Goroutine { return stacks.Parse(text) }

// HowToGet says what to install or set to get the profile; tests print it when
// their Go has none.
const HowToGet = "this Go has no goroutineleak profile: it comes with Go 1.27 and later " +
	"(try GOTOOLCHAIN=go1.27.3 in front of the go command), or Go 1.26 built with GOEXPERIMENT=goroutineleakprofile"

// Available reports whether this program's Go has the goroutineleak profile.
func Available() bool { return pprof.Lookup("goroutineleak") != nil }

// Capture writes this process's goroutineleak profile with every goroutine's stack
// (WriteTo(w, 2)). ok is false on a Go without the profile.
//
// Writing the profile is what runs the leak-detecting GC cycle (Count() only
// reports the last one). Capture runs two: on Go 1.27.3 at GOMAXPROCS=1 a first
// cycle right after a goroutine was abandoned still saw it as reachable, every
// time, and the second marked it leaked.
func Capture() (text string, ok bool) {
	p := pprof.Lookup("goroutineleak")
	if p == nil {
		return "", false
	}
	if err := p.WriteTo(io.Discard, 0); err != nil {
		return "", false
	}
	var buf bytes.Buffer
	if err := p.WriteTo(&buf, 2); err != nil {
		return "", false
	}
	return buf.String(), true
}

// Leaked returns the goroutines the runtime marked leaked whose stack runs code
// of the package with the given import path (all of them if pkg is "").
func Leaked(gs []Goroutine, pkg string) []Goroutine {
	var out []Goroutine
	for _, g := range gs {
		if g.Leaked && (pkg == "" || g.InPackage(pkg)) {
			out = append(out, g)
		}
	}
	return out
}

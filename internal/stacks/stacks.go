// Package stacks is the workshop's one reader of goroutine dumps: goleak's
// reports, the runtime's dumps (a panic, a timeout, SIGQUIT, runtime.Stack) and
// the goroutine and goroutineleak profiles' debug=2 text. The test helpers
// (internal/leakprofile) and the checker both read stacks through it.
//
// It reads goleak's header
//
//	Goroutine 32 in state chan send (durable), synctest bubble 2, with pkg.Run.func2 on top of the stack:
//
// and the runtime's
//
//	goroutine 32 [chan send (durable), synctest bubble 2]:
//	goroutine 32 gp=0xc000 m=nil [chan send (leaked), 3 minutes]:
//
// with "created by", the creators' stacks GODEBUG=tracebackancestors=N adds
// ("[originating from goroutine N]:"), and internal/leakcheck's "(and N more
// goroutines stuck the same way)".
//
// It fails loudly, as goleak's own parser does: a line inside a stack that it
// does not recognise is an error that names the line (scan.go), never skipped,
// so that a change in the runtime's format reads as an error and not as "no
// goroutine there". ParseDump reads a text that is only a dump; ParseLog finds
// the stacks inside other text, such as a go test log.
package stacks

import (
	"fmt"
	"strings"
)

// Frame is one call in a stack.
type Frame struct {
	Func string // e.g. "gohunters/exercises/02_background_task.(*Watcher).Watch.func1"
	File string // absolute, as the runtime prints it
	Line int
}

func (f Frame) String() string { return fmt.Sprintf("%s (%s:%d)", f.Func, f.File, f.Line) }

// Goroutine is one goroutine of a dump or report, or several stuck the same way.
type Goroutine struct {
	ID       int
	State    string // what it waits for, without the marks: "chan send", "select", "sync.Mutex.Lock"
	RawState string // as printed, e.g. "chan send (durable), synctest bubble 2"
	Leaked   bool   // the runtime marked it "(leaked)"
	Durable  bool   // blocked "(durable)" inside a synctest bubble
	Bubble   int    // its synctest bubble, 0 if none
	Stack    []Frame
	// CreatedBy is the go statement that started it (Func is empty for the main goroutine).
	CreatedBy Frame
	// Ancestors are the stacks of the goroutines that created it, as they were
	// at the go statement, innermost creator first (GODEBUG=tracebackancestors).
	Ancestors []Frame
	Count     int    // 1 + the goroutines leakcheck folded into this one
	Text      string // its lines as printed
	// Minutes is how long it has been blocked, as the runtime prints it
	// ("chan receive, 12 minutes"); 0 under a minute or when not printed.
	Minutes int
}

// Top is the frame the goroutine is stuck in.
func (g Goroutine) Top() Frame {
	if len(g.Stack) == 0 {
		return Frame{}
	}
	return g.Stack[0]
}

// inPackage reports whether fn is a function of the package pkg.
func inPackage(fn, pkg string) bool {
	rest, ok := strings.CutPrefix(fn, pkg+".")
	return ok && rest != ""
}

// InPackage reports whether one of g's frames, or its creator, is a function of
// the package with the given import path.
func (g Goroutine) InPackage(pkg string) bool {
	for _, f := range g.Stack {
		if inPackage(f.Func, pkg) {
			return true
		}
	}
	return inPackage(g.CreatedBy.Func, pkg)
}

// Parse returns every goroutine found in text, in order: ParseLog's goroutines
// without its error, for callers that look for stacks in a test's output and
// have nothing to say about a line they cannot read. Lines may be indented (go
// test indents subtests' output) and a report may be wrapped in goleak's
// "[...]" brackets; text around the stacks is skipped.
func Parse(text string) []Goroutine {
	gs, _ := ParseLog(text)
	return gs
}

// ParseLog returns every goroutine found in text that has other lines around
// its stacks (a go test log, a goleak report inside it), and the first line
// inside a stack it did not recognise as an error (*LineError): the stack it
// was in ends there, the ones after it are still read.
func ParseLog(text string) ([]Goroutine, error) {
	s := NewScanner(text, Log)
	var out []Goroutine
	for s.Scan() {
		out = append(out, s.Goroutine())
	}
	return out, s.Err()
}

// ParseDump returns the goroutines of a text that is a dump and nothing else
// (runtime.Stack, a crash or SIGQUIT dump, a debug=2 profile, a goleak report);
// text before the first goroutine (a panic's message) is allowed. Any line it
// does not recognise is an error (*LineError), and so is a text without a
// goroutine (ErrNoGoroutine).
func ParseDump(text string) ([]Goroutine, error) {
	s := NewScanner(text, Dump)
	// A dump of 100,000 goroutines: grow the slice once, not twenty times.
	out := make([]Goroutine, 0, strings.Count(text, "oroutine ")+1)
	for s.Scan() {
		out = append(out, s.Goroutine())
	}
	if err := s.Err(); err != nil {
		return out, err
	}
	if len(out) == 0 {
		return nil, ErrNoGoroutine
	}
	return out, nil
}

// setState reads a state as printed: "chan send (leaked), 2 minutes",
// "select (durable), synctest bubble 3", "chan receive (nil chan)".
func setState(g *Goroutine, raw string) {
	g.RawState = raw
	parts := strings.Split(raw, ", ")
	state := parts[0]
	for _, p := range parts[1:] {
		switch {
		case strings.HasPrefix(p, "synctest bubble "):
			g.Bubble, _ = atoi(strings.TrimPrefix(p, "synctest bubble "))
		case strings.HasSuffix(p, " minutes") || strings.HasSuffix(p, " minute"):
			n, _ := strings.CutSuffix(strings.TrimSuffix(p, "s"), " minute")
			g.Minutes, _ = atoi(n)
		case p == "locked to thread":
		default:
			state += ", " + p // not a mark: part of the state
		}
	}
	g.Leaked = strings.Contains(state, " (leaked)")
	g.Durable = strings.Contains(state, " (durable)")
	state = strings.ReplaceAll(state, " (leaked)", "")
	g.State = strings.TrimSpace(strings.ReplaceAll(state, " (durable)", ""))
}

// atoi reads a non-negative decimal number, all of s.
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

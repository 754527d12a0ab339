// Package explain turns what a failing test prints into facts a learner can act
// on: the goroutines goleak (or the runtime, on a timeout or a SIGQUIT) reports,
// with the line each one is stuck on and the line that started it; the compiler's
// errors; a panic's message and location.
//
// Stacks, goleak's and the runtime's alike, are read by internal/stacks, the
// one parser the test helpers and the checker share.
package explain

import (
	"regexp"
	"strconv"
	"strings"

	"gohunters/internal/stacks"
	"gohunters/internal/words"
)

// Frame and Goroutine are those of the workshop's one stack reader,
// internal/stacks, which leakprofile shares.
type (
	Frame     = stacks.Frame
	Goroutine = stacks.Goroutine
)

// ParseStacks returns every goroutine found in text, in order: goleak's
// reports and the runtime's dumps alike (see internal/stacks).
func ParseStacks(text string) []Goroutine { return stacks.Parse(text) }

// Where is a goroutine seen from the code under study (an exercise, a module):
// the line of that code it is stuck on and the line that started it.
type Where struct {
	Goroutine
	Func    string // the function it is stuck in: the code's own, else its top frame
	StuckAt Frame  // top-most frame in the code's own files (non-test files when possible), else the top frame
	Started Frame  // the go statement of the code's own that created it, directly or through library calls
	// Via is the library function whose go statement created it, when Started
	// was found by following the creating goroutines back (Ancestors).
	Via Frame
	// Library: none of the code's own lines is in its stack; StuckAt is the top frame.
	Library bool
}

// Scope says whether a file belongs to the code under study.
type Scope func(file string) bool

// DirScope is the files of one directory (an exercise), not its subdirectories.
func DirScope(dir string) Scope { return func(file string) bool { return InDir(file, dir) } }

// TreeScope is the files under root (a module), except those of the Go
// installation and the module cache, wherever those are.
func TreeScope(root string, outside ...string) Scope {
	root = strings.TrimSuffix(strings.ReplaceAll(root, `\`, "/"), "/") + "/"
	for i, o := range outside {
		outside[i] = strings.TrimSuffix(strings.ReplaceAll(o, `\`, "/"), "/") + "/"
	}
	return func(file string) bool {
		file = strings.ReplaceAll(file, `\`, "/")
		if !strings.HasPrefix(file, root) {
			return false
		}
		for _, o := range outside {
			if o != "/" && strings.HasPrefix(file, o) {
				return false
			}
		}
		return true
	}
}

// InDir reports whether file lies in directory dir (both absolute, slash or not).
func InDir(file, dir string) bool {
	file = strings.ReplaceAll(file, `\`, "/")
	dir = strings.TrimSuffix(strings.ReplaceAll(dir, `\`, "/"), "/") + "/"
	return strings.HasPrefix(file, dir) && !strings.Contains(file[len(dir):], "/")
}

func isTest(file string) bool { return strings.HasSuffix(file, "_test.go") }

// Locate keeps the goroutines that run (or were started by) the exercise's own
// code in dir (an absolute directory), as LocateIn does with DirScope(dir).
func Locate(gs []Goroutine, dir string) []Where { return LocateIn(gs, DirScope(dir)) }

// LocateIn keeps the goroutines that run, or were started by, the code in
// scope (its non-test files first; its tests' when no goroutine touches those),
// and says where each is stuck and which of the code's lines started it, through
// library frames when the stack carries the creators' (Ancestors). Identical
// ones are merged with a count.
func LocateIn(gs []Goroutine, own Scope) []Where {
	if out := locate(gs, own, false); len(out) > 0 {
		return out
	}
	return locate(gs, own, true)
}

// LocateAll is LocateIn for a report that lists only leaked goroutines
// (goleak's): when none touches the code in scope, every one of them is still
// shown, stuck in library code (net/http's connection loops, a context's
// timer), rather than nothing.
func LocateAll(gs []Goroutine, own Scope) []Where {
	if out := LocateIn(gs, own); len(out) > 0 {
		return out
	}
	var out []Where
	index := map[string]int{}
	for _, g := range gs {
		if len(g.Stack) == 0 {
			continue
		}
		top := TopFrame(g)
		w := Where{Goroutine: g, Library: true, StuckAt: top, Func: top.Func}
		w.Started, w.Via = started(g, func(f Frame) bool { return own(f.File) })
		out = merge(out, index, w)
	}
	return out
}

func locate(gs []Goroutine, own Scope, tests bool) []Where {
	var out []Where
	index := map[string]int{}
	mine := func(f Frame) bool { return own(f.File) && (tests || !isTest(f.File)) }
	for _, g := range gs {
		w := Where{Goroutine: g}
		for _, f := range g.Stack {
			if mine(f) {
				w.StuckAt, w.Func = f, f.Func
				break
			}
		}
		w.Started, w.Via = started(g, func(f Frame) bool { return own(f.File) })
		if w.StuckAt.File == "" && !mine(g.CreatedBy) && !(w.Via.File != "" && mine(w.Started)) {
			continue
		}
		if w.StuckAt.File == "" { // stuck in library code or the tests', started by the code's own line
			for _, f := range g.Stack {
				if own(f.File) {
					w.StuckAt, w.Func = f, f.Func
					break
				}
			}
			if w.StuckAt.File == "" && len(g.Stack) > 0 {
				top := TopFrame(g)
				w.StuckAt, w.Func, w.Library = top, top.Func, true
			}
		}
		out = merge(out, index, w)
	}
	return out
}

// TopFrame is the first frame of g's stack outside the runtime's scheduler
// (runtime.gopark and friends, which a runtime dump shows and goleak's does too).
func TopFrame(g Goroutine) Frame {
	for _, f := range g.Stack {
		if !strings.HasPrefix(f.Func, "runtime.") && !strings.HasPrefix(f.Func, "internal/") {
			return f
		}
	}
	if len(g.Stack) > 0 {
		return g.Stack[0]
	}
	return Frame{}
}

// Started finds the line of the code in own that created g: its "created by"
// line, else the first such frame in its creators' stacks (Ancestors), with
// the library function whose go statement it was (via).
func Started(g Goroutine, own Scope) (at, via Frame) {
	return started(g, func(f Frame) bool { return own(f.File) })
}

// started finds the line of the code's own (mine) that created g: its "created
// by" line, else the first such frame in its creators' stacks, with the library
// function that ran the go statement (via).
func started(g Goroutine, mine func(Frame) bool) (at, via Frame) {
	if mine(g.CreatedBy) {
		return g.CreatedBy, Frame{}
	}
	for _, f := range g.Ancestors {
		if mine(f) {
			return f, g.CreatedBy
		}
	}
	return Frame{}, Frame{}
}

func merge(out []Where, index map[string]int, w Where) []Where {
	key := w.State + "|" + w.Func + "|" + frameKey(w.StuckAt) + "|" + frameKey(w.Started)
	if i, ok := index[key]; ok {
		out[i].Count += w.Count
		return out
	}
	index[key] = len(out)
	return append(out, w)
}

func frameKey(f Frame) string { return f.File + ":" + strconv.Itoa(f.Line) }

// CompileError is one error of the compiler (or of go vet, run by go test).
type CompileError struct {
	File    string // as printed: usually relative to the module root
	Line    int
	Col     int
	Message string
}

var compileLine = regexp.MustCompile(`^(?:vet: )?(.+?\.go):(\d+)(?::(\d+))?: (.+)$`)

// CompileErrors picks the "file.go:line:col: message" lines out of build output.
func CompileErrors(output string) []CompileError {
	var out []CompileError
	for _, line := range strings.Split(output, "\n") {
		m := compileLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		l, _ := strconv.Atoi(m[2])
		c, _ := strconv.Atoi(m[3])
		out = append(out, CompileError{File: m[1], Line: l, Col: c, Message: m[4]})
	}
	return out
}

// Panic is a panic (or a fatal runtime error) that ended the test binary.
type Panic struct {
	Message    string      // "boom", "test timed out after 2s", ...
	Timeout    bool        // go test's -timeout fired
	Exit       bool        // os.Exit was called during a test (-test.paniconexit0)
	Running    []string    // tests running when it happened (timeouts only)
	Goroutines []Goroutine // the dump that follows the message
}

var (
	panicLine = regexp.MustCompile(`^(?:` + regexp.QuoteMeta(words.Panic) + `|` + regexp.QuoteMeta(words.FatalError) + `)(.*?)(?:` +
		regexp.QuoteMeta(words.Recovered) + `[^\]]*\])?$`)
	// The testing package's own panics, found even glued onto the end of a line
	// the test printed without a newline.
	gluedPanic = regexp.MustCompile(regexp.QuoteMeta(words.Panic) + `(` + regexp.QuoteMeta(words.TimedOut) + `\S+|` +
		regexp.QuoteMeta(words.ExitDuringTest) + `\d+\) during test)$|` + regexp.QuoteMeta(words.FatalError) + `(` +
		regexp.QuoteMeta(words.OutOfMemory) + `)$`)
	runningRow = regexp.MustCompile(`^(Test\S*|Example\S*|Fuzz\S*) \(.*\)$`)
	dumpStart  = regexp.MustCompile(`^` + regexp.QuoteMeta(words.RuntimeGoroutine) + `\d+ .*\[.*\]:$`)
)

// dumpWithin is how many lines after a panic's first the runtime's dump must
// start: "running tests:" rows, a re-panic, "runtime stack:" come between.
const dumpWithin = 40

// FindPanic returns the first panic or fatal error in output that ended a
// process: a line that starts with the runtime's words, at the start of the
// line as the runtime writes it, and is followed by its dump of goroutines.
// A test that logs or prints "panic: ..." (indented, or with no dump after it)
// is not one. It returns nil when there is none.
func FindPanic(output string) *Panic {
	lines := strings.Split(output, "\n")
	for i, raw := range lines {
		line := strings.TrimRight(raw, " \r")
		m := panicLine.FindStringSubmatch(line)
		if m == nil {
			if g := gluedPanic.FindStringSubmatch(line); g != nil {
				m = []string{g[0], g[1] + g[2]}
			} else {
				continue
			}
		}
		rest := lines[i+1:]
		if !dumpFollows(rest) {
			continue
		}
		p := &Panic{Message: m[1]}
		p.Timeout = strings.HasPrefix(p.Message, words.TimedOut)
		p.Exit = strings.HasPrefix(p.Message, words.ExitDuringTest)
		for _, r := range rest {
			r = strings.TrimSpace(r)
			if strings.HasPrefix(r, words.RuntimeGoroutine) {
				break
			}
			if m := runningRow.FindStringSubmatch(r); m != nil {
				p.Running = append(p.Running, m[1])
			}
		}
		p.Goroutines = ParseStacks(strings.Join(rest, "\n"))
		return p
	}
	return nil
}

// dumpFollows reports whether the runtime's dump of goroutines starts within
// the first lines of rest.
func dumpFollows(rest []string) bool {
	for i, r := range rest {
		if i == dumpWithin {
			return false
		}
		if dumpStart.MatchString(strings.TrimSpace(r)) {
			return true
		}
	}
	return false
}

// HasGoleakReport reports whether output holds a complete goleak report.
func HasGoleakReport(output string) bool {
	i := strings.Index(output, words.GoleakReport)
	return i >= 0 && strings.Contains(output[i:], "\n") && strings.Contains(output[i:], "]")
}

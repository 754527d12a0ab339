// Package explain turns what a failing test prints into facts a learner can act
// on: the goroutines goleak (or the runtime, on a timeout or a SIGQUIT) reports,
// with the line each one is stuck on and the line that started it; the compiler's
// errors; a panic's message and location.
//
// It reads both stack formats Go prints: goleak's
//
//	Goroutine 32 in state chan send (durable), synctest bubble 2, with pkg.Run.func2 on top of the stack:
//
// and the runtime's
//
//	goroutine 32 [chan send (durable), synctest bubble 2]:
//	goroutine 32 gp=0xc000 m=nil [chan send]:
//
// including leakcheck's "(and N more goroutines stuck the same way)".
package explain

import (
	"gohunters/internal/leakprofile"
	"regexp"
	"strconv"
	"strings"
)

// Frame is one call in a stack.
type Frame struct {
	Func string
	File string // absolute, as the runtime prints it
	Line int
}

// Goroutine is one goroutine of a report, or several stuck the same way.
type Goroutine struct {
	ID        int
	State     string // normalised: "chan send", "select", "sync.Mutex.Lock", ...
	RawState  string // as printed, e.g. "chan send (durable), synctest bubble 2"
	Stack     []Frame
	CreatedBy Frame // zero for the main goroutine
	Count     int   // 1 + the goroutines leakcheck folded into this one
	// Ancestors are the stacks of the goroutines that created this one, as they
	// were at the go statement, innermost creator first (the runtime prints them
	// with GODEBUG=tracebackancestors=N; goleak's report drops them).
	Ancestors []Frame
}

var (
	goleakHeader  = regexp.MustCompile(`^Goroutine (\d+) in state (.*?), with (\S+) on top of the stack:?$`)
	runtimeHeader = regexp.MustCompile(`^goroutine (\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[(.*)\]:$`)
	fileLine      = regexp.MustCompile(`^(.+\.(?:go|s)):(\d+)(?: .*)?$`)
	createdBy     = regexp.MustCompile(`^created by (\S+)(?: in goroutine \d+)?$`)
	moreSame      = regexp.MustCompile(`^\(and (\d+) more goroutines? stuck the same way\)$`)
	ancestorLine  = regexp.MustCompile(`^\[originating from goroutine \d+\]:$`)
	// What a state carries besides the wait itself: Go 1.26's "(durable)" and
	// bubble, Go 1.27's "(leaked)" once the runtime proved the goroutine leaked,
	// how long it has waited, a locked thread.
	durable = regexp.MustCompile(`\s*\((?:durable|leaked)\)|, synctest bubble \d+|, \d+ minutes?|, locked to thread`)
)

// ParseStacks returns every goroutine found in text, in order. Lines may be
// indented (go test indents subtests' output) and the report may be wrapped in
// goleak's "[...]" brackets; anything that is not part of a stack is skipped.
func ParseStacks(text string) []Goroutine {
	var out []Goroutine
	var cur *Goroutine
	var pendingFunc string
	inCreated, inAncestor := false, false
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for _, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		if cur != nil && ancestorLine.MatchString(line) {
			inAncestor, pendingFunc, inCreated = true, "", false
			continue
		}
		line = strings.TrimPrefix(line, "[")
		line = strings.TrimSpace(strings.TrimSuffix(line, "]"))
		if m := goleakHeader.FindStringSubmatch(line); m != nil {
			flush()
			id, _ := strconv.Atoi(m[1])
			cur = &Goroutine{ID: id, RawState: m[2], State: normState(m[2]), Count: 1}
			pendingFunc, inCreated, inAncestor = "", false, false
			continue
		}
		if m := runtimeHeader.FindStringSubmatch(line); m != nil {
			flush()
			id, _ := strconv.Atoi(m[1])
			cur = &Goroutine{ID: id, RawState: m[2], State: normState(m[2]), Count: 1}
			pendingFunc, inCreated, inAncestor = "", false, false
			continue
		}
		if m := moreSame.FindStringSubmatch(line); m != nil && len(out)+btoi(cur != nil) > 0 {
			n, _ := strconv.Atoi(m[1])
			if cur != nil {
				cur.Count += n
			} else {
				out[len(out)-1].Count += n
			}
			continue
		}
		if cur == nil {
			continue
		}
		if line == "" {
			flush()
			continue
		}
		if m := createdBy.FindStringSubmatch(line); m != nil {
			pendingFunc, inCreated = m[1], true
			continue
		}
		if m := fileLine.FindStringSubmatch(line); m != nil && pendingFunc != "" {
			n, _ := strconv.Atoi(m[2])
			f := Frame{Func: pendingFunc, File: m[1], Line: n}
			switch {
			case inAncestor:
				cur.Ancestors = append(cur.Ancestors, f)
			case inCreated:
				cur.CreatedBy = f
			default:
				cur.Stack = append(cur.Stack, f)
			}
			pendingFunc, inCreated = "", false
			continue
		}
		if strings.Contains(line, "(") || strings.Contains(line, ".") {
			pendingFunc = funcName(line)
			inCreated = false
			continue
		}
		flush()
	}
	flush()
	return out
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// funcName strips the argument list from "pkg.F(0x1, ...)" or "pkg.(*T).M(...)".
func funcName(line string) string {
	if i := strings.LastIndex(line, "("); i > 0 && strings.HasSuffix(line, ")") {
		// "pkg.(*T).M(...)": the last "(" opens the arguments.
		return line[:i]
	}
	return line
}

func normState(s string) string {
	s = durable.ReplaceAllString(s, "")
	return strings.TrimSpace(s)
}

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
	panicLine = regexp.MustCompile(`^(?:panic|fatal error): (.*?)(?: \[recovered\])?$`)
	// The testing package's own panics, found even glued onto the end of a line
	// the test printed without a newline.
	gluedPanic = regexp.MustCompile(`panic: (test timed out after \S+|unexpected call to os\.Exit\(\d+\) during test)$|fatal error: (runtime: out of memory)$`)
	runningRow = regexp.MustCompile(`^(Test\S*|Example\S*|Fuzz\S*) \(.*\)$`)
)

// FindPanic returns the first panic or fatal error in output, with the goroutine
// dump after it, or nil.
func FindPanic(output string) *Panic {
	lines := strings.Split(output, "\n")
	for i, raw := range lines {
		line := strings.TrimSpace(raw)
		m := panicLine.FindStringSubmatch(line)
		if m == nil {
			if g := gluedPanic.FindStringSubmatch(line); g != nil {
				m = []string{g[0], g[1] + g[2]}
			} else {
				continue
			}
		}
		p := &Panic{Message: m[1]}
		p.Timeout = strings.HasPrefix(p.Message, "test timed out after")
		p.Exit = strings.HasPrefix(p.Message, "unexpected call to os.Exit(")
		rest := lines[i+1:]
		for _, r := range rest {
			r = strings.TrimSpace(r)
			if strings.HasPrefix(r, "goroutine ") {
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

// LeakReported reports whether a test's output holds a detector's report of
// leaked goroutines: goleak's "found unexpected goroutines", or synctest's
// panic over goroutines still blocked in its bubble. A test's own words
// ("leak", "blocked forever") do not count: they describe, they do not detect.
func LeakReported(output string) bool {
	return strings.Contains(output, leakprofile.GoleakReport) ||
		strings.Contains(output, leakprofile.SynctestRemain) ||
		strings.Contains(output, leakprofile.SynctestBlocked)
}

// HasGoleakReport reports whether output holds a complete goleak report.
func HasGoleakReport(output string) bool {
	i := strings.Index(output, leakprofile.GoleakReport)
	return i >= 0 && strings.Contains(output[i:], "\n") && strings.Contains(output[i:], "]")
}

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
}

var (
	goleakHeader  = regexp.MustCompile(`^Goroutine (\d+) in state (.*?), with (\S+) on top of the stack:?$`)
	runtimeHeader = regexp.MustCompile(`^goroutine (\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[(.*)\]:$`)
	fileLine      = regexp.MustCompile(`^(.+\.(?:go|s)):(\d+)(?: .*)?$`)
	createdBy     = regexp.MustCompile(`^created by (\S+)(?: in goroutine \d+)?$`)
	moreSame      = regexp.MustCompile(`^\(and (\d+) more goroutines? stuck the same way\)$`)
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
	inCreated := false
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for _, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		line = strings.TrimPrefix(line, "[")
		line = strings.TrimSpace(strings.TrimSuffix(line, "]"))
		if m := goleakHeader.FindStringSubmatch(line); m != nil {
			flush()
			id, _ := strconv.Atoi(m[1])
			cur = &Goroutine{ID: id, RawState: m[2], State: normState(m[2]), Count: 1}
			pendingFunc, inCreated = "", false
			continue
		}
		if m := runtimeHeader.FindStringSubmatch(line); m != nil {
			flush()
			id, _ := strconv.Atoi(m[1])
			cur = &Goroutine{ID: id, RawState: m[2], State: normState(m[2]), Count: 1}
			pendingFunc, inCreated = "", false
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
			if inCreated {
				cur.CreatedBy = f
			} else {
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

// Where is a goroutine seen from an exercise: the line of the exercise it is
// stuck on and the line that started it.
type Where struct {
	Goroutine
	Func    string // the exercise function it is stuck in
	StuckAt Frame  // top-most frame in the exercise's code (its non-test files when possible)
	Started Frame  // the go statement that created it, when that is in the exercise
}

// InDir reports whether file lies in directory dir (both absolute, slash or not).
func InDir(file, dir string) bool {
	file = strings.ReplaceAll(file, `\`, "/")
	dir = strings.TrimSuffix(strings.ReplaceAll(dir, `\`, "/"), "/") + "/"
	return strings.HasPrefix(file, dir) && !strings.Contains(file[len(dir):], "/")
}

func isTest(file string) bool { return strings.HasSuffix(file, "_test.go") }

// Locate keeps the goroutines that run (or were started by) the exercise's own
// code in dir (an absolute directory), not its tests, and says where each is stuck
// and who started it. Goroutines of the test harness and the runtime are dropped;
// identical ones are merged with a count. When no goroutine touches the exercise's
// own code, those that touch its tests are kept instead.
func Locate(gs []Goroutine, dir string) []Where {
	if out := locate(gs, dir, false); len(out) > 0 {
		return out
	}
	return locate(gs, dir, true)
}

func locate(gs []Goroutine, dir string, tests bool) []Where {
	var out []Where
	index := map[string]int{}
	mine := func(f Frame) bool { return InDir(f.File, dir) && (tests || !isTest(f.File)) }
	for _, g := range gs {
		w := Where{Goroutine: g}
		for _, f := range g.Stack {
			if mine(f) {
				w.StuckAt, w.Func = f, f.Func
				break
			}
		}
		if InDir(g.CreatedBy.File, dir) {
			w.Started = g.CreatedBy
		}
		if w.StuckAt.File == "" && !mine(g.CreatedBy) {
			continue
		}
		if w.StuckAt.File == "" { // stuck in the tests' code, started by the exercise's
			for _, f := range g.Stack {
				if InDir(f.File, dir) {
					w.StuckAt, w.Func = f, f.Func
					break
				}
			}
		}
		key := w.State + "|" + w.Func + "|" + frameKey(w.StuckAt) + "|" + frameKey(w.Started)
		if i, ok := index[key]; ok {
			out[i].Count += g.Count
			continue
		}
		index[key] = len(out)
		out = append(out, w)
	}
	return out
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

// The words the exercises' tests use when they report a leak (see the brief and
// internal/leakcheck): goleak's header, leakcheck.Bubble's and leakcheck.Within's.
var leakWords = []string{
	"found unexpected goroutines",
	"goroutine leak",
	"leaked goroutine",
	"blocked forever",
}

// MentionsLeak reports whether a test's output names a goroutine leak.
func MentionsLeak(output string) bool {
	for _, w := range leakWords {
		if strings.Contains(output, w) {
			return true
		}
	}
	return false
}

// LeakReported reports whether a test's output holds a detector's report of
// leaked goroutines: goleak's "found unexpected goroutines", or synctest's
// panic over goroutines still blocked in its bubble. A test's own words
// ("leak", "blocked forever") do not count: they describe, they do not detect.
func LeakReported(output string) bool {
	return strings.Contains(output, "found unexpected goroutines") ||
		strings.Contains(output, "blocked goroutines remain") ||
		strings.Contains(output, "all goroutines in bubble are blocked")
}

// HasGoleakReport reports whether output holds a complete goleak report.
func HasGoleakReport(output string) bool {
	i := strings.Index(output, "found unexpected goroutines")
	return i >= 0 && strings.Contains(output[i:], "\n") && strings.Contains(output[i:], "]")
}

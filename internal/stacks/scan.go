package stacks

import (
	"errors"
	"fmt"
	"strings"
)

// Mode says what surrounds the stacks a Scanner reads.
type Mode int

const (
	// Dump: the text is a dump and nothing else. Before the first goroutine
	// any text may stand (a panic's message); after it, only the lines the
	// runtime prints between goroutines (blank lines, a crash's registers and
	// signal lines, "runtime stack:", "exit status N"). Anything else is an
	// error, and the scan stops there.
	Dump Mode = iota
	// Log: the stacks stand inside other text (a go test log). Text between
	// stacks is skipped; a line inside a stack that is not part of a stack
	// is an error, and the scan goes on after it.
	Log
)

// ErrNoGoroutine is ParseDump's error for a text without a goroutine's header.
var ErrNoGoroutine = errors.New("no goroutine in it: no line like \"goroutine 1 [running]:\" or goleak's \"Goroutine 1 in state ...\"")

// LineError is a line the scanner did not recognise.
type LineError struct {
	Line int    // 1-based
	Text string // the line as it stands
	Why  string // what the scanner expected there
}

func (e *LineError) Error() string {
	return fmt.Sprintf("line %d: %s: %q", e.Line, e.Why, e.Text)
}

// A Scanner reads goroutines one at a time, as goleak's parser does: Scan,
// then Goroutine, and Err once Scan returns false.
type Scanner struct {
	text   string
	mode   Mode
	pos    int // offset of the next line
	lineNo int
	// the line Scan put back to read again, as unscan left it
	back               bool
	backStart, backEnd int
	err                error
	next               Goroutine
	seen               bool // a goroutine was read: Dump mode's rules between goroutines apply
	cur                *Goroutine
	headStart, headEnd int    // the header line's offsets
	header             string // the header as read (trimmed, without goleak's "[")
	textEnd            int    // end of the last line that belongs to cur
	pendingFunc        string // a function line waiting for its file:line
	pendingLine        int
	inCreated          bool
	inAncestor         bool
	closed             bool // cur ended at a blank line; a leakcheck summary may still follow
	runtimeStack       bool // reading "runtime stack:", which is no goroutine's
	// slab holds the frames of many goroutines' stacks, so that a large dump
	// costs one allocation per few thousand frames; slabStart is where the
	// current goroutine's begin.
	slab      []Frame
	slabStart int
}

// NewScanner returns a Scanner of text in the given mode.
func NewScanner(text string, mode Mode) *Scanner {
	if strings.Contains(text, "\r\n") {
		text = strings.ReplaceAll(text, "\r\n", "\n")
	}
	return &Scanner{text: text, mode: mode}
}

// Goroutine is the one the last Scan read.
func (s *Scanner) Goroutine() Goroutine { return s.next }

// Err is the first line the scanner did not recognise (*LineError), or nil.
func (s *Scanner) Err() error { return s.err }

// line returns the next line's offsets, or ok false at the end of the text.
func (s *Scanner) line() (start, end int, ok bool) {
	if s.back {
		s.back = false
		return s.backStart, s.backEnd, true
	}
	if s.pos >= len(s.text) {
		return 0, 0, false
	}
	start = s.pos
	end = strings.IndexByte(s.text[start:], '\n')
	if end < 0 {
		end = len(s.text)
		s.pos = end
	} else {
		end += start
		s.pos = end + 1
	}
	s.lineNo++
	return start, end, true
}

// unscan puts the line back: the next call of line returns it again.
func (s *Scanner) unscan(start, end int) { s.back, s.backStart, s.backEnd = true, start, end }

// fail records the first error; in Dump mode the scan stops.
func (s *Scanner) fail(line string, why string) {
	if s.err == nil {
		s.err = &LineError{Line: s.lineNo, Text: line, Why: why}
	}
}

// Scan reads the next goroutine. It returns false at the end of the text, or
// at the first unrecognised line in Dump mode.
func (s *Scanner) Scan() bool {
	for {
		if s.mode == Dump && s.err != nil {
			return false
		}
		start, end, ok := s.line()
		if !ok {
			return s.finish()
		}
		raw := s.text[start:end]
		line := strings.TrimSpace(raw)
		if s.cur != nil || s.runtimeStack {
			if s.inBlock(end, raw, line) {
				continue
			}
			s.runtimeStack = false
			if s.cur != nil { // the block ended before this line: read it again
				s.unscan(start, end)
				s.emit()
				return true
			}
		}
		s.between(start, end, raw, line)
	}
}

// finish ends the text: the goroutine being read, if any, is the last.
func (s *Scanner) finish() bool {
	if s.cur != nil && s.pendingFunc != "" {
		s.lineNo = s.pendingLine
		s.fail(s.pendingFunc, "a function without its file:line after it")
	}
	if s.cur == nil {
		return false
	}
	s.emit()
	return true
}

// emit hands the goroutine read so far to Goroutine.
func (s *Scanner) emit() {
	g := s.cur
	s.cur = nil
	if s.textEnd > s.headEnd {
		body := s.text[s.headEnd:s.textEnd]
		if s.text[s.headStart:s.headEnd] == s.header {
			g.Text = s.text[s.headStart:s.textEnd]
		} else {
			g.Text = s.header + body
		}
	} else {
		g.Text = s.header
	}
	s.next = *g
	s.seen = true
}

// between reads a line outside any goroutine: a header starts one.
func (s *Scanner) between(start, end int, raw, line string) {
	if s.start(start, end, line) {
		return
	}
	if s.mode == Log || !s.seen {
		if line == "runtime stack:" && s.mode == Dump {
			s.startRuntimeStack()
		}
		return // a log's text, or what a dump says before its first goroutine
	}
	switch {
	case line == "", line == "]", line == "-----", isRegister(line), isSignal(line),
		strings.HasPrefix(line, "exit status "), strings.HasPrefix(line, "FAIL\t"), strings.HasPrefix(line, "ok  \t"):
	case line == "runtime stack:":
		s.startRuntimeStack()
	default:
		s.fail(raw, "not part of a goroutine dump")
	}
}

// startRuntimeStack reads the frames a fatal error prints under "runtime
// stack:" as strictly as a goroutine's, but they are no goroutine's.
func (s *Scanner) startRuntimeStack() {
	s.runtimeStack = true
	s.pendingFunc, s.inCreated, s.inAncestor, s.closed = "", false, false, false
}

// start begins a goroutine when line is a header.
func (s *Scanner) start(start, end int, line string) bool {
	line = strings.TrimPrefix(line, "[")
	id, state, ok := runtimeHeader(line)
	if !ok {
		id, state, ok = goleakHeader(line)
	}
	if !ok {
		return false
	}
	s.runtimeStack = false
	s.cur = &Goroutine{ID: id, Count: 1}
	setState(s.cur, state)
	s.headStart, s.headEnd, s.header, s.textEnd = start, end, line, end
	s.slabStart = len(s.slab)
	s.pendingFunc, s.inCreated, s.inAncestor, s.closed = "", false, false, false
	return true
}

// inBlock reads a line of the goroutine being read (or of "runtime stack:").
// It reports false when the line does not belong to it: the block ended.
func (s *Scanner) inBlock(end int, raw, line string) bool {
	if s.pendingFunc != "" {
		f, ok := fileLine(line)
		if !ok {
			s.fail(raw, "expected the file:line of "+s.pendingFunc)
			s.pendingFunc = ""
			return s.endBlock()
		}
		f.Func = s.pendingFunc
		s.pendingFunc = ""
		s.addFrame(f)
		s.textEnd = end
		return true
	}
	if s.closed { // after a blank line: only a leakcheck summary still belongs
		if line == "" {
			return true
		}
		if n, ok := moreSame(line); ok && s.cur != nil {
			s.cur.Count += n
			return true
		}
		return false
	}
	switch {
	case line == "":
		s.closed = true
		return true
	case line == "]": // the end of goleak's report
		s.closed = true
		return true
	case strings.HasPrefix(line, "created by "):
		fn := strings.TrimPrefix(line, "created by ")
		if i := strings.Index(fn, " in goroutine "); i >= 0 {
			fn = fn[:i]
		}
		s.pendingFunc, s.pendingLine, s.inCreated = fn, s.lineNo, true
	case strings.HasPrefix(line, "[originating from goroutine ") && strings.HasSuffix(line, "]:"):
		s.inAncestor, s.inCreated = true, false
	case isElided(line), line == "goroutine running on other thread; stack unavailable":
	case runtimeHeaderPrefix(line):
		return s.endBlock() // the next goroutine, without a blank line before it
	case isFuncLine(line):
		s.pendingFunc, s.pendingLine = funcName(line), s.lineNo
		if !s.inAncestor {
			s.inCreated = false
		}
	default:
		if n, ok := moreSame(line); ok && s.cur != nil {
			s.cur.Count += n
			return true
		}
		if isTrailer(line) {
			return s.endBlock()
		}
		s.fail(raw, "not a line of a goroutine's stack")
		return s.endBlock()
	}
	s.textEnd = end
	return true
}

// endBlock ends the block being read.
func (s *Scanner) endBlock() bool {
	s.closed = true
	return false
}

func (s *Scanner) addFrame(f Frame) {
	g := s.cur
	if g == nil {
		return // a frame of "runtime stack:"
	}
	switch {
	case s.inAncestor:
		g.Ancestors = append(g.Ancestors, f)
	case s.inCreated:
		g.CreatedBy = f
		s.inCreated = false
	default:
		if len(s.slab) == cap(s.slab) {
			own := s.slab[s.slabStart:]
			s.slab = append(make([]Frame, 0, max(4096, 2*len(own))), own...)
			s.slabStart = 0
		}
		s.slab = append(s.slab, f)
		g.Stack = s.slab[s.slabStart:len(s.slab):len(s.slab)]
	}
}

// runtimeHeader reads "goroutine 32 [chan send, 2 minutes]:" and the crash
// dump's "goroutine 1 gp=0xc000 m=0 mp=0x64 [running]:".
func runtimeHeader(line string) (id int, state string, ok bool) {
	rest, found := strings.CutPrefix(line, "goroutine ")
	if !found || !strings.HasSuffix(rest, "]:") {
		return 0, "", false
	}
	sp := strings.IndexByte(rest, ' ')
	if sp < 0 {
		return 0, "", false
	}
	if id, ok = atoi(rest[:sp]); !ok {
		return 0, "", false
	}
	open := strings.Index(rest[sp:], " [")
	if open < 0 {
		return 0, "", false
	}
	return id, rest[sp+open+2 : len(rest)-2], true
}

// runtimeHeaderPrefix reports whether line looks like a runtime header.
func runtimeHeaderPrefix(line string) bool {
	_, _, ok := runtimeHeader(line)
	if !ok {
		_, _, ok = goleakHeader(line)
	}
	return ok
}

// goleakHeader reads "Goroutine 32 in state chan send, with pkg.F on top of the stack:".
func goleakHeader(line string) (id int, state string, ok bool) {
	rest, found := strings.CutPrefix(line, "Goroutine ")
	if !found {
		return 0, "", false
	}
	rest = strings.TrimSuffix(rest, ":")
	rest, found = strings.CutSuffix(rest, " on top of the stack")
	if !found {
		return 0, "", false
	}
	num, rest, found := strings.Cut(rest, " in state ")
	if !found {
		return 0, "", false
	}
	if id, ok = atoi(num); !ok {
		return 0, "", false
	}
	i := strings.LastIndex(rest, ", with ")
	if i < 0 {
		return 0, "", false
	}
	return id, rest[:i], true
}

// fileLine reads "/src/main.go:12 +0x1f" (and a crash dump's " fp=... sp=...
// pc=..." after it, and "_testmain.go:54", "<autogenerated>:1").
func fileLine(line string) (Frame, bool) {
	if i := strings.Index(line, " +0x"); i >= 0 {
		line = line[:i]
	} else if i := strings.Index(line, " fp=0x"); i >= 0 {
		line = line[:i]
	}
	colon := strings.LastIndexByte(line, ':')
	if colon <= 0 {
		return Frame{}, false
	}
	n, ok := atoi(line[colon+1:])
	if !ok {
		return Frame{}, false
	}
	return Frame{File: line[:colon], Line: n}, true
}

// isFuncLine reports whether line is a call: "pkg.F(0x1, ...)", "main.main()",
// "panic({0x4b2f80?, 0x5230a0?})".
func isFuncLine(line string) bool {
	return strings.HasSuffix(line, ")") && strings.IndexByte(line, '(') > 0 && !strings.HasPrefix(line, "(")
}

// funcName strips the argument list from "pkg.F(0x1, ...)" or "pkg.(*T).M(...)".
func funcName(line string) string {
	if i := strings.LastIndexByte(line, '('); i > 0 && strings.HasSuffix(line, ")") {
		return line[:i]
	}
	return line
}

// isElided reads "...additional frames elided..." and "...12 frames elided...".
func isElided(line string) bool {
	return strings.HasPrefix(line, "...") && strings.HasSuffix(line, "elided...")
}

// moreSame reads leakcheck's "(and 2 more goroutines stuck the same way)".
func moreSame(line string) (int, bool) {
	rest, ok := strings.CutPrefix(line, "(and ")
	if !ok {
		return 0, false
	}
	num, rest, ok := strings.Cut(rest, " more goroutine")
	if !ok || (rest != " stuck the same way)" && rest != "s stuck the same way)") {
		return 0, false
	}
	return atoi(num)
}

// isTrailer reads the lines that may follow a stack without a blank line: what
// go test and go run print after a dump, a test's log line ("x_test.go:12: ...")
// and a crash dump's registers.
func isTrailer(line string) bool {
	for _, p := range []string{"exit status ", "FAIL", "ok  ", "PASS", "--- ", "=== "} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return isLogLine(line) || isRegister(line)
}

// isLogLine reads the "name_test.go:146: " that starts a test's log line.
func isLogLine(line string) bool {
	file, rest, ok := strings.Cut(line, ".go:")
	if !ok || strings.ContainsAny(file, " \t") {
		return false
	}
	num, _, ok := strings.Cut(rest, ": ")
	_, isNum := atoi(num)
	return ok && isNum
}

// isRegister reads a crash dump's "rax    0x6".
func isRegister(line string) bool {
	name, val, ok := strings.Cut(line, " ")
	if !ok || len(name) < 2 || len(name) > 8 {
		return false
	}
	val = strings.TrimLeft(val, " ")
	return strings.HasPrefix(val, "0x") && !strings.Contains(val, " ")
}

// isSignal reads "SIGQUIT: quit", "PC=0x40dece m=0 sigcode=0", "[signal SIGSEGV: ...]",
// and the runtime's "fatal error: ..." and "panic: ..." between dumps.
func isSignal(line string) bool {
	return strings.HasPrefix(line, "SIG") && strings.Contains(line, ": ") ||
		strings.HasPrefix(line, "PC=0x") || strings.HasPrefix(line, "[signal ") ||
		strings.HasPrefix(line, "fatal error: ") || strings.HasPrefix(line, "panic: ")
}

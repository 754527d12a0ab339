package hunt

import (
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/pprof/profile"

	"gohunters/internal/i18n"
	"gohunters/internal/stacks"
)

// Format is how a dump was written.
type Format string

const (
	Debug2 Format = "debug=2" // the goroutine profile's text, runtime.Stack, goleak's report
	Crash  Format = "crash"   // a panic's, a fatal error's or SIGQUIT's dump
	Debug1 Format = "debug=1" // the grouped text: counts and stacks, no states
	Proto  Format = "proto"   // the binary profile go tool pprof reads: counts and stacks
)

// Snapshot is one goroutine dump, read.
type Snapshot struct {
	Source     string
	Format     Format
	Goroutines []stacks.Goroutine // Count > 1 for the grouped formats
	// Leak: a goroutineleak profile. In its binary and debug=1 forms it holds
	// only the goroutines the runtime proved leaked; its debug=2 text is a
	// whole dump with those marked "(leaked)".
	Leak bool
	Time time.Time // when it was taken, when the dump says
	Data string    // as read, to save it
}

// Detailed reports whether the dump gives each goroutine's state, id and creator.
func (s Snapshot) Detailed() bool { return s.Format == Debug2 || s.Format == Crash }

// Total is the number of goroutines in the dump.
func (s Snapshot) Total() int {
	n := 0
	for _, g := range s.Goroutines {
		n += g.Count
	}
	return n
}

// NotDumpError is input that is no goroutine dump; Looks says what it is instead.
type NotDumpError struct {
	Looks string // a Msg constant
	Arg   string // its argument, if it has one
}

func (e *NotDumpError) Error() string { return e.In(i18n.English) }

// In says what the input looks like in lang.
func (e *NotDumpError) In(lang string) string {
	if strings.Contains(e.Looks, "%") {
		return editions.Tf(lang, e.Looks, e.Arg)
	}
	return editions.T(lang, e.Looks)
}

// Read reads a dump in any of the formats hunt knows. It takes a string, not
// bytes: a dump of tens of MB is read as it is, without a copy.
func Read(source string, data string) (Snapshot, error) {
	s := Snapshot{Source: source, Data: data}
	if len(data) == 0 {
		return s, &NotDumpError{Looks: MsgLooksEmpty}
	}
	if isBinary(data) {
		return readProto(s, data)
	}
	text := data
	first, _, _ := strings.Cut(strings.TrimLeft(text, " \t\r\n"), "\n")
	switch {
	case strings.HasPrefix(first, "goroutine profile: total "):
		return readDebug1(s, text, false)
	case strings.HasPrefix(first, "goroutineleak profile: total "):
		return readDebug1(s, text, true)
	}
	gs, err := stacks.ParseDump(text)
	if errors.Is(err, stacks.ErrNoGoroutine) {
		return s, describe(data, first)
	}
	if err != nil {
		return s, err
	}
	s.Goroutines, s.Format = gs, Debug2
	if !strings.HasPrefix(strings.TrimLeft(text, "[ \n"), "goroutine ") && !strings.HasPrefix(first, "found unexpected goroutines") {
		s.Format = Crash // a panic's message or a signal comes first
	}
	for _, g := range gs {
		s.Leak = s.Leak || g.Leaked
	}
	return s, nil
}

func isBinary(data string) bool {
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		return true // gzip: the profile as net/http/pprof serves it
	}
	head := data[:min(len(data), 512)]
	for i := 0; i < 3 && len(head) > 0 && !utf8.ValidString(head); i++ {
		head = head[:len(head)-1] // a character cut at 512 bytes is still text
	}
	return !utf8.ValidString(head) || strings.IndexByte(head, 0) >= 0
}

// describe says what a text that is no dump looks like.
func describe(data string, first string) error {
	t := strings.TrimSpace(data[:min(len(data), 4096)])
	lower := strings.ToLower(t)
	switch {
	case t == "":
		return &NotDumpError{Looks: MsgLooksEmpty}
	case strings.HasPrefix(lower, "<!doctype html") || strings.Contains(lower, "<html"):
		return &NotDumpError{Looks: MsgLooksHTML}
	case strings.HasPrefix(t, "{") && strings.Contains(t, `"Action"`):
		return &NotDumpError{Looks: MsgLooksTestJSON}
	case strings.HasPrefix(t, "{") || strings.HasPrefix(t, "["):
		return &NotDumpError{Looks: MsgLooksJSON}
	case strings.Contains(t, "=== RUN") || strings.Contains(t, "--- FAIL") || strings.Contains(t, "--- PASS") || strings.HasPrefix(t, "ok  \t") || strings.HasPrefix(t, "FAIL\t"):
		return &NotDumpError{Looks: MsgLooksTestLog}
	case strings.Contains(first, " profile: total "):
		kind, _, _ := strings.Cut(first, " profile")
		return &NotDumpError{Looks: MsgLooksProfile, Arg: kind}
	case strings.HasPrefix(t, "heap profile:"):
		return &NotDumpError{Looks: MsgLooksProfile, Arg: "heap"}
	}
	if len(first) > 60 {
		first = first[:60] + "..."
	}
	return &NotDumpError{Looks: MsgLooksText, Arg: first}
}

// readProto reads the binary profile: a count per stack, no states or creators.
func readProto(s Snapshot, data string) (Snapshot, error) {
	p, err := profile.ParseData([]byte(data))
	if err != nil {
		return s, &NotDumpError{Looks: MsgLooksBinary}
	}
	if len(p.SampleType) == 0 || (p.SampleType[0].Type != "goroutine" && p.SampleType[0].Type != "goroutineleak") {
		kind := "unknown"
		if len(p.SampleType) > 0 {
			kind = p.SampleType[0].Type
		}
		return s, &NotDumpError{Looks: MsgLooksProfile, Arg: kind}
	}
	s.Format, s.Leak = Proto, p.SampleType[0].Type == "goroutineleak"
	if p.TimeNanos != 0 {
		s.Time = time.Unix(0, p.TimeNanos)
	}
	for _, smp := range p.Sample {
		g := stacks.Goroutine{Count: int(smp.Value[0]), Leaked: s.Leak}
		for _, loc := range smp.Location {
			for _, ln := range loc.Line { // innermost first
				if ln.Function != nil {
					g.Stack = append(g.Stack, stacks.Frame{Func: ln.Function.Name, File: ln.Function.Filename, Line: int(ln.Line)})
				}
			}
		}
		g.State = stateOf(g.Stack)
		s.Goroutines = append(s.Goroutines, g)
	}
	return s, nil
}

// readDebug1 reads the grouped text:
//
//	goroutine profile: total 330
//	160 @ 0x48c1ea 0x418c9c 0x418897 0x6c482c 0x493241
//	# labels: {"handler":"search"}
//	#	0x6c482b	main.ask+0x4b	/src/main.go:52
//
// The runtime's own frames are left out of it, so the state is unknown.
func readDebug1(s Snapshot, text string, leak bool) (Snapshot, error) {
	s.Format, s.Leak = Debug1, leak
	var cur *stacks.Goroutine
	flush := func() {
		if cur != nil {
			cur.State = stateOf(cur.Stack)
			s.Goroutines = append(s.Goroutines, *cur)
			cur = nil
		}
	}
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case i == 0 || t == "":
			flush()
		case strings.HasPrefix(t, "# labels: "):
		case strings.HasPrefix(t, "#"):
			f, ok := debug1Frame(t)
			if !ok || cur == nil {
				return s, &stacks.LineError{Line: i + 1, Text: line, Why: "not a frame of a debug=1 profile"}
			}
			cur.Stack = append(cur.Stack, f)
		default:
			num, _, ok := strings.Cut(t, " @ ")
			count, err := strconv.Atoi(num)
			if !ok || err != nil {
				return s, &stacks.LineError{Line: i + 1, Text: line, Why: "not a line of a debug=1 profile"}
			}
			flush()
			cur = &stacks.Goroutine{Count: count, Leaked: leak}
		}
	}
	flush()
	return s, nil
}

// debug1Frame reads "#	0x6c482b	main.ask+0x4b	/src/main.go:52".
func debug1Frame(t string) (stacks.Frame, bool) {
	f := strings.Fields(strings.TrimPrefix(t, "#"))
	if len(f) < 3 || !strings.HasPrefix(f[0], "0x") {
		return stacks.Frame{}, false
	}
	fn := f[1]
	if i := strings.LastIndex(fn, "+0x"); i > 0 {
		fn = fn[:i]
	}
	pos := strings.Join(f[2:], " ")
	colon := strings.LastIndexByte(pos, ':')
	if colon < 0 {
		return stacks.Frame{}, false
	}
	line, err := strconv.Atoi(pos[colon+1:])
	if err != nil {
		return stacks.Frame{}, false
	}
	return stacks.Frame{Func: fn, File: pos[:colon], Line: line}, true
}

// stateOf names what a goroutine of the binary profile waits for, from the
// runtime's frames on top of its stack, as a debug=2 dump would print it.
func stateOf(stack []stacks.Frame) string {
	for _, f := range stack {
		switch fn := f.Func; {
		case fn == "runtime.chansend" || fn == "runtime.chansend1":
			return "chan send"
		case fn == "runtime.chanrecv" || fn == "runtime.chanrecv1" || fn == "runtime.chanrecv2":
			return "chan receive"
		case fn == "runtime.selectgo":
			return "select"
		case fn == "runtime.block":
			return "select (no cases)"
		case fn == "sync.(*RWMutex).RLock":
			return "sync.RWMutex.RLock"
		case fn == "sync.(*RWMutex).Lock":
			return "sync.RWMutex.Lock"
		case fn == "sync.(*Mutex).Lock" || fn == "internal/sync.(*Mutex).Lock":
			return "sync.Mutex.Lock"
		case fn == "sync.(*WaitGroup).Wait":
			return "sync.WaitGroup.Wait"
		case fn == "sync.(*Cond).Wait":
			return "sync.Cond.Wait"
		case fn == "internal/poll.runtime_pollWait":
			return "IO wait"
		case fn == "time.Sleep":
			return "sleep"
		case fn == "runtime.goroutineProfileWithLabels" || fn == "runtime.goroutineLeakProfileWithLabels":
			return "running"
		case !isRuntime(f):
			return "waiting" // blocked, on something these frames do not tell
		}
	}
	return "waiting"
}

// ReadFile reads a file into a string with one copy, however large.
func ReadFile(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return readAll(f)
}

func readAll(r io.Reader) (string, error) {
	var sb strings.Builder
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil {
			sb.Grow(int(st.Size()) + 1)
		}
	}
	_, err := io.Copy(&sb, r)
	return sb.String(), err
}

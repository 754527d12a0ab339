package leakprofile

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Stuck is a goroutine as goleak reports it: where it is stuck and who started it.
type Stuck struct {
	State     string // as goleak prints it, e.g. "chan send (durable), synctest bubble 4"
	Func      string // the function on top of its stack
	File      string // file:line of that frame
	Line      int
	CreatedBy string // the function whose go statement started it
	Count     int    // how many goroutines are stuck the same way (leakcheck's summary)
}

var (
	goleakBlock = regexp.MustCompile(`Goroutine \d+ in state (.*), with (\S+) on top of the stack:`)
	moreStuck   = regexp.MustCompile(`\(and (\d+) more goroutines? stuck the same way\)`)
)

// ParseGoleak reads the goroutines of a goleak report ("found unexpected
// goroutines: [Goroutine 40 in state ...") as VerifyNone prints it, also inside
// `go test` output where every line is indented.
func ParseGoleak(report string) []Stuck {
	var out []Stuck
	var cur *Stuck
	for _, line := range strings.Split(report, "\n") {
		if m := goleakBlock.FindStringSubmatch(line); m != nil {
			if cur != nil {
				out = append(out, *cur)
			}
			cur = &Stuck{State: m[1], Func: m[2], Count: 1}
			continue
		}
		if cur == nil {
			continue
		}
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "]") || strings.HasPrefix(trimmed, "--- "):
			out = append(out, *cur)
			cur = nil
		case moreStuck.MatchString(trimmed):
			n, _ := strconv.Atoi(moreStuck.FindStringSubmatch(trimmed)[1])
			cur.Count += n
		case strings.HasPrefix(trimmed, "created by "):
			if c := createdBy.FindStringSubmatch(trimmed); c != nil {
				cur.CreatedBy = c[1]
			}
		case cur.File == "" && cur.CreatedBy == "" && fileLine.MatchString(line):
			// The first file:line of a block is where the top function is stuck.
			m := fileLine.FindStringSubmatch(line)
			cur.File = m[1]
			cur.Line, _ = strconv.Atoi(m[2])
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}

// Status is the runtime's answer about one goroutine.
type Status int

const (
	// Unavailable: the toolchain has no goroutineleak profile, or none was written.
	Unavailable Status = iota
	// Confirmed: the runtime marked the goroutine "(leaked)".
	Confirmed
	// NotConfirmed: the runtime did not mark it; Reason says why it likely did not.
	// This is never a verdict of "no leak": goleak's report stands.
	NotConfirmed
)

func (s Status) String() string {
	switch s {
	case Confirmed:
		return "confirmed"
	case NotConfirmed:
		return "not confirmed"
	}
	return "unavailable"
}

// Reason is why the runtime likely did not mark a goroutine goleak reported.
type Reason int

const (
	NoReason         Reason = iota
	Reachable               // what it waits on is still reachable from live code or data
	NotBlocked              // running or sleeping: a loop that never blocks
	HiddenShape             // a shape the analysis cannot see, e.g. sending a captured variable
	InBubble                // inside a testing/synctest bubble, which the analysis skips
	NotWaitingOnSync        // blocked on I/O or a system call, outside the analysis
	NotInProfile            // the profile has no such goroutine
)

// Verdict is the runtime's view of one goroutine goleak reported.
type Verdict struct {
	Status  Status
	Reason  Reason
	Matched int // goroutines of the profile stuck at the same place
	Leaked  int // of those, how many the runtime marked leaked
	State   string
	Message string // for the learner
}

func (v Verdict) String() string { return v.Message }

// Judge says what the runtime's profile (the text of WriteTo(w, 2)) thinks of a
// goroutine goleak reported. An empty or unreadable profile is Unavailable, never
// "no leak".
func Judge(profile string, s Stuck) Verdict {
	gs := Parse(profile)
	if len(gs) == 0 {
		return Verdict{Status: Unavailable, Message: "the Go runtime's view is unavailable: " + HowToGet}
	}
	var same []Goroutine
	for _, g := range gs {
		if matches(g, s) {
			same = append(same, g)
		}
	}
	v := Verdict{Matched: len(same)}
	for _, g := range same {
		if g.Leaked {
			v.Leaked++
		}
	}
	if len(same) == 0 {
		v.Status, v.Reason = NotConfirmed, NotInProfile
		v.Message = "not confirmed by the Go runtime: its profile has no goroutine stuck at " + where(s) +
			" (it ended before the profile was written, or the profile comes from another run); goleak's report stands"
		return v
	}
	g := same[0]
	for _, o := range same {
		if o.Leaked {
			g = o
			break
		}
	}
	v.State = g.State
	if v.Leaked > 0 {
		v.Status = Confirmed
		v.Message = fmt.Sprintf("confirmed by the Go runtime: %s, and nothing that can still run can reach %s", blockedOn(g.State), what(g.State))
		if v.Matched > 1 {
			v.Message += fmt.Sprintf(" (%d of %d goroutines stuck there marked leaked)", v.Leaked, v.Matched)
		}
		return v
	}
	v.Status = NotConfirmed
	v.Reason, v.Message = explain(g, s)
	v.Message = "not confirmed by the Go runtime (goleak's report stands): " + v.Message
	return v
}

func explain(g Goroutine, s Stuck) (Reason, string) {
	switch {
	case g.Bubble != 0 || g.Durable:
		return InBubble, "it is blocked inside a testing/synctest bubble, and the runtime's leak analysis skips bubbled goroutines " +
			"(their waits are \"durable\"). synctest's own report, \"main bubble goroutine has exited but blocked goroutines remain\", " +
			"is the runtime's word here: nothing left in the bubble can wake it"
	case g.State == "running" || g.State == "runnable" || g.State == "sleep":
		return NotBlocked, "it is not blocked but " + g.State + ": a loop that never blocks (it sleeps, ticks or spins), " +
			"which the runtime never calls leaked; only a test that checks nothing is left running catches it"
	case g.State == "IO wait" || g.State == "syscall":
		return NotWaitingOnSync, "it waits on " + g.State + " (network or system call), which the runtime's analysis does not cover: " +
			"it only judges goroutines blocked on channels and sync primitives"
	case isChanWait(g.State) && isClosure(s.Func):
		return HiddenShape, "what it waits on is still reachable: a live struct, a package variable or a goroutine that can still run " +
			"holds the channel. Or it is a shape the runtime's analysis cannot see: a closure that sends a variable it captured " +
			"(go func() { ch <- x }()) is never reported on Go 1.26 and 1.27"
	case strings.HasPrefix(g.State, "sync.Mutex") || strings.HasPrefix(g.State, "sync.RWMutex"):
		return HiddenShape, "what it waits on is still reachable (a live struct or a package variable holds the lock), " +
			"or the lock is held in a shape the runtime's analysis cannot see"
	default:
		return Reachable, "what it waits on is still reachable: a live struct, a package variable or a goroutine that can still run " +
			"holds " + what(g.State) + ", so the runtime cannot prove that nobody will ever use it"
	}
}

func isChanWait(state string) bool {
	return state == "chan send" || state == "chan receive" || state == "select"
}

var closureName = regexp.MustCompile(`\.func\d+(\.\d+)*$|\.gowrap\d+$`)

func isClosure(fn string) bool { return closureName.MatchString(fn) }

func blockedOn(state string) string {
	switch state {
	case "chan send":
		return "blocked forever sending on a channel"
	case "chan receive":
		return "blocked forever receiving from a channel"
	case "select":
		return "blocked forever in a select"
	}
	return "blocked forever (" + state + ")"
}

func what(state string) string {
	switch {
	case isChanWait(state) || strings.HasPrefix(state, "chan "):
		return "the channel"
	case strings.Contains(state, "WaitGroup"):
		return "the WaitGroup"
	case strings.Contains(state, "Cond"):
		return "the sync.Cond"
	case strings.Contains(state, "Mutex"):
		return "the lock"
	}
	return "what it waits on"
}

func where(s Stuck) string {
	if s.File == "" {
		return s.Func
	}
	return fmt.Sprintf("%s (%s:%d)", s.Func, s.File, s.Line)
}

// matches reports whether g is stuck where goleak saw s: same top function, same
// line (the file compared by its path's end: the checker and the test binary may
// see different prefixes), and the same creator when goleak named one.
func matches(g Goroutine, s Stuck) bool {
	top := g.Top()
	if top.Func != s.Func {
		return false
	}
	if s.File != "" && (top.Line != s.Line || !sameFile(top.File, s.File)) {
		return false
	}
	return s.CreatedBy == "" || g.CreatedBy.Func == s.CreatedBy
}

func sameFile(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	return a == b || strings.HasSuffix(a, "/"+b)
}

package leakprofile

import (
	"fmt"
	"gohunters/internal/stacks"
	"regexp"
	"strings"
)

// Stuck is a goroutine as goleak reports it: where it is stuck and who started it.
type Stuck struct {
	ID        int    // the goroutine's id as goleak printed it (0: unknown)
	State     string // as goleak prints it, e.g. "chan send (durable), synctest bubble 4"
	Func      string // the function on top of its stack
	File      string // file:line of that frame
	Line      int
	CreatedBy string // the function whose go statement started it
	Count     int    // how many goroutines are stuck the same way (leakcheck's summary)
}

// ParseGoleak reads the goroutines of a goleak report ("found unexpected
// goroutines: [Goroutine 40 in state ...") as VerifyNone prints it, also inside
// `go test` output where every line is indented.
func ParseGoleak(report string) []Stuck {
	var out []Stuck
	for _, g := range stacks.Parse(report) {
		if !strings.HasPrefix(g.Text, "Goroutine ") {
			continue // a runtime dump's goroutine, not goleak's
		}
		top := g.Top()
		out = append(out, Stuck{ID: g.ID, State: g.RawState, Func: top.Func, File: top.File, Line: top.Line,
			CreatedBy: g.CreatedBy.Func, Count: g.Count})
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

var reasonNames = [...]string{"", "reachable", "not-blocked", "hidden-shape", "in-bubble", "not-waiting-on-sync", "not-in-profile"}

// String names the reason for machines ("reachable", "in-bubble", ...; "" for NoReason).
func (r Reason) String() string {
	if r < 0 || int(r) >= len(reasonNames) {
		return ""
	}
	return reasonNames[r]
}

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
		return Verdict{Status: Unavailable, Message: msgUnavailable}
	}
	// The profile is taken in the test's process right after goleak's report,
	// so the goroutine goleak named has the same id there: judge that one, and
	// the others stuck the same way when goleak's report was summarised (Count).
	// Only a report without ids falls back to matching by where they are stuck.
	var same []Goroutine
	if s.ID != 0 {
		for _, g := range gs {
			if g.ID == s.ID {
				same = append(same, g)
			}
		}
		if len(same) == 1 && s.Count > 1 {
			for _, g := range gs {
				if g.ID != s.ID && matches(g, s) {
					same = append(same, g)
				}
			}
		}
	}
	if len(same) == 0 {
		for _, g := range gs {
			if matches(g, s) {
				same = append(same, g)
			}
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
		v.Message = fmt.Sprintf(msgNotInProfile, where(s))
		return v
	}
	g := same[0]
	if s.ID == 0 || g.ID != s.ID {
		for _, o := range same {
			if o.Leaked {
				g = o
				break
			}
		}
	}
	v.State = g.State
	if g.Leaked {
		v.Status = Confirmed
		v.Message = fmt.Sprintf(msgConfirmed, blockedOn(g.State), what(g.State))
		if v.Matched > 1 {
			v.Message += fmt.Sprintf(msgConfirmedCount, v.Leaked, v.Matched)
		}
		return v
	}
	v.Status = NotConfirmed
	v.Reason, v.Message = explain(g, s)
	v.Message = msgNotConfirmed + v.Message
	return v
}

var bubbledState = regexp.MustCompile(`\(durable\)|, synctest bubble \d+`)

// Bubbled is the verdict on a goroutine that goleak's report (or a stack dump)
// shows inside a testing/synctest bubble: "chan send (durable), synctest bubble 4".
// It needs no profile, since the runtime's leak analysis never marks bubbled
// goroutines. ok is false when s's state shows no bubble.
func Bubbled(s Stuck) (v Verdict, ok bool) {
	if !bubbledState.MatchString(s.State) {
		return Verdict{}, false
	}
	state := strings.TrimSpace(bubbledState.ReplaceAllString(s.State, ""))
	return Verdict{Status: NotConfirmed, Reason: InBubble, State: state, Message: msgNotConfirmed + msgInBubble}, true
}

func explain(g Goroutine, s Stuck) (Reason, string) {
	switch {
	case g.Bubble != 0 || g.Durable:
		return InBubble, msgInBubble
	case g.State == "running" || g.State == "runnable" || g.State == "sleep":
		return NotBlocked, fmt.Sprintf(msgNotBlocked, g.State)
	case g.State == "IO wait" || g.State == "syscall":
		return NotWaitingOnSync, fmt.Sprintf(msgNotWaitingOnSync, g.State)
	case isChanWait(g.State) && isClosure(s.Func):
		return HiddenShape, msgHiddenChan
	case strings.HasPrefix(g.State, "sync.Mutex") || strings.HasPrefix(g.State, "sync.RWMutex"):
		return HiddenShape, msgHiddenLock
	default:
		return Reachable, fmt.Sprintf(msgReachable, what(g.State))
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
		return msgBlockedOnSend
	case "chan receive":
		return msgBlockedOnReceive
	case "select":
		return msgBlockedOnSelect
	}
	return fmt.Sprintf(msgBlockedOnOther, state)
}

func what(state string) string {
	switch {
	case isChanWait(state) || strings.HasPrefix(state, "chan "):
		return msgWhatChannel
	case strings.Contains(state, "WaitGroup"):
		return msgWhatWaitGroup
	case strings.Contains(state, "Cond"):
		return msgWhatCond
	case strings.Contains(state, "Mutex"):
		return msgWhatLock
	}
	return msgWhatOther
}

func where(s Stuck) string {
	if s.File == "" {
		return s.Func
	}
	return fmt.Sprintf(msgWhere, s.Func, s.File, s.Line)
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

// JudgeAmong judges s against the one of several profiles (written by one test
// process, each when goleak found a leak) that holds s's goroutine by its id.
// ok is false when none does.
func JudgeAmong(profiles []string, s Stuck) (v Verdict, ok bool) {
	if s.ID == 0 {
		return Verdict{}, false
	}
	for _, p := range profiles {
		for _, g := range Parse(p) {
			if g.ID == s.ID {
				return Judge(p, s), true
			}
		}
	}
	return Verdict{}, false
}

// FromState is the runtime's verdict that goleak's own report already carries,
// for any goleak-based test and no profile: Go 1.27 marks a goroutine it proved
// leaked "(leaked)" in every stack dump once its leak analysis ran, and a
// goroutine in a synctest bubble is never marked (see Bubbled). ok is false
// when the state says neither.
func FromState(s Stuck) (v Verdict, ok bool) {
	if strings.Contains(s.State, "(leaked)") {
		state := strings.TrimSpace(strings.ReplaceAll(s.State, "(leaked)", ""))
		return Verdict{Status: Confirmed, State: state, Leaked: 1, Matched: 1,
			Message: fmt.Sprintf(msgConfirmed, blockedOn(state), what(state))}, true
	}
	return Bubbled(s)
}

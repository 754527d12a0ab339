// Package judge gives second opinions on the goroutines a detector (goleak,
// synctest) reported. Today there is one source, the Go runtime: its
// goroutineleak profile, which a test process writes when goleak finds a leak
// (internal/leakprofile, checker/internal/hook), and the marks the runtime
// leaves in every stack dump ("(leaked)", a synctest bubble).
//
// An opinion is data: a source, a status, a reason and its arguments, never a
// sentence. The checker's renderer (checker/internal/ui) words it in the
// learner's language, and reports carry it as it is. The runtime raises no
// false alarms but misses leaks that stay reachable, goroutines that never
// block, some code shapes and every goroutine in a synctest bubble, so its
// silence is never read as "no leak": an opinion is confirmed, not confirmed
// (with the likely reason), or unavailable (with the reason why).
package judge

import (
	"regexp"
	"strconv"
	"strings"

	"gohunters/internal/stacks"
)

// Source names who gives an opinion.
type Source string

// Runtime is the Go runtime: its goroutineleak profile and its stack marks.
const Runtime Source = "runtime"

// Status is a source's answer about one goroutine.
type Status string

const (
	// Unavailable: no answer could be had; Reason says why.
	Unavailable Status = "unavailable"
	// Confirmed: the runtime marked the goroutine "(leaked)".
	Confirmed Status = "confirmed"
	// NotConfirmed: the runtime did not mark it; Reason says why it likely did
	// not. This is never a verdict of "no leak": the detector's report stands.
	NotConfirmed Status = "not-confirmed"
)

// Reason qualifies a status. The values are stable: reports carry them.
type Reason string

// Why the runtime likely did not confirm a leak.
const (
	NoReason         Reason = ""
	Reachable        Reason = "reachable"           // what it waits on is still reachable from live code or data
	NotBlocked       Reason = "not-blocked"         // running or sleeping: a loop that never blocks
	HiddenShape      Reason = "hidden-shape"        // a shape the analysis cannot see, e.g. sending a captured variable
	InBubble         Reason = "in-bubble"           // inside a testing/synctest bubble, which the analysis skips
	NotWaitingOnSync Reason = "not-waiting-on-sync" // blocked on I/O or a system call, outside the analysis
	NotInProfile     Reason = "not-in-profile"      // the profile has no such goroutine; Args: where goleak saw it
)

// Why no opinion could be had.
const (
	// NoToolchain: the Go the tests ran on has no goroutineleak profile;
	// Args: that Go's version, when known.
	NoToolchain Reason = "no-toolchain"
	// NoProfile: the leaking test wrote no profile (it did not reach goleak's
	// check, or was stopped first).
	NoProfile Reason = "no-profile"
	// NotHooked: the checker could not ask the module's goleak for the profile;
	// Args: a Hook* code saying why.
	NotHooked Reason = "not-hooked"
	// FromStream: the results were read from a go test -json stream, which
	// carries no profiles.
	FromStream Reason = "from-stream"
)

// Why the checker could not hook a module's goleak (NotHooked's argument).
const (
	HookNoGoleak  = "no-goleak" // goleak is not in the module's build list
	HookReplaced  = "replaced"  // the module already replaces goleak
	HookWorkspace = "workspace" // the module is built in a go.work workspace
	HookNoFind    = "no-find"   // goleak's Find is not where the hook expects it
	HookFailed    = "failed"    // the copy could not be made
	HookNoModule  = "no-module" // outside any module
)

// Opinion is one source's view of one reported goroutine (or of the several
// stuck the same way that a report folded into it).
type Opinion struct {
	Source Source `json:"source"`
	Status Status `json:"status"`
	Reason Reason `json:"reason,omitempty"`
	// State is the goroutine's state as the source saw it, without marks:
	// "chan send", "sync.Mutex.Lock".
	State string `json:"state,omitempty"`
	// Args are what the reason names besides the state, in order: for a
	// confirmed group the goroutines marked leaked and those stuck there;
	// NotInProfile's place; NoToolchain's Go version; NotHooked's code.
	Args []string `json:"args,omitempty"`
}

// Counts returns a confirmed opinion's goroutines marked leaked and stuck at
// the same place (0, 0 when it names no counts).
func (o Opinion) Counts() (leaked, matched int) {
	if o.Status != Confirmed || len(o.Args) < 2 {
		return 0, 0
	}
	leaked, _ = strconv.Atoi(o.Args[0])
	matched, _ = strconv.Atoi(o.Args[1])
	return leaked, matched
}

// Arg returns Args[i], or "".
func (o Opinion) Arg(i int) string {
	if i < len(o.Args) {
		return o.Args[i]
	}
	return ""
}

// A Judge gives its opinion on a goroutine a detector reported, as the report
// shows it; ok is false when it has none and the next judge should be asked.
type Judge interface {
	Judge(g stacks.Goroutine) (o Opinion, ok bool)
}

// Chain asks its judges in order; the first opinion counts.
type Chain []Judge

// Opinion returns the first opinion of c's judges on g.
func (c Chain) Opinion(g stacks.Goroutine) (Opinion, bool) {
	for _, j := range c {
		if o, ok := j.Judge(g); ok {
			return o, true
		}
	}
	return Opinion{}, false
}

// Give is a judge that always gives the same opinion: the last of a chain,
// saying why nobody before it had one.
type Give Opinion

func (o Give) Judge(stacks.Goroutine) (Opinion, bool) { return Opinion(o), true }

// Unavailability is the opinion that none could be had, for reason.
func Unavailability(reason Reason, args ...string) Opinion {
	return Opinion{Source: Runtime, Status: Unavailable, Reason: reason, Args: args}
}

// Marks reads the runtime's verdict from the report itself, for any
// goleak-based test and no profile: Go 1.27 marks a goroutine it proved
// leaked "(leaked)" in every stack dump once its leak analysis ran, and a
// goroutine in a synctest bubble ("chan send (durable), synctest bubble 4") is
// never marked, since the analysis skips bubbled goroutines.
type Marks struct{}

func (Marks) Judge(g stacks.Goroutine) (Opinion, bool) {
	switch {
	case g.Leaked:
		return confirmed(g.State, 1, 1), true
	case g.Bubble != 0 || g.Durable:
		return Opinion{Source: Runtime, Status: NotConfirmed, Reason: InBubble, State: g.State}, true
	}
	return Opinion{}, false
}

// ByID judges by the profile, among those a test process wrote, that holds the
// reported goroutine's id: the profile is taken in the test's process right
// after goleak's report, so the goroutine has the same id there.
type ByID []Profile

func (ps ByID) Judge(g stacks.Goroutine) (Opinion, bool) {
	if g.ID == 0 {
		return Opinion{}, false
	}
	for _, p := range ps {
		if _, ok := p.byID[g.ID]; ok {
			return p.judge(g), true
		}
	}
	return Opinion{}, false
}

// ByPlace judges by the one profile of the goroutine's test, matching it by
// where it is stuck when no profile holds its id (a report without ids).
type ByPlace struct{ Profile *Profile }

func (j ByPlace) Judge(g stacks.Goroutine) (Opinion, bool) {
	if j.Profile == nil {
		return Opinion{}, false
	}
	return j.Profile.judge(g), true
}

// Profile is a goroutineleak profile (the text of WriteTo(w, 2)), read once.
type Profile struct {
	Goroutines []stacks.Goroutine
	byID       map[int]int
}

// ParseProfile reads a profile's text.
func ParseProfile(text string) Profile {
	p := Profile{Goroutines: stacks.Parse(text), byID: map[int]int{}}
	for i, g := range p.Goroutines {
		p.byID[g.ID] = i
	}
	return p
}

// Judge is the profile's opinion on g, the goroutine as a detector reported it.
func (p Profile) Judge(g stacks.Goroutine) Opinion { return p.judge(g) }

func (p Profile) judge(g stacks.Goroutine) Opinion {
	if len(p.Goroutines) == 0 {
		return Unavailability(NoProfile)
	}
	// Judge the goroutine the report named by its id, and the others stuck the
	// same way when the report was summarised (Count); only a report without
	// ids falls back to matching by where they are stuck.
	var same []stacks.Goroutine
	if i, ok := p.byID[g.ID]; ok && g.ID != 0 {
		same = append(same, p.Goroutines[i])
		if g.Count > 1 {
			for _, o := range p.Goroutines {
				if o.ID != g.ID && matches(o, g) {
					same = append(same, o)
				}
			}
		}
	}
	if len(same) == 0 {
		for _, o := range p.Goroutines {
			if matches(o, g) {
				same = append(same, o)
			}
		}
	}
	if len(same) == 0 {
		return Opinion{Source: Runtime, Status: NotConfirmed, Reason: NotInProfile, State: g.State, Args: []string{where(g)}}
	}
	leaked := 0
	for _, o := range same {
		if o.Leaked {
			leaked++
		}
	}
	first := same[0]
	if first.ID != g.ID || g.ID == 0 {
		for _, o := range same {
			if o.Leaked {
				first = o
				break
			}
		}
	}
	if first.Leaked {
		return confirmed(first.State, leaked, len(same))
	}
	return Opinion{Source: Runtime, Status: NotConfirmed, Reason: why(first, g), State: first.State}
}

func confirmed(state string, leaked, matched int) Opinion {
	o := Opinion{Source: Runtime, Status: Confirmed, State: state}
	if matched > 1 {
		o.Args = []string{strconv.Itoa(leaked), strconv.Itoa(matched)}
	}
	return o
}

// why is the likely reason the runtime left found, which a detector reported
// as reported, unmarked.
func why(found, reported stacks.Goroutine) Reason {
	switch s := found.State; {
	case found.Bubble != 0 || found.Durable:
		return InBubble
	case s == "running" || s == "runnable" || s == "sleep":
		return NotBlocked
	case s == "IO wait" || s == "syscall":
		return NotWaitingOnSync
	case IsChanWait(s) && isClosure(reported.Top().Func):
		return HiddenShape
	case IsLock(s):
		return HiddenShape
	}
	return Reachable
}

// IsChanWait reports whether a state is a wait on a channel.
func IsChanWait(state string) bool {
	return state == "chan send" || state == "chan receive" || state == "select" || strings.HasPrefix(state, "chan ")
}

// IsLock reports whether a state is a wait for a sync.Mutex or sync.RWMutex.
func IsLock(state string) bool {
	return strings.HasPrefix(state, "sync.Mutex") || strings.HasPrefix(state, "sync.RWMutex")
}

var closureName = regexp.MustCompile(`\.func\d+(\.\d+)*$|\.gowrap\d+$`)

func isClosure(fn string) bool { return closureName.MatchString(fn) }

// where names a reported goroutine's place: "pkg.f (file.go:12)".
func where(g stacks.Goroutine) string {
	top := g.Top()
	if top.File == "" {
		return top.Func
	}
	return top.Func + " (" + top.File + ":" + strconv.Itoa(top.Line) + ")"
}

// matches reports whether o is stuck where the detector saw g: same top
// function, same line (the file compared by its path's end: the checker and
// the test binary may see different prefixes), and the same creator when the
// report named one.
func matches(o, g stacks.Goroutine) bool {
	top, want := o.Top(), g.Top()
	if top.Func != want.Func {
		return false
	}
	if want.File != "" && (top.Line != want.Line || !sameFile(top.File, want.File)) {
		return false
	}
	return g.CreatedBy.Func == "" || o.CreatedBy.Func == g.CreatedBy.Func
}

func sameFile(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	return a == b || strings.HasSuffix(a, "/"+b)
}

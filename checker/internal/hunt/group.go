package hunt

import (
	"cmp"
	"slices"

	"gohunters/internal/stacks"
)

// Group is the goroutines blocked the same way: in the same state, on the same
// line, started by the same line.
type Group struct {
	State string
	// Where is the line they are stuck on: the service's own line nearest the
	// top of the stack, or, when none of its code is there, the function the
	// goroutine runs (WhereOwn false).
	Where    stacks.Frame
	WhereOwn bool
	// Creator is the go statement that started them, followed back through
	// library code (with GODEBUG=tracebackancestors) to the service's own line
	// when the dump shows it; Via is the library function that ran the go
	// statement when Creator was found behind it.
	Creator    stacks.Frame
	CreatorOwn bool
	Via        stacks.Frame
	Count      int
	Before     int // in the first dump; -1 with one dump
	Minutes    int // the longest any of them has been blocked, as the dump says
	Proved     int // how many the Go runtime marked leaked
	Blocked    bool
	Suspect    bool
	Example    stacks.Goroutine
}

// Growth is how many more there were in the last dump than in the first.
func (g Group) Growth() int {
	if g.Before < 0 {
		return 0
	}
	return g.Count - g.Before
}

// key is what makes goroutines one group; loose keeps only the line they are
// stuck on, for comparing with a dump that shows no creators (binary profile)
// or no states either (debug=1).
type key struct {
	state         string
	where, create stacks.Frame
}

func (g Group) key(loose bool) key {
	k := key{state: g.State, where: g.Where, create: g.Creator}
	if loose {
		k = key{where: g.Where}
	}
	return k
}

// Groups gathers a dump's goroutines, leaving out the runtime's own.
func Groups(s Snapshot, scope Scope) []*Group {
	index := map[key]*Group{}
	var out []*Group
	for _, g := range s.Goroutines {
		if systemOnly(g) {
			continue
		}
		gr := place(g, scope)
		k := gr.key(false)
		have, ok := index[k]
		if !ok {
			have = new(Group) // only a new group reaches the heap
			*have = gr
			have.Example = g
			index[k] = have
			out = append(out, have)
		}
		have.Count += g.Count
		have.Minutes = max(have.Minutes, g.Minutes)
		if g.Leaked {
			have.Proved += g.Count
		}
	}
	return out
}

// place says where one goroutine is stuck and who started it.
func place(g stacks.Goroutine, scope Scope) Group {
	gr := Group{State: g.State, Before: -1, Blocked: blocked(g.State)}
	for _, f := range g.Stack {
		if scope.IsOwn(f) {
			gr.Where, gr.WhereOwn = f, true
			break
		}
	}
	if !gr.WhereOwn && len(g.Stack) > 0 {
		// Only library code: name the function the goroutine runs (its
		// outermost frame but the runtime's goexit).
		for i := len(g.Stack) - 1; i >= 0; i-- {
			if f := g.Stack[i]; !isRuntime(f) || i == 0 {
				gr.Where = f
				break
			}
		}
	}
	gr.Creator = g.CreatedBy
	gr.CreatorOwn = scope.IsOwn(g.CreatedBy)
	if !gr.CreatorOwn {
		for _, f := range g.Ancestors {
			if scope.IsOwn(f) {
				gr.Via, gr.Creator, gr.CreatorOwn = g.CreatedBy, f, true
				break
			}
		}
	}
	return gr
}

// blocked reports whether a state is waiting on something: a running,
// runnable or in-syscall goroutine is busy, not stuck.
func blocked(state string) bool {
	switch state {
	case "running", "runnable", "syscall", "":
		return false
	}
	return true
}

// Thresholds decide what is suspect, as LeakProf does: many goroutines
// blocked on the same operation, a number that grows, blocked for long.
type Thresholds struct {
	Count   int // so many blocked the same way is suspect in one dump
	Growth  int // so many more in the last dump than in the first
	Minutes int // with two dumps, a large steady group is suspect only when blocked this long
}

// Compare fills in Before from the first dump's groups.
func Compare(first, last []*Group, loose bool) {
	before := map[key]int{}
	for _, g := range first {
		before[g.key(loose)] += g.Count
	}
	for _, g := range last {
		g.Before = before[g.key(loose)]
	}
}

// Prove marks the goroutines a goroutineleak profile proves leaked: by id when
// both dumps have ids, else by where they are stuck.
func Prove(groups []*Group, s Snapshot, leak Snapshot, scope Scope) {
	ids := map[int]bool{}
	byWhere := map[key]int{}
	for _, g := range leak.Goroutines {
		if !g.Leaked {
			continue
		}
		if g.ID != 0 {
			ids[g.ID] = true
		}
		gr := place(g, scope)
		byWhere[key{state: gr.State, where: gr.Where}] += g.Count
	}
	if len(ids) > 0 && s.Detailed() {
		proved := map[key]int{}
		for _, g := range s.Goroutines {
			if ids[g.ID] {
				proved[place(g, scope).key(false)] += g.Count
			}
		}
		for _, gr := range groups {
			gr.Proved = max(gr.Proved, proved[gr.key(false)])
		}
		return
	}
	for _, gr := range groups {
		k := key{state: gr.State, where: gr.Where}
		if leak.Format == Debug1 {
			k.state = "" // debug=1 has no states
		}
		gr.Proved = max(gr.Proved, min(gr.Count, byWhere[k]))
	}
}

// Rank marks the suspects and orders the groups, most likely leak first:
// proved by the runtime, then growing, then many, then blocked longest; ties
// by name.
func Rank(groups []*Group, th Thresholds, compared bool) {
	for _, g := range groups {
		switch {
		case !g.Blocked:
		case g.Proved > 0:
			g.Suspect = true
		case compared:
			g.Suspect = g.Growth() >= th.Growth || g.Count >= th.Count && g.Minutes >= th.Minutes
		default:
			g.Suspect = g.Count >= th.Count
		}
	}
	slices.SortStableFunc(groups, func(a, b *Group) int {
		return cmp.Or(
			-cmp.Compare(b2i(a.Suspect), b2i(b.Suspect)),
			-cmp.Compare(a.Proved, b.Proved),
			-cmp.Compare(a.Growth(), b.Growth()),
			-cmp.Compare(a.Count, b.Count),
			-cmp.Compare(a.Minutes, b.Minutes),
			cmp.Compare(a.Where.Func, b.Where.Func), // ties in a steady order, run to run
			cmp.Compare(a.Creator.Func, b.Creator.Func),
			cmp.Compare(a.State, b.State),
		)
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

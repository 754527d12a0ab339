package grade

import (
	"gohunters/checker/internal/explain"
	"gohunters/checker/internal/judge"
	"gohunters/internal/stacks"
)

// An Asker gives one second source's judge chain for the goroutines a test
// leaked: judge.Asker is the Go runtime's. A third source is one type with a
// Chain method and one more entry in the list the grader asks.
type Asker interface {
	Chain(test string) judge.Chain
}

// Ask adds every source's opinion to each leak of v, the lead test's and every
// failing test's: the one judging step of check and explain.
func Ask(v *Verdict, sources ...Asker) {
	shared := false
	for i := range v.Failed {
		f := &v.Failed[i]
		askAll(f.Leaks, f.Test, sources)
		// v.Leaks is usually the lead failure's own list (one array).
		shared = shared || len(f.Leaks) > 0 && len(v.Leaks) > 0 && &f.Leaks[0] == &v.Leaks[0]
	}
	if !shared {
		askAll(v.Leaks, v.Test, sources)
	}
}

// FollowCreators completes, from the goroutines of a dump with their
// creators' stacks (lookup by goroutine id, e.g. a goroutineleak profile
// written under GODEBUG=tracebackancestors), where the code in own started
// each leak of v that library code started.
func FollowCreators(v *Verdict, lookup func(id int) (stacks.Goroutine, bool), own explain.Scope) {
	follow := func(ls []Leak) {
		for i := range ls {
			l := &ls[i]
			if l.Started.File != "" {
				continue
			}
			if g, ok := lookup(l.ID); ok && len(g.Ancestors) > 0 {
				l.Ancestors = g.Ancestors
				l.Started, l.Via = explain.Started(g, own)
			}
		}
	}
	for i := range v.Failed {
		follow(v.Failed[i].Leaks)
	}
	follow(v.Leaks)
}

func askAll(ls []Leak, test string, sources []Asker) {
	if len(ls) == 0 {
		return
	}
	chains := make([]judge.Chain, len(sources))
	for k, s := range sources {
		chains[k] = s.Chain(test)
	}
	for i := range ls {
		ls[i].Opinions = nil
		for _, c := range chains {
			if o, ok := c.Opinion(ls[i].Goroutine); ok {
				ls[i].Opinions = append(ls[i].Opinions, o)
			}
		}
	}
}

package leakcheck

import (
	"runtime"
	"testing/synctest"
	"time"

	"gohunters/internal/stacks"
)

// Left returns the goroutines that Stopped would report, without reporting
// them: those the code under test started since m that are still running. A
// test whose failure must not say where they are (a hunt that starts from
// symptoms) states only what it observed, e.g. how many there are.
//
// Inside a synctest bubble it judges at the instant it is called, as Stopped
// does (synctest.Wait first, no fake time passes). Outside one, on the real
// clock, a goroutine on its way out (it has signalled a WaitGroup and not yet
// returned) cannot be told from one that stays, so Left takes a snapshot every
// millisecond until none is left or within has passed, and returns the last.
// ignore is as for Stopped.
func (m Mark) Left(within time.Duration, ignore ...string) []stacks.Goroutine {
	left, bubbled := m.left(ignore)
	if bubbled || len(left) == 0 {
		return left
	}
	deadline := time.Now().Add(within)
	for len(left) > 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
		left, _ = m.left(ignore)
	}
	return left
}

// left takes one snapshot (after synctest.Wait inside a bubble) and returns
// the goroutines started since m by the code under test, and whether the
// caller is in a bubble.
func (m Mark) left(ignore []string) (left []stacks.Goroutine, bubbled bool) {
	buf := make([]byte, 4<<10)
	self := stacks.Parse(string(buf[:runtime.Stack(buf, false)]))
	if len(self) > 0 && self[0].Bubble != 0 {
		synctest.Wait()
		bubbled = true
	}
	all := stacks.Parse(allStacks())
	if len(all) == 0 {
		return nil, bubbled
	}
	me := all[0] // runtime.Stack lists the calling goroutine first
	for _, g := range all[1:] {
		if m.ids[g.ID] || g.Bubble != me.Bubble || startedByTest(g) || mentions(g, ignore) {
			continue
		}
		left = append(left, g)
	}
	return left, bubbled
}

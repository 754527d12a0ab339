// Package fake gives the exercises' fake dependencies (a store, a dialer, a job
// service) the speeds a real one has on a bad day, and lets a test find the code
// under test blocked inside one, to cancel, close or fail it right there.
//
// Wrong fixes hide behind fakes that answer at once: a grace timer, a dial
// under a lock, overlapping keepalives and giving up on work that is slow to
// stop all pass when every call returns before any timer fires. So each fake
// takes a Speed per call, and each clause is checked under every speed that
// could break it:
//
//	func (s *fakeStore) Keepalive(ctx context.Context, lease int) error {
//		return s.points.Call(ctx, "Keepalive", s.speed(), 100*time.Millisecond)
//	}
//
// and a test waits for the code to be inside the call before it strikes:
//
//	points.Await(t, "Keepalive", 1, time.Minute)
//	cancel() // the cancel lands while a keepalive is on the wire
//
// Inside a testing/synctest bubble every duration here is fake time: an hour
// passes in microseconds once every goroutine of the bubble is blocked. Make a
// Points inside the bubble that uses it.
package fake

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// Speed is how a fake dependency answers one call.
type Speed int

const (
	// Instant answers at once, before any timer of the caller can fire.
	Instant Speed = iota
	// Prompt answers after the call's usual latency, or with ctx's error if
	// ctx is cancelled first.
	Prompt
	// Slow answers after Long, far beyond any grace period a fix could guess,
	// or with ctx's error if ctx is cancelled first.
	Slow
	// Hung never answers; it returns ctx's error once ctx is cancelled.
	Hung
	// Deaf ignores cancellation: it answers after Long whatever ctx does
	// (with ctx's error if ctx was cancelled meanwhile), like a request
	// already on the wire.
	Deaf
	// Failing fails at once with ErrInjected.
	Failing
)

// Speeds lists every Speed, for tests that run a clause under each.
var Speeds = []Speed{Instant, Prompt, Slow, Hung, Deaf, Failing}

// Long is how long Slow and Deaf calls take.
const Long = time.Hour

// ErrInjected is the error of a Failing call.
var ErrInjected = errors.New("fake: injected failure")

func (s Speed) String() string {
	switch s {
	case Instant:
		return "instant"
	case Prompt:
		return "prompt"
	case Slow:
		return "slow"
	case Hung:
		return "hung"
	case Deaf:
		return "deaf to cancel"
	case Failing:
		return "failing"
	}
	return fmt.Sprintf("Speed(%d)", int(s))
}

// Wait waits as s says for a call whose usual latency is rtt, and returns what
// the call returns: nil, ctx's error or ErrInjected.
func (s Speed) Wait(ctx context.Context, rtt time.Duration) error {
	switch s {
	case Instant:
		return nil
	case Prompt:
		return sleep(ctx, rtt)
	case Slow:
		return sleep(ctx, Long)
	case Hung:
		<-ctx.Done()
		return ctx.Err()
	case Deaf:
		time.Sleep(Long)
		return ctx.Err()
	case Failing:
		return ErrInjected
	}
	panic(fmt.Sprintf("fake: unknown speed %d", int(s)))
}

// sleep waits d, or until ctx is cancelled.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Points records where calls to fakes are blocked: a fake marks the time a call
// spends inside it with Enter (or Call), and a test waits with Await until the
// code under test is there, then cancels, closes or fails it at that instant.
// The zero value is ready to use; inside a synctest bubble, make it there.
type Points struct {
	mu      sync.Mutex
	in      map[string]int // calls inside each point now
	entered map[string]int // calls that ever entered each point
	changed chan struct{}  // closed and replaced whenever a count changes
}

// Enter marks a call inside the point named name, until leave is called.
func (p *Points) Enter(name string) (leave func()) {
	p.update(func() {
		if p.in == nil {
			p.in, p.entered = map[string]int{}, map[string]int{}
		}
		p.in[name]++
		p.entered[name]++
	})
	var once sync.Once
	return func() { once.Do(func() { p.update(func() { p.in[name]-- }) }) }
}

// Call is a fake call at the point named name: it waits as s says for a call
// whose usual latency is rtt, inside the point.
func (p *Points) Call(ctx context.Context, name string, s Speed, rtt time.Duration) error {
	defer p.Enter(name)()
	return s.Wait(ctx, rtt)
}

func (p *Points) update(f func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f()
	if p.changed != nil {
		close(p.changed)
		p.changed = nil
	}
}

// In returns how many calls are inside the point named name now.
func (p *Points) In(name string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.in[name]
}

// Entered returns how many calls have ever entered the point named name.
func (p *Points) Entered(name string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.entered[name]
}

// Await waits until at least n calls are inside the point named name, at most
// within (fake time in a bubble). It fails t and returns false if none came:
// the code under test never reached that point.
func (p *Points) Await(t testing.TB, name string, n int, within time.Duration) bool {
	t.Helper()
	timer := time.NewTimer(within)
	defer timer.Stop()
	for {
		p.mu.Lock()
		if p.in[name] >= n {
			p.mu.Unlock()
			return true
		}
		if p.changed == nil {
			p.changed = make(chan struct{})
		}
		changed := p.changed
		p.mu.Unlock()
		select {
		case <-changed:
		case <-timer.C:
			t.Errorf("fake: %d call(s) inside %s awaited for %v; %d came", n, name, within, p.In(name))
			return false
		}
	}
}

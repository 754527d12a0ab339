package leakcheck

import (
	"sync"
	"time"
)

// RealClock gives a test deadlines of real time that it can wait on inside a
// synctest bubble, where every timer the test makes runs on the bubble's fake
// clock.
//
// A goroutine blocked on a sync.Mutex is not durably blocked: while one waits,
// the fake clock stops, a deadline of fake time never passes, and the test
// stalls until Bubble's RealDeadline ends the binary. A check that a call does
// not wait for a lock held across a slow request ("Current returns while a
// keepalive hangs") needs a deadline the fake clock cannot hold back. While the
// test waits on such a channel it is not durably blocked either, so the fake
// clock stands still meanwhile: the call it waits for must need no fake time to
// return (the fakes it reaches answer at once). Make the RealClock outside the
// bubble and stop it before the test's leak check:
//
//	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
//	rc := leakcheck.NewRealClock()
//	defer rc.Stop()
//	leakcheck.Bubble(t, func(t *testing.T) {
//		...
//		select {
//		case <-done:
//		case <-rc.After(time.Second):
//			clause4.Errorf(t, "Current had not returned a second after it was called")
//		}
//	})
type RealClock struct {
	mu     sync.Mutex // one After at a time: a request, then its reply
	req    chan time.Duration
	reply  chan (<-chan struct{})
	done   chan struct{}
	timers []*time.Timer // touched by serve only, then by Stop
}

// NewRealClock starts the RealClock's goroutine. Call it outside any bubble:
// its channels and timers must belong to none.
func NewRealClock() *RealClock {
	rc := &RealClock{req: make(chan time.Duration), reply: make(chan (<-chan struct{})), done: make(chan struct{})}
	go rc.serve()
	return rc
}

func (rc *RealClock) serve() {
	defer close(rc.done)
	for d := range rc.req {
		c := make(chan struct{})
		rc.timers = append(rc.timers, time.AfterFunc(d, func() { close(c) }))
		rc.reply <- c
	}
}

// After returns a channel that is closed once d of real time has passed, also
// when it is called inside a bubble.
func (rc *RealClock) After(d time.Duration) <-chan struct{} {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.req <- d
	return <-rc.reply
}

// Stop ends the RealClock's goroutine and its timers; a channel After gave
// that has not been closed yet never will be.
func (rc *RealClock) Stop() {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	close(rc.req)
	<-rc.done
	for _, t := range rc.timers {
		t.Stop()
	}
}

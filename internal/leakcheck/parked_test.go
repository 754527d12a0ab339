package leakcheck

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// server is code under test on the real clock: Start begins a loop, Close
// ends it, and waits for it only if wait is set.
type server struct {
	stop, done chan struct{}
	wg         sync.WaitGroup
	wait       bool
}

func (s *server) Start() {
	s.stop, s.done = make(chan struct{}), make(chan struct{})
	s.wg.Go(func() {
		<-s.stop
		<-s.done // the loop's cleanup waits for something nobody sends
	})
}

func (s *server) Close() {
	close(s.stop)
	if s.wait {
		s.wg.Wait()
	}
}

func TestParkedAtTheInstantOfReturn(t *testing.T) {
	t.Run("a loop still parked", func(t *testing.T) {
		m := Now()
		s := &server{}
		s.Start()
		time.Sleep(10 * time.Millisecond) // let the loop reach its receive
		s.Close()
		time.Sleep(10 * time.Millisecond) // and then its cleanup, where it parks
		r := &tbRecorder{TB: t}
		parked := m.Parked(r, clause, "Close")
		close(s.done)
		s.wg.Wait()
		if parked {
			t.Fatal("Parked = true for a loop parked after Close returned")
		}
		msg := strings.Join(r.errs, "\n")
		for _, want := range []string{"goal clause 1 not met", "still running when Close returned", "(*server).Start"} {
			if !strings.Contains(msg, want) {
				t.Errorf("report %q does not contain %q", msg, want)
			}
		}
	})
	t.Run("nothing left", func(t *testing.T) {
		m := Now()
		done := make(chan struct{})
		w := &worker{wait: true}
		go func() { <-done }() // a goroutine of the test's own is never counted
		defer close(done)
		w.Start()
		w.Close()
		r := &tbRecorder{TB: t}
		if !m.Parked(r, clause, "Close") {
			t.Fatalf("Parked = false after Close waited for its loop; reported %q", r.errs)
		}
	})
}

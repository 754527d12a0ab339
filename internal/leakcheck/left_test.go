package leakcheck

import (
	"testing"
	"testing/synctest"
	"time"
)

func TestLeftInABubbleAtTheInstant(t *testing.T) {
	for _, tc := range []struct {
		name  string
		grace time.Duration
		wait  bool
		left  int
	}{
		{"waits for the loop", time.Millisecond, true, 0},
		{"loop ends a moment after Close", time.Millisecond, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				m := Now()
				w := &worker{grace: tc.grace, wait: tc.wait}
				w.Start()
				testDone := make(chan struct{}) // the test's own goroutine is never counted
				go func() { <-testDone }()
				defer close(testDone)

				w.Close()
				start := time.Now()
				if got := m.Left(time.Hour); len(got) != tc.left {
					t.Errorf("Left returned %d goroutines, want %d", len(got), tc.left)
				} else if tc.left > 0 && got[0].CreatedBy.Func == "" {
					t.Errorf("Left's goroutine has no creator: %+v", got[0])
				}
				if took := time.Since(start); took != 0 {
					t.Errorf("Left took %v of fake time, want none", took)
				}
				w.wg.Wait()
			})
		})
	}
}

func TestLeftOnTheRealClock(t *testing.T) {
	m := Now()
	w := &worker{grace: 5 * time.Millisecond}
	w.Start()
	w.Close() // without waiting: the loop ends 5ms later
	if got := m.Left(5 * time.Second); len(got) != 0 {
		t.Errorf("a loop that ends 5ms after Close is still counted after waiting up to 5s: %d left", len(got))
	}

	stop := make(chan struct{})
	w2 := &worker{}
	w2.cancel = func() {}
	w2.wg.Go(func() { <-stop })
	start := time.Now()
	if got := m.Left(20 * time.Millisecond); len(got) != 1 {
		t.Errorf("Left returned %d goroutines, want the one still blocked", len(got))
	}
	if took := time.Since(start); took < 20*time.Millisecond {
		t.Errorf("Left gave up after %v, before its 20ms", took)
	}
	close(stop)
	w2.wg.Wait()
}

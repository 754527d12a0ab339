package leakcheck

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"gohunters/internal/goal"
)

var clause = goal.Clause{Exercise: 99, N: 1, Text: "when Close returns, nothing the worker started is running"}

// worker is code under test: Start begins a loop, Close ends it.
type worker struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	grace  time.Duration // how long the loop takes to notice the cancel
	wait   bool          // whether Close waits for the loop
}

func (w *worker) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	w.wg.Go(func() {
		<-ctx.Done()
		time.Sleep(w.grace)
	})
}

func (w *worker) Close() {
	w.cancel()
	if w.wait {
		w.wg.Wait()
	}
}

// errorsOf runs f with a testing.TB that records Errorf instead of failing.
type tbRecorder struct {
	testing.TB
	errs []string
}

func (r *tbRecorder) Helper()           {}
func (r *tbRecorder) Error(args ...any) { r.errs = append(r.errs, fmt.Sprint(args...)) }
func (r *tbRecorder) Errorf(format string, a ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, a...))
}

func TestStoppedAtTheInstantOfReturn(t *testing.T) {
	for _, tc := range []struct {
		name    string
		grace   time.Duration
		wait    bool
		stopped bool
	}{
		{"waits for the loop", time.Millisecond, true, true},
		{"loop ends a moment after Close", time.Millisecond, false, false},
		{"loop ends an hour after Close", time.Hour, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				m := Now()
				w := &worker{grace: tc.grace, wait: tc.wait}
				w.Start()
				// A goroutine of the test's own is never counted.
				testDone := make(chan struct{})
				go func() { <-testDone }()
				defer close(testDone)

				w.Close()
				r := &tbRecorder{TB: t}
				got := m.Stopped(r, clause, "Close")
				if got != tc.stopped {
					t.Fatalf("Stopped = %v, want %v; reported %q", got, tc.stopped, r.errs)
				}
				if !tc.stopped {
					msg := strings.Join(r.errs, "\n")
					for _, want := range []string{"goal clause 1 not met", "still running when Close returned", "(*worker).Start"} {
						if !strings.Contains(msg, want) {
							t.Errorf("report %q does not contain %q", msg, want)
						}
					}
				}
				w.wg.Wait()
			})
		})
	}
}

func TestConcurrentlyNamesWhoDidNotReturn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		block := make(chan struct{})
		r := &tbRecorder{TB: t}
		ok := Concurrently(r, clause, time.Second, map[string]func(){
			"Close": func() {},
			"Put":   func() { <-block },
		})
		if ok || len(r.errs) != 1 || !strings.Contains(r.errs[0], "Put had not returned 1s later") {
			t.Errorf("Concurrently = %v, reported %q; want false and Put named", ok, r.errs)
		}
		close(block)
		synctest.Wait()
	})
}

// A RealClock's deadline passes inside a bubble while a goroutine of the
// bubble waits on a mutex, which stops the fake clock.
func TestRealClockPassesWhileTheFakeClockStops(t *testing.T) {
	rc := NewRealClock()
	defer rc.Stop()
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		mu.Lock()
		done := make(chan struct{})
		go func() {
			defer close(done)
			mu.Lock() // blocked, not durably: the fake clock stands still
			mu.Unlock()
		}()
		start := time.Now()
		select {
		case <-done:
			t.Fatal("the goroutine got a held mutex")
		case <-rc.After(20 * time.Millisecond):
		}
		if time.Since(start) != 0 {
			t.Errorf("the fake clock moved by %v while a goroutine waited on the mutex", time.Since(start))
		}
		mu.Unlock()
		<-done
	})
}

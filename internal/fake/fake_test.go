package fake

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

const rtt = 100 * time.Millisecond

// Each speed takes the time it promises, and honours or ignores a cancel as it
// says, measured on the fake clock.
func TestSpeeds(t *testing.T) {
	for _, tc := range []struct {
		speed    Speed
		cancelAt time.Duration // 0: never cancelled
		took     time.Duration
		err      error
	}{
		{Instant, 0, 0, nil},
		{Prompt, 0, rtt, nil},
		{Prompt, rtt / 2, rtt / 2, context.Canceled},
		{Slow, 0, Long, nil},
		{Slow, time.Minute, time.Minute, context.Canceled},
		{Hung, time.Minute, time.Minute, context.Canceled},
		{Deaf, time.Minute, Long, context.Canceled},
		{Deaf, 0, Long, nil},
		{Failing, 0, 0, ErrInjected},
	} {
		t.Run(tc.speed.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				if tc.cancelAt > 0 {
					time.AfterFunc(tc.cancelAt, cancel)
				}
				start := time.Now()
				err := tc.speed.Wait(ctx, rtt)
				if took := time.Since(start); took != tc.took {
					t.Errorf("took %v, want %v", took, tc.took)
				}
				if !errors.Is(err, tc.err) && !(err == nil && tc.err == nil) {
					t.Errorf("err = %v, want %v", err, tc.err)
				}
			})
		})
	}
}

func TestAwaitFindsTheCallInside(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var p Points
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- p.Call(ctx, "Keepalive", Hung, rtt) }()
		if !p.Await(t, "Keepalive", 1, time.Minute) {
			t.Fatal("Await gave up")
		}
		if p.In("Keepalive") != 1 || p.Entered("Keepalive") != 1 {
			t.Errorf("In = %d, Entered = %d; want 1 and 1", p.In("Keepalive"), p.Entered("Keepalive"))
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("hung call returned %v after cancel, want context.Canceled", err)
		}
		if p.In("Keepalive") != 0 {
			t.Errorf("In = %d after the call returned, want 0", p.In("Keepalive"))
		}
	})
}

func TestAwaitFailsWhenNobodyComes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var p Points
		r := &failRecorder{TB: t}
		if p.Await(r, "Dial", 1, time.Second) {
			t.Error("Await returned true with nobody inside")
		}
		if !r.failed {
			t.Error("Await did not fail the test")
		}
	})
}

type failRecorder struct {
	testing.TB
	failed bool
}

func (r *failRecorder) Helper()                        {}
func (r *failRecorder) Errorf(format string, a ...any) { r.failed = true }

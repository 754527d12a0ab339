package room

import (
	"context"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestParseURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://192.168.1.20:4000/r/k7p2m9xq4z/": "http://192.168.1.20:4000/r/k7p2m9xq4z",
		" http://h:4000/r/k7p2m9xq4z":            "http://h:4000/r/k7p2m9xq4z",
		"http://h:4000/t/trainerkey/":            "http://h:4000/t/trainerkey",
		"192.168.1.20:4000":                      "",
		"http://h:4000/":                         "",
		"http://h:4000/r/a/b":                    "",
		"http://h:4000/x/abc":                    "",
		"ftp://h/r/k7p2m9xq4z":                   "",
	} {
		got, trainer, err := ParseURL(in)
		if got != want || (err != nil) != (want == "") || trainer != (want != "" && want[len("http://h:4000"):][:3] == "/t/") {
			t.Errorf("ParseURL(%q) = %q, %v, %v; want %q", in, got, trainer, err, want)
		}
	}
}

// listen serves a room at addr (one that was reserved and closed before).
func listen(t *testing.T, ctx context.Context, addr string, s *Server) func() {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s again: %v", addr, err)
	}
	srv := &http.Server{Handler: s.Handler()}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	return func() {
		srv.Shutdown(ctx)
		<-done
	}
}

// A learner whose network drops keeps their verdicts; they reach the room
// once it is back, and the room ends with the latest. A room that comes back
// having lost everything gets the latest verdict of every exercise again.
func TestOfflineLearnerCatchesUp(t *testing.T) {
	defer goleak.VerifyNone(t)
	// Reserve an address, then leave it closed: the room is "down".
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := &Client{URL: "http://" + addr + "/r/" + code, Queue: filepath.Join(t.TempDir(), "queue"), Key: clone(t), HTTP: &http.Client{Timeout: 2 * time.Second}}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for i, status := range []string{"failing", "leaking", "done"} {
		if err := c.Enqueue(rep("Ada", "01_errs_capacity", status, 10*(i+1))); err != nil {
			t.Fatal(err)
		}
		if sent, err := c.Flush(ctx); err == nil || sent != 0 {
			t.Fatalf("room down: sent %d, err %v", sent, err)
		}
	}
	c.Enqueue(rep("Ada", "02_background_task", "leaking", 35))
	if n := c.Pending(); n != 4 {
		t.Fatalf("%d verdicts kept, want 4", n)
	}

	s := MustServer(options())
	stop := listen(t, ctx, addr, s)
	if sent, err := c.Flush(ctx); err != nil || sent != 4 || c.Pending() != 0 {
		t.Fatalf("room back: sent %d, err %v, %d kept", sent, err, c.Pending())
	}
	snap, _, _ := s.snapshot()
	if len(snap.Cells) != 2 {
		t.Fatalf("room has %+v, want Ada on 01 and 02", snap.Cells)
	}
	for _, cell := range snap.Cells {
		if cell.Dir == "01_errs_capacity" && cell.Status != "done" {
			t.Errorf("room has %+v, want Ada done on 01", cell)
		}
	}

	// The room restarts without its store, and is down meanwhile.
	stop()
	c.Enqueue(rep("Ada", "03_channel_statefull", "failing", 50))
	if _, err := c.Flush(ctx); err == nil {
		t.Fatal("the room is down, yet the flush went through")
	}
	s = MustServer(options())
	defer listen(t, ctx, addr, s)()
	if sent, err := c.Flush(ctx); err != nil || sent != 1 {
		t.Fatalf("room back again: sent %d, %v", sent, err)
	}
	if snap, _, _ := s.snapshot(); len(snap.Cells) != 3 {
		t.Errorf("the room that lost everything has %d cells, want Ada's latest 3", len(snap.Cells))
	}

	// A refusal other than "invalid" keeps the verdict; an invalid one drops it.
	c.URL = "http://" + addr + "/r/wrongcode0"
	c.Enqueue(rep("Ada", "02_background_task", "failing", 60))
	var refusal *Refusal
	if _, err := c.Flush(ctx); !errors.As(err, &refusal) || refusal.Status != http.StatusNotFound || c.Pending() != 1 {
		t.Errorf("wrong code: %v, %d kept", err, c.Pending())
	}
	c.URL = "http://" + addr + "/r/" + code
	other := &Client{URL: c.URL, Queue: filepath.Join(t.TempDir(), "other"), Key: clone(t), HTTP: c.HTTP}
	other.Enqueue(rep("Ada", "02_background_task", "done", 70))
	if _, err := other.Flush(ctx); !errors.As(err, &refusal) || refusal.Status != StatusTaken || other.Pending() != 1 {
		t.Errorf("another clone as Ada: %v, %d kept", err, other.Pending())
	}
	bad := rep("Ada", "02_background_task", "failing", 80)
	bad.Exercises[0].Dir = "99_not_in_this_room"
	c.Enqueue(bad)
	if _, err := c.Flush(ctx); !errors.As(err, &refusal) || !refusal.Invalid() || c.Pending() != 0 {
		t.Errorf("an invalid verdict: %v, %d kept", err, c.Pending())
	}
}

// The queue is bounded: the oldest verdicts go first.
func TestQueueIsBounded(t *testing.T) {
	c := &Client{Queue: t.TempDir()}
	for i := range maxQueued + 5 {
		if err := c.Enqueue(rep("Ada", "01_errs_capacity", "failing", i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := c.Pending(); n != maxQueued {
		t.Errorf("%d kept, want %d", n, maxQueued)
	}
}

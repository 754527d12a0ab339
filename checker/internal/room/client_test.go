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
		"http://192.168.1.20:4000/r/k7p2m9xq/": "http://192.168.1.20:4000/r/k7p2m9xq",
		" http://h:4000/r/k7p2m9xq":            "http://h:4000/r/k7p2m9xq",
		"192.168.1.20:4000":                    "",
		"http://h:4000/":                       "",
		"http://h:4000/r/a/b":                  "",
		"ftp://h/r/k7p2m9xq":                   "",
	} {
		got, err := ParseURL(in)
		if got != want || (err != nil) != (want == "") {
			t.Errorf("ParseURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// A learner whose network drops keeps their verdicts; they reach the room,
// in order, once it is back, and the room ends with the latest.
func TestOfflineLearnerCatchesUp(t *testing.T) {
	defer goleak.VerifyNone(t)
	// Reserve an address, then leave it closed: the room is "down".
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := &Client{URL: "http://" + addr + "/r/" + code, Queue: filepath.Join(t.TempDir(), "queue"), HTTP: &http.Client{Timeout: 2 * time.Second}}
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
	if n := c.Pending(); n != 3 {
		t.Fatalf("%d verdicts kept, want 3", n)
	}

	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s again: %v", addr, err)
	}
	s := NewServer(code, cols, time.Minute)
	srv := &http.Server{Handler: s.Handler()}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	defer func() {
		srv.Shutdown(ctx)
		<-done
	}()
	if sent, err := c.Flush(ctx); err != nil || sent != 3 || c.Pending() != 0 {
		t.Fatalf("room back: sent %d, err %v, %d kept", sent, err, c.Pending())
	}
	snap, _, _ := s.snapshot()
	if len(snap.Cells) != 1 || snap.Cells[0].Status != "done" {
		t.Errorf("room has %+v, want Ada done", snap.Cells)
	}

	// A verdict the room refuses is dropped, not retried forever.
	c.URL = "http://" + addr + "/r/wrongcode"
	c.Enqueue(rep("Ada", "02_background_task", "failing", 50))
	if _, err := c.Flush(ctx); !errors.Is(err, ErrRefused) || c.Pending() != 0 {
		t.Errorf("wrong code: %v, %d kept", err, c.Pending())
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

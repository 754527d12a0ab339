package room

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

const code = "k7p2m9xq"

func newRoom(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	srv := httptest.NewServer(NewServer(code, cols, 15*time.Minute).Handler())
	return srv, srv.URL + "/r/" + code
}

func post(t *testing.T, url, ctype string, body []byte) int {
	t.Helper()
	resp, err := http.Post(url+"/report", ctype, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// Without the room code there is nothing to see and nowhere to post.
func TestRoomCodeKeepsStrangersOut(t *testing.T) {
	defer goleak.VerifyNone(t)
	srv, url := newRoom(t)
	defer srv.Close()
	body := encode(t, rep("Ada", "01_errs_capacity", "leaking", 10))
	for _, u := range []string{srv.URL + "/", srv.URL + "/r/", srv.URL + "/r/wrongcode/", srv.URL + "/r/wrongcode/state", srv.URL + "/r/" + code + "x/events"} {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %s, want 404", u, resp.Status)
		}
	}
	if got := post(t, srv.URL+"/r/wrongcode", "application/json", body); got != http.StatusNotFound {
		t.Errorf("post with a wrong code: %d", got)
	}
	if got := post(t, url, "text/plain", body); got != http.StatusUnsupportedMediaType {
		t.Errorf("post as text/plain: %d", got)
	}
	big := bytes.Repeat([]byte(" "), MaxPost+10)
	if got := post(t, url, "application/json", append(big, body...)); got != http.StatusRequestEntityTooLarge {
		t.Errorf("post of %d bytes: %d", len(big), got)
	}
	if got := post(t, url, "application/json", []byte(`{"module":"gohunters","learner":"<img src=x onerror=alert(1)>"}`)); got != http.StatusBadRequest {
		t.Errorf("post without time: %d", got)
	}
	if got := post(t, url, "application/json", body); got != http.StatusNoContent {
		t.Errorf("good post: %d", got)
	}
	resp, err := http.Get(url + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("page without a strict CSP: %q", csp)
	}
}

// sse reads a room's event stream.
type sse struct {
	resp *http.Response
	r    *bufio.Reader
}

func openEvents(t *testing.T, ctx context.Context, url string) *sse {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	return &sse{resp, bufio.NewReader(resp.Body)}
}

// next returns the next event's name and data.
func (s *sse) next() (string, []byte, error) {
	var event string
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			return "", nil, err
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			event = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			return event, []byte(line[len("data: "):]), nil
		}
	}
}

// A page gets the whole room, then every verdict as it is posted; twelve
// learners posting at once all appear.
func TestPageSeesEveryVerdict(t *testing.T) {
	defer goleak.VerifyNone(t)
	srv, url := newRoom(t)
	defer srv.Close()
	if got := post(t, url, "application/json", encode(t, rep("Ada", "01_errs_capacity", "leaking", 10))); got != http.StatusNoContent {
		t.Fatalf("post: %d", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	events := openEvents(t, ctx, url)
	defer events.resp.Body.Close()
	name, data, err := events.next()
	var snap Snapshot
	if err == nil {
		err = json.Unmarshal(data, &snap)
	}
	if err != nil || name != "snapshot" || len(snap.Cells) != 1 || snap.Cells[0].Learner != "Ada" || len(snap.Columns) != len(cols) {
		t.Fatalf("first event %s %s: %v", name, data, err)
	}

	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			body := encode(t, rep(fmt.Sprintf("learner %02d", i), cols[i%3].Dir, "failing", 20))
			if got := post(t, url, "application/json", body); got != http.StatusNoContent {
				t.Errorf("learner %d: %d", i, got)
			}
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for len(seen) < 12 {
		name, data, err := events.next()
		if err != nil {
			t.Fatalf("after %d of 12 learners: %v", len(seen), err)
		}
		var cells []Cell
		if name != "cells" || json.Unmarshal(data, &cells) != nil {
			t.Fatalf("event %s %s", name, data)
		}
		for _, c := range cells {
			seen[c.Learner] = true
		}
	}
}

// A page that falls far behind gets the whole room again instead of a gap.
func TestSlowPageGetsTheRoomAgain(t *testing.T) {
	s := NewServer(code, cols, time.Minute)
	_, seq, _ := s.snapshot()
	for i := range backlog + 10 {
		r := rep(fmt.Sprintf("learner %d", i%MaxLearners), cols[i%3].Dir, "failing", i)
		cells, err := Cells(r, cols)
		if err != nil {
			t.Fatal(err)
		}
		s.add(cells)
	}
	if _, _, _, ok := s.since(seq); ok {
		t.Fatal("a page behind the backlog was sent a partial update")
	}
}

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
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/checker/internal/ident"
	"gohunters/checker/internal/report"
)

const (
	code = "k7p2m9xq4z"
	key  = "trainerkey0123456789abcdef"
)

// clone is a learner's clone of the workshop: its identity.
func clone(t testing.TB) ident.Key {
	t.Helper()
	k, err := ident.Load(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// signed is r as a learner's checker posts it, signed by k.
func signed(t testing.TB, k ident.Key, r report.Report) []byte {
	t.Helper()
	if err := k.Sign(&r); err != nil {
		t.Fatal(err)
	}
	return encode(t, r)
}

func options() Options {
	return Options{Code: code, Key: key, Columns: cols, StuckAfter: 15 * time.Minute, Opened: t0.Add(-time.Hour)}
}

// newRoom is a room kept in memory: its server, learners' and trainer's addresses.
func newRoom(t *testing.T, opts Options) (*httptest.Server, string, string) {
	t.Helper()
	srv := httptest.NewServer(MustServer(opts).Handler())
	t.Cleanup(srv.Close)
	return srv, srv.URL + "/r/" + code, srv.URL + "/t/" + key
}

func post(t testing.TB, url, ctype string, body []byte) int {
	t.Helper()
	resp, err := http.Post(url+"/report", ctype, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

func roomState(t *testing.T, page string) Snapshot {
	t.Helper()
	resp, err := http.Get(page + "/state")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var snap Snapshot
	if err := json.NewDecoder(resp.Body).Decode(&snap); err != nil {
		t.Fatal(err)
	}
	return snap
}

func act(t *testing.T, page, what, name string) int {
	t.Helper()
	resp, err := http.Post(page+"/"+what, "application/json", strings.NewReader(`{"name":`+fmt.Sprintf("%q", name)+`}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Learners can post and see nothing; without the trainer's key there is no
// page; without the code, nowhere to post. What is posted must be a report of
// this workshop signed by a checker.
func TestTwoAddressesKeepStrangersOut(t *testing.T) {
	defer goleak.VerifyNone(t)
	srv, url, page := newRoom(t, options())
	defer srv.Close()
	ada := clone(t)
	body := signed(t, ada, rep("Ada", "01_errs_capacity", "leaking", 10))
	for _, u := range []string{srv.URL + "/", srv.URL + "/r/", srv.URL + "/r/wrongcode0/", url + "/state", url + "/events", url + "/room.js",
		srv.URL + "/t/" + code + "/", srv.URL + "/t/wrongkey/state", page + "x/events"} {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET %s: %s, want 404", u, resp.Status)
		}
	}
	resp, err := http.Get(url + "/")
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(text), "learners' checkers") {
		t.Errorf("the learners' address shows %q", text)
	}
	if got := post(t, srv.URL+"/r/wrongcode0", "application/json", body); got != http.StatusNotFound {
		t.Errorf("post with a wrong code: %d", got)
	}
	if got := post(t, page, "application/json", body); got != http.StatusNotFound && got != http.StatusMethodNotAllowed {
		t.Errorf("post to the trainer's page: %d", got)
	}
	if got := post(t, url, "text/plain", body); got != http.StatusUnsupportedMediaType {
		t.Errorf("post as text/plain: %d", got)
	}
	big := bytes.Repeat([]byte(" "), MaxPost+10)
	if got := post(t, url, "application/json", append(big, body...)); got != StatusTooBig {
		t.Errorf("post of %d bytes: %d", len(big), got)
	}
	if got := post(t, url, "application/json", []byte(`{"module":"gohunters","learner":"<img src=x onerror=alert(1)>"}`)); got != StatusInvalid {
		t.Errorf("post without time: %d", got)
	}
	if got := post(t, url, "application/json", encode(t, rep("Ada", "01_errs_capacity", "done", 10))); got != StatusInvalid {
		t.Errorf("unsigned post: %d", got)
	}
	forged := strings.Replace(string(body), `"status":"leaking"`, `"status":"done"`, 1)
	if got := post(t, url, "application/json", []byte(forged)); got != StatusInvalid {
		t.Errorf("a signed post changed afterwards: %d", got)
	}
	if got := post(t, url, "application/json", body); got != http.StatusNoContent {
		t.Errorf("good post: %d", got)
	}
	resp, err = http.Get(page + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); resp.StatusCode != 200 || !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("trainer's page: %s, CSP %q", resp.Status, csp)
	}
	for _, c := range []string{"", "x", "short", "has space x", "ab/cdefghijk", strings.Repeat("a", 65)} {
		if CheckCode(c) {
			t.Errorf("code %q accepted", c)
		}
	}
	if !CheckCode(NewCode()) || !CheckCode("workshop-2026-tokyo") || len(NewKey()) < 26 {
		t.Error("a good code refused, or a short key")
	}
}

// The first clone to post under a name has it: another clone is refused and
// the trainer sees it tried; the trainer can release the name (a learner who
// cloned again) and remove a learner.
func TestNameBelongsToItsClone(t *testing.T) {
	_, url, page := newRoom(t, options())
	ada, other := clone(t), clone(t)
	if got := post(t, url, "application/json", signed(t, ada, rep("Ada", "01_errs_capacity", "leaking", 10))); got != http.StatusNoContent {
		t.Fatalf("Ada's post: %d", got)
	}
	if got := post(t, url, "application/json", signed(t, other, rep("Ada", "01_errs_capacity", "done", 20))); got != StatusTaken {
		t.Fatalf("another clone posting as Ada: %d, want %d", got, StatusTaken)
	}
	snap := roomState(t, page)
	if len(snap.Cells) != 1 || snap.Cells[0].Status != "leaking" || len(snap.Learners) != 1 || snap.Learners[0].Refused != 1 {
		t.Fatalf("after a post from another clone: %+v %+v", snap.Cells, snap.Learners)
	}
	if got := act(t, page, "release", "Ada"); got != http.StatusNoContent {
		t.Fatalf("release: %d", got)
	}
	if got := post(t, url, "application/json", signed(t, other, rep("Ada", "01_errs_capacity", "done", 20))); got != http.StatusNoContent {
		t.Fatalf("the new clone after the release: %d", got)
	}
	if got := post(t, url, "application/json", signed(t, ada, rep("Ada", "01_errs_capacity", "done", 30))); got != StatusTaken {
		t.Fatalf("the old clone after the release: %d", got)
	}
	if got := act(t, page, "remove", "Ada"); got != http.StatusNoContent {
		t.Fatalf("remove: %d", got)
	}
	if snap := roomState(t, page); len(snap.Cells) != 0 || len(snap.Learners) != 0 {
		t.Errorf("a removed learner is still in the room: %+v %+v", snap.Cells, snap.Learners)
	}
	if got := post(t, url, "application/json", signed(t, other, rep("Ada", "01_errs_capacity", "done", 40))); got != StatusRemoved {
		t.Errorf("a removed learner's post: %d", got)
	}
	if got := act(t, page, "remove", "Nobody"); got != http.StatusNotFound {
		t.Errorf("removing nobody: %d", got)
	}
}

// A room takes as many learners as the trainer set, and each at a bounded pace.
func TestSizeAndPace(t *testing.T) {
	opts := options()
	opts.Size, opts.Rate = 2, Rate{Burst: 3, Every: time.Hour}
	_, url, _ := newRoom(t, opts)
	for i, name := range []string{"Ada", "Bob"} {
		if got := post(t, url, "application/json", signed(t, clone(t), rep(name, cols[i].Dir, "leaking", 10))); got != http.StatusNoContent {
			t.Fatalf("%s: %d", name, got)
		}
	}
	if got := post(t, url, "application/json", signed(t, clone(t), rep("Eve", "01_errs_capacity", "leaking", 10))); got != StatusFull {
		t.Errorf("a third learner in a room of 2: %d", got)
	}
	k := clone(t)
	codes := []int{}
	for i := range 5 {
		codes = append(codes, post(t, url, "application/json", signed(t, k, rep("Carl", "01_errs_capacity", "leaking", 10+i))))
	}
	if codes[0] != StatusFull {
		t.Errorf("Carl in a full room: %v", codes)
	}
	opts.Size = 10
	_, url, _ = newRoom(t, opts)
	codes = codes[:0]
	for i := range 5 {
		codes = append(codes, post(t, url, "application/json", signed(t, k, rep("Carl", "01_errs_capacity", "leaking", 10+5*i))))
	}
	if fmt.Sprint(codes) != fmt.Sprint([]int{204, 204, 204, 429, 429}) {
		t.Errorf("five posts at once with a burst of 3: %v", codes)
	}
}

// The room keeps its own times: a learner's clock, right or wrong, cannot
// freeze a cell or make someone stuck for longer than the room has been open;
// a replayed older verdict does not replace a later one.
func TestTheRoomKeepsTheTime(t *testing.T) {
	now := t0.Add(30 * time.Minute)
	opts := options()
	opts.Now = func() time.Time { return now }
	_, url, page := newRoom(t, opts)
	ada := clone(t)
	future := rep("Ada", "01_errs_capacity", "leaking", 24*60) // a day ahead, 289 attempts
	ancient := t0.Add(-30 * 24 * time.Hour)
	future.Exercises[0].FirstAttempt = &ancient
	if got := post(t, url, "application/json", signed(t, ada, future)); got != http.StatusNoContent {
		t.Fatal(got)
	}
	c := roomState(t, page).Cells[0]
	if !c.Time.Equal(now) || !c.First.Equal(opts.Opened) {
		t.Errorf("cell stamped %v, first %v; want the room's now %v and its opening %v", c.Time, c.First, now, opts.Opened)
	}
	now = now.Add(time.Minute)
	later := rep("Ada", "01_errs_capacity", "done", 24*60+5) // the next attempt, its clock now right
	later.Time = now.Add(-time.Hour)
	if got := post(t, url, "application/json", signed(t, ada, later)); got != http.StatusNoContent {
		t.Fatal(got)
	}
	older := signed(t, ada, rep("Ada", "01_errs_capacity", "failing", 10)) // attempt 3, replayed
	if got := post(t, url, "application/json", older); got != http.StatusNoContent {
		t.Fatal(got)
	}
	if c := roomState(t, page).Cells[0]; c.Status != "done" || c.Solved == nil || !c.Solved.Equal(now) {
		t.Errorf("after the real verdict and a replayed older one: %+v", c)
	}
}

// A room kept in a store survives a restart: code, learners, their clones and the grid.
func TestRoomSurvivesARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "room.db")
	st, err := OpenStore(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenStore(path); err != ErrStoreBusy {
		t.Errorf("a second serve on the same store: %v, want ErrStoreBusy", err)
	}
	opts := options()
	opts.Store = st
	s, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	url := srv.URL + "/r/" + code
	ada := clone(t)
	for i, status := range []string{"failing", "leaking"} {
		if got := post(t, url, "application/json", signed(t, ada, rep("Ada", cols[i].Dir, status, 10))); got != http.StatusNoContent {
			t.Fatal(got)
		}
	}
	post(t, url, "application/json", signed(t, clone(t), rep("Bob", cols[2].Dir, "done", 10)))
	srv.Close()
	st.Close()

	st, err = OpenStore(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	opts.Store = st
	s, err = NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv = httptest.NewServer(s.Handler())
	defer srv.Close()
	url, page := srv.URL+"/r/"+code, srv.URL+"/t/"+key
	snap := roomState(t, page)
	if len(snap.Cells) != 3 || len(snap.Learners) != 2 {
		t.Fatalf("after a restart: %+v %+v", snap.Cells, snap.Learners)
	}
	if got := post(t, url, "application/json", signed(t, clone(t), rep("Ada", cols[0].Dir, "done", 20))); got != StatusTaken {
		t.Errorf("another clone as Ada after a restart: %d", got)
	}
	if got := post(t, url, "application/json", signed(t, ada, rep("Ada", cols[0].Dir, "done", 20))); got != http.StatusNoContent {
		t.Errorf("Ada after a restart: %d", got)
	}
}

// sse reads a room's event stream.
type sse struct {
	resp *http.Response
	r    *bufio.Reader
}

func openEvents(t *testing.T, ctx context.Context, page string) *sse {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, page+"/events", nil)
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
	srv, url, page := newRoom(t, options())
	defer srv.Close()
	if got := post(t, url, "application/json", signed(t, clone(t), rep("Ada", "01_errs_capacity", "leaking", 10))); got != http.StatusNoContent {
		t.Fatalf("post: %d", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	events := openEvents(t, ctx, page)
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
			body := signed(t, clone(t), rep(fmt.Sprintf("learner %02d", i), cols[i%3].Dir, "failing", 20))
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
		var ch Changes
		if name != "changes" || json.Unmarshal(data, &ch) != nil {
			t.Fatalf("event %s %s", name, data)
		}
		for _, c := range ch.Cells {
			seen[c.Learner] = true
		}
	}
	srv.CloseClientConnections()
}

// A page that falls far behind gets the whole room again instead of a gap.
func TestSlowPageGetsTheRoomAgain(t *testing.T) {
	s := MustServer(options())
	_, seq, _ := s.snapshot()
	for i := range backlog + 10 {
		s.apply(fmt.Sprintf("learner %d", i%500), &person{}, []Cell{{Learner: fmt.Sprintf("learner %d", i%500), Dir: cols[i%3].Dir, Status: "failing", Attempts: i}}, t0)
	}
	if _, _, _, ok := s.since(seq); ok {
		t.Fatal("a page behind the backlog was sent a partial update")
	}
	_, seq, _ = s.snapshot()
	s.apply("Ada", &person{}, []Cell{{Learner: "Ada", Dir: cols[0].Dir, Status: "done", Attempts: 1}}, t0)
	if ch, _, _, ok := s.since(seq); !ok || len(ch.Cells) != 1 || ch.Cells[0].Learner != "Ada" {
		t.Errorf("a page one change behind: %+v %v", ch, ok)
	}
}

// BenchmarkPost measures one learner's post, whatever the room's history:
// its cost must not grow with the verdicts the room has taken.
func BenchmarkPost(b *testing.B) {
	for _, history := range []int{0, 4100} {
		b.Run(fmt.Sprintf("history=%d", history), func(b *testing.B) {
			opts := options()
			opts.Size, opts.Rate = 1000, Rate{Burst: 1 << 30, Every: time.Nanosecond}
			s := MustServer(opts)
			h := s.Handler()
			keys := make([]ident.Key, 200)
			for i := range keys {
				keys[i] = clone(b)
			}
			do := func(i int, timed bool) {
				if timed {
					b.StopTimer() // signing is the learner's cost, not the room's
				}
				body := signed(b, keys[i%len(keys)], rep(fmt.Sprintf("learner %03d", i%len(keys)), cols[i%3].Dir, "leaking", 5*(i/len(keys)+1)))
				req := httptest.NewRequest(http.MethodPost, "/r/"+code+"/report", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				if timed {
					b.StartTimer()
				}
				h.ServeHTTP(w, req)
				if w.Code != http.StatusNoContent {
					b.Fatalf("post %d: %d %s", i, w.Code, w.Body)
				}
			}
			for i := range history {
				do(i, false)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				do(history+i, true)
			}
		})
	}
}

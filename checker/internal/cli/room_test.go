package cli

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gohunters/checker/internal/room"
)

// check --room sends the verdict to the trainer's room, with the attempt it
// records; while the room is unreachable the verdict is kept; the report then
// carries attempts, and `room` merges reports into the grid and JUnit.
func TestCheckSendsToTheRoom(t *testing.T) {
	root := freshFixture(t)
	srv := httptest.NewServer(room.NewServer("k7p2m9xq", room.Columns(fixtureExercises), time.Minute).Handler())
	defer srv.Close()
	url := srv.URL + "/r/k7p2m9xq/"
	ctx := context.Background()

	r := checker(t, ctx, root, nil, false, "check", "--room", url, "--name", "Ada <script>", "2")
	if r.code != ExitFail || !strings.Contains(r.stdout, room.MsgRoomSent) {
		t.Fatalf("check 2: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var snap room.Snapshot
	getJSON(t, url+"state", &snap)
	if len(snap.Cells) != 1 || snap.Cells[0].Learner != "Ada <script>" || snap.Cells[0].Status != "leaking" ||
		snap.Cells[0].Attempts != 1 || snap.Cells[0].First == nil || !strings.Contains(snap.Cells[0].Leak, "02_leak") {
		t.Fatalf("room has %+v", snap.Cells)
	}

	srv.Close()
	r = checker(t, ctx, root, nil, false, "check", "--room", url, "--name", "Ada <script>", "1")
	if r.code != ExitPass || !strings.Contains(r.stdout, "unreachable") || !strings.Contains(r.stdout, "1 verdict(s) kept") {
		t.Fatalf("check 1 with the room down: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Kept where the backups are, so that git clean -fdx does not drop them.
	if _, err := os.Stat(filepath.Join(root, ".checker", "room-queue")); err == nil {
		t.Errorf("the verdict was kept in the tree's .checker/, which git clean -fdx deletes")
	}

	// Another room (the next session's, or the right address after a typo)
	// gets this check's verdict, never the one kept for the room that was down.
	other := httptest.NewServer(room.NewServer("z9z9z9z9", room.Columns(fixtureExercises), time.Minute).Handler())
	defer other.Close()
	r = checker(t, ctx, root, nil, false, "check", "--room", other.URL+"/r/z9z9z9z9/", "--name", "Ada <script>", "2")
	if strings.Contains(r.stdout, "kept verdict(s) sent") {
		t.Errorf("the verdict kept for the first room went to another:\n%s", r.stdout)
	}
	getJSON(t, other.URL+"/r/z9z9z9z9/state", &snap)
	if len(snap.Cells) != 1 || snap.Cells[0].Dir != "02_leak" {
		t.Errorf("the other room has %+v, want only exercise 02's verdict", snap.Cells)
	}

	if r := checker(t, ctx, root, nil, false, "check", "--room", "192.168.1.2:4000", "1"); r.code != ExitUsage {
		t.Errorf("a room address without http:// and code: exit %d", r.code)
	}

	for _, name := range []string{"Ada <script>", "Bob"} {
		r = checker(t, ctx, root, nil, false, "report", "--json", "--all", "--name", name, "1", "2")
		if !strings.Contains(r.stdout, `"attempts": 1`) || !strings.Contains(r.stdout, `"first_attempt"`) || !strings.Contains(r.stdout, `"solved"`) {
			t.Fatalf("report without attempts:\n%s", r.stdout)
		}
		os.WriteFile(filepath.Join(root, strings.ToLower(name[:3])+".json"), []byte(r.stdout), 0o644)
	}
	bad := filepath.Join(root, "bad.json")
	os.WriteFile(bad, []byte(`{"module":"gohunters","learner":"Eve","extra":1}`), 0o644)

	junit := filepath.Join(root, "room.xml")
	r = checker(t, ctx, root, nil, false, "room", "--junit", junit, "ada.json", "bob.json", "bad.json")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "bad.json") {
		t.Errorf("a bad file: exit %d\n%s", r.code, r.stderr)
	}
	mustContain(t, r.stdout, "Room: 2 learner(s), 2 exercise(s) attempted", "Ada <script>  ok 1× 0m", "Bob", "Stuck most:", "02 Leaks: 2 of 2")
	mustContain(t, string(mustRead(t, junit)), `<testsuite name="Ada &lt;script&gt;"`, `<testsuite name="Bob"`)
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := httpGet(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

var httpGet = http.Get

// hint --trainer shows the card, and is not counted as a hint.
func TestHintTrainerCard(t *testing.T) {
	root := freshFixture(t)
	r := checker(t, context.Background(), root, nil, false, "hint", "--trainer", "1")
	if r.code != ExitPass || !strings.Contains(r.stdout, "no trainer card yet") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(root, ".checker", "state.txt")); err == nil {
		t.Error("hint --trainer recorded a hint")
	}
}

// watch --room keeps the verdicts it cannot send while the room is down, and
// the room catches up when it is back.
func TestWatchCatchesTheRoomUp(t *testing.T) {
	root := freshFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // the room is down
	url := "http://" + addr + "/r/k7p2m9xq/"

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := new(lockedBuffer)
	done := make(chan int)
	go func() {
		done <- Main(ctx, Env{Args: []string{"watch", "--room", url, "--name", "Ada", "7"}, Stdout: w, Stderr: w, Cwd: root,
			Getenv: func(string) string { return "" }, Exercises: fixtureExercises, SumsText: fixtureSums(t)})
	}()
	waitFor := func(s string) { t.Helper(); w.waitFor(t, s) }
	waitFor("1 verdict(s) kept")

	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s again: %v", addr, err)
	}
	s := room.NewServer("k7p2m9xq", room.Columns(fixtureExercises), time.Minute)
	srv := &http.Server{Handler: s.Handler()}
	go srv.Serve(ln)
	defer srv.Close()

	src := filepath.Join(root, "exercises", "07_fail", "div.go")
	fixed := strings.Replace(string(mustRead(t, src)), "n / 3", "n / 2", 1)
	if err := os.WriteFile(src, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(room.MsgRoomCaughtUp[:len("room: back online")])
	var snap room.Snapshot
	getJSON(t, url+"state", &snap)
	if len(snap.Cells) != 1 || snap.Cells[0].Status != "done" || snap.Cells[0].Attempts != 2 || snap.Cells[0].Solved == nil {
		t.Errorf("room has %+v, want Ada done on 07 after 2 attempts", snap.Cells)
	}
	cancel()
	if code := <-done; code != ExitPass {
		t.Errorf("watch exited %d", code)
	}
}

// freshFixture is a copy of the fixture without the learner state that other
// tests' check runs on the shared fixture recorded (attempts).
func freshFixture(t *testing.T) string {
	t.Helper()
	root := copyFixture(t)
	if err := os.RemoveAll(filepath.Join(root, ".checker", "state.txt")); err != nil {
		t.Fatal(err)
	}
	return root
}

// serve prints the room's address, serves the page, and stops on Ctrl-C even
// while a page holds its event stream open.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := new(lockedBuffer)
	done := make(chan int)
	go func() {
		done <- Main(ctx, Env{Args: []string{"serve", "--listen", "127.0.0.1:0", "--code", "k7p2m9xq"}, Stdout: w, Stderr: w,
			Cwd: fixtureRoot, Getenv: func(string) string { return "" }, Exercises: fixtureExercises})
	}()
	addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+/r/k7p2m9xq/`)
	url := ""
	for deadline := time.Now().Add(10 * time.Second); url == ""; time.Sleep(10 * time.Millisecond) {
		url = addr.FindString(w.String())
		if time.Now().After(deadline) {
			t.Fatalf("serve printed no address:\n%s", w.String())
		}
	}
	resp, err := http.Get(url)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %v %v", url, err, resp)
	}
	resp.Body.Close()
	events, err := http.Get(url + "events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	cancel()
	select {
	case code := <-done:
		if code != ExitPass {
			t.Errorf("serve exited %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10 s of Ctrl-C with a page open")
	}
	mustContain(t, w.String(), "Bound to 127.0.0.1 only", room.MsgServeBye)
}

// With a Japanese locale, what --room, room and hint --trainer say is Japanese.
func TestRoomSpeaksTheLearnersLanguage(t *testing.T) {
	root := freshFixture(t)
	srv := httptest.NewServer(room.NewServer("k7p2m9xq", room.Columns(fixtureExercises), time.Minute).Handler())
	defer srv.Close()
	ctx := context.Background()
	ja := map[string]string{"LANG": "ja_JP.UTF-8"}

	r := checker(t, ctx, root, ja, false, "check", "--room", srv.URL+"/r/k7p2m9xq/", "--name", "田中", "2")
	if r.code != ExitFail || !strings.Contains(r.stdout, room.T("ja", room.MsgRoomSent)) {
		t.Fatalf("check 2: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := checker(t, ctx, root, ja, false, "check", "--room", "192.168.1.2:4000", "1"); r.code != ExitUsage ||
		!strings.Contains(r.stderr, "--room には講師の `serve` が表示したアドレスを指定する") {
		t.Errorf("a bad room address: exit %d\n%s", r.code, r.stderr)
	}
	if r := checker(t, ctx, root, ja, false, "room"); r.code != ExitUsage || !strings.Contains(r.stderr, "room には受講者のレポートファイルが必要") {
		t.Errorf("room without files: exit %d\n%s", r.code, r.stderr)
	}
	r = checker(t, ctx, root, ja, false, "hint", "--trainer", "1")
	if r.code != ExitPass || !strings.Contains(r.stdout, "演習 01 にはまだ講師カードがない") {
		t.Errorf("hint --trainer: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// An exercise is named by number or by its folder as the shell completes it,
// from the root or from another exercise's folder.
func TestExerciseNamedByFolder(t *testing.T) {
	root := freshFixture(t)
	for _, tc := range []struct{ cwd, name string }{
		{root, "01_ok"}, {root, "exercises/01_ok/"}, {root, "./exercises/01_ok"},
		{filepath.Join(root, "exercises", "02_leak"), "../01_ok/"},
	} {
		r := checker(t, context.Background(), tc.cwd, nil, false, "hint", "--trainer", tc.name)
		if r.code != ExitPass || !strings.Contains(r.stdout, "exercise 01 ") {
			t.Errorf("hint --trainer %s: exit %d\n%s%s", tc.name, r.code, r.stdout, r.stderr)
		}
	}
	if r := checker(t, context.Background(), root, nil, false, "hint", "--trainer", "./exercises/99_none"); r.code != ExitUsage {
		t.Errorf("an unknown folder: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

package cli

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gohunters/checker/internal/cmdenv"
	"gohunters/checker/internal/room"
)

// The online binary's commands run in-process in these tests, on the
// fixture's exercises.
func init() {
	onlineForTests = func(ctx context.Context, env cmdenv.Env, args []string) int {
		env.Exercises = fixtureExercises
		switch args[0] {
		case "serve":
			return room.Serve(ctx, env, args[1:])
		case "room":
			return room.Room(ctx, env, args[1:])
		case "post":
			return room.Post(ctx, env, args[1:])
		}
		panic("no online command " + args[0])
	}
}

const (
	testCode = "k7p2m9xq4z"
	testKey  = "trainerkey0123456789abcdef"
)

// testRoom is a room kept in memory: its learners' and trainer's addresses.
func testRoom(t *testing.T, code string) (*httptest.Server, string, string) {
	t.Helper()
	s := room.MustServer(room.Options{Code: code, Key: testKey, Columns: room.Columns(fixtureExercises), StuckAfter: time.Minute})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv, srv.URL + "/r/" + code + "/", srv.URL + "/t/" + testKey + "/"
}

// touch changes an exercise's code without changing what it does: the
// learner's first change to it.
func touch(t *testing.T, root, rel string) {
	t.Helper()
	path := filepath.Join(root, "exercises", rel)
	b := mustRead(t, path)
	if err := os.WriteFile(path, append(b, []byte("\n// tried something\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// check --room sends the verdict to the trainer's room, with the attempt it
// records; while the room is unreachable the verdict is kept; the report then
// carries attempts, and `room` merges reports into the grid and JUnit.
func TestCheckSendsToTheRoom(t *testing.T) {
	root := freshFixture(t)
	srv, url, page := testRoom(t, testCode)
	ctx := context.Background()

	touch(t, root, "02_leak/leak.go")
	r := checker(t, ctx, root, nil, false, "check", "--room", url, "--name", "Ada <script>", "2")
	if r.code != ExitFail || !strings.Contains(r.stdout, room.MsgRoomSent) {
		t.Fatalf("check 2: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var snap room.Snapshot
	getJSON(t, page+"state", &snap)
	if len(snap.Cells) != 1 || snap.Cells[0].Learner != "Ada <script>" || snap.Cells[0].Status != "leaking" ||
		snap.Cells[0].Attempts != 1 || snap.Cells[0].First == nil || !strings.Contains(snap.Cells[0].Leak, "02_leak") {
		t.Fatalf("room has %+v", snap.Cells)
	}

	srv.Close()
	touch(t, root, "01_ok/sum.go")
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
	_, otherURL, otherPage := testRoom(t, "z9z9z9z9z9")
	r = checker(t, ctx, root, nil, false, "check", "--room", otherURL, "--name", "Ada <script>", "2")
	if strings.Contains(r.stdout, "kept verdict(s) sent") {
		t.Errorf("the verdict kept for the first room went to another:\n%s", r.stdout)
	}
	getJSON(t, otherPage+"state", &snap)
	if len(snap.Cells) != 1 || snap.Cells[0].Dir != "02_leak" {
		t.Errorf("the other room has %+v, want only exercise 02's verdict", snap.Cells)
	}

	for _, bad := range []string{"192.168.1.2:4000", otherPage} {
		if r := checker(t, ctx, root, nil, false, "check", "--room", bad, "1"); r.code != ExitUsage {
			t.Errorf("--room %s: exit %d", bad, r.code)
		}
	}

	for _, name := range []string{"Ada <script>", "Bob"} {
		r = checker(t, ctx, root, nil, false, "report", "--json", "--all", "--name", name, "1", "2")
		if !strings.Contains(r.stdout, `"attempts": 1`) || !strings.Contains(r.stdout, `"first_attempt"`) || !strings.Contains(r.stdout, `"solved"`) ||
			!strings.Contains(r.stdout, `"signature"`) {
			t.Fatalf("report without attempts or signature:\n%s", r.stdout)
		}
		os.WriteFile(filepath.Join(root, strings.ToLower(name[:3])+".json"), []byte(r.stdout), 0o644)
	}
	bad := filepath.Join(root, "bad.json")
	os.WriteFile(bad, []byte(`{"module":"gohunters","learner":"Eve","extra":1}`), 0o644)
	// Bob claims exercise 02 done in his report file.
	bob := filepath.Join(root, "bob.json")
	os.WriteFile(bob, []byte(strings.Replace(string(mustRead(t, bob)), `"status": "leaking"`, `"status": "done"`, 1)), 0o644)

	junit := filepath.Join(root, "room.xml")
	r = checker(t, ctx, root, nil, false, "room", "--junit", junit, "ada.json", "bob.json", "bad.json")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "bad.json") {
		t.Errorf("a bad file: exit %d\n%s", r.code, r.stderr)
	}
	mustContain(t, r.stdout, "Room: 2 learner(s), 2 exercise(s) attempted", "Ada <script>", "ok 1× 0m", "Bob", "Stuck most:",
		"Bob: the report was changed after the checker wrote it")
	if strings.Contains(r.stdout, "Ada <script>: the report") {
		t.Errorf("Ada's untouched report is not to be trusted:\n%s", r.stdout)
	}
	mustContain(t, string(mustRead(t, junit)), `<testsuite name="Ada &lt;script&gt;"`, `<testsuite name="Bob"`)

	// room reads a live room from the trainer's address, never the learners'.
	r = checker(t, ctx, root, nil, false, "room", otherPage)
	if r.code != ExitPass || !strings.Contains(r.stdout, "Room: 1 learner(s), 1 exercise(s) attempted") {
		t.Errorf("room %s: exit %d\n%s%s", otherPage, r.code, r.stdout, r.stderr)
	}
	if r := checker(t, ctx, root, nil, false, "room", otherURL); r.code != ExitUsage || !strings.Contains(r.stderr, "learners' address") {
		t.Errorf("room with the learners' address: exit %d\n%s", r.code, r.stderr)
	}
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

// A learner's clock starts with their first change: watch's first grading of
// the exercise as shipped, and check N before any edit, are not attempts and
// send nothing; the first edit is attempt 1, and the room shows what the
// learner's report says.
func TestTheClockStartsWithTheFirstChange(t *testing.T) {
	root := freshFixture(t)
	_, url, page := testRoom(t, testCode)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	r := checker(t, ctx, root, nil, false, "check", "--room", url, "--name", "Ada", "7")
	if r.code != ExitFail || strings.Contains(r.stdout, "room:") {
		t.Fatalf("check 7 as shipped: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	w := new(lockedBuffer)
	done := make(chan int)
	go func() {
		done <- Main(ctx, Env{Args: []string{"watch", "--room", url, "--name", "Ada", "7"}, Stdout: w, Stderr: w, Cwd: root,
			Getenv: func(string) string { return "" }, Exercises: fixtureExercises, SumsText: fixtureSums(t)})
	}()
	w.waitFor(t, "07")
	var snap room.Snapshot
	getJSON(t, page+"state", &snap)
	if len(snap.Cells) != 0 {
		t.Fatalf("grading exercise 07 as shipped put %+v in the room", snap.Cells)
	}
	touch(t, root, "07_fail/div.go")
	w.waitFor(t, room.MsgRoomSent)
	cancel()
	<-done
	getJSON(t, page+"state", &snap)
	if len(snap.Cells) != 1 || snap.Cells[0].Attempts != 1 || snap.Cells[0].First == nil || snap.Cells[0].Status != "failing" {
		t.Fatalf("after the first change the room has %+v, want attempt 1 failing", snap.Cells)
	}

	// The learner's report, merged by room, agrees with the live page.
	r = checker(t, context.Background(), root, nil, false, "report", "--json", "--name", "Ada")
	os.WriteFile(filepath.Join(root, "ada.json"), []byte(r.stdout), 0o644)
	files := checker(t, context.Background(), root, nil, false, "room", "ada.json")
	live := checker(t, context.Background(), root, nil, false, "room", page)
	if files.code != ExitPass || live.code != ExitPass || files.stdout != live.stdout {
		t.Errorf("the merged report and the live room differ:\n%s\n---\n%s%s%s", files.stdout, live.stdout, files.stderr, live.stderr)
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
	url := "http://" + addr + "/r/" + testCode + "/"

	touch(t, root, "07_fail/div.go")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := new(lockedBuffer)
	done := make(chan int)
	go func() {
		done <- Main(ctx, Env{Args: []string{"watch", "--room", url, "--name", "Ada", "7"}, Stdout: w, Stderr: w, Cwd: root,
			Getenv: func(string) string { return "" }, Exercises: fixtureExercises, SumsText: fixtureSums(t)})
	}()
	w.waitFor(t, "1 verdict(s) kept")

	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s again: %v", addr, err)
	}
	s := room.MustServer(room.Options{Code: testCode, Key: testKey, Columns: room.Columns(fixtureExercises), StuckAfter: time.Minute})
	srv := &http.Server{Handler: s.Handler()}
	go srv.Serve(ln)
	defer srv.Close()

	src := filepath.Join(root, "exercises", "07_fail", "div.go")
	fixed := strings.Replace(string(mustRead(t, src)), "n / 3", "n / 2", 1)
	if err := os.WriteFile(src, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	var snap room.Snapshot
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		getJSON(t, "http://"+addr+"/t/"+testKey+"/state", &snap)
		if len(snap.Cells) == 1 && snap.Cells[0].Status == "done" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("room has %+v, want Ada done on 07\n%s", snap.Cells, w.String())
		}
	}
	if snap.Cells[0].Attempts != 2 || snap.Cells[0].Solved == nil {
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

// serve, forwarded to the online binary, prints the learners' address and
// the trainer's page, serves them, and stops on Ctrl-C even while a page
// holds its event stream open.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := new(lockedBuffer)
	done := make(chan int)
	store := filepath.Join(t.TempDir(), "room.db")
	go func() {
		done <- Main(ctx, Env{Args: []string{"--listen", "127.0.0.1:0", "serve", "--code", testCode, "--store", store}, Stdout: w, Stderr: w,
			Cwd: fixtureRoot, Getenv: func(string) string { return "" }, Exercises: fixtureExercises})
	}()
	learners := regexp.MustCompile(`http://127\.0\.0\.1:\d+/r/` + testCode + `/`)
	trainer := regexp.MustCompile(`http://127\.0\.0\.1:\d+/t/[a-z0-9]+/`)
	w.waitFor(t, "The room is kept in")
	url, page := learners.FindString(w.String()), trainer.FindString(w.String())
	if url == "" || page == "" {
		t.Fatalf("serve printed no addresses:\n%s", w.String())
	}
	for _, u := range []string{url, page} {
		resp, err := http.Get(u)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %v %v", u, err, resp)
		}
		resp.Body.Close()
	}
	events, err := http.Get(page + "events")
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
	_, url, _ := testRoom(t, testCode)
	ctx := context.Background()
	ja := map[string]string{"LANG": "ja_JP.UTF-8"}

	touch(t, root, "02_leak/leak.go")
	r := checker(t, ctx, root, ja, false, "check", "--room", url, "--name", "田中", "2")
	if r.code != ExitFail || !strings.Contains(r.stdout, room.T("ja", room.MsgRoomSent)) {
		t.Fatalf("check 2: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := checker(t, ctx, root, ja, false, "check", "--room", "192.168.1.2:4000", "1"); r.code != ExitUsage ||
		!strings.Contains(r.stderr, "--room には講師の serve が表示した受講者用のアドレスを指定してください") {
		t.Errorf("a bad room address: exit %d\n%s", r.code, r.stderr)
	}
	if r := checker(t, ctx, root, ja, false, "room"); r.code != ExitUsage || !strings.Contains(r.stderr, "room には受講者のレポートファイル") {
		t.Errorf("room without files: exit %d\n%s", r.code, r.stderr)
	}
	r = checker(t, ctx, root, ja, false, "hint", "--trainer", "1")
	if r.code != ExitPass || !strings.Contains(r.stdout, "演習 01 にはまだ講師カードがありません") {
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

// The light checker compiles none of the room: its server, store and page
// are the online binary's.
func TestCheckerDoesNotCompileTheRoom(t *testing.T) {
	b, err := exec.Command("go", "list", "-deps", "gohunters/checker").Output()
	if err != nil {
		t.Fatal(err)
	}
	out := string(b)
	for _, pkg := range []string{"net/http", "crypto/tls", "gohunters/checker/internal/room", "go.etcd.io/bbolt", "github.com/chromedp/chromedp"} {
		if regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(pkg) + `$`).MatchString(out) {
			t.Errorf("go run ./checker compiles %s", pkg)
		}
	}
}

package room

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gohunters/checker/internal/cmdenv"
	"gohunters/checker/internal/grade"
)

// The address to give learners is the one this machine is reached at,
// whatever its range: a LAN outside the private ranges (carrier-grade NAT,
// public addresses) no longer reads 127.0.0.1.
func TestLANAddressWhateverItsRange(t *testing.T) {
	defer func(a func() ([]net.Addr, error), r func() net.IP) { interfaceAddrs, routeAddr = a, r }(interfaceAddrs, routeAddr)
	cidr := func(s string) *net.IPNet { ip, n, _ := net.ParseCIDR(s); n.IP = ip; return n }
	interfaceAddrs = func() ([]net.Addr, error) {
		return []net.Addr{cidr("127.0.0.1/8"), cidr("169.254.3.3/16"), cidr("100.64.3.7/10"), cidr("203.0.113.9/24"), cidr("fe80::1/64")}, nil
	}
	routeAddr = func() net.IP { return nil } // no route: a closed network
	if best, others := LANAddress(); best != "100.64.3.7" || strings.Join(others, " ") != "203.0.113.9" {
		t.Errorf("without a route: %s, others %v", best, others)
	}
	routeAddr = func() net.IP { return net.ParseIP("203.0.113.9") }
	if best, others := LANAddress(); best != "203.0.113.9" || strings.Join(others, " ") != "100.64.3.7" {
		t.Errorf("with a route: %s, others %v", best, others)
	}
	interfaceAddrs = func() ([]net.Addr, error) { return []net.Addr{cidr("127.0.0.1/8")}, nil }
	routeAddr = func() net.IP { return nil }
	if best, _ := LANAddress(); best != "127.0.0.1" {
		t.Errorf("loopback only: %s", best)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// serve runs Serve with args until it has printed its store, then stops it.
func serve(t *testing.T, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := new(syncBuffer)
	done := make(chan int, 1)
	go func() {
		done <- Serve(ctx, cmdenv.Env{Stdout: out, Stderr: out, Getenv: func(string) string { return "" }, Cwd: t.TempDir()}, args)
	}()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), "The room is kept in"); time.Sleep(10 * time.Millisecond) {
		select {
		case code := <-done:
			return code, out.String()
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve %v printed:\n%s", args, out.String())
		}
	}
	cancel()
	return <-done, out.String()
}

// serve keeps its room in a store and resumes it; a code must be long enough
// not to be guessed; a room open to the network on a Go older than the
// patched one says so.
func TestServeResumesItsRoom(t *testing.T) {
	defer func(v func() string) { goVersion = v }(goVersion)
	goVersion = func() string { return "go1.26.8" }
	store := filepath.Join(t.TempDir(), "room.db")
	learners := regexp.MustCompile(`/r/([a-z0-9-]+)/`)
	code, out := serve(t, "--listen", "127.0.0.1:0", "--store", store)
	first := learners.FindStringSubmatch(out)
	if code != ExitPass || first == nil || strings.Contains(out, "Resumed") || strings.Contains(out, "warning") {
		t.Fatalf("serve: exit %d\n%s", code, out)
	}
	code, out = serve(t, "--listen", "127.0.0.1:0", "--store", store)
	if again := learners.FindStringSubmatch(out); code != ExitPass || again == nil || again[1] != first[1] || !strings.Contains(out, "Resumed the room") {
		t.Errorf("serve again: exit %d, want code %s\n%s", code, first[1], out)
	}
	if code, out := serve(t, "--listen", "127.0.0.1:0", "--store", store, "--code", "another-room-code"); code != ExitUsage || !strings.Contains(out, "has the code "+first[1]) {
		t.Errorf("serve --code with another room's store: exit %d\n%s", code, out)
	}
	if code, out := serve(t, "--listen", "127.0.0.1:0", "--store", store, "--code", "x"); code != ExitUsage || !strings.Contains(out, `--code "x" would let strangers guess it`) {
		t.Errorf("serve --code x: exit %d\n%s", code, out)
	}
	code, out = serve(t, "--listen", "127.0.0.1:0", "--store", store, "--new")
	if fresh := learners.FindStringSubmatch(out); code != ExitPass || fresh == nil || fresh[1] == first[1] {
		t.Errorf("serve --new: exit %d\n%s", code, out)
	}
	code, out = serve(t, "--listen", "0.0.0.0:0", "--store", store)
	if code != ExitPass || !strings.Contains(out, "warning: the room is open to the network and runs on go1.26.8, older than "+MinPatchedGo) ||
		!strings.Contains(out, "Bound to every interface") {
		t.Errorf("serve on every interface with an old Go: exit %d\n%s", code, out)
	}
	goVersion = func() string { return MinPatchedGo }
	if code, out := serve(t, "--listen", "0.0.0.0:0", "--store", store); code != ExitPass || strings.Contains(out, "warning") {
		t.Errorf("serve on every interface with %s: exit %d\n%s", MinPatchedGo, code, out)
	}
}

// A pass the race detector could not check is marked in the room: ok*.
func TestRaceNotCheckedIsMarked(t *testing.T) {
	r := rep("Ada", "01_errs_capacity", "done", 12)
	r.Exercises[0].Race, r.Exercises[0].RaceNote = string(grade.RaceUnavailable), "CGO_ENABLED=0"
	g := grid(t, r, rep("Bob", "01_errs_capacity", "done", 12))
	var buf bytes.Buffer
	if err := g.WriteText(&buf, t0.Add(20*time.Minute), time.Hour); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, "ok* 3× 12m") || strings.Count(out, "ok*") != 2 { // Ada's cell and the legend
		t.Errorf("the grid does not mark Ada's unchecked pass, or marks Bob's:\n%s", out)
	}
}

// post takes the report piped to it, with or without "-", under --name,
// signed with the clone's identity kept in --store; with nothing piped it
// only sends what is queued.
func TestPostTakesThePipedReport(t *testing.T) {
	srv, url, page := newRoom(t, options())
	defer srv.Close()
	store := t.TempDir()
	post := func(stdin string, args ...string) (int, string) {
		var out bytes.Buffer
		env := cmdenv.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }, Cwd: t.TempDir()}
		return Post(context.Background(), env, append([]string{"--room", url + "/", "--name", "Ada", "--store", store}, args...)), out.String()
	}
	body := string(encode(t, rep("someone else", "01_errs_capacity", "leaking", 10)))
	if code, out := post(body); code != ExitPass || !strings.Contains(out, MsgRoomSent) {
		t.Fatalf("a piped report: exit %d\n%s", code, out)
	}
	if code, out := post(string(encode(t, rep("x", "02_background_task", "failing", 10))), "-"); code != ExitPass || !strings.Contains(out, MsgRoomSent) {
		t.Fatalf("post -: exit %d\n%s", code, out)
	}
	if code, out := post(""); code != ExitPass || out != "" {
		t.Errorf("nothing piped: exit %d\n%s", code, out)
	}
	if code, out := post("{not json"); code != ExitUsage || !strings.Contains(out, "is not one") {
		t.Errorf("not a report: exit %d\n%s", code, out)
	}
	snap := roomState(t, page)
	if len(snap.Cells) != 2 || snap.Cells[0].Learner != "Ada" {
		t.Errorf("the room has %+v, want Ada's two verdicts", snap.Cells)
	}
	if code, out := post("", "--room", page+"/"); code != ExitUsage || !strings.Contains(out, "is the trainer's page") {
		t.Errorf("post to the trainer's page: exit %d\n%s", code, out)
	}
}

// serve --help gives each flag's default as flagtext words it, in the
// session's language, not a bare value in parentheses.
func TestServeHelpDefaults(t *testing.T) {
	for lang, want := range map[string]string{"ja": "(既定: 127.0.0.1:4000)", "en": " (default 127.0.0.1:4000)"} {
		var out bytes.Buffer
		code := Serve(context.Background(), cmdenv.Env{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }, Cwd: t.TempDir()}, []string{"--lang", lang, "--help"})
		if code != ExitPass || !strings.Contains(out.String(), want) {
			t.Errorf("%s: exit %d, want %q in\n%s", lang, code, want, out.String())
		}
	}
}

// Why a report or a name is refused is said in the session's language,
// with the name as the learner gave it.
func TestRefusalInJapanese(t *testing.T) {
	ja := func(string) string { return "ja_JP.UTF-8" }
	var out bytes.Buffer
	code := Post(context.Background(), cmdenv.Env{Stdout: &out, Stderr: &out, Getenv: ja, Cwd: t.TempDir()},
		[]string{"--room", "http://127.0.0.1:4000/r/k7p2m9xq/", "--name", "Ada\x01", "--check"})
	if want := `--name "Ada\x01" はルームに表示できません: 不正なレポート: 受講者の名前に制御文字が含まれています`; code != ExitUsage || !strings.Contains(out.String(), want) {
		t.Errorf("post with a bad name: exit %d, want %q in\n%s", code, want, out.String())
	}
	file := filepath.Join(t.TempDir(), "r.json")
	if err := os.WriteFile(file, []byte(`{"module": "gohunters"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	code = Room(context.Background(), cmdenv.Env{Stdout: &out, Stderr: &out, Getenv: ja, Cwd: t.TempDir()}, []string{file})
	if want := "不正なレポート: 受講者の名前がありません(report --name)"; code != ExitUsage || !strings.Contains(out.String(), want) || strings.Contains(out.String(), "invalid report") {
		t.Errorf("room with a report without a name: exit %d, want %q in\n%s", code, want, out.String())
	}
}

// room --help in Japanese: a value name placed in the description reads
// once (「指定した名前」, not 「名前名前」).
func TestRoomHelpValueNames(t *testing.T) {
	var out bytes.Buffer
	Room(context.Background(), cmdenv.Env{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "ja_JP.UTF-8" }, Cwd: t.TempDir()}, []string{"--help"})
	for _, want := range []string{"指定した名前を解放し", "指定した名前の受講者を"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "名前名前") {
		t.Errorf("a value name read twice:\n%s", out.String())
	}
}

package explain

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

const ex01 = "/repo/exercises/01_errs_capacity"

// testOutput reads a go test -json capture and returns the output of test name.
func testOutput(t *testing.T, path, name string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var sb strings.Builder
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var ev struct{ Action, Test, Output string }
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatal(err)
		}
		if ev.Action == "output" && ev.Test == name {
			sb.WriteString(ev.Output)
		}
	}
	return sb.String()
}

// The capture is real: go test -json ./exercises/01_errs_capacity/ on the shipped
// exercise, with the checkout's path replaced by /repo.
func TestGoleakReportOfExercise01(t *testing.T) {
	out := testOutput(t, "testdata/ex01_leak.json", "TestWatchFails/3000_keys")
	if !HasGoleakReport(out) {
		t.Fatalf("no leak found in %q", out)
	}
	gs := ParseStacks(out)
	if len(gs) != 2 {
		t.Fatalf("got %d goroutines, want 2: %+v", len(gs), gs)
	}
	g := gs[0]
	if g.State != "chan send" || g.Count != 2998 {
		t.Errorf("first goroutine: state %q count %d, want chan send 2998", g.State, g.Count)
	}
	ws := Locate(gs, ex01)
	if len(ws) != 2 {
		t.Fatalf("Locate kept %d, want 2", len(ws))
	}
	w := ws[0]
	if w.StuckAt.File != ex01+"/agent.go" || w.StuckAt.Line != 45 || w.Started.Line != 44 {
		t.Errorf("stuck at %v started at %v, want agent.go:45 started at agent.go:44", w.StuckAt, w.Started)
	}
	if !strings.HasSuffix(w.Func, "Run.func2") {
		t.Errorf("func %q", w.Func)
	}
}

func TestEveryFailureOfExercise01NamesTheLeak(t *testing.T) {
	for _, name := range []string{"TestRegisterFails/1_keys", "TestRegisterFails/3_keys", "TestWatchFails/2_keys", "TestCallerCancels/5_keys"} {
		ws := Locate(ParseStacks(testOutput(t, "testdata/ex01_leak.json", name)), ex01)
		if len(ws) == 0 {
			t.Errorf("%s: no leaked goroutine located", name)
		}
		for _, w := range ws {
			if w.State != "chan send" || w.StuckAt.Line == 0 || w.Started.Line == 0 {
				t.Errorf("%s: %+v", name, w)
			}
		}
	}
}

// A SIGQUIT dump (the runtime's format, with gp= m= fields and fp= sp= pc=
// suffixes) taken while TestRegisterFails/1_keys reported its leak.
func TestSIGQUITDump(t *testing.T) {
	b, err := os.ReadFile("testdata/ex01_sigquit.txt")
	if err != nil {
		t.Fatal(err)
	}
	gs := ParseStacks(string(b))
	if len(gs) < 5 {
		t.Fatalf("only %d goroutines parsed", len(gs))
	}
	ws := Locate(gs, ex01)
	if len(ws) != 1 || ws[0].State != "chan send" || ws[0].StuckAt.Line != 45 || ws[0].Started.Line != 44 {
		t.Fatalf("located %+v, want one goroutine stuck in chan send at agent.go:45", ws)
	}
}

func TestTimeoutPanic(t *testing.T) {
	out := `panic: test timed out after 2s
	running tests:
		TestHang (2s)

goroutine 17 [running]:
testing.(*M).startAlarm.func1()
	/usr/local/go/src/testing/testing.go:2682 +0x345
created by time.goFunc
	/usr/local/go/src/time/sleep.go:215 +0x2d

goroutine 7 [sync.Mutex.Lock]:
internal/sync.runtime_SemacquireMutex(0xc00001c0a4?, 0x0?, 0x0?)
	/usr/local/go/src/runtime/sema.go:95 +0x25
sync.(*Mutex).Lock(...)
	/usr/local/go/src/sync/mutex.go:46
gohunters/exercises/04_hang.(*Cache).Get(0xc00001c0a0, {0x5d9a1b, 0x1})
	/repo/exercises/04_hang/cache.go:20 +0x5b
gohunters/exercises/04_hang.TestHang(0xc000003340?)
	/repo/exercises/04_hang/cache_test.go:9 +0x3e
testing.tRunner(0xc000003340, 0x5e8f48)
	/usr/local/go/src/testing/testing.go:1934 +0xea
created by testing.(*T).Run in goroutine 1
	/usr/local/go/src/testing/testing.go:1997 +0x465
`
	p := FindPanic(out)
	if p == nil || !p.Timeout || len(p.Running) != 1 || p.Running[0] != "TestHang" {
		t.Fatalf("panic %+v", p)
	}
	ws := Locate(p.Goroutines, "/repo/exercises/04_hang")
	if len(ws) != 1 || ws[0].State != "sync.Mutex.Lock" || ws[0].StuckAt.Line != 20 || ws[0].Func != "gohunters/exercises/04_hang.(*Cache).Get" {
		t.Fatalf("located %+v", ws)
	}
}

func TestCompileErrors(t *testing.T) {
	out := "# gohunters/exercises/03_x\nexercises/03_x/a.go:7:2: undefined: foo\nvet: exercises/03_x/a.go:9: bad\n"
	es := CompileErrors(out)
	if len(es) != 2 || es[0].File != "exercises/03_x/a.go" || es[0].Line != 7 || es[0].Col != 2 || es[0].Message != "undefined: foo" || es[1].Line != 9 {
		t.Fatalf("%+v", es)
	}
}

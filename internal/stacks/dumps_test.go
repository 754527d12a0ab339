package stacks

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The dumps in testdata/go1.26.8 and testdata/go1.27.3 are real: written by
// testdata/gen (see its comment) on each Go.
var versions = []string{"go1.26.8", "go1.27.3"}

func readDump(t *testing.T, version, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", version, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// headers counts the goroutine headers a dump prints, the way a person would:
// every one must come back as a goroutine, none silently lost.
func headers(text string) int {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimPrefix(strings.TrimSpace(l), "[")
		if strings.HasPrefix(l, "goroutine ") && strings.HasSuffix(l, "]:") || strings.HasPrefix(l, "Goroutine ") {
			n++
		}
	}
	return n
}

func TestEveryRealDumpReads(t *testing.T) {
	for _, v := range versions {
		entries, err := os.ReadDir(filepath.Join("testdata", v))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			t.Run(v+"/"+e.Name(), func(t *testing.T) {
				text := readDump(t, v, e.Name())
				gs, err := ParseDump(text)
				if err != nil {
					t.Fatal(err)
				}
				if len(gs) != headers(text) {
					t.Errorf("%d goroutines, the dump has %d headers", len(gs), headers(text))
				}
				for _, g := range gs {
					if g.State == "" || len(g.Stack) == 0 && !strings.Contains(g.Text, "stack unavailable") {
						t.Errorf("goroutine %d read without state or stack:\n%s", g.ID, g.Text)
					}
					for _, f := range append(append([]Frame{}, g.Stack...), g.Ancestors...) {
						if f.Func == "" || f.File == "" || f.Line == 0 {
							t.Errorf("goroutine %d: frame %+v", g.ID, f)
						}
					}
				}
				// The lenient reader finds the same goroutines and no error.
				lg, err := ParseLog(text)
				if err != nil || len(lg) != len(gs) {
					t.Errorf("ParseLog: %d goroutines, %v", len(lg), err)
				}
			})
		}
	}
}

// find returns the goroutines whose top own frame is fn.
func find(gs []Goroutine, fn string) []Goroutine {
	var out []Goroutine
	for _, g := range gs {
		for _, f := range g.Stack {
			if f.Func == fn {
				out = append(out, g)
				break
			}
		}
	}
	return out
}

func TestRealDumpContents(t *testing.T) {
	for _, v := range versions {
		for _, name := range []string{"stack.txt", "goroutine.txt", "panic.txt", "sigquit.txt", "sigquit_crash.txt", "goleak.txt"} {
			gs, err := ParseDump(readDump(t, v, name))
			if err != nil {
				t.Fatalf("%s/%s: %v", v, name, err)
			}
			sends := find(gs, "main.block.func1")
			if len(sends) != 3 {
				t.Fatalf("%s/%s: %d goroutines in main.block.func1, want 3", v, name, len(sends))
			}
			g := sends[0]
			if g.State != "chan send" || g.CreatedBy.Func != "main.block" || !strings.HasSuffix(g.CreatedBy.File, "gen/main.go") || g.Top().Line == 0 {
				t.Errorf("%s/%s: %+v", v, name, g)
			}
			for fn, state := range map[string]string{"main.block.func2": "chan receive", "main.block.func3": "select",
				"main.block.func4": "sync.Mutex.Lock", "main.block.func5": "sync.RWMutex.RLock", "main.block.func6": "sync.Cond.Wait",
				"main.block.func7": "sync.WaitGroup.Wait", "main.block.func8": "sleep"} {
				if got := find(gs, fn); len(got) != 1 || got[0].State != state {
					t.Errorf("%s/%s: %s: %d goroutines, state %q, want %q", v, name, fn, len(got), got[0].State, state)
				}
			}
		}
	}
}

func TestRealAncestors(t *testing.T) {
	for _, v := range versions {
		gs, err := ParseDump(readDump(t, v, "ancestors.txt"))
		if err != nil {
			t.Fatal(err)
		}
		deepest := 0
		for _, g := range find(gs, "main.nested") {
			deepest = max(deepest, len(g.Ancestors))
			if len(g.Ancestors) > 0 && g.Ancestors[len(g.Ancestors)-1].Func != "main.main" {
				t.Errorf("%s: goroutine %d's oldest ancestor frame is %v, want main.main", v, g.ID, g.Ancestors[len(g.Ancestors)-1])
			}
		}
		// nested(0) was started by nested(1), by nested(2), by nested(3), by block.
		if deepest < 6 {
			t.Errorf("%s: at most %d ancestor frames, want the creators' chain back to main.main", v, deepest)
		}
	}
}

// Go 1.27's goroutineleak profile: every goroutine, the leaked ones marked.
func TestRealGoroutineLeakProfile(t *testing.T) {
	gs, err := ParseDump(readDump(t, "go1.27.3", "goroutineleak.txt"))
	if err != nil {
		t.Fatal(err)
	}
	leaked := map[string]int{}
	for _, g := range gs {
		if g.Leaked {
			leaked[g.State]++
		}
	}
	if leaked["chan send"] != 3 || leaked["chan receive"] != 1 || leaked["sync.WaitGroup.Wait"] != 1 {
		t.Errorf("leaked: %v", leaked)
	}
}

// goleak's report names goroutines by goleak's header and keeps the runtime's marks.
func TestRealGoleakReport(t *testing.T) {
	gs, err := ParseDump(readDump(t, "go1.27.3", "goleak.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(gs[0].Text, "Goroutine ") || !gs[0].Leaked || gs[0].ID == 0 {
		t.Errorf("%+v", gs[0])
	}
}

// A change in the format is an error that names the line, not a goroutine
// fewer: every kind of line, spoiled in a real dump.
func TestUnrecognisedLinesAreErrors(t *testing.T) {
	text := readDump(t, "go1.26.8", "goroutine.txt")
	lines := strings.Split(text, "\n")
	at := func(prefix string) int {
		for i, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return i
			}
		}
		t.Fatalf("no line starts with %q", prefix)
		return 0
	}
	spoil := map[string]func() (int, string){
		"a new kind of line in a stack": func() (int, string) {
			i := at("main.block.func1()")
			return i + 1, "\tframe pointer 0x1234"
		},
		"a header in a new format": func() (int, string) {
			i := at("goroutine ") + 1
			for !strings.HasPrefix(lines[i], "goroutine ") {
				i++
			}
			return i, "goroutine #7 is in chan send:"
		},
		"a file line without its number": func() (int, string) {
			i := at("main.block.func1()") + 1
			return i, "\t/src/main.go +0x1e"
		},
	}
	for name, f := range spoil {
		t.Run(name, func(t *testing.T) {
			i, bad := f()
			mod := append(append(append([]string{}, lines[:i]...), bad), lines[i+1:]...)
			_, err := ParseDump(strings.Join(mod, "\n"))
			var le *LineError
			if !errors.As(err, &le) || le.Line != i+1 || le.Text != bad {
				t.Fatalf("error %v, want line %d %q", err, i+1, bad)
			}
			if _, err := ParseLog(strings.Join(mod, "\n")); err == nil && !strings.HasPrefix(bad, "goroutine #") {
				t.Errorf("ParseLog accepted %q", bad)
			}
		})
	}
	t.Run("cut off after a function", func(t *testing.T) {
		i := at("main.block.func1()")
		_, err := ParseDump(strings.Join(lines[:i+1], "\n"))
		var le *LineError
		if !errors.As(err, &le) || le.Line != i+1 {
			t.Fatalf("error %v, want line %d", err, i+1)
		}
	})
	t.Run("not a dump", func(t *testing.T) {
		for _, s := range []string{"", "hello\n", "<html><body>404 page not found</body></html>\n", "goroutine profile: total 3\n"} {
			if _, err := ParseDump(s); !errors.Is(err, ErrNoGoroutine) {
				t.Errorf("%q: %v", s, err)
			}
		}
	})
}

// The workshop's own goleak reports, inside real go test output
// (checker/internal/judge/testdata), read without an error.
func TestRealTestLogs(t *testing.T) {
	logs, _ := filepath.Glob("../../checker/internal/judge/testdata/go1.*/*/test.out")
	if len(logs) == 0 {
		t.Fatal("no test logs in ../../checker/internal/judge/testdata")
	}
	for _, p := range logs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		gs, err := ParseLog(string(b))
		if err != nil || len(gs) == 0 {
			t.Errorf("%s: %d goroutines, %v", p, len(gs), err)
		}
	}
}

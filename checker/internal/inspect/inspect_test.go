package inspect

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"gohunters/internal/catalogue"
	"gohunters/internal/i18n/i18ntest"
)

const shipped = `// Package cache is an exercise as shipped.
package cache

import (
	"fmt"
	"sync"
)

type Cache struct{ mu sync.Mutex }

func (c *Cache) Close() error { fmt.Println("closing"); return nil }
`

func TestRefusesWhatAFixAdds(t *testing.T) {
	for _, tc := range []struct {
		name, code string
		want       string // a substring of the one finding, "" for none
	}{
		{"an honest fix", `package cache
import ("context"; "fmt"; "sync"; "time")
type Cache struct{ mu sync.Mutex; cancel context.CancelFunc; wg sync.WaitGroup }
func (c *Cache) Close() error { c.cancel(); c.wg.Wait(); fmt.Println("closed", time.Now()); return nil }
`, ""},
		{"testing.Testing switches the leak off", `package cache
import "testing"
func leakUnlessTested() bool { return !testing.Testing() }
`, `cache.go:2: imports testing`},
		{"exit in init", `package cache
import "os"
func init() { os.Exit(0) }
`, `cache.go:3: calls os.Exit`},
		{"renamed os", `package cache
import sys "os"
func init() { sys.Exit(0) }
`, `calls os.Exit`},
		{"syscall exit", `package cache
import "syscall"
func init() { syscall.Exit(0) }
`, `imports syscall`},
		{"run filter in os.Args", `package cache
import "os"
func init() { os.Args = append(os.Args, "-test.run=^$") }
`, `uses os.Args`},
		{"one argument", `package cache
import "os"
func init() { os.Args[1] = "-test.skip=." }
`, `uses os.Args`},
		{"forged framing", `package cache
import "fmt"
func init() { fmt.Print("--- PASS: TestClose (0.00s)\n") }
`, `framing ("--- PASS")`},
		{"forged test2json marker", "package cache\nimport \"fmt\"\nfunc init() { fmt.Print(\"\\x16=== RUN\") }\n", `framing`},
		{"linkname", `package cache
import _ "unsafe"
//go:linkname now runtime.nanotime
func now() int64
`, `imports unsafe`},
		{"flag.Set", `package cache
import "flag"
func init() { flag.Set("test.run", "^$") }
`, `imports flag`},
		{"GODEBUG in the environment", `package cache
import "os"
func init() { os.Setenv("GODEBUG", "asynctimerchan=1") }
`, `calls os.Setenv`},
		{"exit through a func value", `package cache
import "os"
var quit = os.Exit
func init() { quit(0) }
`, `cache.go:3: calls os.Exit`},
		{"standard output replaced", `package cache
import "os"
func init() { os.Stdout = nil }
`, `replaces or closes os.Stdout`},
		{"standard output closed", `package cache
import "os"
func init() { os.Stdout.Close() }
`, `replaces or closes os.Stdout`},
		{"standard output reopened", `package cache
import "os"
var out = os.NewFile(1, "out")
`, `replaces or closes os.NewFile`},
		{"under test by the executable's name", `package cache
import ("os"; "strings")
var underTest = strings.HasSuffix(os.Args[0], ".test")
`, `uses os.Args`},
		{"under test by the environment", `package cache
import "os"
var underTest = os.Getenv("GOHUNTERS") != ""
`, `calls os.Getenv`},
		{"under test by the call stack", `package cache
import "runtime"
func underTest() bool { pc := make([]uintptr, 32); return runtime.Callers(0, pc) > 20 }
`, `calls runtime.Callers`},
		{"a process signalled", `package cache
import "os"
func init() { p, _ := os.FindProcess(os.Getpid()); p.Kill() }
`, `calls os.FindProcess`},
		{"cgo", "package cache\n// #include <stdlib.h>\nimport \"C\"\nfunc init() { C.exit(0) }\n", `imports C`},
		{"a module the shipped code does not use", `package cache
import "github.com/stretchr/testify/assert"
var _ = assert.True
`, `imports github.com/stretchr/testify/assert`},
		{"under test by the testing package", `package cache
import "testing"
var underTest = testing.Testing()
`, `imports testing`},
		{"under test by the command line", `package cache
import "os"
var cmdline, _ = os.ReadFile("/proc/self/cmdline")
`, `mentions "/proc/"`},
		{"under test by the test files beside it", `package cache
import "os"
var _, statErr = os.Stat("cache_test.go")
`, `mentions "_test.go"`},
		{"errgroup is a fix's", `package cache
import "golang.org/x/sync/errgroup"
var _ errgroup.Group
`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Code(map[string][]byte{"cache.go": []byte(tc.code), "cache_test.go": []byte("package cache\nimport \"testing\"\n")},
				map[string][]byte{"cache.go": []byte(shipped)})
			if tc.want == "" {
				if len(got) != 0 {
					t.Errorf("refused an honest fix: %v", got)
				}
				return
			}
			if len(got) == 0 || !strings.Contains(got[0].String(), tc.want) {
				t.Errorf("findings %v, want the first to contain %q", got, tc.want)
			}
		})
	}
}

// What the exercise's code already did as shipped is its own: exercise 19's
// CheckCache imports testing.
func TestShippedConstructsAllowed(t *testing.T) {
	code := "package cachetest\nimport \"testing\"\nfunc CheckCache(t *testing.T) {}\n"
	if got := Code(map[string][]byte{"check.go": []byte(code)}, map[string][]byte{"check.go": []byte(code)}); len(got) != 0 {
		t.Errorf("refused what the exercise shipped with: %v", got)
	}
}

// Files the go command would assemble or link are not a fix, unless shipped.
func TestForeignFiles(t *testing.T) {
	got := Code(map[string][]byte{"exit_amd64.s": []byte("TEXT ·exit(SB),0,$0\n"), "notes.txt": []byte("mine")}, nil)
	if len(got) != 1 || got[0].Rule != MsgForeign || got[0].String() != "exit_amd64.s: adds exit_amd64.s, a file the go command would assemble, compile with cgo or link: a fix of this exercise is Go code" {
		t.Errorf("findings %v", got)
	}
	if got := Code(map[string][]byte{"x.s": nil}, map[string][]byte{"x.s": nil}); len(got) != 0 {
		t.Errorf("refused a shipped file: %v", got)
	}
}

func TestLinknameWithoutUnsafeImportInThisFile(t *testing.T) {
	code := "package cache\n//go:linkname now runtime.nanotime\nfunc now() int64\n"
	got := Code(map[string][]byte{"cache.go": []byte(code)}, nil)
	if len(got) != 2 || got[0].Rule != MsgLinkname || got[0].Line != 2 || got[1].Rule != MsgBodyless {
		t.Errorf("findings %v, want the linkname on line 2, then the declaration without a body", got)
	}
}

func TestJapanese(t *testing.T) {
	en := i18ntest.Consts(t, ".", "Msg")
	i18ntest.Complete(t, en, editions["ja"], "messages_ja.go")
	f := Finding{File: "cache.go", Line: 3, Rule: MsgExit, Arg: "os.Exit"}
	if got := f.In("ja"); !strings.HasPrefix(got, "cache.go:3: os.Exit を呼んでいます") {
		t.Errorf("In(ja) = %q", got)
	}
}

// Every reference solution passes: nothing a correct fix needs is refused.
func TestSolutionsPass(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	for _, e := range catalogue.Exercises {
		files := goFiles(t, e.SolutionIn(root))
		for name, b := range files { // as a learner would have it: in the exercise's folder
			files[name] = bytes.ReplaceAll(b, []byte(`"gohunters/solutions/`+e.Dir), []byte(`"gohunters/exercises/`+e.Dir))
		}
		shipped := goFiles(t, e.DirIn(root))
		for _, f := range Code(files, shipped) {
			t.Errorf("solutions/%s: %s", e.Dir, f)
		}
	}
}

// Every other correct design of the wrong-fix corpus passes too.
func TestCorpusDesignsPass(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	for _, e := range catalogue.Exercises {
		a, err := txtar.ParseFile(filepath.Join(root, "internal", "verify", "corpus", e.Dir+".txtar"))
		if err != nil {
			continue
		}
		designs := map[string]map[string][]byte{}
		for _, f := range a.Files {
			rest, ok := strings.CutPrefix(f.Name, "design/")
			if !ok {
				continue
			}
			slug, name, _ := strings.Cut(rest, "/")
			if designs[slug] == nil {
				designs[slug] = goFiles(t, e.SolutionIn(root))
			}
			designs[slug][name] = f.Data
		}
		shipped := goFiles(t, e.DirIn(root))
		for slug, files := range designs {
			for _, f := range Code(files, shipped) {
				t.Errorf("%s design/%s: %s", e.Dir, slug, f)
			}
		}
	}
}

func goFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

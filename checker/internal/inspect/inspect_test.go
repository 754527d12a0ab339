package inspect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
`, `changes os.Args`},
		{"one argument", `package cache
import "os"
func init() { os.Args[1] = "-test.skip=." }
`, `changes os.Args`},
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

func TestLinknameWithoutUnsafeImportInThisFile(t *testing.T) {
	code := "package cache\n//go:linkname now runtime.nanotime\nfunc now() int64\n"
	got := Code(map[string][]byte{"cache.go": []byte(code)}, nil)
	if len(got) != 1 || got[0].Rule != MsgLinkname || got[0].Line != 2 {
		t.Errorf("findings %v, want the linkname on line 2", got)
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
		shipped := goFiles(t, e.DirIn(root))
		for _, f := range Code(files, shipped) {
			t.Errorf("solutions/%s: %s", e.Dir, f)
		}
	}
}

func goFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = b
	}
	return out
}

package cli

// Rows of issue 26's hostile matrix about escapes, limits and wrong words:
// each case is run for real where it can be (the fixture graded by the real
// go test, a real reset of a real store) and asserts the words the learner
// reads. Cases that need a unix system are in matrix_escapes_unix_test.go.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gohunters/checker/internal/runner"
	"gohunters/checker/internal/ui"
)

// A run that could not write for lack of space is said as a full disk, with
// what to do, in both languages: never as a failure to start or to compile.
func TestDiskFullWords(t *testing.T) {
	for _, tc := range []struct {
		lang, want string
	}{
		{"en", "the disk is full: go: writing /x/01.test: no space left on device.\nFree some space (go clean -cache"},
		{"ja", "ディスクがいっぱいです: go: writing /x/01.test: no space left on device。"},
	} {
		var errb bytes.Buffer
		a := &app{}
		a.errp = &ui.Printer{W: &errb, Lang: tc.lang}
		err := fmt.Errorf("grading 01: %w", &runner.DiskFullError{Said: "go: writing /x/01.test: no space left on device"})
		if code := a.runError(err); code != ExitUsage {
			t.Errorf("%s: exit %d, want %d (the machine's fault, not the exercise's)", tc.lang, code, ExitUsage)
		}
		mustContain(t, errb.String(), tc.want)
		for _, wrong := range []string{"cannot start", "go test could not run", "go test を実行できませんでした"} {
			if strings.Contains(errb.String(), wrong) {
				t.Errorf("%s: a full disk is said as %q:\n%s", tc.lang, wrong, errb.String())
			}
		}
	}
}

// storeDir is the store of the checker's memory that a command made in
// config (hints, backups), found by its state file.
func storeDir(t *testing.T, config string) string {
	t.Helper()
	states, _ := filepath.Glob(filepath.Join(config, "gohunters", "*", "state.txt"))
	if len(states) != 1 {
		t.Fatalf("want one store in %s, found state files %v", config, states)
	}
	return filepath.Dir(states[0])
}

// A reset whose backup cannot be made (here its folder cannot be created, as
// on a full disk) says it could not reset and changed nothing, in both
// languages; never that the exercise "was missing; nothing to back up". The
// learner's code stays, and no backup is listed.
func TestResetWithoutRoomForABackupChangesNothing(t *testing.T) {
	root, config := copyFixture(t), t.TempDir()
	o := opts{config: config}
	if r := run(t, root, o, "hint", "1"); r.code != ExitPass {
		t.Fatalf("hint 1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A file where the backups' folder goes: Begin's MkdirAll fails, even as root.
	write(t, filepath.Join(storeDir(t, config), "backup"), []byte("not a folder\n"))
	write(t, filepath.Join(root, sumGo), mine)
	for _, tc := range []struct {
		lang          string
		want, missing []string
	}{
		{"en", []string{"cannot reset exercise 01", "backup failed", "Nothing was changed"}, []string{"was missing", "nothing to back up", "back as shipped", "saved in"}},
		{"ja", []string{"演習 01 を戻せません", "何も変更していません"}, []string{"バックアップするものはありません", "was missing"}},
	} {
		r := run(t, root, o, "--lang", tc.lang, "reset", "1")
		if r.code != ExitFail {
			t.Errorf("%s: reset 1 exit %d, want %d\n%s%s", tc.lang, r.code, ExitFail, r.stdout, r.stderr)
		}
		mustContain(t, r.stderr, tc.want...)
		for _, w := range tc.missing {
			if strings.Contains(r.stdout+r.stderr, w) {
				t.Errorf("%s: reset 1 says %q:\n%s%s", tc.lang, w, r.stdout, r.stderr)
			}
		}
		if !bytes.Equal(mustRead(t, filepath.Join(root, sumGo)), mine) {
			t.Fatalf("%s: a reset that could not back up changed sum.go", tc.lang)
		}
	}
	r := run(t, root, o, "restore", "1")
	mustContain(t, r.stdout, "exercise 01 has no backups")
}

// The exercise folder replaced by a file, or by a link to a folder elsewhere:
// reset keeps it in a backup under the folder's name and brings the exercise
// back as shipped; a link's folder is left as it was.
func TestResetFolderReplacedByFileOrLink(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(t *testing.T, ex string) func(t *testing.T, kept string)
	}{
		{"a file", func(t *testing.T, ex string) func(*testing.T, string) {
			write(t, ex, mine)
			return func(t *testing.T, kept string) {
				if fi, err := os.Lstat(kept); err != nil || !fi.Mode().IsRegular() || !bytes.Equal(mustRead(t, kept), mine) {
					t.Errorf("backup's 01_ok: %v, %v; want the learner's file, byte for byte", fi, err)
				}
			}
		}},
		{"a link to a folder", func(t *testing.T, ex string) func(*testing.T, string) {
			elsewhere := t.TempDir()
			write(t, filepath.Join(elsewhere, "sum.go"), mine)
			if err := os.Symlink(elsewhere, ex); err != nil {
				t.Fatal(err)
			}
			return func(t *testing.T, kept string) {
				if got, err := os.Readlink(kept); err != nil || got != elsewhere {
					t.Errorf("backup's 01_ok links to %q (%v), want %q", got, err, elsewhere)
				}
				if !bytes.Equal(mustRead(t, filepath.Join(elsewhere, "sum.go")), mine) {
					t.Error("the folder the link pointed to changed")
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root, config := copyFixture(t), t.TempDir()
			ex := filepath.Join(root, "exercises", "01_ok")
			if err := os.RemoveAll(ex); err != nil {
				t.Fatal(err)
			}
			check := tc.make(t, ex)
			r := run(t, root, opts{config: config}, "reset", "1")
			if r.code != ExitPass {
				t.Fatalf("reset 1: exit %d, want %d\n%s%s", r.code, ExitPass, r.stdout, r.stderr)
			}
			mustContain(t, r.stdout, "back as shipped", "01_ok were taken out")
			m := savedIn.FindStringSubmatch(r.stdout)
			if m == nil {
				t.Fatalf("reset 1 names no backup:\n%s", r.stdout)
			}
			check(t, filepath.Join(m[1], "01_ok"))
			if fi, err := os.Lstat(ex); err != nil || !fi.IsDir() {
				t.Fatalf("exercises/01_ok after reset: %v, %v; want a folder", fi, err)
			}
			for _, f := range []string{"sum.go", "sum_test.go"} {
				if !bytes.Equal(mustRead(t, filepath.Join(ex, f)), shipped1(t, f)) {
					t.Errorf("%s is not as shipped after reset", f)
				}
			}
			r = run(t, root, opts{config: config}, "restore", "1")
			mustContain(t, r.stdout, "backups of exercise 01", "restore 1 latest")
		})
	}
}

// syncTestSum is the fixture's test of exercise 01 run in a synctest bubble,
// which asynctimerchan=1 breaks ("synctest.Run not supported with
// asynctimerchan!=0").
const syncTestSum = `package sum

import (
	"testing"
	"testing/synctest"

	"go.uber.org/goleak"

	"gohunters/internal/leakcheck"
)

func TestSum(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	synctest.Test(t, func(t *testing.T) {
		if got := Sum([]int{1, 2, 3}); got != 6 {
			t.Fatalf("Sum = %d, want 6", got)
		}
	})
}
`

// GODEBUG=asynctimerchan=1 in the learner's environment would break every
// test that runs in a synctest bubble: the checker leaves it out (and says
// so), on the fast path (the test binary run directly) and through go test
// -json (--no-fast), and the exercise is done.
func TestGODEBUGAsyncTimerChanLeftOut(t *testing.T) {
	root := copyFixture(t)
	writeFile(t, filepath.Join(root, "exercises", "01_ok", "sum_test.go"), syncTestSum)
	withSums := func(e *Env) { e.SumsText = sumsText(root) }
	if r := checkerWith(t, context.Background(), root, nil, false, withSums, "check", "1"); r.code != ExitPass {
		t.Fatalf("as shipped in a synctest bubble, no GODEBUG: exit %d, want %d\n%s%s", r.code, ExitPass, r.stdout, r.stderr)
	}
	t.Setenv("GODEBUG", "asynctimerchan=1")
	for _, args := range [][]string{{"check", "1"}, {"check", "--no-fast", "1"}} {
		r := checkerWith(t, context.Background(), root, nil, false, withSums, args...)
		if r.code != ExitPass || !strings.Contains(listLine(r.stdout, 1), "done") {
			t.Errorf("%v with GODEBUG=asynctimerchan=1: exit %d, want %d and done\n%s%s", args, r.code, ExitPass, r.stdout, r.stderr)
		}
		if strings.Contains(r.stdout, "asynctimerchan") {
			t.Errorf("%v: the tests saw asynctimerchan:\n%s", args, r.stdout)
		}
		mustContain(t, r.stderr, "not used for grading", "GODEBUG=asynctimerchan=1")
	}
}

// 500 MB printed in 1 MB lines, then the test's own failure: a failing
// exercise, with the test's message, never "called os.Exit", ten times in a
// row (it once was in 4 runs of 10); the same flood with the right sum is
// done ten times.
func TestFloodOfLongLinesIsNotAnExit(t *testing.T) {
	slowHole(t, "prints 500 MB through the checker twenty times (about 8 minutes on two cores)")
	for _, tc := range []struct {
		name, ret string
		code      int
		want      string
	}{
		{"failing", "0", ExitFail, "Sum = 0, want 6"},
		{"passing", "len(xs) * 2", ExitPass, "done"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := copyFixture(t)
			editSum(t, root, `"fmt"; "strings"`, `line := strings.Repeat("x", 1<<20)
	for i := 0; i < 500; i++ {
		fmt.Println(line)
	}
	return `+tc.ret)
			for i := range 10 {
				r := checker(t, context.Background(), root, nil, false, "check", "1")
				if r.code != tc.code {
					t.Errorf("run %d: exit %d, want %d\n%.3000s%s", i+1, r.code, tc.code, r.stdout, r.stderr)
				}
				if !strings.Contains(r.stdout, tc.want) || strings.Contains(r.stdout, "os.Exit") || strings.Contains(r.stdout, "exited") {
					t.Errorf("run %d: want %q and never an exit, got:\n%.3000s%s", i+1, tc.want, r.stdout, r.stderr)
				}
			}
		})
	}
}

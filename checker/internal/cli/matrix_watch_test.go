package cli

// Cases of issue 26's hostile matrix: watch after an exercise folder went
// away and came back, the per-test timeout on a busy machine, and resets and
// restores run at once as separate processes.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gohunters/internal/catalogue"
)

// waitAfter waits until s has been written after the first from bytes, for
// two minutes at most, and returns where it ends.
func (l *lockedBuffer) waitAfter(t *testing.T, from int, s string) int {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		out := l.String()
		if i := strings.Index(out[from:], s); i >= 0 {
			return from + i + len(s)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %q after what was shown before; after it:\n%s", s, out[from:])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// watch moves: the exercise folder moved away and back. The watch says the
// folder is missing while it is away, and grades what came back (here: the
// broken version, put in while it was away), never staying on the verdict of
// before; also when it comes back before the watch could see it go.
func TestWatchAfterFolderMovedAwayAndBack(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	for _, poll := range []bool{false, true} {
		name := "notify"
		if poll {
			name = "poll"
		}
		t.Run(name, func(t *testing.T) {
			root := copyFixture(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			w := new(lockedBuffer)
			done := make(chan int, 1)
			args := []string{"watch", "7"}
			if poll {
				args = append(args, "--poll")
			}
			go func() {
				done <- Main(ctx, Env{Args: args, Stdout: w, Stderr: w, Cwd: root,
					Getenv: func(string) string { return "" }, Exercises: fixtureExercises, SumsText: fixtureSums(t)})
			}()
			dir := filepath.Join(root, "exercises", "07_fail")
			away := filepath.Join(root, "07_fail.away")
			src := filepath.Join(dir, "div.go")
			broken := string(mustRead(t, src))
			fixed := strings.Replace(broken, "n / 3", "n / 2", 1)
			move := func(from, to string) {
				t.Helper()
				if err := os.Rename(from, to); err != nil {
					t.Fatal(err)
				}
			}

			at := w.waitAfter(t, 0, "save a file to re-grade")
			if !strings.Contains(w.String(), "Fails   failing") {
				t.Fatalf("exercise 07 as shipped is not failing:\n%s", w.String())
			}
			writeFile(t, src, fixed)
			at = w.waitAfter(t, at, "Fails   done")
			at = w.waitAfter(t, at, "save a file to re-grade")

			// Away, seen away, then back with the broken version.
			move(dir, away)
			at = w.waitAfter(t, at, "Fails   missing")
			at = w.waitAfter(t, at, "save a file to re-grade")
			writeFile(t, filepath.Join(away, "div.go"), broken)
			move(away, dir)
			at = w.waitAfter(t, at, "Fails   failing")
			at = w.waitAfter(t, at, "save a file to re-grade")

			// Fixed while away, back at once: the watch may never see it go.
			move(dir, away)
			writeFile(t, filepath.Join(away, "div.go"), fixed)
			move(away, dir)
			at = w.waitAfter(t, at, "Fails   done")
			at = w.waitAfter(t, at, "save a file to re-grade")

			// And it still sees a save in the folder that came back.
			writeFile(t, src, broken)
			w.waitAfter(t, at, "Fails   failing")
			cancel()
			if code := <-done; code != ExitPass {
				t.Errorf("watch exited %d, want %d", code, ExitPass)
			}
		})
	}
}

// An explicit --timeout is the learner's: not scaled, however busy the machine.
func TestExplicitTimeoutNotScaled(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	root := copyFixture(t)
	editSum(t, root, `"time"`, `time.Sleep(time.Hour)
	return 0`)
	r := checkerWith(t, context.Background(), root, nil, false, func(e *Env) {
		e.Busy = func() float64 { return 1000 } // would be tenfold: 30s
	}, "check", "1", "--timeout", "3s")
	if r.code != ExitFail {
		t.Errorf("exit %d, want %d", r.code, ExitFail)
	}
	mustContain(t, r.stdout, "timed out after 3s in TestSum")
}

// The default per-test timeout (20 s) is scaled by how busy the machine is,
// at most tenfold; one given with --timeout (explain's included) is not.
func TestTimeoutScaledOnlyByDefault(t *testing.T) {
	for _, c := range []struct {
		args []string
		busy float64
		want time.Duration
	}{
		{nil, 1, 20 * time.Second},
		{nil, 0.2, 20 * time.Second},
		{nil, 3, 60 * time.Second},
		{nil, 1000, 200 * time.Second},
		{[]string{"--timeout", "3s"}, 1000, 3 * time.Second},
		{[]string{"--timeout=20s"}, 4, 20 * time.Second},
		{[]string{"--timeout", "1m"}, 1, time.Minute},
	} {
		a := &app{Env: Env{Busy: func() float64 { return c.busy }}}
		if err := a.flagSet().Parse(c.args); err != nil {
			t.Fatalf("%q: %v", c.args, err)
		}
		if got := a.testTimeout(); got != c.want {
			t.Errorf("flags %q, %v tasks per CPU: timeout %v, want %v", c.args, c.busy, got, c.want)
		}
	}
}

// buildChecker builds the real checker for a test that runs it as separate processes.
func buildChecker(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "checker")
	build := exec.Command("go", "build", "-o", bin, "./checker/gohunters")
	build.Dir = realRoot
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// Resets and restores of the same exercise, two processes at a time, 20
// times (issue 26 ran 400): every version the learner had is, afterwards, in
// the exercise or in a backup, byte for byte; nothing else is, and no
// unfinished backup is left.
func TestConcurrentResetRestoreProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the checker")
	}
	bin := buildChecker(t)
	tmp := t.TempDir()
	root, home := filepath.Join(tmp, "clone"), filepath.Join(tmp, "home")
	e := catalogue.Exercises[0]
	write(t, filepath.Join(root, "go.mod"), mustRead(t, filepath.Join(realRoot, "go.mod")))
	if err := copyTree(filepath.Join(realRoot, "exercises", e.Dir), filepath.Join(root, "exercises", e.Dir)); err != nil {
		t.Fatal(err)
	}
	name := catalogue.Sums(e.Dir)[0].Name
	victim := filepath.Join(root, "exercises", e.Dir, name)
	shipped := mustRead(t, victim)
	checker := func(args ...string) (int, string) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "NO_COLOR=1", "LANG=C", "LC_ALL=")
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		} else if err != nil {
			t.Fatal(err)
		}
		return 0, string(out)
	}
	// Every version the exercise's file had, and where each is now.
	known := map[string]bool{string(shipped): true}
	backups := func() map[string]bool {
		held := map[string]bool{}
		dirs, _ := filepath.Glob(filepath.Join(home, ".config", "gohunters", "*", "backup", e.Dir, "*"))
		for _, d := range dirs {
			if strings.HasPrefix(filepath.Base(d), ".") {
				t.Errorf("an unfinished backup is left: %s", d)
				continue
			}
			b, err := os.ReadFile(filepath.Join(d, name))
			if err != nil {
				continue // a backup of an exercise without that file
			}
			if !known[string(b)] {
				t.Errorf("backup %s holds a version that never was:\n%s", d, b)
			}
			held[string(b)] = true
		}
		return held
	}
	version := func(n int) []byte { return fmt.Appendf(nil, "%s// learner's attempt %d\n", shipped, n) }

	// A first backup, so that restore latest has one from the start.
	write(t, victim, version(0))
	known[string(version(0))] = true
	if code, out := checker("reset", "1"); code != 0 {
		t.Fatalf("reset: exit %d\n%s", code, out)
	}
	pairs := [][2]string{{"reset", "restore"}, {"restore", "restore"}, {"restore", "reset"}}
	for trial := 1; trial <= 20; trial++ {
		learner := version(trial)
		known[string(learner)] = true
		write(t, victim, learner)
		pair := pairs[trial%len(pairs)]
		outs := make([]string, 2)
		codes := make([]int, 2)
		var wg sync.WaitGroup
		for i, cmd := range pair {
			args := []string{"reset", "1"}
			if cmd == "restore" {
				args = []string{"restore", "1", "latest"}
			}
			wg.Go(func() { codes[i], outs[i] = checker(args...) })
		}
		wg.Wait()
		for i := range outs {
			if codes[i] != 0 {
				t.Fatalf("trial %d: %s exited %d\n%s", trial, pair[i], codes[i], outs[i])
			}
		}
		now := mustRead(t, victim)
		if !known[string(now)] {
			t.Fatalf("trial %d (%s and %s): the exercise holds a version that never was:\n%s", trial, pair[0], pair[1], now)
		}
		held := backups()
		if !held[string(learner)] && !bytes.Equal(now, learner) {
			t.Fatalf("trial %d (%s and %s): the learner's version %d is lost: neither in the exercise nor in a backup\n%s\n%s", trial, pair[0], pair[1], trial, outs[0], outs[1])
		}
	}
	held := backups()
	held[string(mustRead(t, victim))] = true
	for n := 0; n <= 20; n++ {
		if !held[string(version(n))] {
			t.Errorf("the learner's version %d is lost", n)
		}
	}
}

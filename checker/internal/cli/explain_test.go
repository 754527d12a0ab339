package cli

// checker explain on modules that are not the workshop: fixture modules under
// testdata/explain, copied out with the workshop's go.sum (for goleak).

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// layModule copies testdata/explain/<name> to a temporary directory as a module.
func layModule(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := copyTree(filepath.Join("testdata", "explain", name), dir); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "go.mod.txt"), filepath.Join(dir, "go.mod")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), mustRead(t, filepath.Join(realRoot, "go.sum")), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func explainIn(t *testing.T, dir string, stdin []byte, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), Env{
		Args: append([]string{"explain"}, args...), Stdin: bytes.NewReader(stdin), Stdout: &out, Stderr: &errb, Cwd: dir,
		Getenv: func(string) string { return "" },
	})
	return result{code, out.String(), errb.String()}
}

var shop = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "checker-shop-")
	if err != nil {
		return "", err
	}
	dir = filepath.Join(dir, "shop")
	if err := copyTree(filepath.Join("testdata", "explain", "shop"), dir); err != nil {
		return "", err
	}
	if err := os.Rename(filepath.Join(dir, "go.mod.txt"), filepath.Join(dir, "go.mod")); err != nil {
		return "", err
	}
	b, err := os.ReadFile(filepath.Join(realRoot, "go.sum"))
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "go.sum"), b, 0o644)
	}
	return dir, err
})

var shopExplained = sync.OnceValue(func() result {
	dir, err := shop()
	if err != nil {
		return result{code: -1, stderr: err.Error()}
	}
	var out, errb bytes.Buffer
	code := Main(context.Background(), Env{Args: []string{"explain"}, Stdout: &out, Stderr: &errb, Cwd: dir,
		Getenv: func(string) string { return "" }})
	return result{code, out.String(), errb.String()}
})

// explained returns the part of explain's output about package pkg.
func explained(t *testing.T, pkg string) string {
	t.Helper()
	r := shopExplained()
	if r.code != ExitFail {
		t.Fatalf("explain exited %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var keep []string
	in := false
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "example.com/") {
			in = strings.HasPrefix(l, "example.com/shop/"+pkg+" ")
		}
		if in {
			keep = append(keep, l)
		}
	}
	if len(keep) == 0 {
		t.Fatalf("nothing about %s in:\n%s", pkg, r.stdout)
	}
	return strings.Join(keep, "\n")
}

func TestExplainChannelLeak(t *testing.T) {
	mustContain(t, explained(t, "chans"), "TestLookup  leaking", "chans.Lookup.func1 is still blocked sending on a channel when the test ended",
		"stuck at   chans/chans.go:8", "started at chans/chans.go:7")
}

// goleak.VerifyTestMain reports for the whole package, after the tests passed.
func TestExplainMutexLeakFromTestMain(t *testing.T) {
	mustContain(t, explained(t, "locks"), "TestMain  leaking", "still waiting to lock a sync.Mutex",
		"stuck at   locks/locks.go:12", "started at locks/locks.go:11")
}

func TestExplainWaitGroupLeak(t *testing.T) {
	mustContain(t, explained(t, "group"), "TestCollect  leaking", "sync.WaitGroup", "stuck at   group/group.go:12", "started at group/group.go:11")
}

func TestExplainCondLeak(t *testing.T) {
	mustContain(t, explained(t, "cond"), "TestWait  leaking", "sync.Cond", "stuck at   cond/cond.go:11", "started at cond/cond.go:9")
}

// Goroutines that run only the standard library are shown, not dropped.
func TestExplainStdlibLeak(t *testing.T) {
	mustContain(t, explained(t, "fetch"), "TestStatus  leaking", "persistConn", "library code")
}

func TestExplainSummaryAndCleanPackage(t *testing.T) {
	r := shopExplained()
	if strings.Contains(r.stdout, "example.com/shop/clean") {
		t.Errorf("a package without a leak is explained:\n%s", r.stdout)
	}
	mustContain(t, r.stdout, "5 test(s) leaked goroutines, in 5 of 6 package(s).")
}

// A recorded go test -json stream explains the same way, with no module run.
func TestExplainFromStdin(t *testing.T) {
	dir, err := shop()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "test", "-json", "./chans")
	cmd.Dir = dir
	stream, _ := cmd.Output() // exits 1: the test fails
	r := explainIn(t, dir, stream, "-")
	if r.code != ExitFail {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, r.stdout, "TestLookup  leaking", "stuck at   chans/chans.go:8")
}

func TestExplainNoLeak(t *testing.T) {
	dir, err := shop()
	if err != nil {
		t.Fatal(err)
	}
	r := explainIn(t, dir, nil, "./clean")
	if r.code != ExitPass {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, r.stdout, "no goroutine leak reported in 1 package(s).")
}

func TestExplainDoesNotCompile(t *testing.T) {
	start := time.Now()
	r := explainIn(t, layModule(t, "broken"), nil)
	if r.code != ExitFail {
		t.Fatalf("exit %d after %v\n%s%s", r.code, time.Since(start), r.stdout, r.stderr)
	}
	mustContain(t, r.stdout, "does not compile", "broken.go:4")
}

func TestExplainOutsideModule(t *testing.T) {
	r := explainIn(t, t.TempDir(), nil)
	if r.code != ExitUsage {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, r.stderr, "not inside a Go module")
}

// On a Go with the goroutineleak profile, plain goleak tests (VerifyNone,
// VerifyTestMain) get the runtime's verdict, matched by goroutine id.
func TestExplainRuntimeVerdictForPlainGoleak(t *testing.T) {
	dir, err := shop()
	if err != nil {
		t.Fatal(err)
	}
	env := []string{"GOTOOLCHAIN=" + runtimeToolchain}
	version := exec.Command("go", "version")
	version.Dir, version.Env = dir, append(os.Environ(), env...)
	if out, err := version.CombinedOutput(); err != nil {
		t.Skipf("cannot get %s (no network?): %v\n%s", runtimeToolchain, err, out)
	}
	var out, errb bytes.Buffer
	code := Main(context.Background(), Env{Args: []string{"explain", "./chans", "./locks", "./fetch"}, Stdout: &out, Stderr: &errb, Cwd: dir,
		Getenv: func(string) string { return "" }, GoEnv: env})
	if code != ExitFail {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	mustContain(t, out.String(), "runtime    confirmed by the Go runtime: blocked forever sending on a channel",
		"runtime    not confirmed by the Go runtime (goleak's report stands): what it waits on is still reachable",
		// net/http started it; the second run, with the creators' stacks in the
		// profile, finds the module's call that led there.
		"started at fetch/fetch.go:9 (through http.(*Transport).dialConn)")
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(mustRead(t, filepath.Join(dir, "go.mod"))), "replace") {
		t.Error("explain changed the module's go.mod")
	}
}

// realModule lays testdata/explain/real out as a module that vendors goleak
// (go mod vendor, from the module cache the workshop's own tests fill), with a
// /v2 module path, two packages whose directories share a name (a/util,
// b/util), a VerifyTestMain package that logs a lot, a synctest bubble's leak
// and a passing test that prints "panic: ...".
func realModule(t *testing.T) string {
	t.Helper()
	dir := layModule(t, "real")
	cmd := exec.Command("go", "mod", "vendor")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("cannot vendor goleak from the module cache: %v\n%s", err, out)
	}
	return dir
}

// explain on real code: every leak is found in its own package, named by its
// import path; VerifyTestMain's report is not drowned in the package's log; a
// synctest bubble's leak is a leak; a log line that starts with "panic:" is
// not a panic; and where the runtime's opinion cannot be had, each leak says why.
func TestExplainRealModule(t *testing.T) {
	dir := realModule(t)
	var out, errb bytes.Buffer
	code := Main(context.Background(), Env{Args: []string{"explain", "./..."}, Stdout: &out, Stderr: &errb, Cwd: dir,
		Getenv: func(string) string { return "" }, GoEnv: []string{"GOTOOLCHAIN=local", "GOEXPERIMENT="}})
	got := out.String()
	t.Logf("explain ./...:\n%s%s", got, errb.String())
	if code != ExitFail {
		t.Fatalf("exit %d", code)
	}
	mustContain(t, got,
		"example.com/real/v2/a/util  TestAsk  leaking", "stuck at   a/util/util.go:8", "started at a/util/util.go:7",
		"example.com/real/v2/b/util  TestListen  leaking", "stuck at   b/util/util.go:11",
		"example.com/real/v2/server  TestMain  leaking", "stuck at   server/server.go:10",
		"example.com/real/v2/bubble  TestCompute  leaking", "stuck at   bubble/bubble.go:8",
		"runtime    verdict unavailable, because the Go the tests ran on (go1.26",
		"4 test(s) leaked goroutines, in 4 of 5 package(s).")
	for _, no := range []string{"request 17 served", "logs", "panicked", "failed otherwise", "\n\n\n"} {
		if strings.Contains(got, no) {
			t.Errorf("explain says %q", no)
		}
	}
}

// On a Go with the goroutineleak profile, the profiles of a/util and b/util
// (same directory name) are each judged as their own, through the vendored
// goleak: one confirmed, one not.
func TestExplainRealModuleRuntime(t *testing.T) {
	dir := realModule(t)
	env := []string{"GOTOOLCHAIN=" + runtimeToolchain}
	version := exec.Command("go", "version")
	version.Dir, version.Env = dir, append(os.Environ(), env...)
	if out, err := version.CombinedOutput(); err != nil {
		t.Skipf("cannot get %s (no network?): %v\n%s", runtimeToolchain, err, out)
	}
	for round := range 2 { // the second reuses the hook's build: nothing to rebuild
		var out, errb bytes.Buffer
		code := Main(context.Background(), Env{Args: []string{"explain", "./a/...", "./b/..."}, Stdout: &out, Stderr: &errb, Cwd: dir,
			Getenv: func(string) string { return "" }, GoEnv: env})
		got := out.String()
		if code != ExitFail {
			t.Fatalf("round %d: exit %d\n%s%s", round, code, got, errb.String())
		}
		a, b, _ := strings.Cut(got, "example.com/real/v2/b/util")
		mustContain(t, a, "runtime    confirmed by the Go runtime: blocked forever sending on a channel")
		mustContain(t, b, "runtime    not confirmed by the Go runtime (goleak's report stands)")
		if strings.Contains(got, "unavailable") {
			t.Errorf("round %d: a runtime verdict is unavailable:\n%s", round, got)
		}
	}
}

// explain - takes only a go test -json stream: anything else is exit 2 and
// says what it is; a stream cut short explains what it holds, then exit 2.
func TestExplainStdinRefusesWhatIsNotAStream(t *testing.T) {
	dir, err := shop()
	if err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) []byte {
		cmd := exec.Command("go", append([]string{"test"}, args...)...)
		cmd.Dir = dir
		out, _ := cmd.Output()
		return out
	}
	stream := run("-json", "./chans", "./clean")
	verbose := run("-v", "./chans")
	plain := run("./chans")
	lines := strings.SplitAfter(string(stream), "\n")
	cut := strings.Join(lines[:len(lines)/2], "") + lines[len(lines)/2][:10]
	long := `{"Action":"output","Package":"example.com/shop/clean","Test":"TestX","Output":"` + strings.Repeat("x", 20<<20) + `\n"}` + "\n"
	for _, tc := range []struct {
		name, in string
		code     int
		words    string
	}{
		{"empty", "", ExitUsage, "standard input is empty"},
		{"garbage", "hello\x00world\n", ExitUsage, "standard input holds none"},
		{"plain log", string(plain), ExitUsage, "without -json"},
		{"-v log with goleak's report", string(verbose), ExitUsage, "without -json"},
		{"cut short", cut, ExitUsage, "cut short"},
		{"a 20 MB line", string(stream) + long, ExitFail, "TestLookup  leaking"},
		{"the stream", string(stream), ExitFail, "TestLookup  leaking"},
	} {
		r := explainIn(t, dir, []byte(tc.in), "-")
		if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.words) {
			t.Errorf("%s: exit %d, want %d with %q\n%s%s", tc.name, r.code, tc.code, tc.words, r.stdout, r.stderr)
		}
	}
	r := explainIn(t, dir, stream, "-")
	mustContain(t, r.stdout, "runtime    verdict unavailable, because a go test -json stream carries no goroutineleak profiles")
}

package runner

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gohunters/internal/words"
)

// One is the fast path for a single package, used by check N and watch: run a
// test binary Build made (go test -c: relinked only when a source changed; vet
// is left to the full run) in the package's directory, and read its output
// through go tool test2json, as go test does.
//
// It saves go test's bookkeeping, and, with EarlyStacks, goleak's half-second of
// retries: when a test reports a leak (leakcheck's Bubble and Within report it
// before goleak's retries end) the binary is sent SIGQUIT, and its dump of every
// goroutine, taken while the leaked ones are still blocked, is the evidence.
type One struct {
	Options
	ImportPath string // e.g. gohunters/exercises/01_errs_capacity
	PackageDir string // absolute directory of the package
	Binary     string // where to keep the test binary
	// Test2JSON is the go command's test2json tool ("": ask the go command).
	Test2JSON   string
	EarlyStacks bool
	// EarlyOnlyInBubble stops early only on synctest's reports (leakcheck.Bubble),
	// not on Within's "blocked forever". It is for runs with the runtime's view:
	// goroutines in a synctest bubble are never marked leaked by the runtime, so
	// stopping early loses nothing there, but the others need the test to reach
	// its deferred VerifyNone, which writes the goroutineleak profile.
	EarlyOnlyInBubble bool
}

// EarlyMarker starts the dump a Package holds when One stopped it early.
const EarlyMarker = words.Quit

// Build builds the test binaries of several packages with one go command
// (go test -c -json -o dir/), named <last element of the import path>.test in
// dir. The results hold the build failures, by package. A build that could
// not write for lack of space is a DiskFullError, not a package's failure.
func Build(ctx context.Context, o Options, dir string, importPaths []string) (*Results, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, startError("go test -c", err)
	}
	args := []string{"test", "-c", "-json", "-vet=off", "-o", dir + string(filepath.Separator)}
	if o.Race {
		args = append(args, "-race")
	}
	args = append(args, o.BuildFlags...)
	res := NewResults()
	o = o.forBuild()
	err := run(ctx, o, exec.Command("go", append(args, importPaths...)...), func(r io.Reader) error {
		return Decode(r, func(ev Event) { res.Add(ev) })
	})
	if err == nil {
		err = res.diskFull(o.Cache, dir)
	}
	for _, path := range res.Paths() {
		if p := res.Package(path); p.BuildFailed {
			p.Action = "fail"
		}
	}
	return res, err
}

// Exec runs a test binary Build made: in its package's directory, its output
// read through go tool test2json as go test does, stopped by the guard only
// when it makes no progress.
func (o One) Exec(ctx context.Context) (*Results, error) {
	return o.exec(ctx, NewResults())
}

// buildStall is how long Build may make no progress before it is stopped.
const buildStall = 10 * time.Minute

// forBuild is o as Build runs the go command with it: the compiler's memory
// is not the learner's, and the guard is buildStall unless o sets one. A
// build runs no learner code: it ends. On a machine busy with other builds
// (the same cache, the same cores) it can wait long without a CPU second of
// its own; only a build stuck for good is stopped.
func (o Options) forBuild() Options {
	o.Memory = 0
	if o.Guard == 0 {
		o.Guard = buildStall
	}
	return o
}

// drain is how long the output of a test binary that has ended may take to
// reach test2json once nothing of the run is left to write it: the pipe's
// last bytes, not a process of the learner's that escaped the tracker.
const drain = 10 * time.Second

func (o One) exec(ctx context.Context, res *Results) (*Results, error) {
	gctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// The testing package writes its test log when its run ends: proof that
	// the tests ran to their end, which no output can give (prove).
	logFile, err := os.CreateTemp(filepath.Dir(o.Binary), filepath.Base(o.Binary)+".testlog-*")
	if err != nil {
		return res, startError(o.Binary, err)
	}
	logPath := logFile.Name()
	logFile.Close()
	defer os.Remove(logPath)
	args := []string{"-test.v=test2json", "-test.paniconexit0", "-test.testlogfile=" + logPath}
	if o.FailFast {
		args = append(args, "-test.failfast")
	}
	if o.Timeout > 0 {
		args = append(args, "-test.timeout="+o.Timeout.String())
	}
	bin := exec.Command(o.Binary, args...)
	bin.Dir = o.PackageDir
	bin.Env = o.env()
	conv := test2json(o, "-t", "-p", o.ImportPath)
	conv.Dir = o.Dir
	conv.Env = append(os.Environ(), o.Env...)
	newGroup(conv, 0)
	// The binary writes straight into test2json's input: no copy in between
	// that could give up on the last bytes of a long output. Whatever the
	// learner's code started holds the pipe too; when the binary has ended,
	// the tracker ends them all, and test2json reads to the end.
	pr, pw, err := os.Pipe()
	if err != nil {
		return res, startError("go tool test2json", err)
	}
	conv.Stdin = pr
	out, err := conv.StdoutPipe()
	if err != nil {
		pr.Close()
		pw.Close()
		return res, err
	}
	if err := start(conv); err != nil {
		pr.Close()
		pw.Close()
		return res, startError("go tool test2json", err)
	}
	pr.Close()
	defer killGroup(conv)
	bin.Stdout, bin.Stderr = pw, pw
	newGroup(bin, 0)
	if err := start(bin); err != nil {
		pw.Close()
		_ = conv.Wait()
		reaped(conv)
		return res, startError(o.Binary, err)
	}
	pw.Close()
	if o.OnStart != nil {
		o.OnStart(bin.Process.Pid)
	}
	var oom atomic.Bool
	t := track(bin.Process.Pid, o.Memory, func(string) { oom.Store(true) })
	defer t.end()
	var act activity
	limit := o.stall()
	endGuard := stallGuard(limit, t, &act, func() { cancel(&StallError{Limit: limit}) })
	defer endGuard()
	stop := context.AfterFunc(gctx, func() { stopGroup(bin) })
	defer stop()
	waited := make(chan error, 1)
	binDone := make(chan struct{})
	go func() {
		err := bin.Wait()
		reaped(bin)
		t.end() // whatever the learner's code left running, in the group or not
		killGroup(bin)
		close(binDone)
		waited <- err
	}()
	// Once the binary and everything it started are gone, test2json reads the
	// pipe to its end; if something still holds it (a process no tracker could
	// find), what stopped coming for drain is all there is.
	go func() {
		select {
		case <-binDone:
		case <-gctx.Done():
			return
		}
		last := act.n.Load()
		for {
			select {
			case <-gctx.Done():
				return
			case <-time.After(drain):
			}
			if n := act.n.Load(); n == last {
				killGroup(conv)
				return
			} else {
				last = n
			}
		}
	}()

	var once sync.Once
	derr := Decode(act.reader(out), func(ev Event) {
		p := res.Add(ev)
		if o.OnEvent != nil {
			o.OnEvent(ev)
		}
		if o.EarlyStacks && ev.Action == "output" && ev.Test != "" && isLeakReport(ev.Output, o.EarlyOnlyInBubble) {
			once.Do(func() {
				if quit(bin) {
					p.Stopped = true
				}
			})
		}
	})
	_, _ = io.Copy(io.Discard, out)
	berr := <-waited
	_ = conv.Wait()
	reaped(conv)
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if gctx.Err() != nil {
		return res, context.Cause(gctx)
	}
	p := res.ensure(o.ImportPath)
	p.OutOfMemory = oom.Load()
	code, sig := ending(bin.ProcessState)
	if !p.Stopped {
		p.Signal = sig
	}
	switch {
	case p.Action == "": // the binary died without a last word (os.Exit, SIGQUIT, a signal)
		p.Action = "fail"
		if berr == nil {
			p.Action = "pass"
		}
	case p.Action == "pass" && (code != 0 || sig != ""):
		// The output said PASS; the exit status says otherwise, and decides.
		p.Action, p.Contradicted = "fail", true
	}
	prove(p, logPath)
	return res, derr
}

// isLeakReport matches the first line of leakcheck's reports that come before
// goleak's retries (Bubble's and, unless onlyBubble, Within's), not goleak's
// own, by the words both sides read from package words.
func isLeakReport(line string, onlyBubble bool) bool {
	return strings.Contains(line, words.BubbleReport) || !onlyBubble && strings.Contains(line, words.WithinReport)
}

// test2jsonPaths caches, per environment, where the go command keeps its
// test2json tool: running it directly saves a go command's start-up for every
// test binary.
var test2jsonPaths sync.Map // env joined -> *test2jsonPath

type test2jsonPath struct {
	once sync.Once
	path string
}

// Test2JSONPath asks the go command, once per process and environment (the
// checker's sanitized one: a GOFLAGS=-toolexec of the learner's must not
// build the tool that reads the tests' results), where test2json is.
func Test2JSONPath(env []string) string {
	v, _ := test2jsonPaths.LoadOrStore(strings.Join(env, "\x00"), &test2jsonPath{})
	p := v.(*test2jsonPath)
	p.once.Do(func() {
		cmd := exec.Command("go", "tool", "-n", "test2json")
		cmd.Env = append(os.Environ(), env...)
		if out, err := cmd.Output(); err == nil {
			p.path = strings.TrimSpace(string(out))
		}
	})
	return p.path
}

// Test2JSON returns the test2json tool's path, kept in cache (a file) for the
// Go that key names ("go1.26.8 /usr/local/go"): go tool -n test2json checks
// the tool is built, which takes as long as a small build, so it is asked once
// per Go. A cached path is used only when trusted says it is the go
// command's (in its GOROOT or build cache), never a program of the tree's.
// It returns "" when the go command cannot say.
func Test2JSON(cache, key string, env []string, trusted func(path string) bool) string {
	if b, err := os.ReadFile(cache); err == nil {
		if k, path, ok := strings.Cut(strings.TrimSpace(string(b)), "\t"); ok && k == key && trusted(path) {
			if _, err := os.Stat(path); err == nil {
				return path
			}
		}
	}
	path := Test2JSONPath(env)
	if path != "" && key != "" {
		if err := os.MkdirAll(filepath.Dir(cache), 0o755); err == nil {
			_ = os.WriteFile(cache, []byte(key+"\t"+path+"\n"), 0o644)
		}
	}
	return path
}

func test2json(o One, args ...string) *exec.Cmd {
	path := o.Test2JSON
	if path == "" {
		path = Test2JSONPath(o.Env)
	}
	if path != "" {
		if _, err := os.Stat(path); err == nil {
			return exec.Command(path, args...)
		}
	}
	return exec.Command("go", append([]string{"tool", "test2json"}, args...)...)
}

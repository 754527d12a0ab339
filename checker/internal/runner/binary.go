package runner

import (
	"context"
	"errors"
	"fmt"
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

// One is the fast path for a single package, used by check N and watch: build
// the test binary with go test -c (relinked only when a source changed; vet is
// left to the full run), run it in the package's directory, and read its output
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

// Run builds and runs the package. The error is for runs that could not be
// made or were stopped, not for failing tests.
func (o One) Run(ctx context.Context) (*Results, error) {
	res := NewResults()
	guard := o.Guard
	if guard == 0 {
		guard = 2*time.Minute + o.Timeout
	}
	ctx, cancel := context.WithTimeout(ctx, guard)
	defer cancel()

	if err := os.MkdirAll(filepath.Dir(o.Binary), 0o755); err != nil {
		return res, err
	}
	buildArgs := []string{"test", "-c", "-vet=off", "-o", o.Binary}
	if o.Race {
		buildArgs = append(buildArgs, "-race")
	}
	build := exec.Command("go", append(buildArgs, o.ImportPath)...)
	var buildOut strings.Builder
	build.Stdout, build.Stderr = &buildOut, &buildOut
	if err := o.wait(ctx, build); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return res, err
		}
		p := res.ensure(o.ImportPath)
		p.BuildFailed, p.Action = true, "fail"
		p.BuildOutput.WriteString(buildOut.String())
		return res, nil
	}
	return o.exec(ctx, res)
}

// Build builds the test binaries of several packages with one go command
// (go test -c -json -o dir/), named <last element of the import path>.test in
// dir. The results hold the build failures, by package.
func Build(ctx context.Context, o Options, dir string, importPaths []string) (*Results, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	args := []string{"test", "-c", "-json", "-vet=off", "-o", dir + string(filepath.Separator)}
	if o.Race {
		args = append(args, "-race")
	}
	args = append(args, o.BuildFlags...)
	res := NewResults()
	guard := o.Guard
	if guard == 0 {
		guard = 2 * time.Minute
	}
	err := run(ctx, guard, o, exec.Command("go", append(args, importPaths...)...), func(r io.Reader) error {
		return Decode(r, func(ev Event) { res.Add(ev) })
	})
	for _, path := range res.Paths() {
		if p := res.Package(path); p.BuildFailed {
			p.Action = "fail"
		}
	}
	return res, err
}

// Exec runs a test binary Build made, as Run does after building it.
func (o One) Exec(ctx context.Context) (*Results, error) {
	guard := o.Guard
	if guard == 0 {
		guard = 2*time.Minute + o.Timeout
	}
	ctx, cancel := context.WithTimeout(ctx, guard)
	defer cancel()
	return o.exec(ctx, NewResults())
}

func (o One) exec(ctx context.Context, res *Results) (*Results, error) {
	args := []string{"-test.v=test2json", "-test.paniconexit0"}
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
	convIn, err := conv.StdinPipe()
	if err != nil {
		return res, err
	}
	out, err := conv.StdoutPipe()
	if err != nil {
		return res, err
	}
	if err := conv.Start(); err != nil {
		return res, fmt.Errorf("cannot start go tool test2json: %w", err)
	}
	started(conv)
	defer killGroup(conv)
	// The binary writes to a pipe the os/exec package copies from, not to
	// test2json's stdin itself: a process the learner's code started with
	// cmd.Stdout = os.Stdout inherits that pipe, and WaitDelay stops waiting
	// for it to close once the binary has exited.
	bin.Stdout = nopCloser{convIn}
	bin.Stderr = bin.Stdout
	bin.WaitDelay = 500 * time.Millisecond
	newGroup(bin, 0)
	if err := bin.Start(); err != nil {
		convIn.Close()
		return res, fmt.Errorf("cannot start %s: %w", o.Binary, err)
	}
	started(bin)
	if o.OnStart != nil {
		o.OnStart(bin.Process.Pid)
	}
	stop := context.AfterFunc(ctx, func() { stopGroup(bin) })
	defer stop()
	var oom atomic.Bool
	defer watchMemory(bin.Process.Pid, o.Memory, func(string) { oom.Store(true) })()
	waited := make(chan error, 1)
	go func() {
		err := bin.Wait()
		killGroup(bin) // whatever the learner's code left running, holding the pipe or not
		convIn.Close()
		waited <- err
	}()

	var once sync.Once
	derr := Decode(out, func(ev Event) {
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
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return res, ErrGuard
		}
		return res, ctx.Err()
	}
	p := res.ensure(o.ImportPath)
	p.OutOfMemory = oom.Load()
	if p.Action == "" { // the binary died without a last word (os.Exit, SIGQUIT)
		p.Action = "fail"
		if berr == nil {
			p.Action = "pass"
		}
	}
	return res, derr
}

// isLeakReport matches the first line of leakcheck's reports that come before
// goleak's retries (Bubble's and, unless onlyBubble, Within's), not goleak's
// own, by the words both sides read from package words.
func isLeakReport(line string, onlyBubble bool) bool {
	return strings.Contains(line, words.BubbleReport) || !onlyBubble && strings.Contains(line, words.WithinReport)
}

// wait runs cmd in its own group until it ends or ctx is done.
func (o One) wait(ctx context.Context, cmd *exec.Cmd) error {
	cmd.Dir = o.Dir
	cmd.Env = append(os.Environ(), o.Env...)
	newGroup(cmd, 0)
	if err := cmd.Start(); err != nil {
		return err
	}
	started(cmd)
	stop := context.AfterFunc(ctx, func() { stopGroup(cmd) })
	defer stop()
	err := cmd.Wait()
	killGroup(cmd)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// nopCloser hides an *os.File's type, so that os/exec copies into it.
type nopCloser struct{ io.Writer }

// test2jsonPath is where the go command keeps its test2json tool: running it
// directly saves a go command's start-up for every test binary.
var test2jsonPath = sync.OnceValue(func() string {
	out, err := exec.Command("go", "tool", "-n", "test2json").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
})

// Test2JSON returns the test2json tool's path, kept in cache (a file) for the
// Go that key names ("go1.26.8 /usr/local/go"): go tool -n test2json checks
// the tool is built, which takes as long as a small build, so it is asked once
// per Go. It returns "" when the go command cannot say.
func Test2JSON(cache, key string) string {
	if b, err := os.ReadFile(cache); err == nil {
		if k, path, ok := strings.Cut(strings.TrimSpace(string(b)), "\t"); ok && k == key {
			if _, err := os.Stat(path); err == nil {
				return path
			}
		}
	}
	path := test2jsonPath()
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
		path = test2jsonPath()
	}
	if path != "" {
		if _, err := os.Stat(path); err == nil {
			return exec.Command(path, args...)
		}
	}
	return exec.Command("go", append([]string{"tool", "test2json"}, args...)...)
}

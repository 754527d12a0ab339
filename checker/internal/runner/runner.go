// Package runner runs go test -json on exercise packages and collects its
// test2json events per package. It never imports exercise code: everything it
// knows comes from the go command's output.
//
// Every run lives in its own process group, so that a Ctrl-C, the per-run guard
// or the end of the run can stop go test, the test binaries and whatever the
// learner's code started, leaving no orphan behind.
package runner

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Event is one test2json event (go doc test2json), with go test's build events.
type Event struct {
	Time        time.Time
	Action      string
	Package     string
	Test        string
	Elapsed     float64
	Output      string
	ImportPath  string // build-output / build-fail events
	FailedBuild string
}

// Test is the outcome of one test or subtest.
type Test struct {
	Name    string
	Action  string // "run" while it runs, then "pass", "fail" or "skip"
	Output  Capped
	Elapsed float64
}

// Package is what one package's run produced.
type Package struct {
	ImportPath  string
	Action      string // "pass", "fail", "skip"; "" if go test never said
	Cached      bool
	BuildFailed bool
	BuildOutput Capped
	Output      Capped // everything the package printed, tests included
	// Own is what the package printed outside any test: TestMain's output, go
	// test's summary, and a test binary's last words when a test had ended.
	Own         Capped
	Tests       []*Test
	Elapsed     float64
	Stopped     bool // the runner stopped it early (see Options.StopWhen)
	OutOfMemory bool // a process of its test used more than Options.Memory and was killed
	// Signal names the signal that killed the test binary ("killed"), "" when
	// it exited.
	Signal string
	// Contradicted: the binary's output said the package passed, but its exit
	// status said it did not. The exit status decides: only the testing
	// package's return (or an exit the code under test should not make) sets
	// it, while anything the process runs can print what looks like results.
	Contradicted bool
	// Unproven: its output and its exit status said the package passed, but
	// the testing package never finished its run (its test log, which it
	// writes only then, is missing or cut short: TestLog): the process ended
	// before its tests did (an exit in init or mid-test), and whatever said
	// PASS was printed by something other than the tests.
	Unproven bool
	byName   map[string]*Test
}

// Test returns the named test's result, or nil.
func (p *Package) Test(name string) *Test { return p.byName[name] }

// FirstFailed returns the first test that failed, preferring the innermost subtest.
func (p *Package) FirstFailed() *Test {
	var first *Test
	for _, t := range p.Tests {
		if t.Action != "fail" {
			continue
		}
		if first == nil || strings.HasPrefix(t.Name, first.Name+"/") {
			first = t
		}
	}
	return first
}

// Failed returns every test that failed and has no failing subtest, in the
// order they started: the ones whose output says why.
func (p *Package) Failed() []*Test {
	var out []*Test
	for _, t := range p.Tests {
		if t.Action != "fail" {
			continue
		}
		inner := false
		for _, u := range p.Tests {
			if u.Action == "fail" && strings.HasPrefix(u.Name, t.Name+"/") {
				inner = true
				break
			}
		}
		if !inner {
			out = append(out, t)
		}
	}
	return out
}

// Running returns the tests that started but never ended.
func (p *Package) Running() []string {
	var out []string
	for _, t := range p.Tests {
		if t.Action == "run" {
			out = append(out, t.Name)
		}
	}
	return out
}

func (p *Package) test(name string) *Test {
	if p.byName == nil {
		p.byName = map[string]*Test{}
	}
	t := p.byName[name]
	if t == nil {
		t = &Test{Name: name, Action: "run"}
		p.byName[name] = t
		p.Tests = append(p.Tests, t)
	}
	return t
}

// Results collects events into packages. It is safe for concurrent use: its
// map is reached only through its methods, under its lock. A Package it returns
// is complete once the run that filled it has returned.
type Results struct {
	mu   sync.Mutex
	pkgs map[string]*Package
}

// NewResults returns an empty collection.
func NewResults() *Results { return &Results{pkgs: map[string]*Package{}} }

// Package returns the results of the package with the given import path, or nil.
func (r *Results) Package(path string) *Package {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.pkgs[path]
}

// Paths lists the import paths of every package with results, sorted.
func (r *Results) Paths() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.pkgs))
	for path := range r.pkgs {
		out = append(out, path)
	}
	sort.Strings(out)
	return out
}

// ensure returns the package of path, made on first use.
func (r *Results) ensure(path string) *Package {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.pkg(path)
}

// pkg returns the package of path, made on first use; r.mu must be held.
func (r *Results) pkg(path string) *Package {
	p := r.pkgs[path]
	if p == nil {
		p = &Package{ImportPath: path}
		r.pkgs[path] = p
	}
	return p
}

// Add records one event and returns the package it belongs to.
func (r *Results) Add(ev Event) *Package {
	r.mu.Lock()
	defer r.mu.Unlock()
	// Build events name the package being tested "pkg [pkg.test]".
	importPath, _, _ := strings.Cut(ev.ImportPath, " [")
	switch ev.Action {
	case "build-output":
		p := r.pkg(importPath)
		p.BuildOutput.WriteString(ev.Output)
		return p
	case "build-fail":
		p := r.pkg(importPath)
		p.BuildFailed = true
		return p
	}
	p := r.pkg(ev.Package)
	if ev.FailedBuild != "" {
		p.BuildFailed = true
	}
	if ev.Test == "" {
		switch ev.Action {
		case "output":
			p.Output.WriteString(ev.Output)
			p.Own.WriteString(ev.Output)
			if strings.HasPrefix(ev.Output, "ok ") && strings.Contains(ev.Output, "(cached)") {
				p.Cached = true
			}
		case "pass", "fail", "skip":
			p.Action, p.Elapsed = ev.Action, ev.Elapsed
		}
		return p
	}
	t := p.test(ev.Test)
	switch ev.Action {
	case "output":
		t.Output.WriteString(ev.Output)
		p.Output.WriteString(ev.Output)
	case "pass", "fail", "skip":
		t.Action, t.Elapsed = ev.Action, ev.Elapsed
	}
	return p
}

// Options says what to run.
type Options struct {
	Dir      string        // module root: go test runs there
	Packages []string      // import paths or ./relative patterns
	Timeout  time.Duration // go test -timeout: per test binary
	// Guard is how long the run may make no progress (no output, no CPU time
	// used) before it is stopped; 0 picks the default (Options.stall), NoGuard
	// none (go test's own -timeout is the only limit).
	Guard time.Duration
	// NoAncestors leaves GODEBUG's tracebackancestors unset: dumps then show
	// no creators' stacks, which costs goroutine-heavy suites (explain runs a
	// module's tests without, and asks again with, for a package that leaked).
	NoAncestors bool
	// FailFast stops each package at its first failing test (go test -failfast):
	// one failure is enough for a verdict, and a leaky test costs goleak's retries.
	FailFast bool
	Race     bool // build with the race detector (go test -race)
	// Prove makes Run check that every package it says passed really ran
	// its tests to the end (Package.Unproven), as One always does. Its
	// results are then never go test's cached ones, and Packages must be
	// "./relative" directories.
	Prove bool
	// Tests is go test's -run pattern ("" runs every test).
	Tests string
	// BuildFlags are added to every go test the run starts (e.g. -overlay).
	BuildFlags []string
	// Memory bounds each test binary of the run together with every process
	// it started, in bytes (0: unbounded): a test binary whose processes grow
	// beyond it is killed with them and its package marked OutOfMemory (on
	// Linux; elsewhere test binaries only get it as GOMEMLIMIT, as they do
	// everywhere).
	Memory int64
	// Cache is the go command's build cache (go env GOCACHE), "" if not
	// known: a build that fails while its filesystem has no room left failed
	// for a full disk, whatever the go command said (a full build cache can
	// make it say that standard packages are "not in std").
	Cache   string
	Env     []string    // extra environment
	OnEvent func(Event) // called for every event, in order (optional)
	// OnStart is called with the process group id once go test runs (tests use it
	// to check that nothing survives).
	OnStart func(pgid int)

	onMemory func(dir string) // called when a process went over Memory
}

// env is the environment of every process the run starts. GODEBUG gains
// tracebackancestors (unless NoAncestors), so that a goroutine dump (a
// timeout's, an early stop's, goleak's) shows the stacks that created each
// goroutine: the way from a goroutine a library started back to the learner's
// line that called the library.
func (o Options) env() []string {
	env := append(os.Environ(), o.Env...)
	if !o.NoAncestors {
		godebug := "tracebackancestors=" + strconv.Itoa(Ancestors)
		if old := lastValue(env, "GODEBUG"); old != "" {
			godebug = old + "," + godebug
		}
		env = append(env, "GODEBUG="+godebug)
	}
	if o.Memory > 0 {
		env = append(env, "GOMEMLIMIT="+strconv.FormatInt(o.Memory, 10))
	}
	return env
}

// lastValue is the value env gives name: its last entry's.
func lastValue(env []string, name string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], name+"="); ok {
			return v
		}
	}
	return ""
}

// Ancestors is how many creating goroutines a dump follows back.
const Ancestors = 10

// Run runs go test -json once for all packages. It returns the collected results
// even when go test exits non-zero (failing tests do that); the error is for
// runs that could not start or were stopped (ctx done, guard fired).
func Run(ctx context.Context, o Options) (*Results, error) {
	args := []string{"test", "-json"}
	if o.FailFast {
		args = append(args, "-failfast")
	}
	if o.Race {
		args = append(args, "-race")
	}
	if o.Tests != "" {
		args = append(args, "-run", o.Tests)
	}
	args = append(args, o.BuildFlags...)
	if o.Timeout > 0 {
		args = append(args, "-timeout", o.Timeout.String())
	}
	args = append(args, o.Packages...)
	var logName string
	if o.Prove {
		// Each test binary runs in its package's directory: a relative name
		// gives each its own log there, removed after the run.
		logName = testLogPrefix + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
		args = append(args, "-args", "-test.testlogfile="+logName)
		for _, pattern := range o.Packages {
			if rel, ok := strings.CutPrefix(pattern, "./"); ok {
				defer os.Remove(filepath.Join(o.Dir, filepath.FromSlash(rel), logName))
			}
		}
	}
	res := NewResults()
	o.onMemory = func(dir string) {
		res.mu.Lock()
		defer res.mu.Unlock()
		for path, p := range res.pkgs {
			if dir != "" && strings.HasSuffix(path, "/"+filepath.Base(dir)) {
				p.OutOfMemory = true
			}
		}
	}
	goTest := exec.Command("go", args...)
	err := run(ctx, o, goTest, func(r io.Reader) error {
		return Decode(r, func(ev Event) {
			res.Add(ev)
			if o.OnEvent != nil {
				o.OnEvent(ev)
			}
		})
	})
	if err == nil {
		err = res.diskFull(o.Cache)
	}
	res.signals()
	if _, sig := ending(goTest.ProcessState); err == nil && sig != "" {
		res.killedWith(sig)
	}
	if o.Prove {
		for _, pattern := range o.Packages {
			rel, ok := strings.CutPrefix(pattern, "./")
			if !ok {
				continue
			}
			for _, path := range res.Paths() {
				if p := res.Package(path); strings.HasSuffix(path, "/"+strings.TrimSuffix(rel, "/")) {
					prove(p, filepath.Join(o.Dir, filepath.FromSlash(rel), logName))
				}
			}
		}
	}
	return res, err
}

// testLogPrefix names the test logs Run asks for in the packages' directories.
const testLogPrefix = ".gohunters-testlog-"

// testLogMagic starts a test log the testing package wrote (as the go command
// checks it before caching a result: testing/internal/testdeps).
const testLogMagic = "# test log\n"

// prove marks p Unproven, and failed, when it passed but the test log at
// path, which the testing package writes when its run ends (-test.testlogfile:
// buffered until then), is missing or cut short. Code that exits before the
// tests' end never gets there, whatever it printed.
func prove(p *Package, path string) {
	if p.Action != "pass" {
		return
	}
	b, err := os.ReadFile(path)
	if err == nil && strings.HasPrefix(string(b), testLogMagic) && b[len(b)-1] == '\n' {
		return
	}
	p.Action, p.Unproven = "fail", true
}

// diskFull is a DiskFullError when a package's build could not write for lack
// of space, as the go command said it or, when a build failed, as the
// filesystem of one of dirs (the build cache, where binaries go) says it: no
// verdict on the code.
func (r *Results) diskFull(dirs ...string) error {
	failed := false
	for _, path := range r.Paths() {
		p := r.Package(path)
		if err := diskFull(p.BuildOutput.String()); err != nil {
			return err
		}
		failed = failed || p.BuildFailed
	}
	if failed {
		for _, dir := range dirs {
			if dir != "" && noRoom(dir) {
				return &DiskFullError{Said: dir + ": " + noSpace}
			}
		}
	}
	return nil
}

// signals notes, from go test's words, the test binaries a signal killed.
func (r *Results) signals() {
	for _, path := range r.Paths() {
		p := r.Package(path)
		if p.Action != "fail" || p.Signal != "" {
			continue
		}
		for _, line := range strings.Split(p.Own.String(), "\n") {
			if sig, ok := strings.CutPrefix(strings.TrimSpace(line), "signal: "); ok {
				p.Signal = sig
			}
		}
	}
}

// killedWith notes the packages whose run had begun when a signal killed go
// test itself, which then never said how they ended: code under test that
// kills its own process group (go test's) kills the go command with it, and
// the test binaries it was running.
func (r *Results) killedWith(sig string) {
	for _, path := range r.Paths() {
		if p := r.Package(path); p.Action == "" && !p.BuildFailed {
			p.Action, p.Signal = "fail", sig
		}
	}
}

// Stream says what Decode read.
type Stream struct {
	Events  int  // lines that were test2json events
	Other   int  // non-empty lines that were not
	Cut     bool // the last line was an event cut short (no newline, no closing brace)
	Started int  // packages whose binary or build started ("start", "build-output", "run")
	Ended   int  // packages that got their last word (pass, fail, skip)
}

// maxLine bounds one line of a stream: a longer one (a runaway print inside an
// event) is cut there and read as not an event.
const maxLine = 64 << 20

// Decode reads test2json events from r, lines of any length. Lines that are not
// JSON (go test prints a few, e.g. on a broken toolchain) become package-less
// output events.
func Decode(r io.Reader, f func(Event)) error {
	_, err := DecodeStream(r, f)
	return err
}

// DecodeStream is Decode, and says what it read.
func DecodeStream(r io.Reader, f func(Event)) (Stream, error) {
	var st Stream
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, complete, err := readLine(br)
		if len(line) > 0 {
			var ev Event
			switch {
			case line[0] == '{' && json.Unmarshal(line, &ev) == nil && ev.Action != "":
				st.Events++
				switch {
				case ev.Test == "" && (ev.Action == "pass" || ev.Action == "fail" || ev.Action == "skip"):
					st.Ended++
				case ev.Action == "start":
					st.Started++
				}
				f(ev)
			default:
				if line[0] == '{' && !complete {
					st.Cut = true
				}
				st.Other++
				f(Event{Action: "output", Output: string(line) + "\n"})
			}
		}
		if err == io.EOF {
			return st, nil
		}
		if err != nil {
			return st, err
		}
	}
}

// readLine returns the next line without its newline, cut at maxLine;
// complete is false when the input ended without a newline.
func readLine(br *bufio.Reader) (line []byte, complete bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line) < maxLine {
			line = append(line, chunk[:min(len(chunk), maxLine-len(line))]...)
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err != nil:
			return trimEOL(line), false, err
		}
		return trimEOL(line), true, nil
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// run starts cmd in its own process group with o's environment, feeds its stdout
// to consume and waits, stopping the whole group when ctx is done or the guard
// finds that it makes no progress. When cmd has ended, every process it
// started is ended too.
func run(ctx context.Context, o Options, cmd *exec.Cmd, consume func(io.Reader) error) error {
	gctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	cmd.Dir = o.Dir
	cmd.Env = o.env()
	cmd.Stdin = nil // the learner's code must not read the terminal
	var act activity
	stderr := &Capped{Head: 16 << 10, Tail: 16 << 10}
	cmd.Stderr = io.MultiWriter(stderrWriter{stderr}, &act)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	newGroup(cmd, 0)
	if err := start(cmd); err != nil {
		return startError(cmd.Path, err)
	}
	if o.OnStart != nil {
		o.OnStart(cmd.Process.Pid)
	}
	t := track(cmd.Process.Pid, o.Memory, o.onMemory)
	defer t.end()
	limit := o.stall()
	endGuard := stallGuard(limit, t, &act, func() { cancel(&StallError{Limit: limit}) })
	defer endGuard()
	stop := context.AfterFunc(gctx, func() { stopGroup(cmd) })
	defer stop()

	cerr := consume(act.reader(out))
	_, _ = io.Copy(io.Discard, out)
	werr := cmd.Wait()
	reaped(cmd)
	t.end() // anything the learner's code left running, in the group or not
	killGroup(cmd)
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case gctx.Err() != nil:
		return context.Cause(gctx)
	case cerr != nil:
		return cerr
	}
	var exit *exec.ExitError
	if werr != nil && !errors.As(werr, &exit) {
		return werr
	}
	if err := diskFull(stderr.String()); err != nil {
		return err
	}
	if werr != nil && stderr.Len() > 0 && !strings.Contains(stderr.String(), "FAIL") {
		// go test itself failed (not a test): e.g. a broken go.mod. Say why.
		return fmt.Errorf("%s", strings.TrimSpace(stderr.String()))
	}
	return nil
}

// stderrWriter lets a Capped be an io.Writer.
type stderrWriter struct{ c *Capped }

func (w stderrWriter) Write(p []byte) (int, error) { return w.c.WriteString(string(p)) }

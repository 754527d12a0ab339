package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"gohunters/checker/internal/card"
	"gohunters/checker/internal/cmdenv"
	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/ident"
	"gohunters/checker/internal/repo"
	"gohunters/checker/internal/report"
	"gohunters/checker/internal/state"
	"gohunters/checker/internal/ui"
	"gohunters/internal/catalogue"
)

// roomFlags are the flags of the room's commands. serve and room run in the
// online binary (checker/online), which the checker forwards them to, with
// their flags; they are declared here too so that they may stand before the
// command and so that help lists them.
type roomFlags struct {
	url    string        // --room: the room to send verdicts to
	listen string        // serve
	code   string        // serve
	stuck  time.Duration // room, serve
	card   bool          // hint: the trainer's card instead of a hint
}

func (a *app) roomFlags(fs *flag.FlagSet) {
	fs.StringVar(&a.rf.url, "room", "", "check, watch: send each verdict to the trainer's room page at `URL` (printed by serve)")
	fs.StringVar(&a.rf.listen, "listen", "127.0.0.1:4000", "serve: the `address` to listen on (0.0.0.0:4000 opens the room to the LAN)")
	fs.StringVar(&a.rf.code, "code", "", "serve: the room code learners need (default: a random one)")
	fs.DurationVar(&a.rf.stuck, "stuck", 15*time.Minute, "room, serve: flag a learner stuck on an exercise for longer than this")
	fs.BoolVar(&a.rf.card, "trainer", false, "hint: show the exercise's trainer card (timing, wrong fixes, debrief) instead of a hint")
}

// Online runs a command of the online binary (args[0]) in env and returns
// its exit code.
type Online func(ctx context.Context, env cmdenv.Env, args []string) int

// onlineForTests, set by the tests, runs the online commands in-process.
var onlineForTests Online

// onlineCommands are the commands the checker forwards to the online binary.
var onlineCommands = map[string]bool{"serve": true, "room": true, "post": true}

// forwarded finds an online command among args (flags may stand before it)
// and returns the arguments for the online binary: the command first.
func forwarded(fs *flag.FlagSet, args []string) ([]string, bool) {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			return nil, false
		}
		if strings.HasPrefix(arg, "-") && arg != "-" {
			name := strings.TrimLeft(arg, "-")
			if _, _, hasValue := strings.Cut(name, "="); !hasValue {
				if f := fs.Lookup(name); f != nil {
					if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
						i++ // its value
					}
				}
			}
			continue
		}
		if !onlineCommands[arg] {
			return nil, false
		}
		out := append([]string{arg}, args[:i]...)
		return append(out, args[i+1:]...), true
	}
	return nil, false
}

// online runs an online command in the learner's working directory.
func (a *app) online(ctx context.Context, stdin io.Reader, args ...string) int {
	run := a.Online
	if run == nil {
		run = onlineForTests
	}
	if run == nil {
		root := a.root
		if root == "" {
			r, err := repo.Find(a.Cwd)
			if err != nil {
				a.errp.Errorf(ui.MsgNotInRepo, a.Cwd)
				return ExitUsage
			}
			root = r
		}
		run = goRunOnline(root)
	}
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	return run(ctx, cmdenv.Env{Stdin: stdin, Stdout: a.Stdout, Stderr: a.Stderr, Getenv: a.Getenv, Cwd: a.Cwd,
		ConfigDir: a.ConfigDir, Now: a.Now}, args)
}

// goRunOnline runs the online binary of the workshop at root with go run
// (which keeps the built binary in its cache).
func goRunOnline(root string) Online {
	return func(ctx context.Context, env cmdenv.Env, args []string) int {
		cmd := exec.CommandContext(ctx, "go", append([]string{"run", filepath.Join(root, "checker", "online")}, args...)...)
		cmd.Dir, cmd.Stdin, cmd.Stdout, cmd.Stderr = env.Cwd, env.Stdin, env.Stdout, env.Stderr
		cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
		cmd.WaitDelay = 10 * time.Second
		err := cmd.Run()
		if err == nil {
			return ExitPass
		}
		if exit, ok := err.(*exec.ExitError); ok && exit.ExitCode() >= 0 {
			return exit.ExitCode()
		}
		fmt.Fprintln(env.Stderr, "checker: "+err.Error())
		return ExitUsage
	}
}

// trainerCard prints exercise e's trainer card.
func (a *app) trainerCard(e catalogue.Exercise) int {
	if card.Write(a.Stdout, e, a.out.Lang) {
		a.out.Notef(card.T(a.out.Lang, card.MsgCardNoHintUse))
	}
	return ExitPass
}

// fromState adds what the learner's state knows to r: hints, attempts, the
// first attempt and the first pass of each exercise.
func fromState(r *report.Report, st *state.State) {
	for i := range r.Exercises {
		e := &r.Exercises[i]
		e.HintsUsed = st.Hints[e.Dir]
		e.Attempts = st.Attempts[e.Dir]
		if t, ok := st.First[e.Dir]; ok {
			e.FirstAttempt = &t
		}
		if t, ok := st.Solved[e.Dir]; ok {
			e.Solved = &t
		}
	}
}

// attempted says whether grading v counts as an attempt: its tests ran on
// files the learner changed. The first one starts the learner's clock on the
// exercise, so grading it as shipped (watch's first run, check N before any
// edit) is not one: nobody is stuck on an exercise they have not touched.
func attempted(v grade.Verdict) bool {
	switch v.Status {
	case grade.NotStarted, grade.Missing, grade.Stopped:
		return false
	}
	return !v.Pristine
}

// recordAttempts notes the attempts among vs in the learner's state and
// returns the verdicts the room is to see: the attempts, and exercises back
// as shipped (reset) after attempts, as "not started" like the report says.
func (a *app) recordAttempts(vs []grade.Verdict) []grade.Verdict {
	var tried, back []grade.Verdict
	for _, v := range vs {
		switch {
		case attempted(v):
			tried = append(tried, v)
		case v.Pristine && v.Status != grade.Missing:
			back = append(back, v)
		}
	}
	if len(tried)+len(back) == 0 {
		return nil
	}
	s, unlock, ok := a.lockStore()
	if !ok {
		return tried
	}
	defer unlock()
	st := s.Load()
	if len(tried) > 0 {
		now := a.Now()
		for _, v := range tried {
			st.Attempt(v.Exercise.Dir, now, v.Status.Passed())
		}
		if err := st.Save(); err != nil {
			a.errp.Errorf(ui.MsgStoreFailed, a.out.Path(s.Dir, 0), err)
		}
	}
	for _, v := range back {
		if st.Attempts[v.Exercise.Dir] > 0 {
			v.Status, v.Leaks, v.Race = grade.NotStarted, nil, ""
			tried = append(tried, v)
		}
	}
	return tried
}

// roomCheck checks --room and the learner's name before anything is graded;
// ok is false (after saying why) when they cannot be used.
func (a *app) roomCheck(ctx context.Context) bool {
	if a.rf.url == "" {
		return true
	}
	return a.online(ctx, nil, a.postArgs("--check")...) == ExitPass
}

func (a *app) postArgs(extra ...string) []string {
	args := []string{"post", "--room", a.rf.url, "--name", a.learner(), "--lang", a.out.Lang}
	if s, unlock, ok := a.lockStore(); ok { // the store the checker uses, made if need be
		unlock()
		args = append(args, "--store", s.Dir)
	}
	return append(args, extra...)
}

// toRoom records the attempts among vs and, with --room, hands them to
// online post, which keeps them for the room and sends what it can; it
// returns whether verdicts are still kept, to be sent later.
func (a *app) toRoom(ctx context.Context, vs []grade.Verdict) (kept bool) {
	tried := a.recordAttempts(vs)
	if a.rf.url == "" || len(tried) == 0 {
		return false
	}
	r := report.New(a.root, a.goVer, a.Now(), tried, a.runtimeView())
	r.Learner = a.learner()
	fromState(&r, a.store().Load())
	b, err := json.Marshal(r)
	if err != nil {
		a.errp.Errorf("%v", err)
		return false
	}
	return a.online(ctx, bytes.NewReader(b), a.postArgs("-")...) == ExitFail
}

// roomRetry sends what a watching learner's room client kept while the room
// was unreachable, every few seconds, until ctx ends; kept says whether there
// is something to send. It returns a function that stops it and waits for it.
func (a *app) roomRetry(ctx context.Context, kept func() bool, sent func(stillKept bool)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		retry := time.NewTicker(5 * time.Second)
		defer retry.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-retry.C:
				if kept() {
					sent(a.online(ctx, nil, a.postArgs("--retry")...) == ExitFail)
				}
			}
		}
	}()
	return func() {
		cancel()
		wg.Wait()
	}
}

// sign signs a report with the clone's identity, so that the trainer sees it
// if it is edited afterwards; a report is written unsigned when the identity
// cannot be had.
func (a *app) sign(r *report.Report) {
	s, unlock, ok := a.lockStore()
	if !ok {
		return
	}
	defer unlock()
	if k, err := ident.Load(s.Dir); err == nil {
		k.Sign(r)
	}
}

// writeJUnit writes reports to --junit FILE, one test suite per learner.
func (a *app) writeJUnit(reports ...report.Report) error {
	path := a.junit
	if !filepath.IsAbs(path) {
		path = filepath.Join(a.Cwd, path)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = report.WriteJUnit(f, reports...)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		fmt.Fprintf(a.Stderr, a.out.T(ui.MsgReportWritten)+"\n", a.junit)
	}
	return err
}

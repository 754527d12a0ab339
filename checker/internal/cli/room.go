package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"gohunters/checker/internal/card"
	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/ident"
	"gohunters/checker/internal/report"
	"gohunters/checker/internal/state"
	"gohunters/checker/internal/ui"
	"gohunters/internal/catalogue"
)

// roomFlags are the light checker's flags for the trainer's room: --room on
// check and watch (the verdicts go to the room through `online post`), and
// hint --trainer. The room's own commands (serve, room, post) and their flags
// live in checker/online.
type roomFlags struct {
	url  string // --room: the room to send verdicts to
	card bool   // hint: the trainer's card instead of a hint
}

func (a *app) roomFlags(fs *flag.FlagSet) {
	fs.StringVar(&a.rf.url, "room", "", "check, watch: send each verdict to the trainer's room page at `URL` (printed by serve)")
	fs.BoolVar(&a.rf.card, "trainer", false, "hint: show the exercise's trainer card (timing, wrong fixes, debrief) instead of a hint")
}

// trainerCard prints exercise e's trainer card.
func (a *app) trainerCard(e catalogue.Exercise) int {
	if card.Write(a.Stdout, e, a.out.Lang) {
		a.out.Notef(card.T(a.out.Lang, card.MsgCardNoHintUse))
	}
	return ExitPass
}

// newReport is the report of vs: the verdicts, who they are (--name, else
// git's), what the learner's state knows, and what makes a report that was
// not the checker's visible to the trainer (the checker, the checksums the
// verdicts were checked against and where they came from, the settings left
// out, an edited state).
func (a *app) newReport(vs []grade.Verdict) report.Report {
	goVer := a.goVer // the Go the tests ran on, when the go command said
	if a.testGo.Version != "" {
		goVer = a.testGo.Version
	}
	r := report.New(a.root, goVer, a.Now(), vs, a.runtimeView())
	r.Learner = a.learner()
	r.Checker = checkerVersion()
	r.Sums, r.Dropped = a.sumsHash, a.dropped
	switch src := a.sumSource; {
	case src.Untrusted != nil:
		r.SumsSource = "unreadable"
	case src.Copy:
		r.SumsSource = "copy"
	case src.Commit != "":
		r.SumsSource = "git " + src.Commit
	}
	for i, v := range vs {
		if a.Sums == nil {
			break
		}
		sums := a.Sums(v.Exercise.Dir)
		files := map[string]string{}
		for _, f := range sums {
			files[f.Name] = f.SHA256
		}
		r.Exercises[i].Tests = catalogue.TestFilesHash(files)
		if have, err := catalogue.HashDir(a.exDir(v.Exercise)); err == nil {
			code := map[string]string{}
			for name, sum := range have {
				if !catalogue.IsTestFile(name) {
					code[name] = sum
				}
			}
			r.Exercises[i].Code = codeHash(code)
		}
	}
	st := a.store().Load()
	fromState(&r, st)
	if !st.Edited.IsZero() {
		t := st.Edited
		r.StateEdited = &t
	}
	return r
}

// codeHash is the checksum of an exercise's files (slash path to sha256).
func codeHash(files map[string]string) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var sb strings.Builder
	for _, n := range names {
		fmt.Fprintf(&sb, "%s  %s\n", files[n], n)
	}
	return catalogue.Hash([]byte(sb.String()))
}

// checkerVersion names the checker: its release, the commit it was built
// from when the build recorded one, and the Go it was built with.
func checkerVersion() string {
	v := "gohunters-checker/" + Version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision":
				v += " " + s.Value[:min(12, len(s.Value))]
			case s.Key == "vcs.modified" && s.Value == "true":
				v += "+modified"
			}
		}
	}
	return v + " " + runtime.Version()
}

// Version is the checker's release: reports carry it.
const Version = "2026.12"

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

// roomOK checks --room before anything runs: the address's form (online post
// checks it again) and the learner's name. ok is false, after saying why,
// when --room cannot be used.
func (a *app) roomOK() bool {
	if a.rf.url == "" {
		return true
	}
	u, err := url.Parse(strings.TrimSpace(a.rf.url))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		!strings.HasPrefix(u.Path, "/r/") || strings.Count(strings.Trim(u.Path, "/"), "/") != 1 || u.RawQuery != "" {
		a.errp.Errorf(ui.MsgRoomBadURL, a.rf.url)
		return false
	}
	if a.learner() == "" {
		a.errp.Errorf(ui.MsgRoomNoName)
		return false
	}
	return true
}

// toRoom records the attempts among vs and, with --room, hands them to
// `online post`, which queues them for the room (in the per-clone store, out
// of git clean's reach), sends what is queued and says how it went. It
// returns whether verdicts are still kept, to be sent later.
func (a *app) toRoom(ctx context.Context, vs []grade.Verdict) (kept bool) {
	tried := a.recordAttempts(vs)
	if a.rf.url == "" || len(tried) == 0 {
		return false
	}
	r := a.newReport(tried)
	b, err := json.Marshal(r)
	if err != nil {
		a.errp.Errorf("%v", err)
		return false
	}
	return a.forward(ctx, a.postArgs(), bytes.NewReader(b)) == ExitFail
}

// postArgs are online post's arguments for this learner and room, with the
// per-clone store the checker uses (where the queue and the identity live).
func (a *app) postArgs(extra ...string) []string {
	args := []string{"post", "--room", a.rf.url, "--name", a.learner(), "--lang", a.out.Lang}
	if s, unlock, ok := a.lockStore(); ok {
		unlock()
		args = append(args, "--store", s.Dir)
	}
	return append(args, extra...)
}

// roomRetry sends, every few seconds until ctx ends, what a watching
// learner's room client kept while the room was unreachable; kept says
// whether there is something to send. It returns a function that stops it
// and waits for it.
func (a *app) roomRetry(ctx context.Context, kept func() bool, sent func(stillKept bool)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		retry := time.NewTicker(5 * time.Second)
		defer retry.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-retry.C:
				if kept() {
					sent(a.forward(ctx, a.postArgs("--retry"), strings.NewReader("")) == ExitFail)
				}
			}
		}
	})
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

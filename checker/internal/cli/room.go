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
	"strings"

	"gohunters/checker/internal/card"
	"gohunters/checker/internal/grade"
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

// attempted says whether grading v counts as an attempt: its tests ran, and
// either the learner changed its files or asked for this exercise alone.
func attempted(v grade.Verdict, alone bool) bool {
	switch v.Status {
	case grade.NotStarted, grade.Missing, grade.Stopped:
		return false
	}
	return !v.Pristine || alone
}

// recordAttempts notes the attempts among vs in the learner's state and
// returns those verdicts.
func (a *app) recordAttempts(vs []grade.Verdict) []grade.Verdict {
	var tried []grade.Verdict
	for _, v := range vs {
		if attempted(v, len(vs) == 1) {
			tried = append(tried, v)
		}
	}
	if len(tried) == 0 {
		return nil
	}
	if s, unlock, ok := a.lockStore(); ok {
		st := s.Load()
		now := a.Now()
		for _, v := range tried {
			st.Attempt(v.Exercise.Dir, now, v.Status.Passed())
		}
		if err := st.Save(); err != nil {
			a.errp.Errorf(ui.MsgStoreFailed, a.out.Path(s.Dir, 0), err)
		}
		unlock()
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
// of git clean's reach), sends what is queued and says how it went.
func (a *app) toRoom(ctx context.Context, vs []grade.Verdict) {
	tried := a.recordAttempts(vs)
	if a.rf.url == "" || len(tried) == 0 {
		return
	}
	r := report.New(a.root, a.goVer, a.Now(), tried, a.runtimeView())
	r.Learner = a.learner()
	fromState(&r, a.store().Load())
	b, err := json.Marshal(r)
	if err != nil {
		a.errp.Errorf("%v", err)
		return
	}
	a.forward(ctx, []string{"post", "--room", a.rf.url, "--name", r.Learner, "--lang", a.out.Lang}, bytes.NewReader(b))
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

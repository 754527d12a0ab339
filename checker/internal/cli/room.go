package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/report"
	"gohunters/checker/internal/room"
	"gohunters/checker/internal/state"
	"gohunters/checker/internal/ui"
	"gohunters/internal/catalogue"
)

// roomFlags are the flags of the room, serve and --room.
type roomFlags struct {
	url    string        // --room: the room to send verdicts to
	listen string        // serve: the address to listen on
	code   string        // serve: the room code
	stuck  time.Duration // room, serve: "stuck for more than"
	card   bool          // hint: the trainer's card instead of a hint
}

func (a *app) roomFlags(fs *flag.FlagSet) {
	fs.StringVar(&a.rf.url, "room", "", "check, watch: send each verdict to the trainer's room page at `URL` (printed by serve)")
	fs.StringVar(&a.rf.listen, "listen", "127.0.0.1:4000", "serve: the `address` to listen on (0.0.0.0:4000 opens the room to the LAN)")
	fs.StringVar(&a.rf.code, "code", "", "serve: the room code learners need (default: a random one)")
	fs.DurationVar(&a.rf.stuck, "stuck", 15*time.Minute, "room, serve: flag a learner stuck on an exercise for longer than this")
	fs.BoolVar(&a.rf.card, "trainer", false, "hint: show the exercise's trainer card (timing, wrong fixes, debrief) instead of a hint")
}

// trainerCard prints exercise e's trainer card.
func (a *app) trainerCard(e catalogue.Exercise) int {
	t := a.roomT
	card, ok := catalogue.TrainerCardIn(e.Dir, a.out.Lang)
	if !ok {
		fmt.Fprintf(a.Stdout, t(room.MsgCardNone)+"\n", e.Number)
		return ExitPass
	}
	w := a.Stdout
	fmt.Fprintf(w, t(room.MsgCardHeader)+"\n\n", e.Number, e.In(a.out.Lang).Title, card.Minutes)
	if len(card.WrongFixes) > 0 {
		fmt.Fprintln(w, t(room.MsgCardWrongFix))
		for _, f := range card.WrongFixes {
			fmt.Fprintf(w, t(room.MsgCardFix)+"\n", f.Try)
			fmt.Fprintf(w, t(room.MsgCardSays)+"\n", f.Checker)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, t(room.MsgCardDebrief))
	for _, p := range card.Debrief {
		fmt.Fprintf(w, t(room.MsgCardPoint)+"\n", p)
	}
	a.out.Notef(t(room.MsgCardNoHintUse))
	return ExitPass
}

// roomT returns msg, one of room's Msg constants, in the learner's language.
func (a *app) roomT(msg string) string { return room.T(a.out.Lang, msg) }

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

// roomClient returns the client for --room, or nil without it; ok is false
// (after saying why) when --room cannot be used.
func (a *app) roomClient() (c *room.Client, ok bool) {
	if a.rf.url == "" {
		return nil, true
	}
	u, err := room.ParseURL(a.rf.url)
	if err != nil {
		a.errp.Errorf(a.roomT(room.MsgRoomBadURL), a.rf.url)
		return nil, false
	}
	if a.learner() == "" {
		a.errp.Errorf(a.roomT(room.MsgRoomNoName))
		return nil, false
	}
	// One queue per room: verdicts kept for a room that was down (or a
	// mistyped address, or yesterday's session) are never sent to another.
	sum := sha256.Sum256([]byte(u))
	// In the per-clone store, like the backups: git clean -fdx must not drop them.
	queue := filepath.Join(a.store().Dir, "room-queue", hex.EncodeToString(sum[:6]))
	return &room.Client{URL: u, Queue: queue,
		HTTP: &http.Client{Timeout: 5 * time.Second}}, true
}

// toRoom records the attempts among vs and, with --room, queues them for the
// room; it returns whether there is something to send.
func (a *app) toRoom(c *room.Client, vs []grade.Verdict) bool {
	tried := a.recordAttempts(vs)
	if c == nil || len(tried) == 0 {
		return false
	}
	r := report.New(a.root, a.goVer, a.Now(), tried, a.runtimeView())
	r.Learner = a.learner()
	fromState(&r, a.store().Load())
	if err := c.Enqueue(r); err != nil {
		a.errp.Errorf("%v", err)
		return false
	}
	return true
}

// flushRoom sends what is queued, for at most a few seconds, and says how it went.
func (a *app) flushRoom(ctx context.Context, c *room.Client) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	sent, err := c.Flush(ctx)
	a.sayRoom(sent, err, c.Pending())
}

func (a *app) sayRoom(sent int, err error, pending int) {
	switch {
	case errors.Is(err, room.ErrRefused):
		a.out.Notef(a.roomT(room.MsgRoomRefused), err)
	case err != nil:
		a.out.Notef(a.roomT(room.MsgRoomQueued), err, pending)
	case sent > 1:
		a.out.Notef(a.roomT(room.MsgRoomCaughtUp), sent)
	case sent == 1:
		a.out.Notef(a.roomT(room.MsgRoomSent))
	}
}

// roomRetry sends what a watching learner's room client kept while the room
// was unreachable, every few seconds, until ctx ends; it returns a function
// that stops it and waits for it.
func roomRetry(ctx context.Context, c *room.Client) (stop func()) {
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
				if c.Pending() > 0 {
					c.Flush(ctx) // the next verdict says how it went
				}
			}
		}
	}()
	return func() {
		cancel()
		wg.Wait()
	}
}

// roomCmd merges report files into the room's grid.
func (a *app) roomCmd(ctx context.Context, args []string) int {
	if len(args) == 0 {
		a.errp.Errorf(a.roomT(room.MsgRoomNoFiles))
		return ExitUsage
	}
	var reports []report.Report
	g := room.NewGrid(room.ColumnsIn(a.Exercises, a.out.Lang))
	g.Lang = a.out.Lang
	bad := false
	for _, name := range args {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(a.Cwd, path)
		}
		rep, err := readReport(path)
		var cells []room.Cell
		if err == nil {
			cells, err = room.Cells(rep, g.Columns)
		}
		if err != nil {
			a.errp.Errorf(a.roomT(room.MsgRoomBadFile), name, err)
			bad = true
			continue
		}
		for _, c := range cells {
			g.Add(c)
		}
		reports = append(reports, rep)
	}
	if err := g.WriteText(a.Stdout, a.Now(), a.rf.stuck); err != nil {
		a.errp.Errorf("%v", err)
		return ExitUsage
	}
	if a.junit != "" {
		if err := a.writeJUnit(reports...); err != nil {
			a.errp.Errorf("%v", err)
			return ExitUsage
		}
	}
	if bad {
		return ExitUsage
	}
	return ExitPass
}

func readReport(path string) (report.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return report.Report{}, err
	}
	defer f.Close()
	return room.Decode(f, room.MaxFile)
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

// serve opens the live room page until Ctrl-C.
func (a *app) serve(ctx context.Context, args []string) int {
	code := a.rf.code
	if code == "" {
		code = room.NewCode()
	}
	ln, err := net.Listen("tcp", a.rf.listen)
	if err != nil {
		a.errp.Errorf(a.roomT(room.MsgServeBadListen), a.rf.listen, err)
		return ExitUsage
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	ip := net.ParseIP(host)
	addr := "http://" + net.JoinHostPort(host, port) + "/r/" + code + "/"
	if ip != nil && ip.IsUnspecified() {
		addr = "http://" + net.JoinHostPort(lanAddress(), port) + "/r/" + code + "/"
	}
	fmt.Fprintf(a.Stdout, a.roomT(room.MsgServeListening)+"\n", addr, addr)
	if ip != nil && ip.IsUnspecified() {
		a.out.Notef(a.roomT(room.MsgServeLAN))
	} else {
		a.out.Notef(a.roomT(room.MsgServeLocal), host, port)
	}
	srv := &http.Server{
		Handler:           room.NewServer(code, room.ColumnsIn(a.Exercises, a.out.Lang), a.rf.stuck).In(a.out.Lang).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		MaxHeaderBytes:    16 << 10,
		// Pages' event streams end with ctx, so that Shutdown does not wait for them.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err = <-done:
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err = srv.Shutdown(shutdown)
		<-done
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		a.errp.Errorf("%v", err)
		return ExitFail
	}
	fmt.Fprintln(a.Stdout, a.roomT(room.MsgServeBye))
	return ExitPass
}

// lanAddress is the address other machines most likely reach this one at.
func lanAddress() string {
	addrs, err := net.InterfaceAddrs()
	if err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() && n.IP.IsPrivate() {
				return n.IP.String()
			}
		}
	}
	return "127.0.0.1"
}

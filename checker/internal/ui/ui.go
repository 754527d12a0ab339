// Package ui renders the checker's output: the exercise list with a progress
// bar, verdicts with clickable path:line locations, hints. Colour is used only on
// a terminal, and never when NO_COLOR is set (https://no-color.org).
package ui

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/mattn/go-runewidth"

	"gohunters/checker/internal/explain"
	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/judge"
	"gohunters/checker/internal/runner"
	"gohunters/internal/catalogue"
	"gohunters/internal/i18n"
	"gohunters/internal/words"
)

// Printer writes to W. Root is the repository root; Cwd the learner's working
// directory, to which printed paths are relative (so editors and terminals can
// open path:line).
type Printer struct {
	W        io.Writer
	Color    bool
	TTY      bool
	Root     string
	Cwd      string
	Verbose  bool
	Lang     string // "en" or "ja", see package i18n
	MemoryMB int    // the bound on a test's memory, for the out-of-memory verdict
}

// IsTerminal reports whether f is a terminal: a character device other than
// the null device (output sent to /dev/null is a character device too).
func IsTerminal(f *os.File) bool {
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(st, null)
}

// Dumb reports whether the terminal is one that cannot move the cursor, erase
// or colour (TERM=dumb): it is then treated like a pipe.
func Dumb(getenv func(string) string) bool { return getenv("TERM") == "dumb" }

// UseColor decides colour from whether the output is a terminal and the environment.
func UseColor(tty bool, getenv func(string) string) bool {
	return tty && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

const (
	red    = "31"
	green  = "32"
	yellow = "33"
	cyan   = "36"
	bold   = "1"
	dim    = "2"
)

func (p *Printer) c(code, s string) string {
	if !p.Color || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p *Printer) f(format string, a ...any) { fmt.Fprintf(p.W, format, a...) }

func (p *Printer) ln(a ...any) { fmt.Fprintln(p.W, a...) }

// Path shows an absolute or root-relative file path relative to the working
// directory, with :line when line > 0.
func (p *Printer) Path(file string, line int) string {
	if !filepath.IsAbs(file) {
		file = filepath.Join(p.Root, filepath.FromSlash(file))
	}
	if rel, err := filepath.Rel(p.Cwd, file); err == nil && !strings.HasPrefix(rel, ".."+string(filepath.Separator)+"..") && p.inRoot(file) {
		file = rel
	}
	if line > 0 {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}

// fromCwd returns the repository's files (slash paths from its root) as paths
// from the learner's folder, for a command such as git checkout to run there.
func (p *Printer) fromCwd(files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f
		if p.Root == "" || p.Cwd == "" {
			continue
		}
		if rel, err := filepath.Rel(p.Cwd, filepath.Join(p.Root, filepath.FromSlash(f))); err == nil {
			out[i] = filepath.ToSlash(rel)
		}
	}
	return out
}

// inRoot reports whether file is inside the repository (when it is known):
// files elsewhere, such as backups, are shown with their absolute path.
func (p *Printer) inRoot(file string) bool {
	if p.Root == "" {
		return true
	}
	rel, err := filepath.Rel(p.Root, file)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Bar is a progress bar of k out of n.
func (p *Printer) Bar(k, n int) string {
	const width = 24
	fill := 0
	if n > 0 {
		// k can pass n when an exercise is graded twice (the fast path's
		// fallback): a full bar, never a negative repeat.
		fill = min(max(k, 0), n) * width / n
	}
	return "[" + p.c(green, strings.Repeat("#", fill)) + strings.Repeat("-", width-fill) + "]"
}

func (p *Printer) statusColor(s grade.Status) string {
	switch s {
	case grade.Done:
		return green
	case grade.NotStarted, grade.Stopped:
		return dim
	case grade.Leaking, grade.Failing:
		return yellow
	}
	return red
}

// Status renders a status word, padded to width terminal columns for tables.
func (p *Printer) Status(s grade.Status, width int) string {
	return p.c(p.statusColor(s), runewidth.FillRight(StatusIn(p.Lang, s), width))
}

// List prints one line per exercise, the progress bar and what to do next.
func (p *Printer) List(vs []grade.Verdict) {
	done, width := 0, 0
	statusWidth := 16 // the longer statuses (tests did not all run, ...) widen the column
	for _, v := range vs {
		width = max(width, runewidth.StringWidth(v.Exercise.In(p.Lang).Title))
		statusWidth = max(statusWidth, runewidth.StringWidth(StatusIn(p.Lang, v.Status)))
	}
	var next *grade.Verdict
	for i, v := range vs {
		e := v.Exercise
		mark := "  "
		if v.Status.Passed() {
			done++
			mark = p.c(green, "✓ ")
		} else if next == nil {
			next = &vs[i]
			mark = p.c(cyan, "→ ")
		}
		p.f("%s%02d  %s %s  %s\n", mark, e.Number, p.Status(v.Status, statusWidth), runewidth.FillRight(e.In(p.Lang).Title, width), p.c(dim, e.Principle))
	}
	p.ln()
	p.f(p.T(MsgProgress)+"\n", p.Bar(done, len(vs)), done, len(vs))
	if next == nil {
		p.ln(p.c(green, p.T(MsgAllDone)))
		return
	}
	e := next.Exercise
	t := e.In(p.Lang)
	p.ln()
	p.f(p.T(MsgNext)+"\n", e.Number, p.c(bold, t.Title), t.Goal, p.Path(filepath.FromSlash(e.Rel()), 0)+string(filepath.Separator), e.Number)
	if next.Status == grade.NotStarted {
		p.ln(p.c(dim, fmt.Sprintf(p.T(MsgNotStartedNote), e.Number)))
	}
	switch next.Status {
	case grade.TestsModified, grade.Missing, grade.SupportModified, grade.NestedModule, grade.Unverified, grade.Refused:
		// Editing the exercise's code cannot help, or not in the usual way: say what will.
		p.Verdict(*next)
	}
}

// untrusted says why an exercise is unverified: its checksums were never
// recorded, or the clone's history that holds them could not be read.
func (p *Printer) untrusted(v grade.Verdict) string {
	reason, detail, _ := strings.Cut(v.Why, ": ")
	switch reason {
	case catalogue.ReasonNoGit:
		return p.T(MsgUntrustedNoGit)
	case catalogue.ReasonGitFailed:
		return fmt.Sprintf(p.T(MsgUntrustedGitFailed), detail)
	case catalogue.ReasonNoUpstream:
		return p.T(MsgUntrustedNoUpstream)
	case catalogue.ReasonNoSums:
		return fmt.Sprintf(p.T(MsgUntrustedNoSums), detail)
	}
	return fmt.Sprintf(p.T(MsgUnverified), v.Exercise.Number, catalogue.RegenerateCommand)
}

// Verdict explains one exercise's result.
func (p *Printer) Verdict(v grade.Verdict) {
	e := v.Exercise
	p.f("%s %s  %s\n", p.c(bold, fmt.Sprintf("%02d %s", e.Number, e.In(p.Lang).Title)), "", p.c(p.statusColor(v.Status), StatusIn(p.Lang, v.Status)))
	if v.Test != "" {
		p.ln("  " + p.c(dim, fmt.Sprintf(p.T(MsgTest), v.Test)))
	}
	dir := e.DirIn(p.Root)
	switch v.Status {
	case grade.Done:
		switch v.Race {
		case grade.RaceChecked:
			p.ln("  " + p.c(dim, p.T(MsgRaceChecked)))
		case grade.RaceUnavailable:
			switch v.RaceWhy {
			case grade.RaceTimedOut:
				p.ln("  " + p.c(dim, fmt.Sprintf(p.T(MsgRaceTimedOut), e.Number)))
			case grade.RaceBuildFailed:
				p.ln("  " + p.c(dim, fmt.Sprintf(p.T(MsgRaceBuildFailed), v.RaceNote)))
			default:
				p.ln("  " + p.c(dim, fmt.Sprintf(p.T(MsgRaceUnavailable), v.RaceNote)))
			}
		}
	case grade.Refused:
		p.ln("  " + p.c(red, p.T(MsgRefused)))
		for _, f := range v.Refused {
			f.File = p.Path(filepath.Join(dir, filepath.FromSlash(f.File)), 0)
			p.ln("    " + f.In(p.Lang))
		}
		p.ln("  " + p.T(MsgRefusedHow))
	case grade.NotStarted, grade.Stopped:
	case grade.Incomplete:
		p.ln("  " + p.c(red, block(fmt.Sprintf(p.T(MsgIncomplete), strings.Join(v.Unran, ", ")))))
	case grade.OutOfMemory:
		p.ln("  " + p.c(red, fmt.Sprintf(p.T(MsgOutOfMemory), p.MemoryMB)))
	case grade.Racy:
		p.ln("  " + p.c(red, p.T(MsgRacy)))
		p.messages(e, v.Message)
	case grade.SupportModified:
		p.ln("  " + p.c(red, fmt.Sprintf(p.T(MsgSupportModified), strings.Join(v.Modified, ", "), strings.Join(p.fromCwd(v.Modified), " "))))
	case grade.Unverified:
		p.ln("  " + p.c(red, p.untrusted(v)))
	case grade.NestedModule:
		mod := p.Path(filepath.Join(dir, filepath.FromSlash(v.Modified[0])), 0)
		p.ln("  " + p.c(red, fmt.Sprintf(p.T(MsgNestedModule), mod, mod)))
	case grade.TestsModified:
		p.ln("  " + p.c(red, fmt.Sprintf(p.T(MsgTestsModified), strings.Join(v.Modified, ", "), e.Number)))
	case grade.Missing:
		p.ln("  " + p.c(red, fmt.Sprintf(p.T(MsgMissing), p.Path(dir, 0), e.Number)))
	case grade.NoCompile:
		p.ln("  " + p.T(MsgCompileHeader))
		if len(v.Compile) == 0 {
			p.indent(v.Output, 30)
		}
		for _, ce := range v.Compile {
			loc := p.Path(ce.File, ce.Line)
			if ce.Col > 0 {
				loc += fmt.Sprintf(":%d", ce.Col)
			}
			p.f("    %s: %s\n", p.c(bold, loc), ce.Message)
		}
	case grade.Leaking:
		p.clauses(e, v.Clauses, dir)
		english := p.messages(e, v.Message)
		p.goalBeside(e, english)
		if len(v.Leaks) == 0 {
			if len(v.Message) == 0 && len(v.Clauses) == 0 { // the test's own words name the leak; else show all it printed
				p.ln("  " + p.T(MsgNoLeakLocated))
				p.indent(v.Output, 40)
			}
		} else {
			total := 0
			for _, w := range v.Leaks {
				total += w.Count
			}
			p.ln("  " + p.c(yellow, fmt.Sprintf(p.T(MsgLeakHeader), total)))
			p.leaks(v.Leaks, false)
			if v.Early {
				p.ln(p.c(dim, p.T(MsgEarly)))
			}
		}
		p.otherFailures(v)
		p.principle(e)
	case grade.Failing:
		p.clauses(e, v.Clauses, dir)
		english := p.messages(e, v.Message)
		p.goalBeside(e, english)
		if len(v.Message) == 0 && len(v.Clauses) == 0 {
			p.indent(v.Output, 30)
		}
		p.otherFailures(v)
	case grade.TimedOut:
		at := p.T(MsgDeadlockedAt)
		if looping(v.Stuck) {
			at = p.T(MsgLoopingAt)
		}
		p.ln("  " + p.c(red, p.timedOut(v)))
		if len(v.Stuck) == 0 {
			p.ln(p.T(MsgNoStuckFound))
		}
		for _, w := range v.Stuck {
			p.f(at+"\n", p.c(bold, p.Path(w.StuckAt.File, w.StuckAt.Line)), short(w.Func), p.state(w.State))
			p.ln(p.c(dim, p.T(MsgDeadlockStack)))
			p.stack(w.Goroutine)
		}
	case grade.Panicked:
		p.ln("  " + p.c(red, fmt.Sprintf(p.T(MsgPanicked), v.Panic.Message)))
		if len(v.Stuck) > 0 {
			w := v.Stuck[0]
			p.f(p.T(MsgPanicAt)+"\n", short(w.Func), p.c(bold, p.Path(w.StuckAt.File, w.StuckAt.Line)))
			p.stack(w.Goroutine)
		}
	case grade.Exited:
		line := fmt.Sprintf(p.T(MsgExited), v.Test)
		switch {
		case v.Why == grade.ExitUnproven:
			line = p.T(MsgExitedUnproven)
		case v.Why == grade.ExitContradicted:
			line = fmt.Sprintf(p.T(MsgExitedContradicted), v.Test)
		case strings.HasPrefix(v.Why, grade.ExitSignal) && v.Test == "":
			line = fmt.Sprintf(p.T(MsgExitedSignalEarly), strings.TrimPrefix(v.Why, grade.ExitSignal))
		case strings.HasPrefix(v.Why, grade.ExitSignal):
			line = fmt.Sprintf(p.T(MsgExitedSignal), strings.TrimPrefix(v.Why, grade.ExitSignal), v.Test)
		case v.Panic != nil:
			line = fmt.Sprintf(p.T(MsgExitedZero), v.Test)
		}
		p.ln("  " + p.c(red, line))
		if len(v.Stuck) > 0 {
			w := v.Stuck[0]
			p.f(p.T(MsgPanicAt)+"\n", short(w.Func), p.c(bold, p.Path(w.StuckAt.File, w.StuckAt.Line)))
		}
		p.indent(v.Output, 12)
	}
	if v.Race == grade.RaceFailed {
		p.ln("  " + p.c(dim, p.T(MsgRaceFailed)))
	}
	if p.Verbose && v.Output != "" && v.Status != grade.Done {
		p.ln("  " + p.T(MsgVerbose))
		p.indent(v.Output, 1<<30)
	}
}

// timedOut says after how long which test timed out and what that probably
// means: goroutines that still run when the time is up are a loop that never
// ends, not a deadlock (nothing waits for anything).
func (p *Printer) timedOut(v grade.Verdict) string {
	timeout := ""
	if v.Panic != nil {
		timeout = strings.TrimPrefix(v.Panic.Message, words.TimedOut)
	}
	if looping(v.Stuck) {
		return fmt.Sprintf(p.T(MsgTimedOutLoop), timeout, v.Test)
	}
	return fmt.Sprintf(p.T(MsgTimedOut), timeout, v.Test)
}

// looping reports whether every stuck goroutine of a timed-out test was
// running or sleeping, not waiting for another: a loop (busy, or one that
// sleeps between turns), which no deadlock detector would name.
func looping(stuck []explain.Where) bool {
	if len(stuck) == 0 {
		return false
	}
	for _, w := range stuck {
		if w.State != "running" && w.State != "runnable" && w.State != "sleep" {
			return false
		}
	}
	return true
}

// block indents the lines after the first of a message printed two columns
// in, so that a second line reads as part of it, not as the next item.
func block(s string) string { return strings.ReplaceAll(s, "\n", "\n    ") }

func (p *Printer) where(w explain.Where) {
	count := ""
	if w.Count > 1 {
		count = fmt.Sprintf(p.T(MsgLeakCount), w.Count)
	}
	p.f("  • "+p.T(MsgLeakFunc)+"\n", count, p.c(bold, short(w.Func)), p.state(w.State))
	switch {
	case w.Library:
		p.f(p.T(MsgStuckAtLibrary)+"\n", p.Path(w.StuckAt.File, w.StuckAt.Line))
	case w.StuckAt.File != "":
		p.f(p.T(MsgStuckAt)+"\n", p.c(bold, p.Path(w.StuckAt.File, w.StuckAt.Line)))
	}
	switch {
	case w.Started.File != "" && w.Via.Func != "":
		p.f(p.T(MsgStartedVia)+"\n", p.c(bold, p.Path(w.Started.File, w.Started.Line)), short(w.Via.Func))
	case w.Started.File != "":
		p.f(p.T(MsgStartedAt)+"\n", p.Path(w.Started.File, w.Started.Line))
	case byTesting(w.CreatedBy.Func):
		p.ln(p.T(MsgTestGoroutine))
	case w.CreatedBy.Func != "":
		p.f(p.T(MsgStartedByLibrary)+"\n", short(w.CreatedBy.Func), p.Path(w.CreatedBy.File, w.CreatedBy.Line))
	}
}

// leaks lists leaked goroutines with the second sources' opinions: once for
// all of them when a source says the same of each, else under each one. In a
// check, "unavailable: no toolchain" is left to the run's one note
// (MsgRuntimeUnavailable); explain says it wherever it applies.
func (p *Printer) leaks(ls []grade.Leak, sayNoToolchain bool) {
	shown := func(o judge.Opinion) bool {
		return sayNoToolchain || !(o.Status == judge.Unavailable && o.Reason == judge.NoToolchain)
	}
	same := len(ls) > 1
	for _, l := range ls {
		same = same && len(l.Opinions) == len(ls[0].Opinions)
		for k := range l.Opinions {
			same = same && p.Opinion(l.Opinions[k]) == p.Opinion(ls[0].Opinions[k])
		}
	}
	for _, l := range ls {
		p.where(l.Where)
		if same {
			continue
		}
		for _, o := range l.Opinions {
			if shown(o) {
				p.f(p.T(MsgRuntimeVerdict)+"\n", p.Opinion(o))
			}
		}
	}
	if same {
		for _, o := range ls[0].Opinions {
			if shown(o) {
				p.f(p.T(MsgRuntimeAll)+"\n", p.Opinion(o))
			}
		}
	}
}

// clauses prints the goal clauses a test found not met, each with what was
// observed and where the test checks it. In a language other than English
// the clause is the catalogue's and the observation is rendered from the
// exercise's messages (catalogue.Entry.ObservedIn); what has no rendering is
// shown as the test printed it.
func (p *Printer) clauses(e catalogue.Exercise, cs []grade.Clause, dir string) {
	for _, c := range cs {
		text, obs := c.Text, c.Observed
		if entry, ok := p.entryOf(e, c); ok {
			if t, ok := entry.ClauseIn(p.Lang, c.N); ok {
				text = t
			}
			obs = observedIn(entry, p.Lang, obs)
		}
		p.ln("  " + p.c(red, fmt.Sprintf(p.T(MsgClause), c.N, text)))
		if obs != "" {
			lines := strings.Split(obs, "\n")
			p.ln("    " + fmt.Sprintf(p.T(MsgClauseObserved), p.cuts(lines[0])))
			for _, more := range lines[1:] {
				p.ln("      " + p.cuts(more))
			}
		}
		if c.File != "" {
			file := c.File
			if dir != "" && !filepath.IsAbs(file) {
				file = filepath.Join(dir, filepath.FromSlash(file))
			}
			p.ln("    " + p.c(dim, fmt.Sprintf(p.T(MsgClauseAt), p.Path(file, c.Line), c.Test)))
		}
	}
}

// entryOf is the catalogue entry of the exercise a clause belongs to (the
// one it names, else e), when the printer's language is not English; an
// empty entry, which renders only what the test helpers and goleak print,
// for code that is no exercise (explain).
func (p *Printer) entryOf(e catalogue.Exercise, c grade.Clause) (catalogue.Entry, bool) {
	if p.Lang == "" || p.Lang == i18n.English {
		return catalogue.Entry{}, false
	}
	if c.Exercise != 0 && c.Exercise != e.Number {
		var ok bool
		if e, ok = catalogue.ByNumber(c.Exercise); !ok {
			return catalogue.Entry{}, true
		}
	}
	entry, _ := entryOfDir(e.Dir)
	return entry, true
}

// entryOfDir finds an exercise's catalogue entry (a test gives its own).
var entryOfDir = catalogue.EntryOf

// observedIn renders an observation in lang: whole, else its first line with
// the lines after it as they were printed.
func observedIn(entry catalogue.Entry, lang, obs string) string {
	if t, ok := entry.ObservedIn(lang, obs); ok {
		return t
	}
	first, rest, more := strings.Cut(obs, "\n")
	if t, ok := entry.ObservedIn(lang, first); ok && more {
		return t + "\n" + rest
	}
	return obs
}

// byTesting reports whether fn, a goroutine's creator, is the testing
// package's (testing.(*T).Run, testing.runTests, ...): the goroutine is a
// test's own, and no call of the code under study started it.
func byTesting(fn string) bool { return strings.HasPrefix(fn, "testing.") }

func (p *Printer) stack(g explain.Goroutine) {
	for _, f := range g.Stack {
		if strings.HasPrefix(f.Func, "runtime.") || strings.HasPrefix(f.Func, "internal/") {
			continue
		}
		p.f("      %s\n        %s\n", f.Func, p.Path(f.File, f.Line))
	}
}

// otherFailures names every failing test besides the one shown first, each
// with what it said, or says the run stopped at the first.
func (p *Printer) otherFailures(v grade.Verdict) {
	if v.FirstOnly && len(v.Failed) == 1 {
		p.ln("  " + p.c(dim, p.T(MsgFirstFailureOnly)))
	}
	for _, f := range v.Failed {
		if f.Test == v.Test {
			continue
		}
		p.ln("  " + p.c(dim, fmt.Sprintf(p.T(MsgTest), f.Test)))
		p.messages(v.Exercise, f.Message)
	}
}

// messages prints what a test said besides its clauses. In a language other
// than English a message printed from one of the exercise's formats is shown
// rendered in that language; english reports whether any line stayed as the
// test printed it.
func (p *Printer) messages(e catalogue.Exercise, msgs []string) (english bool) {
	if len(msgs) == 0 {
		return false
	}
	entry, translate := p.entryOf(e, grade.Clause{})
	p.ln("  " + p.T(MsgFailedMessages))
	for _, m := range msgs {
		// testify's "Error Trace" lines carry absolute paths: make them relative like ours.
		if p.Root != "" {
			m = strings.ReplaceAll(m, p.Root+string(filepath.Separator), "")
		}
		if translate {
			at, said := "", m
			if loc := testLine.FindString(m); loc != "" {
				at, said = loc, m[len(loc):]
			}
			if t, ok := entry.ObservedIn(p.Lang, said); ok {
				m = at + t
			} else {
				english = true
			}
		} else {
			english = true
		}
		p.ln("    " + p.cuts(m))
	}
	return english
}

// testLine is the file:line testing puts before what a test says.
var testLine = regexp.MustCompile(`^\S+_test\.go:\d+: `)

// goalBeside says, in the learner's language, what the test checks (the
// exercise's goal) when some of its messages stay in English.
func (p *Printer) goalBeside(e catalogue.Exercise, english bool) {
	if english && p.Lang != "" && p.Lang != i18n.English {
		p.ln("  " + p.c(cyan, fmt.Sprintf(p.T(MsgGoalBeside), e.In(p.Lang).Goal)))
	}
}

func (p *Printer) principle(e catalogue.Exercise) {
	if pr, ok := catalogue.PrincipleByID(e.Principle); ok {
		p.ln("  " + p.c(cyan, fmt.Sprintf(p.T(MsgPrinciple), pr.ID, pr.In(p.Lang).Title)))
	}
	p.ln("  " + p.c(dim, fmt.Sprintf(p.T(MsgSeePrinciple), e.Number)))
}

func (p *Printer) indent(s string, max int) {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if i == max {
			p.f("    "+p.T(MsgMoreLines)+"\n", len(lines)-max)
			return
		}
		p.ln("    " + p.cuts(grade.ClipLine(l)))
	}
}

var cutMarker = regexp.MustCompile(regexp.QuoteMeta(runner.CutMarker[:strings.Index(runner.CutMarker, "%d")]) + `(\d+)` +
	regexp.QuoteMeta(runner.CutMarker[strings.Index(runner.CutMarker, "%d")+2:]))

var diffCut = regexp.MustCompile(regexp.QuoteMeta(grade.DiffCutMarker[:strings.Index(grade.DiffCutMarker, "%d")]) + `(\d+)` +
	regexp.QuoteMeta(grade.DiffCutMarker[strings.Index(grade.DiffCutMarker, "%d")+2:]))

// cuts says in words where the checker cut output short.
func (p *Printer) cuts(s string) string {
	return diffCut.ReplaceAllString(cutMarker.ReplaceAllString(s, p.T(MsgOutputCut)), p.T(MsgDiffCut))
}

// short drops the module path from a function name: exercises/01_x.Run.func2.
func short(fn string) string {
	if i := strings.LastIndex(fn, "/"); i >= 0 {
		return fn[i+1:]
	}
	return fn
}

func (p *Printer) state(s string) string {
	if t, ok := StateIn(p.Lang, s); ok {
		return fmt.Sprintf("%s (%s)", t, s)
	}
	return s
}

// Hint prints hint level (1-based) of e.
func (p *Printer) Hint(e catalogue.Exercise, level int) {
	t := e.In(p.Lang)
	if len(t.Hints) == 0 {
		p.f(p.T(MsgNoHints)+"\n", e.Number)
		return
	}
	p.f(p.T(MsgHintLevel)+"\n", level, len(t.Hints), e.Number, p.c(bold, t.Title))
	p.ln("  " + t.Hints[level-1])
	if level == len(t.Hints) {
		if pr, ok := catalogue.PrincipleByID(e.Principle); ok {
			p.ln("  " + p.c(cyan, fmt.Sprintf(p.T(MsgPrinciple), pr.ID, pr.In(p.Lang).Title)))
		}
		sd, _ := catalogue.SeedByFile(e.Seed)
		p.ln("  " + p.c(dim, fmt.Sprintf(p.T(MsgSeedPassage), sd.Number, sd.In(p.Lang), t.Passage)))
		p.ln(p.c(dim, fmt.Sprintf(p.T(MsgHintsExhausted), e.Number)))
	} else {
		p.ln(p.c(dim, fmt.Sprintf(p.T(MsgHintMore), e.Number)))
	}
}

// ClearScreen clears a terminal (watch mode); it does nothing elsewhere.
func (p *Printer) ClearScreen() {
	if p.TTY {
		p.f("\x1b[H\x1b[2J")
	}
}

// Errorf prints an error line.
func (p *Printer) Errorf(format string, a ...any) {
	p.ln(p.c(red, "checker: "+fmt.Sprintf(p.T(format), a...)))
}

// Notef prints a dim note.
func (p *Printer) Notef(format string, a ...any) {
	p.ln(p.c(dim, fmt.Sprintf(p.T(format), a...)))
}

// CheckerCommand is how the learner runs the checker from cwd, inside the
// repository at root: "go run ./checker" at the root, "go run ../../checker"
// two folders below it.
func CheckerCommand(root, cwd string) string {
	rel, err := filepath.Rel(cwd, filepath.Join(root, "checker"))
	if err != nil || !strings.HasPrefix(rel, "..") {
		return "go run ./checker"
	}
	return "go run " + filepath.ToSlash(rel)
}

// CommandWriter writes to w with every "go run ./checker" in the messages
// replaced by command, the form that works where the learner stands.
func CommandWriter(w io.Writer, command string) io.Writer {
	if command == "go run ./checker" {
		return w
	}
	return &commandWriter{w: w, new: []byte(command)}
}

type commandWriter struct {
	w   io.Writer
	new []byte
}

func (c *commandWriter) Write(p []byte) (int, error) {
	if _, err := c.w.Write(bytes.ReplaceAll(p, []byte("go run ./checker"), c.new)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// ExplainSummary counts what checker explain found.
type ExplainSummary struct {
	Packages, LeakPackages, Leaks int
	Failing                       int // tests that failed without a leak report
	Broken                        int // packages that did not build or did not finish (timeout, panic, exit)
}

// Explain prints what one package's tests say about leaks, for checker explain
// on any module: every test that leaked, with its goroutines located in the
// module's code and the runtime's opinion (or why it is unavailable), and every
// other failure in a line. A package with nothing to report prints nothing.
func (p *Printer) Explain(path string, v grade.Verdict, sum *ExplainSummary) {
	sum.Packages++
	switch v.Status {
	case grade.Done, grade.NotStarted:
		return
	case grade.NoCompile:
		sum.Broken++
		p.f("%s  %s\n", p.c(bold, path), p.c(red, StatusIn(p.Lang, v.Status)))
		for _, ce := range v.Compile {
			p.f("    %s: %s\n", p.c(bold, p.Path(ce.File, ce.Line)), ce.Message)
		}
		if len(v.Compile) == 0 {
			p.indent(v.Output, 20)
		}
		p.ln()
		return
	case grade.Leaking, grade.Failing:
	default: // timed out, panicked, exited, out of memory: what the workshop's verdict says
		sum.Broken++
		p.f("%s  %s\n", p.c(bold, path), p.c(red, StatusIn(p.Lang, v.Status)))
		if v.Test != "" {
			p.ln("  " + p.c(dim, fmt.Sprintf(p.T(MsgTest), v.Test)))
		}
		switch {
		case v.Status == grade.TimedOut:
			p.ln("  " + p.timedOut(v))
		case v.Status == grade.Panicked && v.Panic != nil:
			p.ln("  " + fmt.Sprintf(p.T(MsgPanicked), v.Panic.Message))
		case v.Panic != nil:
			p.ln("  " + v.Panic.Message)
		}
		for _, w := range v.Stuck {
			p.where(w)
		}
		p.ln()
		return
	}
	leaked := false
	for _, f := range v.Failed {
		if !f.Leaked {
			sum.Failing++
			p.f(p.T(MsgExplainFail)+"\n", p.c(bold, path), f.Test)
			p.clauses(catalogue.Exercise{}, f.Clauses, "")
			p.messages(catalogue.Exercise{}, f.Message)
			continue
		}
		sum.Leaks++
		leaked = true
		p.f("%s  %s  %s\n", p.c(bold, path), f.Test, p.c(yellow, StatusIn(p.Lang, grade.Leaking)))
		p.messages(catalogue.Exercise{}, f.Message)
		if len(f.Leaks) == 0 {
			p.ln(p.T(MsgExplainNoStacks))
		}
		p.leaks(f.Leaks, true)
	}
	if leaked {
		sum.LeakPackages++
	}
	p.ln()
}

// ExplainEnd sums checker explain's findings up.
func (p *Printer) ExplainEnd(sum ExplainSummary) {
	if sum.Leaks == 0 {
		p.f(p.T(MsgExplainNoLeak)+"\n", sum.Packages)
	} else {
		p.ln(p.c(yellow, fmt.Sprintf(p.T(MsgExplainSummary), sum.Leaks, sum.LeakPackages, sum.Packages)))
	}
	if sum.Failing > 0 {
		p.f(p.T(MsgExplainFailing)+"\n", sum.Failing)
	}
	if sum.Broken > 0 {
		p.f(p.T(MsgExplainBroken)+"\n", sum.Broken)
	}
}

package hunt

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"

	"gohunters/internal/catalogue"
	"gohunters/internal/stacks"
)

// report is what hunt found, before it is printed.
type report struct {
	title    string
	leak     Snapshot // the goroutineleak profile, if one was read
	leakNote string
	again    string // how to hunt the saved dumps again
}

// analyse groups and ranks the last dump's goroutines, compared with the
// first's, and prints the report.
func (h *hunter) analyse(r report, snaps []Snapshot, dir string) int {
	scope := h.scope()
	last := snaps[len(snaps)-1]
	groups := Groups(last, scope)
	compared := len(snaps) == 2
	if compared {
		Compare(Groups(snaps[0], scope), groups, !(snaps[0].Detailed() && last.Detailed()))
	}
	if r.leak.Goroutines != nil || r.leak.Leak {
		Prove(groups, last, r.leak, scope)
	}
	Rank(groups, h.th, compared)
	profiles, err := h.profiles(snaps, dir)
	if err != nil {
		h.errorf("%v", err)
		return ExitBadInput
	}
	return h.print(r, snaps, groups, profiles)
}

// profiles returns the binary profiles of the dumps for go tool pprof: a
// binary profile as it was given, a text dump converted into dir (a new
// temporary directory when dir is "").
func (h *hunter) profiles(snaps []Snapshot, dir string) ([]string, error) {
	var out []string
	for i, s := range snaps {
		if s.Format == Proto && !strings.Contains(s.Source, "://") {
			out = append(out, s.Source)
			continue
		}
		if dir == "" {
			var err error
			if dir, err = h.saveDir(); err != nil {
				return nil, err
			}
		}
		p := filepath.Join(dir, fmt.Sprintf("goroutine-%d.pb.gz", i+1))
		if err := WriteProfile(p, s); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func (h *hunter) print(r report, snaps []Snapshot, groups []*Group, profiles []string) int {
	w := h.Stdout
	fmt.Fprintln(w, r.title)
	if len(snaps) == 2 {
		a, b := snaps[0].Total(), snaps[1].Total()
		fmt.Fprintf(w, h.t(MsgTotalsTwo)+"\n", a, b, b-a)
	} else {
		fmt.Fprintf(w, h.t(MsgTotalsOne)+"\n", snaps[0].Total())
	}
	if r.leakNote != "" {
		fmt.Fprintln(w, r.leakNote)
	}
	fmt.Fprintln(w)
	n := 0
	for _, g := range groups {
		if !g.Suspect {
			continue
		}
		if n == 0 {
			fmt.Fprintln(w, h.t(MsgSuspects))
			fmt.Fprintln(w)
		}
		n++
		h.suspect(w, n, g, profiles)
	}
	if n == 0 {
		if len(snaps) == 2 {
			fmt.Fprintf(w, h.t(MsgNoneSuspect)+"\n", h.th.Growth, h.th.Count)
		} else {
			fmt.Fprintf(w, h.t(MsgNoneOneDump)+"\n", h.th.Count)
		}
	}
	others, count := 0, 0
	for _, g := range groups {
		if g.Blocked && !g.Suspect {
			others++
			count += g.Count
		}
	}
	if others > 0 {
		fmt.Fprintf(w, h.t(MsgOthers)+"\n", count, others)
	}
	if r.again != "" {
		fmt.Fprintln(w, r.again)
	}
	if n > 0 {
		return ExitSuspects
	}
	return ExitClean
}

// suspect prints one suspect group.
func (h *hunter) suspect(w io.Writer, n int, g *Group, profiles []string) {
	head := fmt.Sprintf(h.t(MsgSuspect), n, g.Count, g.State)
	if g.State == "waiting" { // a debug=1 or binary profile did not say
		head = fmt.Sprintf(h.t(MsgSuspectAny), n, g.Count)
	}
	if g.Before >= 0 {
		head += fmt.Sprintf(h.t(MsgGrew), g.Growth())
	}
	if g.Proved > 0 {
		head += fmt.Sprintf(h.t(MsgProved), g.Proved)
	}
	if g.Minutes > 0 {
		head += fmt.Sprintf(h.t(MsgMinutes), g.Minutes)
	}
	fmt.Fprintln(w, head)
	line := func(msg string, args ...any) { fmt.Fprintf(w, "   "+h.t(msg)+"\n", args...) }
	if g.WhereOwn {
		line(MsgStuckOwn, g.Where.Func, pos(g.Where))
	} else {
		line(MsgStuckLib, g.Where.Func, pos(g.Where))
	}
	switch {
	case g.Creator.Func == "":
		line(MsgStartedNot)
	case g.Via.Func != "":
		line(MsgStartedVia, g.Creator.Func, pos(g.Creator), g.Via.Func)
	case g.CreatorOwn:
		line(MsgStarted, g.Creator.Func, pos(g.Creator))
	default:
		line(MsgStartedLib, g.Creator.Func, pos(g.Creator))
	}
	a := adviceFor(g.State)
	line(MsgWaiting, h.t(a.wait))
	line(MsgPrinciple, a.principle, h.principle(a.principle), h.principle("P6"))
	cmd := pprofCommand(g.Where.Func, profiles)
	line(MsgNextStep, cmd)
	if len(profiles) == 1 {
		fmt.Fprintln(w, "   "+strings.Repeat(" ", 14)+h.t(MsgSecondDump))
	}
	fmt.Fprintln(w)
}

func (h *hunter) principle(id string) string {
	p, ok := catalogue.PrincipleByID(id)
	if !ok {
		return ""
	}
	return p.In(h.lang).Short
}

func pos(f stacks.Frame) string { return fmt.Sprintf("%s:%d", f.File, f.Line) }

// pprofCommand is the go tool pprof command that shows a group's growth: the
// first dump as the base, focused on the function they are stuck in.
func pprofCommand(fn string, profiles []string) string {
	focus := "-focus=" + shellQuote("^"+regexp.QuoteMeta(fn)+"$")
	if len(profiles) == 1 {
		return "go tool pprof -top " + focus + " -base " + shellQuote(profiles[0]) + " http://SERVICE/debug/pprof/goroutine"
	}
	return "go tool pprof -top " + focus + " -base " + shellQuote(profiles[0]) + " " + shellQuote(profiles[1])
}

package room

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gohunters/checker/internal/cmdenv"
	"gohunters/checker/internal/ident"
	"gohunters/checker/internal/report"
)

// Room is `room`: the room's grid in the terminal, from the learners' report
// files, or from a live room's trainer's address (where --remove and
// --release act on it first).
func Room(ctx context.Context, env cmdenv.Env, args []string) int {
	c := newCmd(env, "room", MsgArgsRoom)
	var (
		junit           string
		stuck           time.Duration
		remove, release names
	)
	c.fs.StringVar(&junit, "junit", "", MsgFlagJUnit)
	c.fs.DurationVar(&stuck, "stuck", 15*time.Minute, MsgFlagStuck)
	c.fs.Var(&remove, "remove", MsgFlagRemove)
	c.fs.Var(&release, "release", MsgFlagRelease)
	pos, code, ok := c.parse(args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		c.errorf(MsgRoomNoFiles)
		return ExitUsage
	}
	cols := ColumnsIn(c.env.Exercises, c.lang)
	if len(pos) == 1 && (strings.HasPrefix(pos[0], "http://") || strings.HasPrefix(pos[0], "https://")) {
		return c.live(ctx, pos[0], cols, stuck, remove, release)
	}
	if len(remove)+len(release) > 0 {
		c.errorf(MsgRoomNeedURL)
		return ExitUsage
	}
	g, reports, bad := c.merge(pos, cols)
	if err := g.WriteText(c.env.Stdout, c.env.Now(), stuck); err != nil {
		c.errorf("%v", err)
		return ExitUsage
	}
	if junit != "" {
		if !filepath.IsAbs(junit) {
			junit = filepath.Join(c.env.Cwd, junit)
		}
		var buf bytes.Buffer
		err := report.WriteJUnit(&buf, reports...)
		if err == nil {
			err = os.WriteFile(junit, buf.Bytes(), 0o644)
		}
		if err != nil {
			c.errorf("%v", err)
			return ExitUsage
		}
	}
	if bad {
		return ExitUsage
	}
	return ExitPass
}

// merge reads report files into a grid, with what their signatures say.
func (c *cmd) merge(files []string, cols []Column) (*Grid, []report.Report, bool) {
	g := NewGrid(cols)
	g.Lang = c.lang
	bad := false
	var reports []report.Report
	clones := map[string]map[string]bool{} // learner -> clone identities
	for _, name := range files {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(c.env.Cwd, path)
		}
		rep, err := readReport(path)
		var cells []Cell
		if err == nil {
			cells, err = Cells(rep, cols)
		}
		if err != nil {
			c.errorf(MsgRoomBadFile, name, ErrorIn(c.lang, err))
			bad = true
			continue
		}
		for _, cell := range cells {
			g.Add(cell)
		}
		learner, _ := learnerName(rep.Learner)
		l := g.People[learner]
		l.Name = learner
		if rep.Time.After(l.Last) {
			l.Last = rep.Time.UTC()
		}
		if rep.StateEdited != nil {
			l.StateEdited = true
		}
		switch ident.Verify(rep) {
		case ident.Unsigned:
			l.Unsigned = true
		case ident.Edited:
			l.Edited = true
		default:
			if clones[learner] == nil {
				clones[learner] = map[string]bool{}
			}
			clones[learner][rep.Clone] = true
			l.Clones = len(clones[learner])
		}
		g.People[learner] = l
		reports = append(reports, rep)
	}
	return g, reports, bad
}

func readReport(path string) (report.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return report.Report{}, err
	}
	defer f.Close()
	return Decode(f, MaxFile)
}

// live shows a running room from its trainer's address.
func (c *cmd) live(ctx context.Context, addr string, cols []Column, stuck time.Duration, remove, release names) int {
	u, trainer, err := ParseURL(addr)
	if err != nil {
		c.errorf(MsgRoomUnreachable, addr, err)
		return ExitUsage
	}
	if !trainer {
		c.errorf(MsgRoomLearnersURL, addr)
		return ExitUsage
	}
	hc := &http.Client{Timeout: 10 * time.Second}
	failed := false
	for _, act := range []struct {
		path  string
		names names
		done  string
	}{{"remove", remove, MsgRoomRemoved}, {"release", release, MsgRoomReleased}} {
		for _, name := range act.names {
			body, _ := json.Marshal(map[string]string{"name": name})
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, u+"/"+act.path, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := hc.Do(req)
			if err != nil {
				c.errorf(MsgRoomUnreachable, addr, err)
				return ExitFail
			}
			msg, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
			resp.Body.Close()
			switch {
			case resp.StatusCode == http.StatusNotFound && strings.Contains(string(msg), ErrNoLearner.Error()):
				c.errorf(MsgRoomNoLearner, name)
				failed = true
			case resp.StatusCode/100 != 2:
				c.errorf(MsgRoomUnreachable, addr, fmt.Errorf("%s %s", resp.Status, strings.TrimSpace(string(msg))))
				return ExitFail
			default:
				c.printf(act.done, name)
			}
		}
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u+"/state", nil)
	resp, err := hc.Do(req)
	if err != nil {
		c.errorf(MsgRoomUnreachable, addr, err)
		return ExitFail
	}
	defer resp.Body.Close()
	var snap Snapshot
	if resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s", resp.Status)
	} else {
		err = json.NewDecoder(io.LimitReader(resp.Body, 256<<20)).Decode(&snap)
	}
	if err != nil {
		c.errorf(MsgRoomUnreachable, addr, err)
		return ExitFail
	}
	g := NewGrid(cols)
	g.Lang = c.lang
	for _, cell := range snap.Cells {
		g.Add(cell)
	}
	for _, l := range snap.Learners {
		g.People[l.Name] = l
	}
	if err := g.WriteText(c.env.Stdout, snap.Now, stuck); err != nil {
		c.errorf("%v", err)
		return ExitFail
	}
	if failed {
		return ExitUsage
	}
	return ExitPass
}

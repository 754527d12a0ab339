package room

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/term"

	"gohunters/checker/internal/cmdenv"
	"gohunters/checker/internal/ident"
)

// QueueDir is where a clone keeps the verdicts for the room at url (the
// learners' address, as ParseURL returns it): one queue per room, so that
// verdicts kept for a room that was down, a mistyped address or yesterday's
// session never go to another.
func QueueDir(store, url string) string {
	sum := sha256.Sum256([]byte(url))
	return filepath.Join(store, "room-queue", hex.EncodeToString(sum[:6]))
}

// Post is `post`: it queues the report on standard input (- or piped in, or
// in FILE) for the room at --room under --name, signed with this clone's
// identity, and sends everything queued; with nothing on its input it only
// sends what is queued. Exit 0 when nothing is left queued, 1 when something is
// (sent later: post again), 2 for a usage error.
func Post(ctx context.Context, env cmdenv.Env, args []string) int {
	c := newCmd(env, "post", MsgArgsPost)
	var (
		addr, name, store string
		check, retry      bool
	)
	c.fs.StringVar(&addr, "room", "", MsgFlagRoom)
	c.fs.StringVar(&name, "name", "", MsgFlagName)
	c.fs.StringVar(&store, "store", "", MsgFlagPostStore)
	c.fs.BoolVar(&check, "check", false, MsgFlagCheck)
	c.fs.BoolVar(&retry, "retry", false, MsgFlagRetry)
	pos, code, ok := c.parse(args)
	if !ok {
		return code
	}
	u, trainer, err := ParseURL(addr)
	switch {
	case err != nil:
		c.errorf(MsgRoomBadURL, addr)
		return ExitUsage
	case trainer:
		c.errorf(MsgRoomTrainerURL, addr)
		return ExitUsage
	}
	if name == "" {
		c.errorf(MsgRoomNoName)
		return ExitUsage
	}
	trimmed, err := learnerName(name)
	if err != nil {
		c.errorf(MsgRoomBadName, name, ErrorIn(c.lang, err))
		return ExitUsage
	}
	name = trimmed
	if len(pos) > 1 {
		c.errorf(MsgBadFlag, "post: "+pos[1], c.name)
		return ExitUsage
	}
	if check {
		return ExitPass
	}
	if store == "" {
		s, ok := c.cloneStore()
		if !ok {
			return ExitUsage
		}
		store = s.Dir
	}
	key, err := ident.Load(store)
	if err != nil {
		c.errorf(MsgRoomNoIdentity, store, err)
		return ExitFail
	}
	cl := &Client{URL: u, Queue: QueueDir(store, u), Key: key, HTTP: &http.Client{Timeout: 5 * time.Second}}
	var in io.Reader
	switch {
	case len(pos) == 1 && pos[0] == "-":
		in = c.env.Stdin
	case len(pos) == 1:
		f, err := os.Open(pos[0])
		if err != nil {
			c.errorf(MsgRoomBadReport, err)
			return ExitUsage
		}
		defer f.Close()
		in = f
	case !interactive(c.env.Stdin):
		in = c.env.Stdin // a report piped in, or nothing: only send what is queued
	}
	if in != nil {
		body, err := io.ReadAll(io.LimitReader(in, MaxFile+1))
		if err != nil {
			c.errorf(MsgRoomBadReport, err)
			return ExitUsage
		}
		if len(bytes.TrimSpace(body)) > 0 || (len(pos) == 1) {
			rep, err := Decode(bytes.NewReader(body), MaxFile)
			if err != nil {
				c.errorf(MsgRoomBadReport, ErrorIn(c.lang, err))
				return ExitUsage
			}
			rep.Learner = name
			if err := cl.Enqueue(rep); err != nil {
				c.errorf("%v", err)
				return ExitFail
			}
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	sent, err := cl.Flush(ctx)
	pending := cl.Pending()
	if !retry || sent > 0 {
		c.say(name, sent, err, pending)
	}
	if pending > 0 {
		return ExitFail
	}
	return ExitPass
}

// interactive says whether r is a terminal, which post does not wait on.
func interactive(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// say tells the learner how sending went.
func (c *cmd) say(name string, sent int, err error, pending int) {
	var refusal *Refusal
	switch {
	case errors.As(err, &refusal):
		switch {
		case refusal.Invalid():
			c.printf(MsgRoomInvalid, refusal.Text)
		case refusal.Status == StatusFull:
			c.printf(MsgRoomFull, pending)
		case refusal.Status == StatusTaken:
			c.printf(MsgRoomTaken, name, pending)
		case refusal.Status == StatusRemoved:
			c.printf(MsgRoomRemovedYou, name, pending)
		case refusal.Status == StatusSlow:
			c.printf(MsgRoomSlowDown, pending)
		case refusal.Status == http.StatusNotFound:
			c.printf(MsgRoomWrongCode, pending)
		default:
			c.printf(MsgRoomRefused, refusal.Error(), pending)
		}
	case err != nil:
		c.printf(MsgRoomQueued, err, pending)
	case sent > 1:
		c.printf(MsgRoomCaughtUp, sent)
	case sent == 1:
		c.printf(MsgRoomSent)
	}
}

package hunt

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// live hunts a running service: two goroutine dumps an interval apart, then
// its goroutineleak profile. That is two goroutine profile requests, and one
// for goroutineleak, answered 404 by a Go without it.
func (h *hunter) live(ctx context.Context, arg string) int {
	svc, err := serviceAt(arg)
	if err != nil {
		h.errorf(MsgUnreachable, arg, err)
		return ExitBadInput
	}
	first, code := h.snapshot(ctx, svc)
	if code >= 0 {
		return code
	}
	start := time.Now()
	if !h.wait(ctx) {
		h.errorf(MsgInterrupted)
		return ExitInterrupted
	}
	last, code := h.snapshot(ctx, svc)
	if code >= 0 {
		return code
	}
	r := report{title: fmt.Sprintf(h.t(MsgTitleLive), svc.base+"/", roundDuration(time.Since(start)))}
	r.leak, r.leakNote = h.leakProfile(ctx, svc)
	dir, err := h.saveDir()
	if err != nil {
		h.errorf("%v", err)
		return ExitBadInput
	}
	snaps := []Snapshot{first, last}
	names := []string{"goroutine-1.txt", "goroutine-2.txt", "goroutineleak.txt"}
	var saved []string
	for i, s := range append(snaps, r.leak) {
		if s.Data == "" {
			continue
		}
		p := filepath.Join(dir, names[i])
		if err := os.WriteFile(p, []byte(s.Data), 0o644); err != nil {
			h.errorf("%v", err)
			return ExitBadInput
		}
		saved = append(saved, shellQuote(p))
	}
	r.again = fmt.Sprintf(h.t(MsgSaved), dir, h.Name+" hunt "+strings.Join(saved, " "))
	return h.analyse(r, snaps, dir)
}

// snapshot takes one goroutine dump; code is -1 when it was read.
func (h *hunter) snapshot(ctx context.Context, svc *service) (Snapshot, int) {
	u, b, err := svc.profile(ctx, "goroutine")
	if err != nil {
		return Snapshot{}, h.fetchErr(ctx, err)
	}
	s, err := Read(u, b)
	if err != nil {
		return s, h.readErr(u, err)
	}
	s.Time = time.Now()
	return s, -1
}

// leakProfile reads the goroutineleak profile; a 404 means the service's Go
// has none.
func (h *hunter) leakProfile(ctx context.Context, svc *service) (Snapshot, string) {
	u, b, err := svc.profile(ctx, "goroutineleak")
	var he *HTTPError
	switch {
	case errors.As(err, &he) && he.Code == http.StatusNotFound:
		return Snapshot{}, h.t(MsgRuntimeNone)
	case err != nil:
		return Snapshot{}, fmt.Sprintf(h.t(MsgRuntimeErr), err)
	}
	s, err := Read(u, b)
	if err != nil {
		return Snapshot{}, fmt.Sprintf(h.t(MsgRuntimeErr), err)
	}
	s.Leak = true // its debug=2 text marks what it proves
	return s, h.t(MsgRuntimeRead)
}

func (h *hunter) fetchErr(ctx context.Context, err error) int {
	var he *HTTPError
	var ue *UnreachableError
	switch {
	case ctx.Err() != nil:
		h.errorf(MsgInterrupted)
		return ExitInterrupted
	case errors.As(err, &he) && he.Code == http.StatusNotFound:
		h.errorf(MsgNoPprof, he.URL)
	case errors.As(err, &he):
		h.errorf(MsgHTTPStatus, he.URL, he.Status)
	case errors.As(err, &ue):
		h.errorf(MsgUnreachable, ue.URL, ue.Err)
	default:
		h.errorf("%v", err)
	}
	return ExitBadInput
}

// wait waits the interval, counting down on a terminal; false when interrupted.
func (h *hunter) wait(ctx context.Context) bool {
	end := time.Now().Add(h.interval)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	done := time.NewTimer(h.interval)
	defer done.Stop()
	for {
		if h.ErrTTY {
			fmt.Fprintf(h.Stderr, h.t(MsgCountdown), int(time.Until(end).Round(time.Second).Seconds()))
		}
		select {
		case <-ctx.Done():
			h.clearLine()
			return false
		case <-done.C:
			h.clearLine()
			return true
		case <-tick.C:
		}
	}
}

func (h *hunter) clearLine() {
	if h.ErrTTY {
		fmt.Fprint(h.Stderr, "\r\033[K")
	}
}

// saveDir is --save, made if need be, or a new temporary directory.
func (h *hunter) saveDir() (string, error) {
	if h.save != "" {
		return h.save, os.MkdirAll(h.save, 0o755)
	}
	return os.MkdirTemp("", "hunt-")
}

// shellQuote quotes a path for a shell when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " '\"\\$`!*?[](){};&|<>#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// roundDuration rounds the interval as a person would write it.
func roundDuration(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Millisecond)
}

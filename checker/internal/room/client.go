package room

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofrs/flock"

	"gohunters/checker/internal/ident"
	"gohunters/checker/internal/report"
)

// maxQueued bounds the verdicts a learner keeps while the room is unreachable;
// the oldest go first (a later verdict on the same exercise replaces them anyway).
const maxQueued = 500

// Client sends a learner's verdicts to a room. Each verdict is first written to
// a queue directory, then everything queued is sent as one report signed with
// the clone's identity: the latest verdict of each exercise. What cannot be
// sent stays queued (anything but a verdict the room calls invalid), so a
// learner whose network drops, or whose room is full or restarting, keeps
// working and the room catches up later; when the room comes back after
// being unreachable, the latest verdict of every exercise the learner sent it
// goes again, in case it lost them.
type Client struct {
	URL   string    // the learners' address, http://host:port/r/CODE
	Queue string    // the queue directory, one per room address
	Key   ident.Key // the clone's identity
	HTTP  *http.Client

	mu sync.Mutex // one flush at a time in this process; a lock file across processes
}

// Refusal is a verdict the room answered with a refusal.
type Refusal struct {
	Status int
	Text   string
}

func (r *Refusal) Error() string { return fmt.Sprintf("%d %s", r.Status, r.Text) }

// Invalid says whether the room refused it as invalid: sending it again would
// not help, so it was dropped. Every other refusal keeps the verdicts queued.
func (r *Refusal) Invalid() bool {
	switch r.Status {
	case StatusInvalid, StatusTooBig, http.StatusUnsupportedMediaType:
		return true
	}
	return false
}

// ParseURL checks a room's learners' address as serve prints it and returns
// it without a trailing slash; trainer is true when it is the trainer's
// page (…/t/KEY/) instead.
func ParseURL(s string) (u string, trainer bool, err error) {
	p, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.RawQuery != "" ||
		strings.Count(strings.Trim(p.Path, "/"), "/") != 1 {
		return "", false, fmt.Errorf("not a room address: %q", s)
	}
	switch {
	case strings.HasPrefix(p.Path, "/r/"):
	case strings.HasPrefix(p.Path, "/t/"):
		trainer = true
	default:
		return "", false, fmt.Errorf("not a room address: %q", s)
	}
	p.Path = strings.TrimSuffix(p.Path, "/")
	return p.String(), trainer, nil
}

var queued atomic.Uint64

// Enqueue keeps rep to be sent, reduced to what the room shows.
func (c *Client) Enqueue(rep report.Report) error {
	if err := os.MkdirAll(c.Queue, 0o755); err != nil {
		return err
	}
	b, err := json.Marshal(reduce(rep))
	if err != nil {
		return err
	}
	// Names sort in the order the verdicts were made.
	name := fmt.Sprintf("%020d-%06d.json", time.Now().UnixNano(), queued.Add(1)%1e6)
	tmp := filepath.Join(c.Queue, name+".tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(c.Queue, name)); err != nil {
		return err
	}
	files, _ := c.pending()
	for len(files) > maxQueued {
		os.Remove(files[0])
		files = files[1:]
	}
	return nil
}

// reduce keeps of a report what the room reads.
func reduce(r report.Report) report.Report {
	out := r
	out.Clone, out.Signature = "", ""
	out.Exercises = make([]report.Exercise, len(r.Exercises))
	for i, e := range r.Exercises {
		out.Exercises[i] = report.Exercise{Number: e.Number, Dir: e.Dir, Title: e.Title, Status: e.Status, Passed: e.Passed,
			Race: e.Race, HintsUsed: e.HintsUsed, Attempts: e.Attempts, FirstAttempt: e.FirstAttempt, Solved: e.Solved}
		if len(e.Leaks) > 0 {
			l := e.Leaks[0]
			out.Exercises[i].Leaks = []report.Leak{{Function: l.Function, State: l.State, Count: l.Count, Location: l.Location}}
		}
	}
	return out
}

func (c *Client) pending() ([]string, error) {
	files, err := filepath.Glob(filepath.Join(c.Queue, "*.json"))
	files = slices.DeleteFunc(files, func(f string) bool { return filepath.Base(f) == latestFile })
	slices.Sort(files)
	return files, err
}

// Pending is how many verdicts wait to be sent.
func (c *Client) Pending() int {
	files, _ := c.pending()
	return len(files)
}

const (
	latestFile = "latest.json" // the latest verdict of each exercise the room took
	downFile   = "down"        // the room was unreachable at the last try
)

// Flush sends what is queued and returns how many queued verdicts were sent.
// A room that cannot be reached leaves them queued and returns the error; a
// refusal is a *Refusal, and only an invalid one drops them.
func (c *Client) Flush(ctx context.Context) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := os.MkdirAll(c.Queue, 0o755); err != nil {
		return 0, err
	}
	lock := flock.New(filepath.Join(c.Queue, "lock"))
	if err := lock.Lock(); err != nil {
		return 0, err
	}
	defer lock.Unlock()
	files, err := c.pending()
	if err != nil {
		return 0, err
	}
	_, statErr := os.Stat(filepath.Join(c.Queue, downFile))
	back := statErr == nil // the room was down: send the latest of everything too
	if len(files) == 0 && !back {
		return 0, nil
	}
	var merged *report.Report
	var latest report.Report
	if b, err := os.ReadFile(filepath.Join(c.Queue, latestFile)); err == nil && json.Unmarshal(b, &latest) == nil && len(latest.Exercises) > 0 {
		if back {
			l := latest
			merged = &l
		}
	}
	var sent []string
	for _, f := range files {
		var r report.Report
		b, err := os.ReadFile(f)
		if err == nil {
			err = json.Unmarshal(b, &r)
		}
		if err != nil {
			os.Remove(f) // taken by another flush, or damaged
			continue
		}
		merged = merge(merged, r)
		sent = append(sent, f)
	}
	if merged == nil {
		os.Remove(filepath.Join(c.Queue, downFile))
		return 0, nil
	}
	err = c.post(ctx, *merged)
	var refusal *Refusal
	switch {
	case err == nil:
	case errors.As(err, &refusal) && refusal.Invalid():
		for _, f := range sent {
			os.Remove(f)
		}
		return 0, err
	case errors.As(err, &refusal):
		return 0, err
	default: // unreachable, or the room failed: try again later, with everything
		os.WriteFile(filepath.Join(c.Queue, downFile), nil, 0o644)
		return 0, err
	}
	os.Remove(filepath.Join(c.Queue, downFile))
	if len(latest.Exercises) > 0 {
		l := merge(&latest, *merged)
		merged = l
	}
	if b, err := json.Marshal(merged); err == nil {
		tmp := filepath.Join(c.Queue, latestFile+".tmp")
		if os.WriteFile(tmp, b, 0o644) == nil {
			os.Rename(tmp, filepath.Join(c.Queue, latestFile))
		}
	}
	for _, f := range sent {
		os.Remove(f)
	}
	return len(sent), nil
}

// merge returns into with r's verdicts replacing its own, exercise by exercise.
func merge(into *report.Report, r report.Report) *report.Report {
	if into == nil {
		out := r
		out.Exercises = slices.Clone(r.Exercises)
		return &out
	}
	out := r
	out.Exercises = slices.Clone(into.Exercises)
	for _, e := range r.Exercises {
		i := slices.IndexFunc(out.Exercises, func(o report.Exercise) bool { return o.Dir == e.Dir })
		if i < 0 {
			out.Exercises = append(out.Exercises, e)
		} else {
			out.Exercises[i] = e
		}
	}
	out.Passed, out.Total = 0, len(out.Exercises)
	for _, e := range out.Exercises {
		if e.Passed {
			out.Passed++
		}
	}
	return &out
}

func (c *Client) post(ctx context.Context, r report.Report) error {
	if err := c.Key.Sign(&r); err != nil {
		return err
	}
	body, err := json.Marshal(r)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL+"/report", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	switch {
	case resp.StatusCode/100 == 2:
		return nil
	case resp.StatusCode/100 == 4:
		return &Refusal{Status: resp.StatusCode, Text: strings.TrimSpace(string(msg))}
	}
	return fmt.Errorf("%s", resp.Status)
}

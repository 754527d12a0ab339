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

	"gohunters/checker/internal/report"
)

// maxQueued bounds the verdicts a learner keeps while the room is unreachable;
// the oldest go first (a later verdict on the same exercise replaces them anyway).
const maxQueued = 500

// Client sends a learner's verdicts to a room. Each verdict is first written to
// a queue directory, then sent in order; what cannot be sent stays queued, so a
// learner whose network drops keeps working and the room catches up later.
type Client struct {
	URL   string // the room's address, http://host:port/r/CODE
	Queue string // the queue directory
	HTTP  *http.Client

	mu sync.Mutex // one flush at a time, so that nothing is sent twice
}

// ErrRefused is a verdict the room answered with a client error (wrong code,
// invalid report): sending it again would not help, so it is dropped.
var ErrRefused = errors.New("refused")

// ParseURL checks a room address as serve prints it and returns it without a
// trailing slash.
func ParseURL(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		!strings.HasPrefix(u.Path, "/r/") || strings.Count(strings.Trim(u.Path, "/"), "/") != 1 || u.RawQuery != "" {
		return "", fmt.Errorf(MsgRoomBadURL, s)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u.String(), nil
}

var queued atomic.Uint64

// Enqueue keeps rep to be sent.
func (c *Client) Enqueue(rep report.Report) error {
	if err := os.MkdirAll(c.Queue, 0o755); err != nil {
		return err
	}
	b, err := json.Marshal(rep)
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

func (c *Client) pending() ([]string, error) {
	files, err := filepath.Glob(filepath.Join(c.Queue, "*.json"))
	slices.Sort(files)
	return files, err
}

// Pending is how many verdicts wait to be sent.
func (c *Client) Pending() int {
	files, _ := c.pending()
	return len(files)
}

// Flush sends the queued verdicts, oldest first, and returns how many were
// sent. It stops at the first one the room cannot be reached for (they stay
// queued); one the room refuses is dropped and reported with ErrRefused once
// the others are sent.
func (c *Client) Flush(ctx context.Context) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	files, err := c.pending()
	if err != nil {
		return 0, err
	}
	sent := 0
	var refused error
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			continue // taken by another flush
		}
		err = c.post(ctx, body)
		if err != nil && !errors.Is(err, ErrRefused) {
			return sent, err
		}
		if err != nil {
			refused = err
		} else {
			sent++
		}
		os.Remove(f)
	}
	return sent, refused
}

func (c *Client) post(ctx context.Context, body []byte) error {
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
		return fmt.Errorf("%w: %s %s", ErrRefused, resp.Status, strings.TrimSpace(string(msg)))
	}
	return fmt.Errorf("%s", resp.Status)
}

package room

import (
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"gohunters/internal/i18n"
)

//go:embed static
var static embed.FS

// backlog is how many updates the server keeps for pages that fall behind;
// a page further behind gets the whole grid again.
const backlog = 4096

// Server is the room's live page and the address learners post verdicts to.
// Everything is under /r/CODE/, so without the room code nothing is visible.
type Server struct {
	code       string
	columns    []Column
	stuckAfter time.Duration
	lang       string // the page's language; "" is English

	mu       sync.Mutex
	grid     *Grid
	learners map[string]bool
	updates  []update      // the last updates, oldest first
	seq      uint64        // sequence number of the last update
	wake     chan struct{} // closed, then replaced, at every update
}

type update struct {
	seq  uint64
	cell Cell
}

// NewServer returns a room for the given columns that learners reach with code.
func NewServer(code string, cols []Column, stuckAfter time.Duration) *Server {
	return &Server{code: code, columns: cols, stuckAfter: stuckAfter, grid: NewGrid(cols), learners: map[string]bool{}, wake: make(chan struct{})}
}

// In makes the page speak lang (the trainer's), English unless it is
// Japanese, and returns s.
func (s *Server) In(lang string) *Server {
	s.lang = lang
	return s
}

// NewCode returns a room code that is short enough to dictate and long enough
// that nobody guesses it.
func NewCode() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789" // no 0/o, 1/l/i
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// Handler serves the room.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /r/{code}/{$}", s.room(s.page))
	mux.HandleFunc("GET /r/{code}/room.js", s.room(s.asset("static/room.js", "text/javascript; charset=utf-8")))
	mux.HandleFunc("GET /r/{code}/room.css", s.room(s.asset("static/room.css", "text/css; charset=utf-8")))
	mux.HandleFunc("GET /r/{code}/state", s.room(s.state))
	mux.HandleFunc("GET /r/{code}/events", s.room(s.events))
	mux.HandleFunc("POST /r/{code}/report", s.room(s.post))
	return secure(mux)
}

// secure adds the headers that keep the page from running anything but its
// own script, and from being framed or leaking the room's address.
func secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// room lets a request through only with the room's code.
func (s *Server) room(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.PathValue("code")), []byte(s.code)) != 1 {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	name := "static/index.html"
	if s.lang == i18n.Japanese {
		name = "static/index.ja.html"
	}
	s.asset(name, "text/html; charset=utf-8")(w, r)
}

func (s *Server) asset(name, ctype string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := static.ReadFile(name)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", ctype)
		w.Write(b)
	}
}

// post takes one learner's report: the verdicts they just got.
func (s *Server) post(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		http.Error(w, "want application/json", http.StatusUnsupportedMediaType)
		return
	}
	rep, err := Decode(http.MaxBytesReader(w, r.Body, MaxPost), MaxPost)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		http.Error(w, "report too large", http.StatusRequestEntityTooLarge)
		return
	case err != nil:
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	cells, err := Cells(rep, s.columns)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if !s.add(cells) {
		http.Error(w, "the room is full", http.StatusForbidden)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// add puts cells in the grid and wakes the pages; false when a new learner
// would go beyond MaxLearners.
func (s *Server) add(cells []Cell) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(cells) > 0 && !s.learners[cells[0].Learner] { // one report, one learner
		if len(s.learners) >= MaxLearners {
			return false
		}
		s.learners[cells[0].Learner] = true
	}
	changed := false
	for _, c := range cells {
		if s.grid.Add(c) {
			s.seq++
			s.updates = append(s.updates, update{s.seq, c})
			changed = true
		}
	}
	if n := len(s.updates); n > backlog {
		s.updates = append(s.updates[:0:0], s.updates[n-backlog:]...)
	}
	if changed {
		close(s.wake)
		s.wake = make(chan struct{})
	}
	return true
}

// Snapshot is the whole room as the page first gets it.
type Snapshot struct {
	Columns    []Column  `json:"columns"`
	Cells      []Cell    `json:"cells"`
	StuckAfter float64   `json:"stuck_after_minutes"`
	Now        time.Time `json:"now"`
}

// snapshot returns the room, the sequence number it is at and the channel
// closed at the next update.
func (s *Server) snapshot() (Snapshot, uint64, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := Snapshot{Columns: s.columns, Cells: make([]Cell, 0, len(s.grid.Cells)), StuckAfter: s.stuckAfter.Minutes(), Now: time.Now().UTC()}
	for _, c := range s.grid.Cells {
		snap.Cells = append(snap.Cells, c)
	}
	return snap, s.seq, s.wake
}

// since returns the updates after seq, the sequence number they end at and the
// channel closed at the next update; ok is false when seq is too old.
func (s *Server) since(seq uint64) (cells []Cell, last uint64, wake <-chan struct{}, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.updates) > 0 && s.updates[0].seq > seq+1 {
		return nil, s.seq, s.wake, false
	}
	for _, u := range s.updates {
		if u.seq > seq {
			cells = append(cells, u.cell)
		}
	}
	return cells, s.seq, s.wake, true
}

func (s *Server) state(w http.ResponseWriter, r *http.Request) {
	snap, _, _ := s.snapshot()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(snap)
}

// events streams the room to a page: the whole grid first, then every change
// (Server-Sent Events). It returns when the page goes away or the server stops.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	snap, seq, wake := s.snapshot()
	if err := send(w, "snapshot", snap); err != nil || rc.Flush() != nil {
		return
	}
	keepalive := time.NewTicker(15 * time.Second)
	defer keepalive.Stop()
	for {
		var err error
		select {
		case <-r.Context().Done():
			return
		case <-keepalive.C:
			_, err = io.WriteString(w, ": keepalive\n\n")
		case <-wake:
			var cells []Cell
			var ok bool
			cells, seq, wake, ok = s.since(seq)
			switch {
			case ok && len(cells) == 0:
				continue
			case ok:
				err = send(w, "cells", cells)
			default:
				snap, seq, wake = s.snapshot()
				err = send(w, "snapshot", snap)
			}
		}
		if err != nil || rc.Flush() != nil {
			return
		}
	}
}

// send writes one event; JSON has no newlines, so data is one line.
func send(w io.Writer, event string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "event: "+event+"\ndata: "+string(b)+"\n\n")
	return err
}

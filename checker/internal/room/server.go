package room

import (
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/ident"
	"gohunters/internal/i18n"
)

//go:embed static
var static embed.FS

// backlog is how many changes the server keeps for pages that fall behind; a
// page further behind gets the whole grid again. They are kept in a ring, so
// that a post costs the same however long the room has run.
const backlog = 4096

// pageEvery is how often at most a page is sent the changes: a busy room's
// verdicts reach it in batches instead of one event each.
const pageEvery = 100 * time.Millisecond

// Two addresses: learners post to /r/CODE/report and see nothing else; the
// trainer's page, the grid and the trainer's actions are under /t/KEY/.
const (
	CodeLen    = 10 // letters of a random room code: about 50 bits, short enough to dictate
	MinCodeLen = 10 // the shortest --code accepted
	keyLen     = 26 // letters of the trainer's key: 130 bits
)

// Rate is how often one learner may post: Burst at once, then one every Every.
type Rate struct {
	Burst int
	Every time.Duration
}

// DefaultRate is far above what check and watch send, far below a flood.
var DefaultRate = Rate{Burst: 20, Every: 500 * time.Millisecond}

// Options are a room's settings.
type Options struct {
	Code, Key  string // the learners' code and the trainer's key
	Columns    []Column
	StuckAfter time.Duration
	Lang       string // the page's language; "" is English
	Size       int    // the most learners (DefaultSize when 0)
	Store      *Store // where the room is kept; nil keeps it in memory only (tests)
	// Opened is when the room was first opened: the times learners send (their
	// first change, their first pass) are kept between it and now.
	Opened time.Time
	Rate   Rate // per learner (DefaultRate when zero)
	Now    func() time.Time
}

// Server is the room: the address learners post verdicts to, and the
// trainer's live page.
type Server struct {
	opts Options

	mu     sync.Mutex
	grid   *Grid
	people map[string]*person
	seated int // learners not removed
	ring   [backlog]change
	seq    uint64        // the last change's sequence number
	wake   chan struct{} // closed, then replaced, at every change
}

// person is a learner as the server keeps them.
type person struct {
	post    sync.Mutex // one post at a time: the store and the grid see a learner's verdicts in order
	bound   binding    // guarded by Server.mu, like the rest
	pending bool       // bound in memory, not yet on disk
	tokens  float64
	refill  time.Time
}

// change is one entry of what pages are sent: a cell, a learner, or a learner removed.
type change struct {
	seq     uint64
	cell    *Cell
	learner *Learner
	gone    string
}

// NewServer opens the room opts describe, with what its store holds.
func NewServer(opts Options) (*Server, error) {
	if opts.Size <= 0 {
		opts.Size = DefaultSize
	}
	if opts.Rate.Burst <= 0 || opts.Rate.Every <= 0 {
		opts.Rate = DefaultRate
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Opened.IsZero() {
		opts.Opened = opts.Now()
	}
	s := &Server{opts: opts, grid: NewGrid(opts.Columns), people: map[string]*person{}, wake: make(chan struct{})}
	if opts.Store == nil {
		return s, nil
	}
	learners, cells, err := opts.Store.load()
	if err != nil {
		return nil, err
	}
	for name, b := range learners {
		s.people[name] = &person{bound: b}
		s.grid.People[name] = Learner{Name: name, StateEdited: b.StateEdited}
		if !b.Removed {
			s.seated++
		}
	}
	known := map[string]bool{}
	for _, c := range opts.Columns {
		known[c.Dir] = true
	}
	for _, c := range cells {
		if known[c.Dir] {
			s.grid.Add(c)
		}
	}
	return s, nil
}

// MustServer is NewServer for a room kept in memory (tests).
func MustServer(opts Options) *Server {
	if opts.Store != nil {
		panic("MustServer with a store")
	}
	s, _ := NewServer(opts)
	return s
}

// Learners is how many learners the room has, and how many verdicts (cells).
func (s *Server) Learners() (learners, cells int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seated, len(s.grid.Cells)
}

// NewCode returns a room code that is short enough to dictate and long enough
// that nobody guesses it.
func NewCode() string { return random(CodeLen) }

// NewKey returns a trainer's key.
func NewKey() string { return random(keyLen) }

func random(n int) string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789" // no 0/o, 1/l/i
	b := make([]byte, n)
	max := 256 - 256%len(alphabet) // no bias
	for i := 0; i < n; {
		var c [1]byte
		if _, err := rand.Read(c[:]); err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		if int(c[0]) < max {
			b[i] = alphabet[int(c[0])%len(alphabet)]
			i++
		}
	}
	return string(b)
}

var codeChars = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// CheckCode says whether a trainer's --code keeps strangers out: long enough,
// and only characters that need no escaping in an address.
func CheckCode(code string) bool {
	return len(code) >= MinCodeLen && len(code) <= 64 && codeChars.MatchString(code)
}

// Handler serves the room.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /r/{code}/report", s.learners(s.post))
	mux.HandleFunc("GET /r/{code}/{$}", s.learners(s.learnersPage))
	mux.HandleFunc("GET /t/{key}/{$}", s.trainer(s.page))
	mux.HandleFunc("GET /t/{key}/room.js", s.trainer(s.asset("static/room.js", "text/javascript; charset=utf-8")))
	mux.HandleFunc("GET /t/{key}/room.css", s.trainer(s.asset("static/room.css", "text/css; charset=utf-8")))
	mux.HandleFunc("GET /t/{key}/state", s.trainer(s.state))
	mux.HandleFunc("GET /t/{key}/events", s.trainer(s.events))
	mux.HandleFunc("POST /t/{key}/remove", s.trainer(s.act(s.Remove)))
	mux.HandleFunc("POST /t/{key}/release", s.trainer(s.act(s.Release)))
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

func match(got, want string) bool { return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1 }

// learners lets a request through only with the room's code.
func (s *Server) learners(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !match(r.PathValue("code"), s.opts.Code) {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}
}

// trainer lets a request through only with the trainer's key.
func (s *Server) trainer(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !match(r.PathValue("key"), s.opts.Key) {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}
}

// learnersPage is what a learner who opens the learners' address sees.
func (s *Server) learnersPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, T(s.opts.Lang, MsgLearnersPage)+"\n")
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	name := "static/index.html"
	if s.opts.Lang == i18n.Japanese {
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

// Refusals: what the room answers a post it does not take. A learner's
// checker drops a verdict refused as invalid and keeps every other one, to
// send again.
const (
	StatusInvalid = http.StatusBadRequest         // not a report of this workshop, or not signed by the checker
	StatusFull    = http.StatusForbidden          // the room has as many learners as the trainer set
	StatusTaken   = http.StatusConflict           // the name is bound to another clone
	StatusRemoved = http.StatusGone               // the trainer removed this learner
	StatusSlow    = http.StatusTooManyRequests    // more posts than the rate allows
	StatusStore   = http.StatusServiceUnavailable // the store could not write it
	StatusTooBig  = http.StatusRequestEntityTooLarge
)

// post takes one learner's report: the verdicts they just got.
func (s *Server) post(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		http.Error(w, "invalid: want application/json", http.StatusUnsupportedMediaType)
		return
	}
	rep, err := Decode(http.MaxBytesReader(w, r.Body, MaxPost), MaxPost)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		http.Error(w, "invalid: report too large", StatusTooBig)
		return
	case err != nil:
		http.Error(w, err.Error(), StatusInvalid)
		return
	}
	cells, err := Cells(rep, s.opts.Columns)
	if err != nil {
		http.Error(w, err.Error(), StatusInvalid)
		return
	}
	if ident.Verify(rep) != ident.Signed {
		http.Error(w, ErrInvalid.Error()+": not signed by the checker's clone identity", StatusInvalid)
		return
	}
	name, _ := learnerName(rep.Learner)
	now := s.opts.Now()
	p, status, why := s.admit(name, rep.Clone, now)
	if p == nil {
		if status == StatusSlow {
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(s.opts.Rate.Every.Seconds()+0.5))))
		}
		http.Error(w, why, status)
		return
	}
	p.post.Lock()
	defer p.post.Unlock()
	// A learner whose checker found its record of their hints and attempts
	// edited stays marked: the mark is kept with their name.
	edited := rep.StateEdited != nil
	changed, bind := s.changes(name, p, cells, now, edited)
	if s.opts.Store != nil && (len(changed) > 0 || bind != nil) {
		if err := s.opts.Store.save(name, bind, changed); err != nil {
			s.unadmit(name, p)
			http.Error(w, "the room could not keep it: "+err.Error(), StatusStore)
			return
		}
	}
	if edited {
		s.mu.Lock()
		p.bound.StateEdited = true // kept by the store with the binding above
		s.mu.Unlock()
	}
	s.apply(name, p, changed, now)
	w.WriteHeader(http.StatusNoContent)
}

// admit finds the learner a post is from, or says why it is refused.
func (s *Server) admit(name, clone string, now time.Time) (*person, int, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.people[name]
	switch {
	case p == nil:
		if s.seated >= s.opts.Size {
			return nil, StatusFull, fmt.Sprintf("the room is full: %d learners", s.opts.Size)
		}
		p = &person{bound: binding{Clone: clone, Joined: now}, pending: true, tokens: float64(s.opts.Rate.Burst), refill: now}
		s.people[name] = p
		s.seated++
	case p.bound.Removed:
		return nil, StatusRemoved, "removed from the room by the trainer"
	case p.bound.Clone == "": // released: the next clone takes the name
		p.bound.Clone, p.bound.Joined, p.pending = clone, now, true
	case p.bound.Clone != clone:
		l := s.grid.People[name]
		l.Name = name
		l.Refused++
		s.grid.People[name] = l
		s.push(change{learner: &l})
		return nil, StatusTaken, "the name is taken by another clone"
	}
	// The learner's bucket: Burst posts at once, then one every Every.
	if p.refill.IsZero() {
		p.tokens, p.refill = float64(s.opts.Rate.Burst), now
	}
	p.tokens = min(float64(s.opts.Rate.Burst), p.tokens+float64(now.Sub(p.refill))/float64(s.opts.Rate.Every))
	p.refill = now
	if p.tokens < 1 {
		return nil, StatusSlow, "too many posts"
	}
	p.tokens--
	return p, 0, ""
}

// unadmit undoes admit's binding when the store could not keep it.
func (s *Server) unadmit(name string, p *person) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !p.pending {
		return
	}
	if _, shown := s.grid.People[name]; !shown {
		delete(s.people, name)
		s.seated--
		return
	}
	p.bound.Clone, p.pending = "", false
}

// changes returns the cells among cells that change the grid, stamped with the
// room's own times, and the binding to write when the learner is new or is
// newly marked stateEdited.
func (s *Server) changes(name string, p *person, cells []Cell, now time.Time, stateEdited bool) ([]Cell, *binding) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Cell
	for _, c := range cells {
		old, ok := s.grid.Cells[Key{name, c.Dir}]
		// A learner's attempts only grow: a late or replayed verdict does not
		// replace a later one (unless the name changed clones since).
		if ok && old.Attempts > c.Attempts && !old.Time.Before(p.bound.Joined) {
			continue
		}
		c.Learner, c.Time = name, now
		c.First = s.within(c.First, now)
		c.Solved = s.within(c.Solved, now)
		if c.Status == string(grade.Done) && c.Solved == nil {
			c.Solved = &now
		}
		// Once the room has a learner's first change or first pass, it keeps it.
		if ok && old.First != nil {
			c.First = old.First
		}
		if ok && old.Solved != nil && c.Solved != nil {
			c.Solved = old.Solved
		}
		if c.First != nil && c.Solved != nil && c.Solved.Before(*c.First) {
			c.Solved = c.First
		}
		if ok && same(old, c) {
			continue
		}
		out = append(out, c)
	}
	var bind *binding
	if p.pending || (stateEdited && !p.bound.StateEdited) {
		b := p.bound
		b.StateEdited = b.StateEdited || stateEdited
		bind = &b
	}
	return out, bind
}

// within keeps a time a learner sent between the room's opening and now: a
// learner's clock cannot make them look stuck for longer than the room has
// been open, nor freeze a cell in the future.
func (s *Server) within(t *time.Time, now time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := t.UTC()
	if v.Before(s.opts.Opened) {
		v = s.opts.Opened.UTC()
	}
	if v.After(now) {
		v = now.UTC()
	}
	return &v
}

func same(a, b Cell) bool {
	eq := func(x, y *time.Time) bool { return (x == nil) == (y == nil) && (x == nil || x.Equal(*y)) }
	return a.Status == b.Status && a.Attempts == b.Attempts && a.Hints == b.Hints && a.Leak == b.Leak &&
		a.LeakAt == b.LeakAt && a.Race == b.Race && eq(a.First, b.First) && eq(a.Solved, b.Solved)
}

// apply puts what the store now holds in the grid and wakes the pages.
func (s *Server) apply(name string, p *person, cells []Cell, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, shown := s.grid.People[name]
	if p.pending || !shown || len(cells) > 0 || l.StateEdited != p.bound.StateEdited {
		p.pending = false
		l.Name = name
		l.StateEdited = p.bound.StateEdited
		if len(cells) > 0 {
			l.Last = now
		}
		s.grid.People[name] = l
		s.push(change{learner: &l})
	}
	for i := range cells {
		s.grid.Cells[Key{name, cells[i].Dir}] = cells[i]
		s.push(change{cell: &cells[i]})
	}
}

// push adds a change for the pages and wakes them; s.mu is held.
func (s *Server) push(c change) {
	s.seq++
	c.seq = s.seq
	s.ring[s.seq%backlog] = c
	close(s.wake)
	s.wake = make(chan struct{})
}

// ErrNoLearner is a trainer's action on a name the room does not know.
var ErrNoLearner = errors.New("no such learner")

// Remove takes a learner out of the room: their cells go, their seat is
// free, and posts under their name are refused until the name is released.
func (s *Server) Remove(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.people[name]
	if p == nil {
		return ErrNoLearner
	}
	b := p.bound
	b.Removed = true
	if s.opts.Store != nil {
		if err := s.opts.Store.remove(name, b); err != nil {
			return err
		}
	}
	if !p.bound.Removed {
		s.seated--
	}
	p.bound = b
	for k := range s.grid.Cells {
		if k.Learner == name {
			delete(s.grid.Cells, k)
		}
	}
	delete(s.grid.People, name)
	s.push(change{gone: name})
	return nil
}

// Release frees a name: the next clone that posts under it takes it (a
// learner who cloned the workshop again); a removed learner may post again.
func (s *Server) Release(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.people[name]
	if p == nil {
		return ErrNoLearner
	}
	b := p.bound
	b.Clone = ""
	wasRemoved := b.Removed
	b.Removed = false
	if s.opts.Store != nil {
		if err := s.opts.Store.bind(name, b); err != nil {
			return err
		}
	}
	if wasRemoved {
		s.seated++ // the trainer's choice, even beyond the room's size
	}
	p.bound = b
	if l, ok := s.grid.People[name]; ok {
		l.Refused = 0
		s.grid.People[name] = l
		s.push(change{learner: &l})
	}
	return nil
}

// act serves a trainer's action on a learner: {"name": "..."}.
func (s *Server) act(do func(string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Name string `json:"name"`
		}
		if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		switch err := do(strings.TrimSpace(req.Name)); {
		case errors.Is(err, ErrNoLearner):
			http.Error(w, err.Error(), http.StatusNotFound)
		case err != nil:
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	}
}

// Snapshot is the whole room as a page first gets it.
type Snapshot struct {
	Columns    []Column  `json:"columns"`
	Cells      []Cell    `json:"cells"`
	Learners   []Learner `json:"learners"`
	StuckAfter float64   `json:"stuck_after_minutes"`
	Size       int       `json:"size"`
	Now        time.Time `json:"now"`
}

// Changes is what a page is sent after the snapshot.
type Changes struct {
	Cells    []Cell    `json:"cells,omitempty"`
	Learners []Learner `json:"learners,omitempty"`
	Gone     []string  `json:"gone,omitempty"`
}

// snapshot returns the room, the sequence number it is at and the channel
// closed at the next change.
func (s *Server) snapshot() (Snapshot, uint64, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := Snapshot{Columns: s.opts.Columns, Cells: make([]Cell, 0, len(s.grid.Cells)), Learners: make([]Learner, 0, len(s.grid.People)),
		StuckAfter: s.opts.StuckAfter.Minutes(), Size: s.opts.Size, Now: s.opts.Now().UTC()}
	for _, c := range s.grid.Cells {
		snap.Cells = append(snap.Cells, c)
	}
	for _, l := range s.grid.People {
		snap.Learners = append(snap.Learners, l)
	}
	return snap, s.seq, s.wake
}

// since returns the changes after seq, the sequence number they end at and
// the channel closed at the next change; ok is false when seq is too old.
// It costs what the page missed, not what the room holds.
func (s *Server) since(seq uint64) (ch Changes, last uint64, wake <-chan struct{}, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seq-seq > backlog {
		return ch, s.seq, s.wake, false
	}
	for i := seq + 1; i <= s.seq; i++ {
		c := s.ring[i%backlog]
		switch {
		case c.cell != nil:
			ch.Cells = append(ch.Cells, *c.cell)
		case c.learner != nil:
			ch.Learners = append(ch.Learners, *c.learner)
		default:
			ch.Gone = append(ch.Gone, c.gone)
		}
	}
	return ch, s.seq, s.wake, true
}

func (s *Server) state(w http.ResponseWriter, r *http.Request) {
	snap, _, _ := s.snapshot()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(snap)
}

// events streams the room to a page: the whole grid first, then the changes,
// at most every pageEvery (Server-Sent Events). It returns when the page
// goes away or the server stops.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	snap, seq, wake := s.snapshot()
	// A page that loses the room (a restart) asks again after half a second.
	io.WriteString(w, "retry: 500\n\n")
	if err := send(w, "snapshot", snap); err != nil || rc.Flush() != nil {
		return
	}
	keepalive := time.NewTicker(15 * time.Second)
	defer keepalive.Stop()
	last := time.Now()
	for {
		var err error
		select {
		case <-r.Context().Done():
			return
		case <-keepalive.C:
			_, err = io.WriteString(w, ": keepalive\n\n")
		case <-wake:
			if wait := time.Until(last.Add(pageEvery)); wait > 0 {
				t := time.NewTimer(wait)
				select {
				case <-r.Context().Done():
					t.Stop()
					return
				case <-t.C:
				}
			}
			var ch Changes
			var ok bool
			ch, seq, wake, ok = s.since(seq)
			last = time.Now()
			if ok {
				err = send(w, "changes", ch)
			} else {
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

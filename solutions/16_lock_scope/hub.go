// Exercise 16: the Hub that held its lock too long.
//
// A Hub keeps track of a server's live sessions, so that an operator can kick
// one of them or shut them all down. A session removes itself from the Hub as
// the last step of its shutdown, so the Hub never lists a dead session.
//
// Goal: Kick and ShutdownAll return once their sessions have finished, even
// when a session calls back into the Hub, and the Hub keeps serving other
// callers meanwhile.
//
//  1. Kick(id) shuts down the session registered under id and no other, and
//     reports whether there was one; ShutdownAll shuts down every session
//     registered when it is called.
//  2. Kick and ShutdownAll return only once the sessions they shut down have
//     finished shutting down, and from then on the Hub no longer lists them.
//  3. A session may call into the Hub while it shuts down (Len, Add, Remove,
//     Kick of another session), from the goroutine that called its Shutdown or
//     from one of its own, and nothing waits for ever.
//  4. While a session takes its time to shut down, the Hub serves its other
//     callers at once: Len, Add, Remove and Kick of another session.
//  5. Any number of goroutines may call the Hub's methods at once, with no data
//     race; when concurrent Kicks and ShutdownAll have all returned, every
//     session registered before them has finished shutting down.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/16_lock_scope/
package hub

import "sync"

// Session is a live session the Hub keeps track of.
type Session interface {
	// Shutdown ends the session and returns once it has ended. Its last step
	// is to call Remove on the Hub with the session's id, maybe from a
	// goroutine of the session's own. It may be called more than once, and
	// concurrently: every call returns once the session has ended.
	Shutdown()
}

// Hub is the set of a server's live sessions, by id.
//
// Its mutex guards the map and nothing else: it is held only inside the
// small accessors below, never while calling a Session. A Session may call
// back into the Hub, or take its time, without blocking anybody.
type Hub struct {
	mu       sync.Mutex
	sessions map[string]Session
}

// New returns an empty Hub.
func New() *Hub {
	return &Hub{sessions: make(map[string]Session)}
}

// Add registers s under id.
func (h *Hub) Add(id string, s Session) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sessions[id] = s
}

// Remove forgets the session id, if there is one.
func (h *Hub) Remove(id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.sessions, id)
}

// Len returns the number of live sessions.
func (h *Hub) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.sessions)
}

// Kick shuts the session id down and reports whether there was one.
func (h *Hub) Kick(id string) bool {
	s, ok := h.get(id)
	if ok {
		s.Shutdown() // without the lock: Shutdown calls Remove
	}
	return ok
}

// ShutdownAll shuts every session down.
func (h *Hub) ShutdownAll() {
	// Range over a copy: the sessions remove themselves from the map.
	for _, s := range h.all() {
		s.Shutdown()
	}
}

func (h *Hub) get(id string) (Session, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.sessions[id]
	return s, ok
}

// all returns a snapshot of the live sessions.
func (h *Hub) all() []Session {
	h.mu.Lock()
	defer h.mu.Unlock()
	all := make([]Session, 0, len(h.sessions))
	for _, s := range h.sessions {
		all = append(all, s)
	}
	return all
}

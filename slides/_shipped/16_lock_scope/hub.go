// Exercise 16: the Hub that held its lock too long.
//
// A Hub keeps track of a server's live sessions, so that an operator can kick
// one of them or shut them all down. A session removes itself from the Hub as
// the last step of its shutdown, so the Hub never lists a dead session.
//
// Goal: Kick and ShutdownAll return once the sessions they shut down have
// finished, whatever those sessions do while shutting down (calling back into
// the Hub included), and the Hub keeps serving its other callers while a
// session takes its time to shut down.
//
//	go test ./exercises/16_lock_scope/
package hub

import "sync"

// Session is a live session the Hub keeps track of.
type Session interface {
	// Shutdown ends the session. Its last step is to call Remove on the Hub
	// with the session's id.
	Shutdown()
}

// Hub is the set of a server's live sessions, by id.
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
	// Hold the lock throughout, so that nobody else can remove or replace
	// the session while it is being shut down.
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.sessions[id]
	if ok {
		s.Shutdown()
	}
	return ok
}

// ShutdownAll shuts every session down.
func (h *Hub) ShutdownAll() {
	// Sessions remove themselves from the map: keep it locked while we range
	// over it.
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.sessions {
		s.Shutdown()
	}
}

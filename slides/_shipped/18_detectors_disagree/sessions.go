// Exercise 18: the detectors disagree.
//
// Package sessions keeps per-user session values for a web service. Each Session
// is owned by an event-loop goroutine, and Set and Get talk to the loop over
// channels, in the channel-only style of seed 000's Statefull. Every open session
// is listed in a package-level registry, so that the admin page can count them and
// a request can find its session with Lookup. Open loads the saved values from the
// store first.
//
// Goal: whichever way Open returns, it leaves nothing behind that nobody will
// close, and an open session keeps its values until Close.
//
//	go test ./exercises/18_detectors_disagree/
package sessions

import (
	"context"
	"fmt"
	"sync"
)

// Store holds the sessions' saved values.
type Store interface {
	Load(ctx context.Context, id string) (map[string]string, error)
}

// Session is one user's session.
type Session struct {
	ID string

	set  chan entry
	get  chan query
	done chan struct{}
}

type entry struct{ key, value string }

type query struct {
	key   string
	reply chan string
}

// registry lists the open sessions by ID.
var registry = struct {
	sync.Mutex
	open map[string]*Session
}{open: map[string]*Session{}}

// Open opens the session id with the values the store saved for it.
func Open(ctx context.Context, store Store, id string) (*Session, error) {
	s := &Session{
		ID:   id,
		set:  make(chan entry),
		get:  make(chan query),
		done: make(chan struct{}),
	}
	register(s)
	go s.loop()

	saved, err := store.Load(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("open session %s: %w", id, err)
	}
	for k, v := range saved {
		s.Set(k, v)
	}
	return s, nil
}

// loop owns the session's values until Close.
func (s *Session) loop() {
	values := map[string]string{}
	for {
		select {
		case e := <-s.set:
			values[e.key] = e.value
		case q := <-s.get:
			q.reply <- values[q.key]
		case <-s.done:
			return
		}
	}
}

// Set stores value under key.
func (s *Session) Set(key, value string) { s.set <- entry{key, value} }

// Get returns the value stored under key, "" if none.
func (s *Session) Get(key string) string {
	q := query{key, make(chan string, 1)}
	s.get <- q
	return <-q.reply
}

// Close ends the session. Call it once.
func (s *Session) Close() {
	unregister(s.ID)
	close(s.done)
}

// Lookup returns the open session id.
func Lookup(id string) (*Session, bool) {
	registry.Lock()
	defer registry.Unlock()
	s, ok := registry.open[id]
	return s, ok
}

// Count returns how many sessions are open.
func Count() int {
	registry.Lock()
	defer registry.Unlock()
	return len(registry.open)
}

func register(s *Session) {
	registry.Lock()
	defer registry.Unlock()
	registry.open[s.ID] = s
}

func unregister(id string) {
	registry.Lock()
	defer registry.Unlock()
	delete(registry.open, id)
}

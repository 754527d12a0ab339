// Exercise 18: the detectors disagree.
//
// Package sessions keeps per-user session values for a web service. Each Session
// is owned by an event-loop goroutine, and Set and Get talk to the loop over
// channels, in the channel-only style of seed 000's Statefull. Every open session
// is listed in a package-level registry, so that the admin page can count them and
// a request can find its session with Lookup. Open loads the saved values from the
// store first.
//
// Goal: Whichever way Open returns, nothing it started is left running for
// nobody, and an open session keeps its values until Close.
//
//  1. When Open returns an error, whatever the store did (failed, hung until
//     Open's ctx ended, answered only after that), nothing Open started is
//     still running and the session is not listed: Lookup does not find it and
//     Count is unchanged.
//  2. When Open succeeds, the session is listed (Lookup finds it, Count counts
//     it), holds the values the store saved for it and keeps every value Set
//     until Close, with many sessions in use side by side.
//  3. When Close returns, the session's goroutine has ended and the session is
//     no longer listed; Close may be called again, from any goroutine, and does
//     nothing more.
//  4. Set and Get never wait for a closed session: called after Close, or while
//     Close runs, they return at once (Get with "" after Close) and leave
//     nothing running.
//
// The tests name the clause they find broken.
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

	set     chan entry
	get     chan query
	done    chan struct{} // closed by Close: the loop returns
	stopped chan struct{} // closed when the loop has returned
	once    sync.Once
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
		ID:      id,
		set:     make(chan entry),
		get:     make(chan query),
		done:    make(chan struct{}),
		stopped: make(chan struct{}),
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
	defer close(s.stopped)
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

// Set stores value under key. Once the session is closed it does nothing.
func (s *Session) Set(key, value string) {
	select {
	case s.set <- entry{key, value}:
	case <-s.done:
	}
}

// Get returns the value stored under key, "" if none or once the session is
// closed.
func (s *Session) Get(key string) string {
	q := query{key, make(chan string, 1)}
	select {
	case s.get <- q:
		return <-q.reply // the loop took the query: it answers before it looks at done again
	case <-s.done:
		return ""
	}
}

// Close ends the session: it is no longer listed, and its loop has returned
// when Close returns. Calling it again, from any goroutine, does nothing more.
func (s *Session) Close() {
	s.once.Do(func() {
		unregister(s.ID)
		close(s.done)
		<-s.stopped
	})
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

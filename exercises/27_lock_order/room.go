// Exercise 27: the chat room that locked itself out.
//
// A Room relays chat lines to its members' connections. Each Member has its
// own mutex so that two lines are never interleaved on one connection. A
// keepalive pings every member now and then; a member whose connection has
// failed (on that Ping, or on an earlier line) leaves the room on its Ping.
//
// Goal: Broadcast and Ping return promptly even when a member's connection
// fails while both are under way, the member is gone from the room once its
// Ping has returned, and everyone else still gets every line.
//
//  1. Broadcast and Ping return as soon as their own writes have, even when a
//     member's connection fails while both are under way.
//  2. While a write to one member's connection is stalled, the rest of the room
//     carries on: Join, Names and the other members' Pings return promptly, and
//     a member whose Ping fails meanwhile leaves.
//  3. A Ping whose write fails returns that failure; once it has returned, the
//     member is gone from Names, and no line is written to a connection after a
//     write to it has failed.
//  4. When Broadcast returns, its line has been written to every member whose
//     connection works, so each member gets the lines of Broadcasts that return
//     one after another in that order.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/27_lock_order/
package chat

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
)

// ErrGone is the error of a write to a member whose connection has failed.
var ErrGone = errors.New("chat: member has left")

// Room is a set of members who see each other's lines.
type Room struct {
	mu      sync.Mutex
	members []*Member
}

// Member is one participant's connection to a Room.
type Member struct {
	Name string
	room *Room

	mu   sync.Mutex // serializes writes to conn
	conn io.Writer
	gone bool // a write failed: nothing more is written to conn
}

// Join adds a member who reads the room's lines from conn.
func (r *Room) Join(name string, conn io.Writer) *Member {
	m := &Member{Name: name, room: r, conn: conn}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.members = append(r.members, m)
	return m
}

// Names returns the members' names, in the order they joined.
func (r *Room) Names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var names []string
	for _, m := range r.members {
		names = append(names, m.Name)
	}
	return names
}

// Broadcast sends a line from one member to everyone in the room. A member
// whose connection fails is skipped; its next Ping takes it out of the room.
func (r *Room) Broadcast(from, text string) {
	line := fmt.Sprintf("<%s> %s\n", from, text)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range r.members {
		m.mu.Lock()
		m.write(line)
		m.mu.Unlock()
	}
}

// Ping checks that the member's connection still works. If it does not, the
// member leaves the room and Ping returns the error.
func (m *Member) Ping() error {
	// Keep the member locked until it has left, so that no line can be
	// written to a connection that is known to be broken.
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.write("PING\n"); err != nil {
		m.room.leave(m)
		return err
	}
	return nil
}

// write writes one line to the member's connection; m.mu must be held. After
// a failed write it writes nothing more and returns ErrGone.
func (m *Member) write(line string) error {
	if m.gone {
		return ErrGone
	}
	if _, err := io.WriteString(m.conn, line); err != nil {
		m.gone = true
		return err
	}
	return nil
}

// leave removes m from the room.
func (r *Room) leave(m *Member) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.members = slices.DeleteFunc(r.members, func(x *Member) bool { return x == m })
}

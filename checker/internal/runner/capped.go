package runner

import (
	"fmt"
	"strings"
)

// Capped keeps what a test printed within a bound: the first Head bytes and the
// last Tail bytes, with the count of what was cut between them, so that a test
// printing 200 MB costs neither memory nor the evidence (goleak's report and a
// panic's dump come last). Its zero value keeps DefaultHead and DefaultTail.
type Capped struct {
	Head, Tail int
	head       strings.Builder
	tail       []byte
	cut        int64
}

// The bounds of a zero Capped: enough for any goroutine dump a test needs
// explaining, far below what a runaway print produces.
const (
	DefaultHead = 64 << 10
	DefaultTail = 4 << 20
)

// CutMarker is the line Capped puts where it cut; %d is the bytes cut. The
// checker's renderer turns it into a sentence (ui.MsgOutputCut).
const CutMarker = "…[-%d B]…"

func (c *Capped) limits() (int, int) {
	h, t := c.Head, c.Tail
	if h == 0 {
		h = DefaultHead
	}
	if t == 0 {
		t = DefaultTail
	}
	return h, t
}

// WriteString appends s.
func (c *Capped) WriteString(s string) (int, error) {
	n := len(s)
	h, t := c.limits()
	if room := h - c.head.Len(); room > 0 && c.cut == 0 && len(c.tail) == 0 {
		take := min(room, len(s))
		c.head.WriteString(s[:take])
		s = s[take:]
	}
	if s == "" {
		return n, nil
	}
	c.tail = append(c.tail, s...)
	if len(c.tail) > 2*t {
		drop := len(c.tail) - t
		c.cut += int64(drop)
		c.tail = append(c.tail[:0], c.tail[drop:]...)
	}
	return n, nil
}

// Cut is how many bytes were dropped.
func (c *Capped) Cut() int64 {
	_, t := c.limits()
	if len(c.tail) > t {
		return c.cut + int64(len(c.tail)-t)
	}
	return c.cut
}

// Len is the length of String.
func (c *Capped) Len() int { return len(c.String()) }

// String is the head, a line saying how much was cut, and the tail.
func (c *Capped) String() string {
	_, t := c.limits()
	tail := c.tail
	cut := c.cut
	if len(tail) > t {
		cut += int64(len(tail) - t)
		tail = tail[len(tail)-t:]
	}
	if cut == 0 {
		return c.head.String() + string(tail)
	}
	return c.head.String() + "\n" + fmt.Sprintf(CutMarker, cut) + "\n" + string(tail)
}

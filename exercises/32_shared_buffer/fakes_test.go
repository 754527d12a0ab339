package auditlog

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gohunters/internal/fake"
	"gohunters/internal/goal"
)

const (
	flushEvery = time.Second // Config.FlushEvery of most tests (fake time in a bubble)
	queue      = 8           // Config.Queue
	patience   = 3 * time.Hour
)

// dest is the fake destination. A write takes as long as its speed says: none
// (fake.Instant), fake.Long (fake.Slow), until released (fake.Hung), or fails
// at once (fake.Failing); every write waits inside the point "Write". It keeps
// what it was given.
type dest struct {
	points fake.Points

	mu      sync.Mutex
	speed   fake.Speed
	release chan struct{} // closed: stuck writes go through
	data    []byte
	writes  int
	lastEnd time.Time // when the last write returned
}

func newDest(speed fake.Speed) *dest {
	return &dest{speed: speed, release: make(chan struct{})}
}

func (d *dest) Write(p []byte) (int, error) {
	d.mu.Lock()
	speed, release := d.speed, d.release
	d.mu.Unlock()
	defer d.points.Enter("Write")()
	switch speed {
	case fake.Slow:
		time.Sleep(fake.Long)
	case fake.Hung:
		<-release
	case fake.Failing:
		d.ended()
		return 0, fake.ErrInjected
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.data = append(d.data, p...)
	d.writes++
	d.lastEnd = time.Now()
	return len(p), nil
}

func (d *dest) ended() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.lastEnd = time.Now()
}

// unstick lets the stuck writes through, and the later ones at once.
func (d *dest) unstick() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.speed == fake.Hung {
		d.speed = fake.Instant
		close(d.release)
	}
}

// text returns what the destination holds.
func (d *dest) text() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return string(d.data)
}

func (d *dest) lastWrite() time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.lastEnd
}

// line is one line of the destination, "N msg".
type line struct {
	n   int
	msg string
}

// parse reads the destination's lines; a line that is not "N msg" breaks
// clause c.
func parse(t *testing.T, c goal.Clause, text, when string) []line {
	t.Helper()
	var out []line
	for i, s := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if s == "" && i == 0 {
			continue
		}
		num, msg, ok := strings.Cut(s, " ")
		n, err := strconv.Atoi(num)
		if !ok || err != nil {
			c.Errorf(t, "%s, line %d of the destination is %q, not a number, a space and a message", when, i+1, s)
			continue
		}
		out = append(out, line{n, msg})
	}
	return out
}

// holds checks that the destination holds exactly want, numbered 1, 2, 3...
// in that order; clause c is broken if not.
func (d *dest) holds(t *testing.T, c goal.Clause, want []string, when string) bool {
	t.Helper()
	got := parse(t, c, d.text(), when)
	var msgs []string
	ok := len(got) == len(want)
	for i, l := range got {
		msgs = append(msgs, l.msg)
		if l.n != i+1 || i < len(want) && l.msg != want[i] {
			ok = false
		}
	}
	if !ok {
		c.Errorf(t, "%s, the destination held %d line(s) %s; want %d: %s", when, len(got), show(got), len(want), showMsgs(want))
	}
	return ok
}

// show writes lines for a report, shortening long messages.
func show(ls []line) string {
	var b bytes.Buffer
	for i, l := range ls {
		if i > 0 {
			b.WriteString(", ")
		}
		if i == 12 {
			fmt.Fprintf(&b, "... (%d more)", len(ls)-i)
			break
		}
		fmt.Fprintf(&b, "%d %s", l.n, short(l.msg))
	}
	return "[" + b.String() + "]"
}

func showMsgs(msgs []string) string {
	ls := make([]line, len(msgs))
	for i, m := range msgs {
		ls[i] = line{i + 1, m}
	}
	return show(ls)
}

func short(msg string) string {
	if len(msg) > 12 {
		return msg[:8] + "..."
	}
	return msg
}

// msgs returns n messages named prefix1, prefix2, ...
func msgs(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i+1)
	}
	return out
}

// long returns a message of about 1 KB named name: four of them fill a
// bufio.Writer's default buffer.
func long(name string) string {
	return name + strings.Repeat(".", 1024)
}

// within calls f in a goroutine of its own and waits at most d for it to
// return: how long it took, what it panicked with, and whether it returned.
func within(d time.Duration, f func()) (took time.Duration, panicked any, ok bool) {
	start := time.Now()
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case p := <-done:
		return time.Since(start), p, true
	case <-timer.C:
		return 0, nil, false
	}
}

// start calls New, failing the test if it does not return.
func start(t *testing.T, d *dest, cfg Config) *Logger {
	t.Helper()
	var l *Logger
	if _, p, ok := within(patience, func() { l = New(d, cfg) }); !ok || p != nil {
		t.Fatalf("New(dest, Config{FlushEvery: %v, Queue: %d}) did not return within %v (panic: %v)", cfg.FlushEvery, cfg.Queue, patience, p)
	}
	return l
}

// logAll calls Log for each message in turn, and reports through clause c
// every call that panics, does not return within d or returns an error.
func logAll(t *testing.T, c goal.Clause, l *Logger, d time.Duration, ms []string) bool {
	t.Helper()
	for i, m := range ms {
		var err error
		_, p, ok := within(d, func() { err = l.Log(m) })
		switch {
		case !ok:
			c.Errorf(t, "Log(%q), call %d of %d, had not returned %v after it was called", short(m), i+1, len(ms), d)
			return false
		case p != nil:
			c.Errorf(t, "Log(%q) panicked: %v", short(m), p)
			return false
		case err != nil:
			c.Errorf(t, "Log(%q), call %d of %d, returned %q", short(m), i+1, len(ms), err)
			return false
		}
	}
	return true
}

// closeIt calls Close and returns what it returned and how long it took;
// clause c is broken if it panics or does not return within d.
func closeIt(t *testing.T, c goal.Clause, l *Logger, d time.Duration, when string) (err error, took time.Duration, ok bool) {
	t.Helper()
	took, p, ok := within(d, func() { err = l.Close() })
	switch {
	case !ok:
		c.Errorf(t, "%s, Close() had not returned %v after it was called", when, d)
	case p != nil:
		c.Errorf(t, "%s, Close() panicked: %v", when, p)
		ok = false
	}
	return err, took, ok
}

// realClock gives code inside a synctest bubble timers on the real clock. A Log
// blocked on a sync.Mutex is not durably blocked, so the fake clock stops and a
// fake deadline never fires; a goroutine started outside the bubble keeps
// these. Make it before the bubble and stop it before the test's leak check.
type realClock struct {
	reqs    chan time.Duration
	replies chan chan struct{}
	done    chan struct{}
	stopped chan struct{}
}

func newRealClock() *realClock {
	rc := &realClock{reqs: make(chan time.Duration), replies: make(chan chan struct{}),
		done: make(chan struct{}), stopped: make(chan struct{})}
	go func() {
		defer close(rc.stopped)
		var timers []*time.Timer
		defer func() {
			for _, tm := range timers {
				tm.Stop()
			}
		}()
		for {
			select {
			case d := <-rc.reqs:
				fired := make(chan struct{})
				timers = append(timers, time.AfterFunc(d, func() { close(fired) }))
				rc.replies <- fired
			case <-rc.done:
				return
			}
		}
	}()
	return rc
}

// after returns a channel closed once d of real time has passed.
func (rc *realClock) after(d time.Duration) <-chan struct{} {
	rc.reqs <- d
	return <-rc.replies
}

func (rc *realClock) stop() {
	close(rc.done)
	<-rc.stopped
}

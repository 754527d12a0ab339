// Package ptytest gives a test a pseudo-terminal, so that it can run a
// command the way a learner's terminal does (stdout and stderr on one
// screen, both terminals), and renders what the command wrote as the lines a
// terminal would show: carriage returns overwrite, erase-line escapes erase,
// colours are dropped.
package ptytest

import (
	"bytes"
	"errors"
	"os"
	"regexp"
	"strings"
	"sync"
)

// ErrUnsupported is Open's error where the system has no pseudo-terminals
// this package knows how to open; a test skips then.
var ErrUnsupported = errors.New("ptytest: no pseudo-terminal on this system")

// Terminal is an open pseudo-terminal: Tty is the side a command writes to,
// and everything written there is collected for Screen.
type Terminal struct {
	Tty    *os.File
	master *os.File
	mu     sync.Mutex
	out    bytes.Buffer
	done   chan struct{}
}

// Open opens a pseudo-terminal and starts collecting what is written to it.
func Open() (*Terminal, error) {
	master, tty, err := open()
	if err != nil {
		return nil, err
	}
	t := &Terminal{Tty: tty, master: master, done: make(chan struct{})}
	go func() {
		defer close(t.done)
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			t.mu.Lock()
			t.out.Write(buf[:n])
			t.mu.Unlock()
			if err != nil {
				return // EIO once the last writer has closed the tty
			}
		}
	}()
	return t, nil
}

// Close closes the terminal and returns everything written to it.
func (t *Terminal) Close() []byte {
	t.Tty.Close()
	<-t.done
	t.master.Close()
	t.mu.Lock()
	defer t.mu.Unlock()
	return bytes.Clone(t.out.Bytes())
}

var (
	color   = regexp.MustCompile("\x1b\\[[0-9;]*m")
	control = regexp.MustCompile("\x1b\\[[0-9;]*[A-Za-z]|\r|\n")
)

// Screen renders output as the lines a terminal shows: \r returns to the
// start of the line, \x1b[K erases from the cursor to its end, \n (which a
// terminal's \r\n ends a line with) starts the next line. Colours and other
// escapes are dropped.
func Screen(output []byte) []string {
	s := color.ReplaceAllString(string(output), "")
	var lines []string
	var line []rune
	col := 0
	write := func(text string) {
		for _, r := range text {
			if col < len(line) {
				line[col] = r
			} else {
				line = append(line, r)
			}
			col++
		}
	}
	last := 0
	for _, m := range control.FindAllStringIndex(s, -1) {
		write(s[last:m[0]])
		last = m[1]
		switch c := s[m[0]:m[1]]; {
		case c == "\r":
			col = 0
		case c == "\n":
			lines = append(lines, strings.TrimRight(string(line), " "))
			line, col = nil, 0
		case c == "\x1b[K" || c == "\x1b[0K":
			line = line[:min(col, len(line))]
		}
	}
	write(s[last:])
	if len(line) > 0 {
		lines = append(lines, strings.TrimRight(string(line), " "))
	}
	return lines
}

// Package watch reports saved files in a set of directories, through fsnotify
// or, where it sees nothing (WSL2 on /mnt/c, network drives, some container
// volumes), by polling. Editors that save by writing a temporary file and
// renaming it over the original are covered: directories are watched, not files.
package watch

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Source delivers paths of Go files that changed.
type Source interface {
	Changes() <-chan string
	Close() error
}

// Relevant reports whether a change to path should trigger a run: Go source,
// not an editor's backup or swap file.
func Relevant(path string) bool {
	base := filepath.Base(path)
	return strings.HasSuffix(base, ".go") && !strings.HasPrefix(base, ".") && !strings.HasPrefix(base, "#")
}

// Notify watches dirs with fsnotify.
type Notify struct {
	w    *fsnotify.Watcher
	out  chan string
	dirs map[string]bool
}

// NewNotify starts watching dirs, and the folders that hold them: a watched
// folder moved away loses its watch, and one that appears (moved back,
// restored, made again) gets it (again). Such a folder's own path is
// delivered as a change, whether it went or came. A folder of dirs that does
// not exist yet is watched once it appears. The error means fsnotify cannot be
// used here (e.g. the inotify watch limit); fall back to NewPoll.
func NewNotify(dirs []string) (*Notify, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	n := &Notify{w: w, out: make(chan string, 64), dirs: map[string]bool{}}
	parents := map[string]bool{}
	for _, d := range dirs {
		d = filepath.Clean(d)
		n.dirs[d] = true
		parents[filepath.Dir(d)] = true
		if _, err := os.Stat(d); err != nil {
			continue
		}
		if err := w.Add(d); err != nil {
			w.Close()
			return nil, err
		}
	}
	for p := range parents {
		_ = w.Add(p) // without it, only the folders' own files are seen
	}
	go n.loop()
	return n, nil
}

func (n *Notify) loop() {
	defer close(n.out)
	for {
		select {
		case ev, ok := <-n.w.Events:
			if !ok {
				return
			}
			if n.dirs[filepath.Clean(ev.Name)] {
				// A watched folder went or came: watch it again if it is back.
				if ev.Has(fsnotify.Create) {
					_ = n.w.Add(ev.Name)
				}
				n.send(ev.Name)
				continue
			}
			// Write, Create and Rename (the target of rename-on-save appears as Create).
			if ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename|fsnotify.Remove) != 0 && Relevant(ev.Name) {
				select {
				case n.out <- ev.Name:
				default: // a burst: one pending change is enough to re-run
				}
			}
		case _, ok := <-n.w.Errors:
			if !ok {
				return
			}
		}
	}
}

func (n *Notify) send(path string) {
	select {
	case n.out <- path:
	default:
	}
}

// Changes delivers changed paths.
func (n *Notify) Changes() <-chan string { return n.out }

// Close stops watching; Changes is closed.
func (n *Notify) Close() error { return n.w.Close() }

// Poll compares the Go files of dirs every interval.
type Poll struct {
	out    chan string
	cancel context.CancelFunc
	done   chan struct{}
}

// NewPoll starts polling dirs.
func NewPoll(dirs []string, every time.Duration) *Poll {
	ctx, cancel := context.WithCancel(context.Background())
	p := &Poll{out: make(chan string, 64), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		defer close(p.out)
		seen := snapshot(dirs)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			now := snapshot(dirs)
			for path, stamp := range now {
				if seen[path] != stamp {
					p.send(path)
				}
			}
			for path := range seen {
				if _, ok := now[path]; !ok {
					p.send(path)
				}
			}
			seen = now
		}
	}()
	return p
}

func (p *Poll) send(path string) {
	select {
	case p.out <- path:
	default:
	}
}

type stamp struct {
	mod  time.Time
	size int64
}

func snapshot(dirs []string) map[string]stamp {
	out := map[string]stamp{}
	for _, d := range dirs {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			p := filepath.Join(d, e.Name())
			if !Relevant(p) {
				continue
			}
			if info, err := e.Info(); err == nil {
				out[p] = stamp{info.ModTime(), info.Size()}
			}
		}
	}
	return out
}

// Changes delivers changed paths.
func (p *Poll) Changes() <-chan string { return p.out }

// Close stops polling; Changes is closed.
func (p *Poll) Close() error {
	p.cancel()
	<-p.done
	return nil
}

// Debounce waits until no change has arrived for quiet, then returns the last
// path seen. It returns "", false when in is closed or ctx is done.
func Debounce(ctx context.Context, in <-chan string, quiet time.Duration) (string, bool) {
	var last string
	select {
	case <-ctx.Done():
		return "", false
	case p, ok := <-in:
		if !ok {
			return "", false
		}
		last = p
	}
	t := time.NewTimer(quiet)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return "", false
		case p, ok := <-in:
			if !ok {
				return last, true
			}
			last = p
			t.Reset(quiet)
		case <-t.C:
			return last, true
		}
	}
}

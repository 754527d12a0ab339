package room

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gohunters/checker/internal/ident"
	"gohunters/internal/browser"
)

// liveRoom is a room with a store, served on one address across restarts.
type liveRoom struct {
	t     *testing.T
	addr  string
	path  string
	opts  Options
	srv   *http.Server
	store *Store
	done  chan error
}

func startRoom(t *testing.T, opts Options) *liveRoom {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &liveRoom{t: t, addr: ln.Addr().String(), path: filepath.Join(t.TempDir(), "room.db"), opts: opts}
	r.start(ln)
	t.Cleanup(r.stop)
	return r
}

func (r *liveRoom) start(ln net.Listener) {
	st, err := OpenStore(r.path)
	if err != nil {
		r.t.Fatal(err)
	}
	r.opts.Store, r.store = st, st
	s, err := NewServer(r.opts)
	if err != nil {
		r.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.srv = &http.Server{Handler: s.Handler(), BaseContext: func(net.Listener) context.Context { return ctx }}
	r.srv.RegisterOnShutdown(cancel)
	r.done = make(chan error, 1)
	go func() { r.done <- r.srv.Serve(ln) }()
}

func (r *liveRoom) stop() {
	if r.srv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r.srv.Shutdown(ctx)
	<-r.done
	r.store.Close()
	r.srv = nil
}

// restart stops the room and serves it again, from its store, on the same address.
func (r *liveRoom) restart() {
	r.stop()
	ln, err := net.Listen("tcp", r.addr)
	if err != nil {
		r.t.Skipf("cannot listen on %s again: %v", r.addr, err)
	}
	r.start(ln)
}

func (r *liveRoom) urls() (string, string) {
	return "http://" + r.addr + "/r/" + code, "http://" + r.addr + "/t/" + key
}

// The live page in a real browser, as a projector shows it: learners posting
// at once all show up, a hostile name is shown as text and runs nothing, a
// name posted from another clone is refused and flagged, the stuck list and
// the most common leaks stay on the screen at 1024x768 and the page uses a
// 1920x1080 screen, each learner's last verdict is shown, and a restart of
// serve loses nothing while the page reconnects by itself.
func TestPageInABrowser(t *testing.T) {
	tab := browser.New(t, 90*time.Second)
	opts := options()
	opts.Opened, opts.Size = time.Now().Add(-2*time.Hour), 200
	lr := startRoom(t, opts)
	url, page := lr.urls()

	hostile := rep(`<img src=x onerror="document.title='pwned'">`, "01_errs_capacity", "leaking", 10)
	hostile.Exercises[0].Leaks[0].Function = `<script>document.title='pwned'</script>`
	if got := post(t, url, "application/json", signed(t, clone(t), hostile)); got != http.StatusNoContent {
		t.Fatalf("post: %d", got)
	}
	if err := chromedp.Do(tab,
		chromedp.EmulateViewport(1024, 768),
		chromedp.Navigate(page+"/"),
		chromedp.WaitVisible("#conn[data-state=live]"),
	); err != nil {
		t.Fatal(err)
	}

	// Forty learners post at once, first changes 40 minutes ago: more stuck
	// learners than a screen holds.
	keys := map[string]ident.Key{}
	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := range 40 {
		wg.Go(func() {
			name := fmt.Sprintf("Learner %02d", i+1)
			k := clone(t)
			mu.Lock()
			keys[name] = k
			mu.Unlock()
			r := rep(name, cols[i%3].Dir, []string{"leaking", "failing", "done"}[i%3], 0)
			first := time.Now().UTC().Add(-40 * time.Minute)
			r.Exercises[0].FirstAttempt, r.Exercises[0].Solved = &first, nil
			if got := post(t, url, "application/json", signed(t, k, r)); got != http.StatusNoContent {
				t.Errorf("learner %d: %d", i+1, got)
			}
		})
	}
	wg.Wait()
	rows := `document.querySelectorAll("#grid tbody tr").length`
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](rows+` === 41`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the page did not show 41 learners: %v", err)
	}
	t.Logf("forty learners posting at once: all on the page %v after the first post", time.Since(start).Round(time.Millisecond))

	// Someone else's clone posts as Learner 02: refused, and the trainer sees it.
	if got := post(t, url, "application/json", signed(t, clone(t), rep("Learner 02", "01_errs_capacity", "done", 0))); got != StatusTaken {
		t.Fatalf("another clone as Learner 02: %d, want %d", got, StatusTaken)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelector("#warnings").textContent.includes("Learner 02: 1 post(s) under this name from another clone refused")`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("the page does not show the refused post: %v", err)
	}

	row := func(name string) string {
		return `[...document.querySelectorAll("#grid tbody tr")].find(tr => tr.firstChild.textContent === "` + name + `")`
	}
	type view struct {
		Title, FirstLearner, Stuck, More string
		Images, Scripts                  int
		Cell, Last, Suspect              string
	}
	v, err := chromedp.Run(tab, chromedp.Evaluate[view](`({
		Title: document.title,
		FirstLearner: document.querySelector("#grid tbody th").textContent,
		Stuck: document.querySelector("#stuckfor").textContent,
		More: document.querySelector("#stuckmore").textContent,
		Images: document.images.length,
		Scripts: document.scripts.length,
		Cell: `+row("Learner 01")+`.children[2].textContent,
		Last: `+row("Learner 01")+`.children[1].textContent,
		Suspect: `+row("Learner 02")+`.firstChild.className,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if v.Title == "pwned" || v.Images != 0 || v.Scripts != 1 || v.FirstLearner != hostile.Learner {
		t.Errorf("a learner's name was rendered as HTML: %+v", v)
	}
	if !strings.Contains(v.Stuck, "Learner 01 on 01 (leak) for 40 min") || strings.Contains(v.Stuck, "Learner 03 ") || !strings.HasPrefix(v.More, "and ") {
		t.Errorf("stuck list %q, then %q", v.Stuck, v.More)
	}
	if v.Cell != "leak 1× 40m h1" || v.Last != "0 min ago" || v.Suspect != "suspect" {
		t.Errorf("Learner 01's row reads %q, last %q; Learner 02's name is %q", v.Cell, v.Last, v.Suspect)
	}

	// One more verdict: how long until the page shows it.
	done := rep("Learner 01", "01_errs_capacity", "done", 0)
	done.Exercises[0].Attempts = 2
	posted := time.Now()
	if got := post(t, url, "application/json", signed(t, keys["Learner 01"], done)); got != http.StatusNoContent {
		t.Fatalf("post: %d", got)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](row("Learner 01")+`.children[2].textContent.startsWith("ok 2×")`,
		chromedp.WithPollingInterval(5*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("the page did not show Learner 01's new verdict: %v", err)
	}
	if took := time.Since(posted); took > time.Second {
		t.Errorf("a verdict took %v to show on the page", took)
	} else {
		t.Logf("a verdict shows on the page %v after it is posted", took.Round(time.Millisecond))
	}

	// The projector: the stuck lists in view without scrolling, large text, the grid using the width.
	shots := browser.Shots(t)
	type screen struct {
		Fits, NoScroll                  bool
		StuckMostBottom, StuckForBottom float64
		Height, Width, Font, GridWidth  float64
		LeakShown                       bool
	}
	for _, size := range [][2]int64{{1024, 768}, {1920, 1080}} {
		if err := chromedp.Do(tab, chromedp.EmulateViewport(size[0], size[1]), chromedp.Sleep(300*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		s, err := chromedp.Run(tab, chromedp.Evaluate[screen](`({
			Fits: document.documentElement.scrollWidth <= window.innerWidth,
			NoScroll: document.documentElement.scrollHeight <= window.innerHeight,
			StuckMostBottom: document.querySelector("#stuckmost").getBoundingClientRect().bottom,
			StuckForBottom: document.querySelector("#stuckfor").getBoundingClientRect().bottom,
			LeakShown: document.querySelector("#stuckmost .leak") !== null && document.querySelector("#stuckmost .leak").getBoundingClientRect().bottom <= window.innerHeight,
			Height: window.innerHeight, Width: window.innerWidth,
			Font: parseFloat(getComputedStyle(document.body).fontSize),
			GridWidth: document.querySelector("#gridbox").getBoundingClientRect().width,
		})`))
		if err != nil {
			t.Fatal(err)
		}
		minFont := 18.0
		if size[0] >= 1920 {
			minFont = 22
		}
		if !s.Fits || !s.NoScroll || s.StuckMostBottom > s.Height || s.StuckForBottom > s.Height || !s.LeakShown ||
			s.Font < minFont || s.GridWidth < 0.55*s.Width {
			t.Errorf("%dx%d: %+v: want no scrolling, the stuck lists and the most common leak in view, text of %.0f px or more, the grid over half the width",
				size[0], size[1], s, minFont)
		}
		png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(shots, fmt.Sprintf("room-%dx%d.png", size[0], size[1]))
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%dx%d: %+v; screenshot %s", size[0], size[1], s, name)
	}

	// serve is restarted: the page reconnects to the same room, nothing lost.
	lr.restart()
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelector("#conn").dataset.state === "live" && `+rows+` === 41`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("after a restart the page did not come back with 41 learners: %v", err)
	}
	if got := post(t, url, "application/json", signed(t, clone(t), rep("Learner 02", "01_errs_capacity", "done", 0))); got != StatusTaken {
		t.Errorf("after a restart, another clone as Learner 02: %d, want %d", got, StatusTaken)
	}
}

package room

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gohunters/internal/browser"
)

// The live page in a real browser: twelve learners posting at once all show
// up, a hostile name is shown as text and runs nothing, the stuck list fills,
// and the page fits the projector at 1024x768, 1280x800 and 1920x1080.
func TestPageInABrowser(t *testing.T) {
	tab := browser.New(t, 60*time.Second)
	srv := httptest.NewServer(NewServer(code, cols, 15*time.Minute).Handler())
	defer srv.Close()
	defer srv.CloseClientConnections() // the page's event stream
	url := srv.URL + "/r/" + code

	hostile := rep(`<img src=x onerror="document.title='pwned'">`, "01_errs_capacity", "leaking", 10)
	hostile.Exercises[0].Leaks[0].Function = `<script>document.title='pwned'</script>`
	if got := post(t, url, "application/json", encode(t, hostile)); got != http.StatusNoContent {
		t.Fatalf("post: %d", got)
	}
	if err := chromedp.Do(tab,
		chromedp.EmulateViewport(1024, 768),
		chromedp.Navigate(url+"/"),
		chromedp.WaitVisible("#conn[data-state=live]"),
	); err != nil {
		t.Fatal(err)
	}

	// Twelve learners post at once, first attempts 40 minutes ago.
	start := time.Now()
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			r := rep(fmt.Sprintf("Learner %02d", i+1), cols[i%3].Dir, []string{"leaking", "failing", "done"}[i%3], 0)
			r.Time = time.Now().UTC()
			first := r.Time.Add(-40 * time.Minute)
			r.Exercises[0].FirstAttempt, r.Exercises[0].Solved = &first, nil
			if got := post(t, url, "application/json", encode(t, r)); got != http.StatusNoContent {
				t.Errorf("learner %d: %d", i+1, got)
			}
		})
	}
	wg.Wait()
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelectorAll("#grid tbody tr").length === 13`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the page did not show 13 learners: %v", err)
	}
	t.Logf("twelve learners posting at once: all on the page %v after the first post", time.Since(start).Round(time.Millisecond))

	type view struct {
		Title, FirstLearner, Stuck string
		Images, Scripts, Learners  int
		ScrollWidth, InnerWidth    int
		Cell                       string
	}
	v, err := chromedp.Run(tab, chromedp.Evaluate[view](`({
		Title: document.title,
		FirstLearner: document.querySelector("#grid tbody th").textContent,
		Stuck: document.querySelector("#stuckfor").textContent,
		Images: document.images.length,
		Scripts: document.scripts.length,
		Learners: document.querySelectorAll("#grid tbody tr").length,
		ScrollWidth: document.documentElement.scrollWidth,
		InnerWidth: window.innerWidth,
		Cell: [...document.querySelectorAll("#grid tbody tr")].find(tr => tr.firstChild.textContent === "Learner 01").children[1].textContent,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if v.Title == "pwned" || v.Images != 0 || v.Scripts != 1 || v.FirstLearner != hostile.Learner {
		t.Errorf("a learner's name was rendered as HTML: %+v", v)
	}
	if !strings.Contains(v.Stuck, "Learner 01 on 01 (leak) for 40 min") || strings.Contains(v.Stuck, "Learner 03 ") {
		t.Errorf("stuck list: %q", v.Stuck)
	}
	if v.Cell != "leak 1× 40m h1" {
		t.Errorf("Learner 01's cell reads %q", v.Cell)
	}

	// One more verdict: how long until the page shows it.
	done := rep("Learner 01", "01_errs_capacity", "done", 0)
	done.Time = time.Now().UTC()
	solved := done.Time
	first := solved.Add(-45 * time.Minute)
	done.Exercises[0].FirstAttempt, done.Exercises[0].Solved, done.Exercises[0].Attempts = &first, &solved, 2
	posted := time.Now()
	if got := post(t, url, "application/json", encode(t, done)); got != http.StatusNoContent {
		t.Fatalf("post: %d", got)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`[...document.querySelectorAll("#grid tbody tr")].find(tr => tr.firstChild.textContent === "Learner 01").children[1].textContent === "ok 2× 45m h1"`,
		chromedp.WithPollingInterval(5*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("the page did not show Learner 01's new verdict: %v", err)
	}
	if took := time.Since(posted); took > time.Second {
		t.Errorf("a verdict took %v to show on the page", took)
	} else {
		t.Logf("a verdict shows on the page %v after it is posted", took.Round(time.Millisecond))
	}

	shots := browser.Shots(t)
	for _, size := range [][2]int64{{1024, 768}, {1280, 800}, {1920, 1080}} {
		if err := chromedp.Do(tab, chromedp.EmulateViewport(size[0], size[1]), chromedp.Sleep(200*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		fits, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if !fits {
			t.Errorf("%dx%d: the page is wider than the screen", size[0], size[1])
		}
		png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(shots, fmt.Sprintf("room-%dx%d.png", size[0], size[1]))
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%dx%d fits; screenshot %s", size[0], size[1], name)
	}
}

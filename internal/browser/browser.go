// Package browser gives tests a headless Chromium to check pages the way a
// trainer's projector shows them. Tests that use it skip, saying why, on a
// machine without a browser.
package browser

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Candidates are the browsers looked for on PATH, after $BROWSER.
var Candidates = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"}

// Find returns the path of a Chromium-based browser, or "".
func Find() string {
	if b := os.Getenv("BROWSER"); b != "" {
		if p, err := exec.LookPath(b); err == nil {
			return p
		}
	}
	for _, name := range Candidates {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless browser for t and returns a tab's context, which ends
// with the test (or after timeout). It skips t when no browser is installed.
func New(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	path := Find()
	if path == "" {
		t.Skip("no Chromium-based browser found (looked for $BROWSER, then " + filepath.Join(Candidates...) +
			" on PATH); on Debian: apt-get install chromium")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // containers and CI run as root
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
	)
	ctx, cancelTimeout := context.WithTimeout(context.Background(), timeout)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tab, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelTimeout()
	})
	if err := chromedp.Do(tab); err != nil { // starts the browser
		t.Fatalf("starting %s: %v", path, err)
	}
	return tab
}

// Shots is where tests save screenshots: $SCREENSHOTS when set (to look at
// them), else a temporary directory.
func Shots(t testing.TB) string {
	if d := os.Getenv("SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err == nil {
			return d
		}
	}
	return t.TempDir()
}

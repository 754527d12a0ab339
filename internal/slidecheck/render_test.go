package slidecheck

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gohunters/internal/browser"
)

// Projector sizes every slide must fit. The first is the render check's:
// every slide is screenshot there.
var projectors = [][2]int64{{1024, 768}, {1280, 800}, {1920, 1080}}

// minCodePx is the smallest code a back row can read, in screen pixels.
const minCodePx = 15

// servePresent runs `go tool present` on slides/ the way slides/README.md says,
// and returns its address.
func servePresent(t *testing.T) string {
	t.Helper()
	return servePresentIn(t, filepath.Dir(slidesDir(t)), "slides")
}

// servePresentIn runs the present tool from the module at root on content.
func servePresentIn(t *testing.T, root, content string) string {
	t.Helper()
	// go tool present runs the tool as a child of the go command: ending the go
	// command would leave the server behind. Run the tool's binary itself.
	tool := exec.Command("go", "tool", "-n", "present")
	tool.Dir = root
	path, err := tool.Output()
	if err != nil {
		t.Fatalf("go tool -n present: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, strings.TrimSpace(string(path)), "-content", content, "-http", "127.0.0.1:0", "-play=false")
	cmd.Dir = root
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if u := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(sc.Text()); u != "" {
				found <- u
				break
			}
		}
		for sc.Scan() {
		}
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(2 * time.Minute):
		t.Fatal("go tool present printed no address within 2 minutes")
	}
	return ""
}

// slideFit is what measure says of one slide.
type slideFit struct {
	Page      int
	Title     string
	Over      float64 // how far content goes below the page number's top or past the right padding, in slide pixels
	CutCode   bool    // a code block wider than its box (present hides the overflow)
	CodePx    float64 // the code's font size on the screen
	TextPx    float64
	Transform string
}

// measure shows each slide in turn and measures it, in slide pixels so that
// the result does not depend on the screen's scale.
const measure = `(() => {
  const style = document.createElement("style");
  style.textContent = ".slides > article { transition: none !important; }";
  document.head.append(style);
  const out = [];
  const arts = [...document.querySelectorAll("section.slides > article")];
  arts.forEach((a, i) => {
    curSlide = i; updateSlides();
    const box = a.getBoundingClientRect();
    const scale = box.width / a.offsetWidth;
    const pn = a.querySelector(".pagenumber");
    const bottom = pn ? pn.getBoundingClientRect().top : box.bottom - 40 * scale;
    const right = box.right - 30 * scale;
    let over = 0;
    for (const el of a.children) {
      if (el === pn || el.tagName === "STYLE") continue;
      const r = document.createRange();
      r.selectNodeContents(el);
      const rr = r.getBoundingClientRect();
      if (rr.height === 0) continue;
      over = Math.max(over, (rr.bottom - bottom) / scale, (rr.right - right) / scale);
    }
    const pres = [...a.querySelectorAll("pre")];
    const h = a.querySelector("h1, h3");
    const p = a.querySelector("p, li");
    out.push({
      Page: i + 1,
      Title: h ? h.textContent.trim() : "",
      Over: over,
      CutCode: pres.some((p) => p.scrollWidth > p.clientWidth + 1),
      CodePx: pres.length ? Math.min(...pres.map((p) => parseFloat(getComputedStyle(p).fontSize))) * scale : 0,
      TextPx: p ? parseFloat(getComputedStyle(p).fontSize) * scale : 0,
      Transform: getComputedStyle(document.querySelector("section.slides")).transform,
    });
  });
  curSlide = 0; updateSlides();
  return out;
})()`

// missingGlyphs returns the Japanese characters of the page that render as
// the missing-glyph box: drawn in the slides' font, each must differ from a
// code point no font has (U+10FFFD, a private use character).
const missingGlyphs = `(() => {
  const text = [...document.querySelectorAll("section.slides > article")].map((a) => a.textContent).join("");
  const chars = [...new Set([...text].filter((c) => /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/.test(c)))];
  const el = document.querySelector("section.slides > article p, section.slides > article li") || document.body;
  const font = getComputedStyle(el).fontFamily;
  const canvas = document.createElement("canvas");
  canvas.width = 48; canvas.height = 48;
  const g = canvas.getContext("2d", { willReadFrequently: true });
  const draw = (ch) => {
    g.clearRect(0, 0, 48, 48);
    g.font = "36px " + font;
    g.fillText(ch, 4, 38);
    return g.getImageData(0, 0, 48, 48).data.join(",");
  };
  const box = draw("\u{10FFFD}");
  const blank = (g.clearRect(0, 0, 48, 48), g.getImageData(0, 0, 48, 48).data.join(","));
  return chars.filter((ch) => { const d = draw(ch); return d === box || d === blank; });
})()`

// TestSlidesFitTheProjector opens every deck in a real browser at each
// projector size: no slide may run into its page number or past its right
// edge, no code block may be cut, code must be readable, and no Japanese
// character may render as an empty box. With $SCREENSHOTS set it saves every
// slide at 1024x768 there.
func TestSlidesFitTheProjector(t *testing.T) {
	if testing.Short() {
		t.Skip("renders every slide in a browser; not with -short")
	}
	tab := browser.New(t, 5*time.Minute)
	base := servePresent(t)
	shots := os.Getenv("SCREENSHOTS")
	if shots != "" {
		shots = browser.Shots(t)
	}
	for _, d := range readDecks(t) {
		for _, size := range projectors {
			if err := chromedp.Do(tab, chromedp.EmulateViewport(size[0], size[1]), chromedp.Navigate(base+"/"+d.name),
				chromedp.WaitReady("section.slides > article.current")); err != nil {
				t.Fatalf("%s: %v", d.name, err)
			}
			fits, err := chromedp.Run(tab, chromedp.Evaluate[[]slideFit](measure))
			if err != nil {
				t.Fatalf("%s at %dx%d: %v", d.name, size[0], size[1], err)
			}
			minCode := 0.0
			for _, f := range fits {
				where := fmt.Sprintf("%s page %d (%q) at %dx%d", d.name, f.Page, f.Title, size[0], size[1])
				if f.Over > 1 {
					t.Errorf("%s: content runs %.0f px past the slide's edge or into its page number", where, f.Over)
				}
				if f.CutCode {
					t.Errorf("%s: a code block is wider than the slide and is cut off", where)
				}
				if f.CodePx > 0 && f.CodePx < minCodePx {
					t.Errorf("%s: code is %.1f px on the screen, under %d px", where, f.CodePx, minCodePx)
				}
				if f.CodePx > 0 && (minCode == 0 || f.CodePx < minCode) {
					minCode = f.CodePx
				}
			}
			t.Logf("%s at %dx%d: %d slides, smallest code %.1f px, text %.1f px (scale %s)", d.name, size[0], size[1], len(fits), minCode, fits[0].TextPx, fits[0].Transform)
			if size != projectors[0] {
				continue
			}
			if strings.HasSuffix(d.name, ".ja.slide") {
				missing, err := chromedp.Run(tab, chromedp.Evaluate[[]string](missingGlyphs))
				if err != nil {
					t.Fatalf("%s: %v", d.name, err)
				}
				if len(missing) > 0 {
					t.Errorf("%s: %d Japanese characters render as empty boxes (no font has them): %s\n\tinstall a CJK font (Debian: apt-get install fonts-noto-cjk); slides/README.md, \"Fonts\"",
						d.name, len(missing), strings.Join(missing[:min(len(missing), 20)], ""))
				}
			}
			if shots == "" {
				continue // screenshots only on request: they are most of the test's time
			}
			for i := range fits {
				if _, err := chromedp.Run(tab, chromedp.Evaluate[any](fmt.Sprintf("curSlide = %d; updateSlides(); 0", i))); err != nil {
					t.Fatal(err)
				}
				png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				name := filepath.Join(shots, fmt.Sprintf("%s-%02d.png", strings.TrimSuffix(d.name, ".slide"), i+1))
				if err := os.WriteFile(name, png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

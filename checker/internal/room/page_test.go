package room

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gohunters/internal/browser"
	"gohunters/internal/i18n"
	"gohunters/internal/i18n/i18ntest"
)

// pageText reads the page's words from room.js: language -> name -> text.
func pageText(t *testing.T) map[string]map[string]string {
	t.Helper()
	b, err := static.ReadFile("static/room.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)// text:begin\nconst TEXT = (\{.*?\});\n// text:end`).FindSubmatch(b)
	if m == nil {
		t.Fatal("room.js has no TEXT between // text:begin and // text:end")
	}
	var text map[string]map[string]string
	if err := json.Unmarshal(m[1], &text); err != nil {
		t.Fatalf("room.js's TEXT is not plain JSON: %v", err)
	}
	return text
}

var placeholder = regexp.MustCompile(`\{\d\}`)

// TestPageTranslated: the page's words exist in both languages with the same
// placeholders, and the Japanese page has every element the script fills in.
func TestPageTranslated(t *testing.T) {
	text := pageText(t)
	en, ja := text[i18n.English], text[i18n.Japanese]
	if len(en) == 0 {
		t.Fatal("room.js has no English TEXT")
	}
	for name, s := range en {
		tr, ok := ja[name]
		if !ok {
			t.Errorf("room.js: TEXT.ja has no %q", name)
			continue
		}
		want, got := placeholder.FindAllString(s, -1), placeholder.FindAllString(tr, -1)
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(want, got) {
			t.Errorf("room.js: TEXT.ja.%s has placeholders %v, the English %v", name, got, want)
		}
	}
	for name := range ja {
		if _, ok := en[name]; !ok {
			t.Errorf("room.js: TEXT.ja.%s has no English", name)
		}
	}
	i18ntest.English(t, en)
	i18ntest.Japanese(t, ja)

	ids := regexp.MustCompile(`id="([a-z]+)"`)
	read := func(name string) string {
		b, err := static.ReadFile("static/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	enPage, jaPage := read("index.html"), read("index.ja.html")
	if !slices.Equal(ids.FindAllString(enPage, -1), ids.FindAllString(jaPage, -1)) {
		t.Errorf("index.ja.html's element ids differ from index.html's:\n%v\n%v", ids.FindAllString(jaPage, -1), ids.FindAllString(enPage, -1))
	}
	if !strings.Contains(jaPage, `<html lang="ja">`) || !i18n.HasJapanese(jaPage) || i18n.HasJapanese(enPage) {
		t.Error(`index.ja.html must be <html lang="ja"> and in Japanese, index.html in English`)
	}
}

// A Japanese trainer's room page is in Japanese, in a real browser.
func TestJapanesePageInABrowser(t *testing.T) {
	tab := browser.New(t, 30*time.Second)
	opts := options()
	opts.Lang, opts.Opened = i18n.Japanese, time.Now().Add(-time.Hour)
	srv, url, page := newRoom(t, opts)
	defer srv.CloseClientConnections() // the page's event stream
	r := rep("田中", "01_errs_capacity", "leaking", 0)
	first := time.Now().UTC().Add(-40 * time.Minute)
	r.Exercises[0].FirstAttempt = &first
	if got := post(t, url, "application/json", signed(t, clone(t), r)); got != http.StatusNoContent {
		t.Fatalf("post: %d", got)
	}
	if got := post(t, url, "application/json", signed(t, clone(t), r)); got != StatusTaken {
		t.Fatalf("another clone: %d", got)
	}
	if err := chromedp.Do(tab, chromedp.EmulateViewport(1024, 768), chromedp.Navigate(page+"/"), chromedp.WaitVisible("#conn[data-state=live]")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelector("#stuckfor").textContent !== ""`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("the stuck list stayed empty: %v", err)
	}
	type view struct{ Conn, Summary, Corner, Last, Ago, Stuck, StuckHead, Warning string }
	v, err := chromedp.Run(tab, chromedp.Evaluate[view](`({
		Conn: document.querySelector("#conn").textContent,
		Summary: document.querySelector("#summary").textContent,
		Corner: document.querySelector("#grid thead th").textContent,
		Last: document.querySelectorAll("#grid thead th")[1].textContent,
		Ago: document.querySelector("#grid tbody td.last").textContent,
		Stuck: document.querySelector("#stuckfor").textContent,
		StuckHead: document.querySelector("#stuckforhead").textContent,
		Warning: document.querySelector("#warnings").textContent,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	want := view{Conn: "接続中", Summary: "受講者 1 人、完了した演習 0 個", Corner: "受講者", Last: "最終", Ago: "0 分前",
		Stuck: "田中: 演習 01(leak)で 40 分、試行 1 回、ヒント 1 個", StuckHead: "15 分より長く詰まっている受講者",
		Warning: "田中: 別のクローンからこの名前での投稿を 1 件拒否しました"}
	if v != want {
		t.Errorf("the Japanese page reads\n%+v\nwant\n%+v", v, want)
	}
	fits, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
	if err != nil || !fits {
		t.Errorf("1024x768: the Japanese page is wider than the screen (%v)", err)
	}
	png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(browser.Shots(t), "room-ja-1024x768.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

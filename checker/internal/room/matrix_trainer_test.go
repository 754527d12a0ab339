package room

// Issue 26's matrix, the trainer's rows: what the room shows of a pass not
// checked for data races (row 11), of a report edited by hand or not signed
// (row 13) and of a learner whose record of hints was edited (row 15); and
// the README's minimum Go for a room on a LAN (row 38).

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gohunters/checker/internal/cmdenv"
	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/report"
	"gohunters/internal/browser"
	"gohunters/internal/i18n"
)

// roomCmd runs `room args...` in lang ("" English) and returns its exit code and output.
func roomCmd(t *testing.T, lang string, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	getenv := func(string) string { return "" }
	if lang == "ja" {
		getenv = func(k string) string {
			if k == "LANG" {
				return "ja_JP.UTF-8"
			}
			return ""
		}
	}
	code := Room(context.Background(), cmdenv.Env{Stdout: &out, Stderr: &out, Getenv: getenv, Cwd: t.TempDir(),
		Now: func() time.Time { return t0.Add(time.Hour) }}, args)
	return code, out.String()
}

// gridRow is the grid's row of learner: the line that starts with their name.
func gridRow(out, learner string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, learner+" ") {
			return l
		}
	}
	return ""
}

// writeReports writes each body to its own file and returns their paths.
func writeReports(t *testing.T, bodies ...[]byte) []string {
	t.Helper()
	dir := t.TempDir()
	var files []string
	for i, b := range bodies {
		p := filepath.Join(dir, fmt.Sprintf("r%d.json", i))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	return files
}

// Row 13: of the report files a trainer collects, one edited after the
// checker signed it (leaking made done) and one without a signature are
// listed as not to be trusted, their names marked in the grid; an intact
// signed one is not.
func TestRoomFilesSayEditedAndUnsigned(t *testing.T) {
	edited := strings.Replace(string(signed(t, clone(t), rep("Ada", "01_errs_capacity", "leaking", 10))), `"status":"leaking"`, `"status":"done"`, 1)
	if !strings.Contains(edited, `"status":"done"`) {
		t.Fatalf("the report was not edited: %s", edited)
	}
	files := writeReports(t, []byte(edited), encode(t, rep("Bob", "01_errs_capacity", "done", 10)), signed(t, clone(t), rep("Cy", "01_errs_capacity", "done", 10)))
	for _, lang := range []string{"", "ja"} {
		code, out := roomCmd(t, lang, files...)
		if code != ExitPass {
			t.Fatalf("room %s: exit %d, want %d\n%s", lang, code, ExitPass, out)
		}
		for _, want := range []string{Tf(lang, MsgRoomWarnHead), Tf(lang, MsgRoomWarnEdited, "Ada"), Tf(lang, MsgRoomWarnUnsigned, "Bob")} {
			if !strings.Contains(out, want) {
				t.Errorf("room %s: no %q in\n%s", lang, want, out)
			}
		}
		for _, unwanted := range []string{Tf(lang, MsgRoomWarnEdited, "Cy"), Tf(lang, MsgRoomWarnUnsigned, "Cy"), "  Cy:"} {
			if strings.Contains(out, unwanted) {
				t.Errorf("room %s: the intact signed report of Cy is warned about (%q):\n%s", lang, unwanted, out)
			}
		}
		for name, marked := range map[string]bool{"Ada": true, "Bob": true, "Cy": false} {
			if row := gridRow(out, name); row == "" || strings.HasPrefix(row, name+" "+SuspectMark) != marked {
				t.Errorf("room %s: %s's row %q, want it marked %q: %v\n%s", lang, name, row, SuspectMark, marked, out)
			}
		}
	}
}

// Row 15, from files: a report that says the learner's record of hints and
// attempts was edited (state_edited) marks them, with a line saying why, in
// both languages; a report without it does not.
func TestRoomFilesSayStateEdited(t *testing.T) {
	ada := rep("Ada", "01_errs_capacity", "leaking", 10)
	ada.Exercises[0].HintsUsed = 0
	when := t0.Add(5 * time.Minute)
	ada.StateEdited = &when
	files := writeReports(t, signed(t, clone(t), ada), signed(t, clone(t), rep("Bob", "01_errs_capacity", "leaking", 10)))
	for _, lang := range []string{"", "ja"} {
		code, out := roomCmd(t, lang, files...)
		if code != ExitPass {
			t.Fatalf("room %s: exit %d\n%s", lang, code, out)
		}
		if want := Tf(lang, MsgRoomWarnState, "Ada"); !strings.Contains(out, want) {
			t.Errorf("room %s: no %q in\n%s", lang, want, out)
		}
		if strings.Contains(out, Tf(lang, MsgRoomWarnState, "Bob")) {
			t.Errorf("room %s: Bob's record is said to be edited:\n%s", lang, out)
		}
		if row := gridRow(out, "Ada"); !strings.HasPrefix(row, "Ada "+SuspectMark) {
			t.Errorf("room %s: Ada's row %q is not marked %q:\n%s", lang, row, SuspectMark, out)
		}
		if row := gridRow(out, "Bob"); row == "" || strings.HasPrefix(row, "Bob "+SuspectMark) {
			t.Errorf("room %s: Bob's row %q is marked, or missing:\n%s", lang, row, out)
		}
	}
	// And in the terminal grid built directly, as room URL builds it.
	g := grid(t, ada)
	g.People["Ada"] = Learner{Name: "Ada", StateEdited: true}
	var buf bytes.Buffer
	if err := g.WriteText(&buf, t0.Add(20*time.Minute), time.Hour); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, fmt.Sprintf(MsgRoomWarnState, "Ada")) || !strings.HasPrefix(gridRow(out, "Ada"), "Ada "+SuspectMark) {
		t.Errorf("the grid does not mark Ada's edited record:\n%s", out)
	}
}

// Row 15, live: a signed post that says the learner's record was edited marks
// them in the room's state (the page shows their name as suspect and a line
// saying why), the mark stays when their next post no longer says so and
// after a restart, and room URL prints it.
func TestLiveRoomSaysStateEdited(t *testing.T) {
	st, err := OpenStore(filepath.Join(t.TempDir(), "room.db"))
	if err != nil {
		t.Fatal(err)
	}
	opts := options()
	opts.Store = st
	s, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	url, page := srv.URL+"/r/"+code, srv.URL+"/t/"+key
	ada, bob := clone(t), clone(t)
	r := rep("Ada", "01_errs_capacity", "leaking", 10)
	when := t0.Add(5 * time.Minute)
	r.StateEdited = &when
	if got := post(t, url, "application/json", signed(t, ada, r)); got != http.StatusNoContent {
		t.Fatalf("Ada's post: %d", got)
	}
	if got := post(t, url, "application/json", signed(t, bob, rep("Bob", "01_errs_capacity", "leaking", 10))); got != http.StatusNoContent {
		t.Fatalf("Bob's post: %d", got)
	}
	marked := func(snap Snapshot) map[string]bool {
		m := map[string]bool{}
		for _, l := range snap.Learners {
			m[l.Name] = l.StateEdited
		}
		return m
	}
	if m := marked(roomState(t, page)); !m["Ada"] || m["Bob"] {
		t.Errorf("the room's state: state_edited %v, want Ada's only", m)
	}
	// Ada's next verdict, without the mark, does not clear it.
	if got := post(t, url, "application/json", signed(t, ada, rep("Ada", "01_errs_capacity", "done", 20))); got != http.StatusNoContent {
		t.Fatalf("Ada's second post: %d", got)
	}
	if m := marked(roomState(t, page)); !m["Ada"] {
		t.Errorf("a later post without state_edited cleared Ada's mark: %v", m)
	}
	code, out := roomCmd(t, "", page+"/")
	if code != ExitPass || !strings.Contains(out, fmt.Sprintf(MsgRoomWarnState, "Ada")) || strings.Contains(out, fmt.Sprintf(MsgRoomWarnState, "Bob")) ||
		!strings.HasPrefix(gridRow(out, "Ada"), "Ada "+SuspectMark) {
		t.Errorf("room %s/: exit %d, want Ada's record said to be edited, not Bob's:\n%s", page, code, out)
	}
	srv.Close()
	st.Close()

	st, err = OpenStore(st.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	opts.Store = st
	if s, err = NewServer(opts); err != nil {
		t.Fatal(err)
	}
	srv = httptest.NewServer(s.Handler())
	defer srv.Close()
	if m := marked(roomState(t, srv.URL+"/t/"+key)); !m["Ada"] || m["Bob"] {
		t.Errorf("after a restart: state_edited %v, want Ada's only", m)
	}
}

// Row 11, live: a signed pass the race detector could not check keeps its
// mark in the room's state ("unavailable", which the page shows as ok*) and
// in room URL's grid; a checked pass has none, and neither has a failure.
func TestLiveRoomMarksRaceNotChecked(t *testing.T) {
	_, url, page := newRoom(t, options())
	ada := rep("Ada", "01_errs_capacity", "done", 12)
	ada.Exercises[0].Race, ada.Exercises[0].RaceNote = string(grade.RaceUnavailable), "CGO_ENABLED=0"
	cy := rep("Cy", "01_errs_capacity", "leaking", 12)
	cy.Exercises[0].Race = string(grade.RaceUnavailable)
	for _, r := range []report.Report{ada, rep("Bob", "01_errs_capacity", "done", 12), cy} {
		if got := post(t, url, "application/json", signed(t, clone(t), r)); got != http.StatusNoContent {
			t.Fatalf("%s's post: %d", r.Learner, got)
		}
	}
	race := map[string]string{}
	for _, c := range roomState(t, page).Cells {
		race[c.Learner] = c.Race
	}
	if want := map[string]string{"Ada": "unavailable", "Bob": "", "Cy": ""}; fmt.Sprint(race) != fmt.Sprint(want) {
		t.Errorf("the room's cells' race: %v, want %v", race, want)
	}
	code, out := roomCmd(t, "", page+"/")
	if code != ExitPass || !strings.Contains(gridRow(out, "Ada"), "ok*") || strings.Contains(gridRow(out, "Bob"), "ok*") || strings.Contains(gridRow(out, "Cy"), "*") {
		t.Errorf("room %s/: exit %d, want ok* for Ada only:\n%s", page, code, out)
	}
}

// Row 38: both READMEs name, as the Go a trainer needs to open the room to a
// LAN, the Go that serve's warning compares with (MinPatchedGo), and no other.
func TestREADMEsStateMinPatchedGo(t *testing.T) {
	for file, pattern := range map[string]string{
		"README.md":    `\*\*(go1\.\d+(?:\.\d+)?) or later\*\*`,
		"README.ja.md": `\*\*(go1\.\d+(?:\.\d+)?) 以降\*\*`,
	} {
		b, err := os.ReadFile(filepath.Join("..", "..", "..", file))
		if err != nil {
			t.Fatal(err)
		}
		found := regexp.MustCompile(pattern).FindAllStringSubmatch(string(b), -1)
		if len(found) == 0 {
			t.Errorf("%s does not state the minimum Go for serve on a LAN (%s): want **%s ...**", file, pattern, MinPatchedGo)
		}
		for _, m := range found {
			if m[1] != MinPatchedGo {
				t.Errorf("%s states %s as the minimum Go for the room, serve warns below %s (MinPatchedGo): change both together", file, m[1], MinPatchedGo)
			}
		}
		if !strings.Contains(string(b), "serve") {
			t.Errorf("%s does not mention serve", file)
		}
	}
}

// Rows 11 and 15 on the trainer's page, in a real browser, in both
// languages: a pass not checked for data races reads ok*, and a learner whose
// record of hints was edited has their name marked suspect and a line saying
// why; a learner with neither has no mark.
func TestPageMarksRaceAndStateEditedInABrowser(t *testing.T) {
	tab := browser.New(t, 60*time.Second)
	text := pageText(t)
	for _, lang := range []string{i18n.English, i18n.Japanese} {
		opts := options()
		opts.Lang, opts.Opened = lang, time.Now().Add(-time.Hour)
		srv, url, page := newRoom(t, opts)
		ada := rep("Ada", "01_errs_capacity", "done", 0)
		ada.Exercises[0].Race, ada.Exercises[0].RaceNote = string(grade.RaceUnavailable), "CGO_ENABLED=0"
		when := time.Now().UTC()
		ada.StateEdited = &when
		for _, r := range []report.Report{ada, rep("Bob", "01_errs_capacity", "done", 0)} {
			if got := post(t, url, "application/json", signed(t, clone(t), r)); got != http.StatusNoContent {
				t.Fatalf("%s's post: %d", r.Learner, got)
			}
		}
		if err := chromedp.Do(tab, chromedp.Navigate(page+"/"), chromedp.WaitVisible("#conn[data-state=live]")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelectorAll("#grid tbody tr").length === 2 && document.querySelector("#warnings").textContent !== ""`,
			chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			t.Fatalf("%s: the grid or the warnings stayed empty: %v", lang, err)
		}
		type row struct{ Name, Class, Cell string }
		type view struct {
			Rows     []row
			Warnings []string
		}
		v, err := chromedp.Run(tab, chromedp.Evaluate[view](`({
			Rows: [...document.querySelectorAll("#grid tbody tr")].map((tr) => ({
				Name: tr.querySelector("th").textContent, Class: tr.querySelector("th").className,
				Cell: tr.querySelectorAll("td")[1].textContent})),
			Warnings: [...document.querySelectorAll("#warnings li")].map((li) => li.textContent),
		})`))
		srv.CloseClientConnections() // the page's event stream
		if err != nil {
			t.Fatal(err)
		}
		want := view{
			Rows:     []row{{"Ada", "suspect", "ok* 1× 0m h1"}, {"Bob", "", "ok 1× 0m h1"}},
			Warnings: []string{strings.ReplaceAll(text[lang]["stateEdited"], "{0}", "Ada")},
		}
		if fmt.Sprint(v) != fmt.Sprint(want) {
			t.Errorf("%s: the page reads\n%+v\nwant\n%+v", lang, v, want)
		}
	}
}

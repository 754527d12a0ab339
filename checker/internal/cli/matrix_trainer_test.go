package cli

// Issue 26's matrix, the trainer's rows, end to end: real reports written by
// `report --json` on a copy of the fixture, read by the trainer's `room FILE...`
// and posted to a live room (rows 11, 13 and 15); and, from the matrix's
// appendix, a go.work beside the workshop and a vendor/ folder that would
// replace what the tests rely on, ignored.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gohunters/checker/internal/cmdenv"
	"gohunters/checker/internal/ident"
	"gohunters/checker/internal/report"
	"gohunters/checker/internal/room"
	"gohunters/internal/catalogue"
)

// decodeReport reads report --json's output as the room does: strictly.
func decodeReport(t *testing.T, r result) report.Report {
	t.Helper()
	rep, err := room.Decode(strings.NewReader(r.stdout), room.MaxFile)
	if err != nil {
		t.Fatalf("report --json: %v (exit %d)\n%s%s", err, r.code, r.stdout, r.stderr)
	}
	return rep
}

// exercise is rep's exercise dir.
func exercise(t *testing.T, rep report.Report, dir string) report.Exercise {
	t.Helper()
	for _, e := range rep.Exercises {
		if e.Dir == dir {
			return e
		}
	}
	t.Fatalf("the report has no exercise %s: %+v", dir, rep.Exercises)
	return report.Exercise{}
}

const (
	matrixCode = "k7p2m9xq4z"
	matrixKey  = "trainerkey0123456789abcdef"
)

// liveRoom is a trainer's room on the fixture's exercises, kept in memory:
// the learners' address and the trainer's page.
func liveRoom(t *testing.T) (learners, page string) {
	t.Helper()
	s := room.MustServer(room.Options{Code: matrixCode, Key: matrixKey, Columns: room.Columns(fixtureExercises),
		StuckAfter: 15 * time.Minute, Opened: time.Now().Add(-time.Hour)})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv.URL + "/r/" + matrixCode, srv.URL + "/t/" + matrixKey
}

// postReport posts body to the room as a learner's checker does.
func postReport(t *testing.T, learners string, body []byte) int {
	t.Helper()
	resp, err := http.Post(learners+"/report", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode
}

// liveState is the trainer's page's state of the room.
func liveState(t *testing.T, page string) room.Snapshot {
	t.Helper()
	resp, err := http.Get(page + "/state")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var snap room.Snapshot
	if err := json.NewDecoder(resp.Body).Decode(&snap); err != nil {
		t.Fatal(err)
	}
	return snap
}

// trainerRoom runs the trainer's `room args...` (report files or the page's
// address) on the fixture's exercises.
func trainerRoom(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	code := room.Room(context.Background(), cmdenv.Env{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" },
		Cwd: t.TempDir(), Exercises: fixtureExercises}, args)
	return code, out.String()
}

// reportFiles writes each report to its own file.
func reportFiles(t *testing.T, bodies ...[]byte) []string {
	t.Helper()
	dir := t.TempDir()
	var files []string
	for i, b := range bodies {
		p := filepath.Join(dir, fmt.Sprintf("learner%d.json", i))
		write(t, p, b)
		files = append(files, p)
	}
	return files
}

// roomRow is the grid's row of learner.
func roomRow(out, learner string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, learner+" ") {
			return l
		}
	}
	return ""
}

func marshal(t *testing.T, rep report.Report) []byte {
	t.Helper()
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Row 11: under CGO_ENABLED=0 the real report says the pass was not checked
// for data races, and why; posted, signed as the checker signs it, to a live
// room, the cell keeps that mark (the page and room URL show ok*).
func TestMatrixRaceUnavailableReachesTheRoom(t *testing.T) {
	t.Setenv("CGO_ENABLED", "0")
	root := copyFixture(t)
	r := checker(t, context.Background(), root, nil, false, "report", "--json", "--all", "--name", "Ada", "1")
	if r.code != ExitPass {
		t.Fatalf("report --json 1 under CGO_ENABLED=0: exit %d, want %d\n%s%s", r.code, ExitPass, r.stdout, r.stderr)
	}
	rep := decodeReport(t, r)
	ex := exercise(t, rep, "01_ok")
	if ex.Status != "done" || ex.Race != "unavailable" || !strings.Contains(ex.RaceNote, "CGO_ENABLED=0") {
		t.Errorf("report: status %q, race %q, race_note %q; want done, unavailable, a note naming CGO_ENABLED=0", ex.Status, ex.Race, ex.RaceNote)
	}
	if v := ident.Verify(rep); v != ident.Signed {
		t.Fatalf("the report is not signed by the clone's identity (%v): the room would refuse it", v)
	}
	learners, page := liveRoom(t)
	if got := postReport(t, learners, []byte(r.stdout)); got != http.StatusNoContent {
		t.Fatalf("posting the report to the room: %d, want %d", got, http.StatusNoContent)
	}
	snap := liveState(t, page)
	if len(snap.Cells) != 1 || snap.Cells[0].Learner != "Ada" || snap.Cells[0].Status != "done" || snap.Cells[0].Race != "unavailable" {
		t.Errorf("the room's state: %+v, want Ada's 01_ok done with race unavailable", snap.Cells)
	}
	if code, out := trainerRoom(t, page+"/"); code != ExitPass || !strings.Contains(roomRow(out, "Ada"), "ok*") {
		t.Errorf("room %s/: exit %d, want Ada's cell ok*:\n%s", page, code, out)
	}
}

// Row 13: a real report carries what makes a forged one visible (the checker,
// the checksums' digest and where they came from: "copy" for a workshop
// without git history); of the files a trainer collects, the intact one is
// trusted, one edited after the checker signed it and one without a
// signature are warned about.
func TestMatrixReportProvenanceAndTheRoomsWarnings(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	root := copyFixture(t)
	r := checker(t, context.Background(), root, nil, false, "report", "--json", "--all", "--name", "Cy", "1", "7")
	if r.code != ExitFail {
		t.Fatalf("report --json 1 7: exit %d, want %d (07 fails)\n%s%s", r.code, ExitFail, r.stdout, r.stderr)
	}
	rep := decodeReport(t, r)
	sums, err := catalogue.ParseSums(fixtureSums(t))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rep.Checker, "gohunters-checker/"+Version+" ") || rep.Sums == "" || rep.Sums != sums.Digest() || rep.SumsSource != "copy" {
		t.Errorf("report: checker %q, sums %q, sums_source %q; want gohunters-checker/%s ..., the sums' digest %q, copy",
			rep.Checker, rep.Sums, rep.SumsSource, Version, sums.Digest())
	}
	if ident.Verify(rep) != ident.Signed {
		t.Fatalf("the report is not signed")
	}
	if st := exercise(t, rep, "07_fail").Status; st != "failing" {
		t.Fatalf("07: %s, want failing", st)
	}

	// Ada's: Cy's report with the name changed and 07 made done by hand.
	edited := rep
	edited.Learner = "Ada"
	edited.Exercises = append([]report.Exercise(nil), rep.Exercises...)
	for i := range edited.Exercises {
		edited.Exercises[i].Status, edited.Exercises[i].Passed = "done", true
	}
	edited.Passed = edited.Total
	// Bob's: the same without its signature.
	unsigned := rep
	unsigned.Learner, unsigned.Signature, unsigned.Clone = "Bob", "", ""
	if ident.Verify(edited) != ident.Edited || ident.Verify(unsigned) != ident.Unsigned {
		t.Fatalf("edited: %v, unsigned: %v", ident.Verify(edited), ident.Verify(unsigned))
	}
	code, out := trainerRoom(t, reportFiles(t, marshal(t, edited), marshal(t, unsigned), []byte(r.stdout))...)
	if code != ExitPass {
		t.Fatalf("room FILE...: exit %d\n%s", code, out)
	}
	mustContain(t, out, fmt.Sprintf(room.MsgRoomWarnEdited, "Ada"), fmt.Sprintf(room.MsgRoomWarnUnsigned, "Bob"))
	if strings.Contains(out, "  Cy:") {
		t.Errorf("the intact signed report of Cy is warned about:\n%s", out)
	}
	for name, marked := range map[string]bool{"Ada": true, "Bob": true, "Cy": false} {
		if row := roomRow(out, name); row == "" || strings.HasPrefix(row, name+" "+room.SuspectMark) != marked {
			t.Errorf("%s's row %q: want it marked %q: %v\n%s", name, row, room.SuspectMark, marked, out)
		}
	}
}

// Row 15: a learner who lowers their hints by editing the checker's state
// file gets a report that says so (state_edited), with the hints as lowered;
// the trainer's room FILE... and the live room both show it.
func TestMatrixStateEditedReachesTheTrainer(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	root, config := copyFixture(t), t.TempDir()
	if r := run(t, root, opts{config: config}, "hint", "1"); r.code != ExitPass {
		t.Fatalf("hint 1: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	os.RemoveAll(filepath.Join(root, ".checker"))
	files, _ := filepath.Glob(filepath.Join(config, "gohunters", "*", "state.txt"))
	if len(files) != 1 {
		t.Fatalf("want one state file in the store, found %v", files)
	}
	before := string(mustRead(t, files[0]))
	if !strings.Contains(before, "hints 01_ok 1\n") {
		t.Fatalf("the state file does not record the hint:\n%s", before)
	}
	write(t, files[0], []byte(strings.Replace(before, "hints 01_ok 1\n", "hints 01_ok 0\n", 1)))

	r := run(t, root, opts{config: config}, "report", "--json", "--all", "--name", "Ada", "1")
	rep := decodeReport(t, r)
	if rep.StateEdited == nil || exercise(t, rep, "01_ok").HintsUsed != 0 {
		t.Fatalf("report after the hints were lowered by hand: state_edited %v, hints_used %d; want a time and 0",
			rep.StateEdited, exercise(t, rep, "01_ok").HintsUsed)
	}
	if ident.Verify(rep) != ident.Signed {
		t.Fatalf("the report is not signed")
	}
	code, out := trainerRoom(t, reportFiles(t, []byte(r.stdout))...)
	if code != ExitPass || !strings.Contains(out, fmt.Sprintf(room.MsgRoomWarnState, "Ada")) || !strings.HasPrefix(roomRow(out, "Ada"), "Ada "+room.SuspectMark) {
		t.Errorf("room FILE: exit %d, want Ada marked %q and %q:\n%s", code, room.SuspectMark, fmt.Sprintf(room.MsgRoomWarnState, "Ada"), out)
	}
	learners, page := liveRoom(t)
	if got := postReport(t, learners, []byte(r.stdout)); got != http.StatusNoContent {
		t.Fatalf("posting the report to the room: %d", got)
	}
	snap := liveState(t, page)
	if len(snap.Learners) != 1 || snap.Learners[0].Name != "Ada" || !snap.Learners[0].StateEdited {
		t.Errorf("the live room's learners: %+v, want Ada with state_edited", snap.Learners)
	}
}

// goleakDir is the module cache's copy of the goleak the workshop requires.
func goleakDir(t *testing.T) string {
	t.Helper()
	m := regexp.MustCompile(`go\.uber\.org/goleak (v\S+)`).FindStringSubmatch(string(mustRead(t, filepath.Join(realRoot, "go.mod"))))
	if m == nil {
		t.Fatal("go.mod does not require go.uber.org/goleak")
	}
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "go.uber.org", "goleak@"+m[1])
	if _, err := os.Stat(filepath.Join(dir, "leaks.go")); err != nil {
		t.Skipf("goleak is not in the module cache: %v", err)
	}
	return dir
}

// neuterGoleak makes goleak.Find in dir never find a leak.
func neuterGoleak(t *testing.T, dir string) {
	t.Helper()
	p := filepath.Join(dir, "leaks.go")
	src := string(mustRead(t, p))
	const find = "func Find(options ...Option) error {\n"
	if !strings.Contains(src, find) {
		t.Fatalf("%s has no %q", p, find)
	}
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	write(t, p, []byte(strings.Replace(src, find, find+"\treturn nil\n", 1)))
}

// goCmd runs the go command in dir as a learner would, without the checker:
// the environment's GOFLAGS and GOWORK left out, plus env.
func goCmd(t *testing.T, dir string, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "GOFLAGS" && k != "GOWORK" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Appendix: a go.work beside the workshop that replaces goleak with one that
// finds nothing, and a vendor/ folder holding such a goleak, make the leaking
// exercise 08 pass under a plain go test (the trick is real), and change
// nothing in the checker's verdict: leaking, in check, check --no-fast and
// report.
func TestMatrixGoWorkAndVendorIgnored(t *testing.T) {
	t.Parallel() // its own copy of the fixture; it waits more than it computes
	shipped := goleakDir(t)
	for _, tc := range []struct {
		name  string
		trick func(t *testing.T, root string)
	}{
		{"go.work", func(t *testing.T, root string) {
			fake := t.TempDir()
			if err := copyTree(shipped, fake); err != nil {
				t.Fatal(err)
			}
			neuterGoleak(t, fake)
			write(t, filepath.Join(root, "go.work"), fmt.Appendf(nil, "go 1.26.0\n\nuse .\n\nreplace go.uber.org/goleak => %s\n", fake))
		}},
		{"vendor", func(t *testing.T, root string) {
			if out, err := goCmd(t, root, []string{"GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off"}, "mod", "vendor"); err != nil {
				t.Skipf("go mod vendor (offline, from the module cache): %v\n%s", err, out)
			}
			neuterGoleak(t, filepath.Join(root, "vendor", "go.uber.org", "goleak"))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := copyFixture(t)
			tc.trick(t, root)
			if out, err := goCmd(t, root, nil, "test", "-count=1", "./exercises/08_unreachable/"); err != nil {
				t.Fatalf("with the %s, a plain go test of exercise 08 still fails: the trick does not work, so this case proves nothing: %v\n%s", tc.name, err, out)
			}
			only08 := func(e *Env) { e.Exercises = extraExercises[:1] }
			for _, args := range [][]string{{"check", "--timeout", "10s", "8"}, {"check", "--no-fast", "--timeout", "10s", "8"}} {
				r := checkerWith(t, context.Background(), root, nil, false, only08, args...)
				if r.code != ExitFail || !strings.Contains(section(r.stdout, 8), "leaking") || strings.Contains(section(r.stdout, 8), "done") {
					t.Errorf("%v with the %s: exit %d, want %d and leaking\n%s%s", args, tc.name, r.code, ExitFail, r.stdout, r.stderr)
				}
			}
			if st := reportStatusWith(t, root, "8", only08); st != "leaking" {
				t.Errorf("report --json 8 with the %s: %s, want leaking", tc.name, st)
			}
		})
	}
}

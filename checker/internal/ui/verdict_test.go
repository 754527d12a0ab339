package ui

import (
	"strings"
	"testing"

	"gohunters/checker/internal/explain"
	"gohunters/checker/internal/grade"
	"gohunters/internal/catalogue"
	"gohunters/internal/stacks"
)

// verdictOut prints v as the checker does, in lang, without colour.
func verdictOut(lang string, v grade.Verdict) string {
	var b strings.Builder
	p := &Printer{W: &b, Lang: lang, Root: "/repo", Cwd: "/repo"}
	p.Verdict(v)
	return b.String()
}

// withEntry makes the catalogue entry of exercise dir e for the test's length.
func withEntry(t *testing.T, e catalogue.Entry) {
	t.Helper()
	old := entryOfDir
	entryOfDir = func(dir string) (catalogue.Entry, bool) {
		if dir == e.Dir {
			return e, true
		}
		return old(dir)
	}
	t.Cleanup(func() { entryOfDir = old })
}

func mustHave(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func mustNotHave(t *testing.T, out string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(out, w) {
			t.Errorf("output has %q:\n%s", w, out)
		}
	}
}

// TestFailedAssertionInJapanese: in Japanese the clause a test found not met,
// what it observed and what else it said are the exercise's Japanese, with
// the values the test printed; the goal is shown beside only when something
// stays in English. In English the test's own words are shown.
func TestFailedAssertionInJapanese(t *testing.T) {
	withEntry(t, catalogue.Entry{
		Number: 90, Dir: "90_stop",
		En: catalogue.Edition{Title: "Stop", Goal: "Stop stops.", Clauses: []string{"Stop returns nil."}},
		Ja: catalogue.Edition{Title: "Stop", Goal: "Stop で止まります。", Clauses: []string{"Stop は nil を返します。"}},
		Messages: map[string]string{
			"Stop returned %d errors": "Stop は %d 個のエラーを返しました",
			"the worker ran %d times": "worker は %d 回実行されました",
		},
	})
	v := grade.Verdict{
		Exercise: catalogue.Exercise{Number: 90, Dir: "90_stop", Title: "Stop", Goal: "Stop stops."},
		Status:   grade.Failing, Test: "TestStop",
		Clauses: []grade.Clause{{N: 1, Text: "Stop returns nil.", Observed: "Stop returned 3 errors", Test: "TestStop", File: "stop_test.go", Line: 12}},
		Message: []string{"stop_test.go:20: the worker ran 2 times"},
	}
	ja := verdictOut("ja", v)
	mustHave(t, ja, "ゴールの条件 1 が満たされていません: Stop は nil を返します。", "実際には: Stop は 3 個のエラーを返しました", "stop_test.go:20: worker は 2 回実行されました")
	mustNotHave(t, ja, "Stop returned 3 errors", "the worker ran", "↑")
	en := verdictOut("en", v)
	mustHave(t, en, "goal clause 1 not met: Stop returns nil.", "observed: Stop returned 3 errors", "stop_test.go:20: the worker ran 2 times")

	// A message with no Japanese stays as printed, and the goal is said beside it.
	v.Message = append(v.Message, "stop_test.go:21: something else")
	ja = verdictOut("ja", v)
	mustHave(t, ja, "stop_test.go:21: something else", "↑ テストのメッセージの一部は英語のままです")
}

// A done exercise the race detector could not check says why, in the
// learner's language: none here, a build that failed, or a run that did not
// finish in time (grade again), with no English reason in Japanese.
func TestRaceNotes(t *testing.T) {
	e, _ := catalogue.ByNumber(1)
	v := grade.Verdict{Exercise: e, Status: grade.Done, Race: grade.RaceUnavailable}
	for _, c := range []struct {
		why      grade.RaceReason
		note     string
		en, ja   string
		noteShow bool
	}{
		{grade.RaceTimedOut, "context deadline exceeded", "did not finish in time; grade it again with go run ./checker check 1", "時間内に終わりませんでした。go run ./checker check 1 でもう一度採点してください", false},
		{grade.RaceNoDetector, "CGO_ENABLED=0", "the race detector is not available here: CGO_ENABLED=0", "この環境では race detector が使えません: CGO_ENABLED=0", true},
		{grade.RaceBuildFailed, "go: -race is not supported on plan9/386", "the build for the race detector failed: go: -race", "race detector 用のビルドに失敗しました: go: -race", true},
	} {
		v.RaceWhy, v.RaceNote = c.why, c.note
		en, ja := verdictOut("en", v), verdictOut("ja", v)
		mustHave(t, en, c.en)
		mustHave(t, ja, c.ja)
		if !c.noteShow {
			mustNotHave(t, ja, c.note)
		}
	}
}

// A test that timed out with the exercise's goroutines running, not
// waiting, is a loop that never ends: no deadlock is named, in either
// language; one that timed out waiting is probably deadlocked.
func TestTimedOutLoopIsNoDeadlock(t *testing.T) {
	e, _ := catalogue.ByNumber(1)
	stuck := func(state string) []explain.Where {
		return []explain.Where{{
			Goroutine: explain.Goroutine{ID: 7, State: state, Stack: []stacks.Frame{{Func: "x.spin", File: "/repo/exercises/01_x/x.go", Line: 9}}},
			Func:      "x.spin", StuckAt: stacks.Frame{Func: "x.spin", File: "/repo/exercises/01_x/x.go", Line: 9},
		}}
	}
	v := grade.Verdict{Exercise: e, Status: grade.TimedOut, Test: "TestSpin", Panic: &explain.Panic{Message: "test timed out after 3s", Timeout: true}}
	for _, state := range []string{"running", "runnable", "sleep"} {
		v.Stuck = stuck(state)
		en, ja := verdictOut("en", v), verdictOut("ja", v)
		mustHave(t, en, "timed out after 3s in TestSpin: probably a loop that never ends", "probably looping at exercises/01_x/x.go:9")
		mustHave(t, ja, "TestSpin が 3s でタイムアウトしました: おそらく終わらないループです", "おそらくループしている場所: exercises/01_x/x.go:9")
		mustNotHave(t, en, "deadlock")
		mustNotHave(t, ja, "deadlock", "デッドロック")
	}
	v.Stuck = stuck("chan receive")
	mustHave(t, verdictOut("en", v), "probably deadlocked at exercises/01_x/x.go:9")
	mustHave(t, verdictOut("ja", v), "おそらくデッドロックしています", "おそらくデッドロックしている場所: exercises/01_x/x.go:9")
}

// The status "tests did not all run" explains itself on two lines: the
// second is indented under the first, not at the level of the next item.
func TestIncompleteSecondLineIndented(t *testing.T) {
	e, _ := catalogue.ByNumber(1)
	v := grade.Verdict{Exercise: e, Status: grade.Incomplete, Unran: []string{"TestA", "TestB"}}
	for _, lang := range []string{"en", "ja"} {
		lines := strings.Split(strings.TrimRight(verdictOut(lang, v), "\n"), "\n")
		if len(lines) != 3 {
			t.Fatalf("%s: want the status and two lines of explanation:\n%s", lang, strings.Join(lines, "\n"))
		}
		if !strings.HasPrefix(lines[1], "  ") || strings.HasPrefix(lines[1], "   ") || !strings.Contains(lines[1], "TestA, TestB") {
			t.Errorf("%s: first line %q", lang, lines[1])
		}
		if !strings.HasPrefix(lines[2], "    ") || strings.HasPrefix(lines[2], "     ") {
			t.Errorf("%s: second line not indented under the first: %q", lang, lines[2])
		}
	}
}

// explain, for a package that timed out or panicked, says so in the
// learner's language, as check does.
func TestExplainTimedOutInJapanese(t *testing.T) {
	for _, c := range []struct {
		v    grade.Verdict
		want string
	}{
		{grade.Verdict{Status: grade.TimedOut, Test: "TestSpin", Panic: &explain.Panic{Message: "test timed out after 3s", Timeout: true}}, "TestSpin が 3s でタイムアウトしました"},
		{grade.Verdict{Status: grade.Panicked, Test: "TestBoom", Panic: &explain.Panic{Message: "boom"}}, "panic しました: boom"},
	} {
		var b strings.Builder
		p := &Printer{W: &b, Lang: "ja", Root: "/repo", Cwd: "/repo"}
		p.Explain("example.com/svc", c.v, &ExplainSummary{})
		mustHave(t, b.String(), c.want)
		mustNotHave(t, b.String(), "test timed out")
	}
}

// explain in Japanese renders what the test helpers and goleak print, for
// code that is no exercise.
func TestExplainHelpersInJapanese(t *testing.T) {
	var b strings.Builder
	p := &Printer{W: &b, Lang: "ja", Root: "/repo", Cwd: "/repo"}
	p.Explain("example.com/svc", grade.Verdict{Status: grade.Leaking, Failed: []grade.Failure{{
		Test: "TestWatch", Leaked: true,
		Message: []string{"svc_test.go:40: found unexpected goroutines:"},
	}}}, &ExplainSummary{})
	mustHave(t, b.String(), "svc_test.go:40: goleak が想定外の goroutine を見つけました:")
}

// Every status reads in Japanese in a Japanese session: none is a bare
// English word (the issue found 「panic」).
func TestStatusesInJapanese(t *testing.T) {
	for status := range jaStatusText {
		s := StatusIn("ja", status)
		japanese := false
		for _, r := range s {
			japanese = japanese || r > 0x3000
		}
		if !japanese {
			t.Errorf("status %q reads %q in Japanese", status, s)
		}
	}
}

// A test binary killed by a signal names the test it was in, or says it had
// not started one, never "during " followed by nothing, in either language.
func TestKilledBySignalWords(t *testing.T) {
	e, _ := catalogue.ByNumber(1)
	v := grade.Verdict{Exercise: e, Status: grade.Exited, Why: grade.ExitSignal + "killed", Test: "TestSum"}
	mustHave(t, verdictOut("en", v), "killed by a signal (killed) during TestSum")
	mustHave(t, verdictOut("ja", v), "TestSum の途中でシグナル(killed)によって")
	v.Test = ""
	en, ja := verdictOut("en", v), verdictOut("ja", v)
	mustHave(t, en, "killed by a signal (killed) before its first test started")
	mustHave(t, ja, "最初のテストの始まる前にシグナル(killed)によって")
	mustNotHave(t, en, "during :", "during  ")
	mustNotHave(t, ja, " の途中")
}

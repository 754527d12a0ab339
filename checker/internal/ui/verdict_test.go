package ui

import (
	"strings"
	"testing"

	"gohunters/checker/internal/grade"
	"gohunters/internal/catalogue"
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

package grade

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"gohunters/checker/internal/runner"
	"gohunters/internal/words"
)

// messages keeps what a failing test said in its own words: every log line up
// to the first goroutine report, without go test's framing. What pushes the
// words out goes first: testify's "Error Trace" and "Test" lines, and a diff
// beyond a few lines.
func messages(out string) []string {
	const diffLines = 8
	var msgs []string
	inTrace, inDiff, diffCut := false, false, 0
	for _, line := range strings.Split(out, "\n") {
		trim := strings.TrimSpace(line)
		switch {
		case trim == "", strings.HasPrefix(trim, "=== "), strings.HasPrefix(trim, "--- "),
			trim == "FAIL", trim == "PASS", strings.HasPrefix(trim, "FAIL\t"), strings.HasPrefix(trim, "exit status"):
			continue
		case strings.HasPrefix(trim, "["+words.GoleakGoroutine), strings.HasPrefix(trim, words.RuntimeGoroutine),
			strings.HasPrefix(trim, words.Panic), strings.HasPrefix(trim, words.Quit):
			return endDiff(msgs, diffCut)
		case strings.HasPrefix(trim, "Error Trace:"), strings.HasPrefix(trim, "Test:"):
			inTrace, inDiff = true, false
			continue
		case inTrace && testifyTraceLine.MatchString(trim):
			continue
		case strings.HasPrefix(trim, "Diff:"):
			inTrace, inDiff = false, true
			msgs = append(msgs, ClipLine(trim))
			continue
		}
		inTrace = false
		if inDiff && testifyField.MatchString(trim) {
			inDiff = false
			msgs = endDiff(msgs, diffCut)
			diffCut = 0
		}
		if inDiff {
			if n := countDiff(msgs); n >= diffLines {
				diffCut++
				continue
			}
		}
		msgs = append(msgs, ClipLine(trim))
		if strings.HasSuffix(trim, words.GoleakReport+":") {
			return endDiff(msgs, diffCut)
		}
	}
	return endDiff(msgs, diffCut)
}

var (
	testifyTraceLine = regexp.MustCompile(`^\S+\.go:\d+$`)
	testifyField     = regexp.MustCompile(`^(Error|Messages|Expected|Actual|Test|Error Trace|Diff):`)
)

// countDiff counts the lines kept since the last "Diff:".
func countDiff(msgs []string) int {
	for i := len(msgs) - 1; i >= 0; i-- {
		if strings.HasPrefix(msgs[i], "Diff:") {
			return len(msgs) - 1 - i
		}
	}
	return 0
}

// endDiff notes how many diff lines were left out.
func endDiff(msgs []string, cut int) []string {
	if cut > 0 {
		msgs = append(msgs, fmt.Sprintf(DiffCutMarker, cut))
	}
	return msgs
}

// DiffCutMarker stands for the lines of a long diff left out of a message; the
// renderer says it in words (ui.MsgDiffCut).
const DiffCutMarker = "…[-%d diff lines]…"

// MaxLine is the longest line a verdict keeps; longer ones keep their start and
// end around runner.CutMarker.
const MaxLine = 2000

// ClipLine shortens a line longer than MaxLine bytes.
func ClipLine(s string) string {
	if len(s) <= MaxLine {
		return s
	}
	head, tail := MaxLine*3/4, MaxLine/4
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	start := len(s) - tail
	for start < len(s) && !utf8.RuneStart(s[start]) {
		start++
	}
	return s[:head] + fmt.Sprintf(runner.CutMarker, start-head) + s[start:]
}

package grade

import (
	"regexp"
	"strconv"
	"strings"

	"gohunters/internal/words"
)

// clauseLine matches the line a goal clause's failure starts with, after the
// test's file:line when t.Errorf printed one:
//
//	agent_test.go:42: goal clause 3 not met: Once Run has returned, Put fails with ErrStopped
//	goal clause 3 of exercise 03 not met: ...
var clauseLine = regexp.MustCompile(`^(?:(\S+\.go):(\d+): )?.*?` + regexp.QuoteMeta(words.GoalClause) +
	` (\d+)(?: of exercise (\d+))?\S* ` + regexp.QuoteMeta(words.GoalNotMet) + ` ?(.*)$`)

// fileLine is the file:line a testing or testify line carries ("Error Trace:
// agent_test.go:42" included), for a clause whose line has none.
var fileLine = regexp.MustCompile(`(\S+_test\.go):(\d+)`)

// clauses reads the goal clauses a test's output reports as not met, each with
// what was observed: the line after the clause that starts with
// words.GoalObserved, and the lines indented under it. rest is the output
// without those lines: what else the test said.
func clauses(test, out string) (found []Clause, rest string) {
	if !strings.Contains(out, words.GoalClause) {
		return nil, out
	}
	lastFile, lastLine := "", 0
	lines := strings.Split(out, "\n")
	var kept []string
	for i := 0; i < len(lines); i++ {
		trim := strings.TrimSpace(lines[i])
		if m := fileLine.FindStringSubmatch(trim); m != nil {
			lastFile, lastLine = m[1], atoi(m[2])
		}
		m := clauseLine.FindStringSubmatch(trim)
		if m == nil {
			kept = append(kept, lines[i])
			continue
		}
		c := Clause{N: atoi(m[3]), Exercise: atoi(m[4]), Text: strings.TrimSpace(m[5]), Test: test, File: m[1], Line: atoi(m[2])}
		if c.File == "" {
			c.File, c.Line = lastFile, lastLine
		}
		depth := indent(lines[i])
		for i+1 < len(lines) {
			next := lines[i+1]
			nt := strings.TrimSpace(next)
			switch {
			case c.Observed == "" && strings.HasPrefix(nt, words.GoalObserved):
				c.Observed = strings.TrimSpace(strings.TrimPrefix(nt, words.GoalObserved))
			case c.Observed != "" && nt != "" && indent(next) > depth && !clauseLine.MatchString(nt) &&
				!strings.HasPrefix(nt, words.GoalObserved):
				c.Observed += "\n" + nt
			default:
				next = ""
			}
			if next == "" {
				break
			}
			i++
		}
		found = append(found, c)
	}
	return found, strings.Join(kept, "\n")
}

func indent(s string) int { return len(s) - len(strings.TrimLeft(s, " \t")) }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

package grade

import (
	"strings"
	"testing"

	"gohunters/checker/internal/runner"
)

// A test the runner stopped early at its leak report has its goal clauses
// read as clauses, with what was observed, not left among its messages.
func TestStoppedTestClauses(t *testing.T) {
	ev := &Evidence{
		Package: &runner.Package{Stopped: true, Action: "fail"},
		Before: "    agent_test.go:276: goal clause 1 not met: When Run returns, nothing it started is running.\n" +
			"        observed: when Run returned (3 keys), 3 of its calls to the backend were still running\n" +
			"    agent_test.go:290: something else\n",
	}
	v := classify(ev, func(string) bool { return true }, "", nil)
	if len(v.Clauses) != 1 || v.Clauses[0].N != 1 || v.Clauses[0].Observed != "when Run returned (3 keys), 3 of its calls to the backend were still running" || v.Clauses[0].Line != 276 {
		t.Errorf("clauses %+v", v.Clauses)
	}
	for _, m := range v.Message {
		if strings.Contains(m, "goal clause") || strings.Contains(m, "observed:") {
			t.Errorf("a clause left among the messages: %q", v.Message)
		}
	}
}

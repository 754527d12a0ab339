package ui

import (
	"testing"

	"gohunters/internal/i18n"
	"gohunters/internal/i18n/i18ntest"
	"gohunters/internal/leakprofile"
)

// TestRuntimeVerdictsTranslated: every Reason leakprofile knows has Japanese, and
// every verdict the printer can show reads in Japanese.
func TestRuntimeVerdictsTranslated(t *testing.T) {
	var verdicts []leakprofile.Verdict
	for r := leakprofile.Reason(0); r == 0 || r.String() != ""; r++ {
		if _, ok := jaRuntimeReason[r]; !ok {
			t.Errorf("leakprofile.Reason %q has no Japanese text in jaRuntimeReason (checker/internal/ui/runtime_ja.go)", r)
		}
		for _, state := range []string{"chan send", "sync.Mutex.Lock", "IO wait", "sleep", "sync.WaitGroup.Wait"} {
			verdicts = append(verdicts, leakprofile.Verdict{Status: leakprofile.NotConfirmed, Reason: r, State: state})
		}
	}
	for _, state := range []string{"chan send", "chan receive", "select", "sync.Cond.Wait", "sync.Mutex.Lock"} {
		verdicts = append(verdicts, leakprofile.Verdict{Status: leakprofile.Confirmed, State: state, Matched: 3, Leaked: 2})
	}
	verdicts = append(verdicts, leakprofile.Verdict{Status: leakprofile.Unavailable}, leakprofile.NoProfile())

	p := &Printer{Lang: i18n.Japanese}
	texts := map[string]string{}
	for _, v := range verdicts {
		s := p.runtimeText(v, "agent.Run.func2 (agent.go:45)")
		texts[v.Status.String()+"/"+v.Reason.String()+"/"+v.State] = s
		if s == v.Message {
			t.Errorf("verdict %+v is shown in English: %q", v, s)
		}
	}
	i18ntest.Japanese(t, texts)
}

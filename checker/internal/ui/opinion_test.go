package ui

import (
	"strings"
	"testing"

	"gohunters/checker/internal/judge"
	"gohunters/internal/i18n"
	"gohunters/internal/i18n/i18ntest"
)

// every opinion a judge can give, with the states that word it differently.
func everyOpinion() []judge.Opinion {
	var ops []judge.Opinion
	for _, r := range []judge.Reason{judge.NoReason, judge.Reachable, judge.NotBlocked, judge.HiddenShape, judge.InBubble,
		judge.NotWaitingOnSync, judge.NotInProfile} {
		for _, state := range []string{"chan send", "sync.Mutex.Lock", "IO wait", "sleep", "sync.WaitGroup.Wait"} {
			ops = append(ops, judge.Opinion{Source: judge.Runtime, Status: judge.NotConfirmed, Reason: r, State: state,
				Args: []string{"agent.Run.func2 (agent.go:45)"}})
		}
	}
	for _, state := range []string{"chan send", "chan receive", "select", "sync.Cond.Wait", "sync.Mutex.Lock"} {
		ops = append(ops, judge.Opinion{Source: judge.Runtime, Status: judge.Confirmed, State: state, Args: []string{"2", "3"}})
	}
	ops = append(ops, judge.Unavailability(judge.NoToolchain, "go1.26.8"), judge.Unavailability(judge.NoToolchain),
		judge.Unavailability(judge.NoProfile), judge.Unavailability(judge.FromStream))
	for _, code := range []string{judge.HookNoGoleak, judge.HookReplaced, judge.HookWorkspace, judge.HookNoFind,
		judge.HookFailed, judge.HookNoModule} {
		ops = append(ops, judge.Unavailability(judge.NotHooked, code))
	}
	return ops
}

// TestOpinionsInEachLanguage: every opinion reads in English and in Japanese,
// from its data alone, and one that cannot be had always says why.
func TestOpinionsInEachLanguage(t *testing.T) {
	english, japanese := map[string]string{}, map[string]string{}
	for _, o := range everyOpinion() {
		key := string(o.Status) + "/" + string(o.Reason) + "/" + o.State + "/" + strings.Join(o.Args, ",")
		english[key], japanese[key] = OpinionText("en", o), OpinionText(i18n.Japanese, o)
		if o.Status == judge.Unavailable && !strings.HasPrefix(english[key], "verdict unavailable, because ") {
			t.Errorf("%s: %q does not say why it is unavailable", key, english[key])
		}
		if strings.Contains(english[key], "no leak") {
			t.Errorf("%s: %q reads as no leak", key, english[key])
		}
	}
	i18ntest.English(t, english)
	i18ntest.Japanese(t, japanese)
	confirmed := OpinionText("en", judge.Opinion{Source: judge.Runtime, Status: judge.Confirmed, State: "chan send", Args: []string{"50", "50"}})
	if confirmed != "confirmed by the Go runtime: blocked forever sending on a channel, and nothing that can still run "+
		"can reach the channel (50 of 50 goroutines stuck there marked leaked)" {
		t.Errorf("confirmed reads %q", confirmed)
	}
}

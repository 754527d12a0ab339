package ui

import (
	"fmt"
	"strings"

	"gohunters/checker/internal/judge"
)

// OpinionText words a second source's opinion on a leaked goroutine in lang,
// from its data alone (judge.Opinion carries no sentence): one table of
// messages per language (messages.go, messages_ja.go) renders every source,
// status and reason.
func OpinionText(lang string, o judge.Opinion) string {
	switch o.Status {
	case judge.Confirmed:
		s := fmt.Sprintf(T(lang, MsgOpConfirmed), blockedOn(lang, o.State), what(lang, o.State))
		if leaked, matched := o.Counts(); matched > 1 {
			s += fmt.Sprintf(T(lang, MsgOpConfirmedCount), leaked, matched)
		}
		return s
	case judge.NotConfirmed:
		if o.Reason == judge.NotInProfile {
			return fmt.Sprintf(T(lang, MsgOpNotInProfile), o.Arg(0))
		}
		return T(lang, MsgOpNotConfirmed) + notConfirmedWhy(lang, o)
	}
	return T(lang, MsgOpUnavailable) + unavailableWhy(lang, o)
}

// notConfirmedWhy is the likely reason the runtime did not mark the goroutine.
func notConfirmedWhy(lang string, o judge.Opinion) string {
	switch o.Reason {
	case judge.InBubble:
		return T(lang, MsgOpInBubble)
	case judge.NotBlocked:
		return fmt.Sprintf(T(lang, MsgOpNotBlocked), o.State)
	case judge.NotWaitingOnSync:
		return fmt.Sprintf(T(lang, MsgOpNotWaitingOnSync), o.State)
	case judge.HiddenShape:
		if judge.IsLock(o.State) {
			return T(lang, MsgOpHiddenLock)
		}
		return T(lang, MsgOpHiddenChan)
	}
	return fmt.Sprintf(T(lang, MsgOpReachable), what(lang, o.State))
}

// unavailableWhy says why no opinion could be had.
func unavailableWhy(lang string, o judge.Opinion) string {
	switch o.Reason {
	case judge.NoToolchain:
		if v := o.Arg(0); v != "" {
			return fmt.Sprintf(T(lang, MsgOpNoToolchain), v)
		}
		return T(lang, MsgOpNoToolchainAny)
	case judge.FromStream:
		return T(lang, MsgOpFromStream)
	case judge.NotHooked:
		return fmt.Sprintf(T(lang, MsgOpNotHooked), hookWhy(lang, o.Arg(0)))
	}
	return T(lang, MsgOpNoProfile)
}

// hookWhy words judge's Hook* codes.
func hookWhy(lang, code string) string {
	switch code {
	case judge.HookNoGoleak:
		return T(lang, MsgOpHookNoGoleak)
	case judge.HookReplaced:
		return T(lang, MsgOpHookReplaced)
	case judge.HookWorkspace:
		return T(lang, MsgOpHookWorkspace)
	case judge.HookNoFind:
		return T(lang, MsgOpHookNoFind)
	case judge.HookNoModule:
		return T(lang, MsgOpHookNoModule)
	}
	return T(lang, MsgOpHookFailed)
}

func blockedOn(lang, state string) string {
	switch state {
	case "chan send":
		return T(lang, MsgOpBlockedOnSend)
	case "chan receive":
		return T(lang, MsgOpBlockedOnReceive)
	case "select":
		return T(lang, MsgOpBlockedOnSelect)
	}
	return fmt.Sprintf(T(lang, MsgOpBlockedOnOther), state)
}

func what(lang, state string) string {
	switch {
	case judge.IsChanWait(state):
		return T(lang, MsgOpWhatChannel)
	case strings.Contains(state, "WaitGroup"):
		return T(lang, MsgOpWhatWaitGroup)
	case strings.Contains(state, "Cond"):
		return T(lang, MsgOpWhatCond)
	case strings.Contains(state, "Mutex"):
		return T(lang, MsgOpWhatLock)
	}
	return T(lang, MsgOpWhatOther)
}

// Opinion words o in the printer's language.
func (p *Printer) Opinion(o judge.Opinion) string { return OpinionText(p.Lang, o) }

package demo

import (
	"fmt"

	"gohunters/checker/internal/i18n"
)

// Every sentence the demo prints, in English; messages_ja.go has the Japanese.
// Pass each through T.
const (
	MsgSending     = "Sending %d requests over %v to each handler; every request has one failing job."
	MsgPhase       = "\n== %s handler ==\n"
	MsgPprof       = "pprof while it runs: %sgoroutine?debug=1\n"
	MsgPeak        = "peak %d goroutines, %d left after the load (baseline %d)\n"
	MsgHolding     = "holding the %s process: open %sgoroutine?debug=1"
	MsgHoldingLeak = " or %sgoroutineleak?debug=1"
	MsgHoldingEnd  = "; Ctrl-C to go on"
	MsgScale       = "demo: -scale must be between 1 and 50"
	MsgNoProfile   = "\nTo see the Go runtime's own verdict, run with Go 1.27+ (GOTOOLCHAIN=go1.27.3 go run ./checker/demo)\nor on Go 1.26 with GOEXPERIMENT=goroutineleakprofile."

	MsgMetric        = "Metric"
	MsgBeforeFix     = "Before fix (%s)"
	MsgAfterFix      = "After fix (%s)"
	MsgPeakG         = "Peak goroutines"
	MsgPeakHeap      = "Peak heap in use"
	MsgAfterLoad     = "Goroutines after the load"
	MsgBaseline      = "%d (baseline %d)"
	MsgRecovery      = "Recovery"
	MsgLeakedRuntime = "Leaked, says the Go runtime"
	MsgNever         = "never: restart required"
	MsgWithin        = "within %v (one sample)"
	MsgNA            = "n/a (no goroutineleak profile in this Go)"
	MsgCaption       = "goroutines over time, one point every %v; the load stops at %.1f s"

	// Flag descriptions.
	MsgFlagScale = "multiply the load (requests) by this"
	MsgFlagHold  = "after the leaky phase, keep its process and pprof endpoint up until Ctrl-C"
	MsgFlagLang  = "language: ja or en (default: from LC_ALL, LC_MESSAGES or LANG)"
)

var editions = map[string]map[string]string{i18n.Japanese: jaMessages}

// T returns msg, one of the Msg constants, in lang; msg itself when lang has no text for it.
func T(lang, msg string) string {
	if t, ok := editions[lang][msg]; ok {
		return t
	}
	return msg
}

// Tf formats msg, one of the Msg constants, in lang.
func Tf(lang, msg string, args ...any) string { return fmt.Sprintf(T(lang, msg), args...) }

package demo

import (
	"gohunters/internal/i18n"
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
	MsgBadFlag     = "demo: %s (go run ./checker/demo -h lists the flags)"
	MsgFailed      = "demo: the %s phase failed: %v"
	MsgNoResult    = "demo: the %s phase printed no result: %v"
	MsgStopped     = "demo: interrupted during the %s phase"
	MsgUsage       = `Usage: go run ./checker/demo [flags]

Runs seed 001's worker-pool handler before and after the fix under the same
bounded load, each in a process of its own, and prints the article's
Before/After table measured on this machine, with the goroutine curves.

Flags:
`

	// The phases, as the demo's output names them (the -phase values are
	// leaky and fixed in every language).
	MsgLeakyName = "leaky"
	MsgFixedName = "fixed"

	MsgMetric        = "Metric"
	MsgMeasured      = "measured"
	MsgArticle       = "article"
	MsgBeforeFix     = "Before fix"
	MsgAfterFix      = "After fix"
	MsgPeakG         = "Peak goroutines"
	MsgPeakHeap      = "Peak heap in use"
	MsgPeakRSS       = "Peak resident memory"
	MsgAfterLoad     = "Goroutines left after"
	MsgRecovery      = "Recovery"
	MsgRestart       = "restart"
	MsgLeakedRuntime = "Leaked (Go runtime)"
	MsgNever         = "never"
	MsgNA            = "n/a"
	MsgBaselines     = "Goroutines before the load: %d (%s), %d (%s)."
	MsgArticleMemory = "The article's memory is the whole process's: compare it with resident memory."
	MsgNAExplained   = "n/a: this Go has no goroutineleak profile. For the Go runtime's own verdict:\n    GOTOOLCHAIN=go1.27.3 go run ./checker/demo\nor on Go 1.26: GOEXPERIMENT=goroutineleakprofile go run ./checker/demo"
	MsgGoingOn       = "going on to the fixed handler..."
	MsgCaption       = "goroutines over time, one point every %v; the load stops at %.1f s"

	// Flag descriptions.
	MsgFlagScale = "multiply the load (requests) by this"
	MsgFlagHold  = "after the leaky phase, keep its process and pprof endpoint up until Ctrl-C"
	MsgFlagLang  = "`language`: ja or en (default: from LC_ALL, LC_MESSAGES or LANG)"
)

var editions = i18n.Editions{i18n.Japanese: jaMessages}

// T returns msg, one of the Msg constants, in lang; msg itself when lang has no text for it.
func T(lang, msg string) string { return editions.T(lang, msg) }

// Tf formats msg, one of the Msg constants, in lang.
func Tf(lang, msg string, args ...any) string { return editions.Tf(lang, msg, args...) }

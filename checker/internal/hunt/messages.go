package hunt

import "gohunters/internal/i18n"

// Every sentence hunt prints, in English; messages_ja.go has the Japanese.
const (
	// MsgCmdHunt is hunt's line in the online command's usage.
	MsgCmdHunt = "hunt    find the goroutines a running service leaks, from its net/http/pprof or saved dumps"
	MsgUsage   = `Usage: %[1]s hunt [flags] TARGET...

Finds the goroutines a running Go service leaks, or a saved dump shows.
TARGET is one of:
  a service's URL with net/http/pprof (http://localhost:6060 or its /debug/pprof/):
      two goroutine dumps --interval apart, compared
  two saved dumps (first, then later): compared
  one saved dump: what it holds
A dump is the goroutine profile (?debug=2 text, ?debug=1 text or the binary
profile go tool pprof reads), a panic's or SIGQUIT's dump, or goleak's report.
A goroutineleak profile (Go 1.27) given beside them says which groups the Go
runtime proves leaked; from a URL it is read too.

Flags:
`
	MsgExitCodes = `
Exit codes: 0 nothing suspect, 1 suspects found, 2 bad input (not a dump, a URL
that cannot be reached or has no net/http/pprof).
`
	MsgFlagInterval = "time between the two dumps of a service"
	MsgFlagOwn      = "import path `prefixes` of the service's own code, comma-separated (default: all but the standard library and modules)"
	MsgFlagSave     = "the `directory` to save the dumps and the profiles for go tool pprof in (default: a new temporary one)"
	MsgFlagCount    = "so many goroutines blocked the same way are suspect"
	MsgFlagGrowth   = "a group that grows by this many between two dumps is suspect"
	MsgFlagMinutes  = "with two dumps, a large group that does not grow is suspect when blocked this many minutes"
	MsgFlagLang     = "`language`: ja or en (default: from LC_ALL, LC_MESSAGES or LANG)"

	MsgTitleLive   = "Hunting %s: two goroutine dumps %v apart."
	MsgTitleTwo    = "Hunting in two dumps: %s, then %s."
	MsgTitleOne    = "Hunting in one dump: %s (%s)."
	MsgTotalsTwo   = "Goroutines: %d, then %d (%+d)."
	MsgTotalsOne   = "Goroutines: %d."
	MsgRuntimeRead = "The Go runtime's goroutineleak profile was read: it proves a goroutine leaked when nothing that still runs can wake it (its silence proves nothing)."
	MsgRuntimeNone = "The Go runtime's goroutineleak profile is not available: the service's Go has none (Go 1.27 and later have it)."
	MsgRuntimeErr  = "The Go runtime's goroutineleak profile could not be read: %v"
	MsgNoneSuspect = "Nothing suspect: no group of blocked goroutines grew by %d or more, was proved leaked by the runtime, or counts %d or more."
	MsgNoneOneDump = "Nothing suspect: no group of blocked goroutines was proved leaked by the runtime or counts %d or more. One dump cannot show growth: compare two, taken minutes apart."
	MsgSuspects    = "Suspects, most likely first:"

	MsgSuspect    = "%d. %d goroutines blocked in %s"
	MsgSuspectAny = "%d. %d goroutines blocked"
	MsgGrew       = ", %+d since the first dump"
	MsgProved     = ", %d proved leaked by the Go runtime"
	MsgMinutes    = ", blocked for %d minutes or more"
	MsgStuckOwn   = "stuck at:     %s (%s)"
	MsgStuckLib   = "stuck at:     %s (%s), library code: none of the service's code is in their stack"
	MsgStarted    = "started by:   %s (%s)"
	MsgStartedVia = "started by:   %s (%s), through %s"
	MsgStartedLib = "started by:   %s (%s), library code: find your call that leads there; GODEBUG=tracebackancestors=5 on the service shows it"
	MsgStartedNot = "started by:   (this dump does not show who started them; a debug=2 dump does)"
	MsgWaiting    = "waiting for:  %s"
	MsgPrinciple  = "principle:    %s %s; hunted by P6 %s"
	MsgNextStep   = "see it:       %s"
	MsgSecondDump = "(the second profile is the service's: replace SERVICE with its address)"
	MsgOthers     = "Also blocked, below the thresholds: %d goroutines in %d groups (--min-count, --min-growth, --min-minutes)."
	MsgSaved      = "Dumps saved in %s; hunt them again with: %s"
	MsgCountdown  = "\rsecond dump in %2d s (Ctrl-C stops) "

	MsgWaitSend    = "a receiver: nobody receives from this channel any more"
	MsgWaitRecv    = "a value or a close on a channel that nobody sends on or closes any more"
	MsgWaitNil     = "a nil channel, which blocks forever"
	MsgWaitSelect  = "one of the select's cases, none of which comes: is there a ctx.Done() case, and is that context ever cancelled?"
	MsgWaitForever = "nothing: select {} blocks forever"
	MsgWaitMutex   = "a lock somebody holds and never releases"
	MsgWaitRLock   = "a read lock, behind a writer that waits for a lock this goroutine or another reader holds"
	MsgWaitGroup   = "a WaitGroup whose counter never reaches zero: a Done that never runs"
	MsgWaitCond    = "a Signal or Broadcast that never comes"
	MsgWaitIO      = "a network read or write: a connection or response body nobody closes, or no deadline"
	MsgWaitSleep   = "time.Sleep: a loop that sleeps and never checks whether it should stop"
	MsgWaitUnknown = "something this dump does not say (a debug=1 or binary profile leaves out the runtime's frames); a debug=2 dump names it"

	MsgNotDump     = "%s is not a goroutine dump: it looks like %s. hunt reads the goroutine profile of net/http/pprof (debug=2 text, debug=1 text or the binary profile), a crash or SIGQUIT dump, and goleak's report."
	MsgUnreadable  = "%s is not a goroutine dump hunt can read: %v"
	MsgUnreachable = "cannot reach %s: %v"
	MsgNoPprof     = "%s answered 404 Not Found: the service has no net/http/pprof there. Mount it, on an address only you can reach:\n    import _ \"net/http/pprof\"   // registers /debug/pprof/ on http.DefaultServeMux\n    go http.ListenAndServe(\"localhost:6060\", nil)\nor, on a mux of your own:\n    mux.HandleFunc(\"/debug/pprof/\", pprof.Index)\nthen hunt that address."
	MsgHTTPStatus  = "%s answered %s"
	MsgNotFile     = "%s: no such file, and not a URL (a URL starts with http:// or https://)"
	MsgTargets     = "hunt takes one service URL, or one or two goroutine dumps (and goroutineleak profiles to go with them): %s hunt --help"
	MsgInterrupted = "interrupted"
	MsgBadFlag     = "%v; %s hunt --help lists the flags"

	MsgLooksEmpty    = "an empty file"
	MsgLooksHTML     = "an HTML page"
	MsgLooksTestJSON = "a go test -json stream (explain reads those)"
	MsgLooksJSON     = "JSON"
	MsgLooksTestLog  = "a go test log (explain reads go test -json output)"
	MsgLooksProfile  = "a %s profile, not the goroutine profile"
	MsgLooksBinary   = "binary data, but no pprof profile"
	MsgLooksText     = "text that starts with %q"
)

var editions = i18n.Editions{i18n.Japanese: jaMessages}

// Help returns hunt's line of the online command's usage in lang.
func Help(lang string) string { return editions.T(lang, MsgCmdHunt) }

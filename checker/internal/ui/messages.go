package ui

// Every sentence the checker says to a learner is in this file, so that a
// translated edition replaces this file only. Titles, goals, hints and principles
// come from the catalogue (internal/catalogue), which has its own data files.

import "gohunters/checker/internal/grade"

// StatusText names each status in the list and in verdicts.
var StatusText = map[grade.Status]string{
	grade.Done:            "done",
	grade.Leaking:         "leaking",
	grade.Failing:         "failing",
	grade.NoCompile:       "does not compile",
	grade.TimedOut:        "timed out",
	grade.Panicked:        "panicked",
	grade.Exited:          "exited",
	grade.NotStarted:      "not started",
	grade.TestsModified:   "tests modified",
	grade.Missing:         "missing",
	grade.Stopped:         "stopped",
	grade.Incomplete:      "tests did not all run",
	grade.Racy:            "data race",
	grade.SupportModified: "helpers modified",
	grade.Unverified:      "unverified",
	grade.NestedModule:    "stray go.mod",
	grade.OutOfMemory:     "used too much memory",
	grade.Refused:         "not allowed in a fix",
}

// StateText explains goroutine states in a learner's terms. goleak only knows
// that a goroutine was still blocked when the test ended, so that is all these
// say; "stuck forever" is the Go runtime's verdict to give (see MsgRuntimeVerdict).
var StateText = map[string]string{
	"chan send":               "still blocked sending on a channel when the test ended",
	"chan receive":            "still blocked receiving from a channel when the test ended",
	"chan send (nil chan)":    "blocked sending on a nil channel, which never proceeds",
	"chan receive (nil chan)": "blocked receiving from a nil channel, which never proceeds",
	"select":                  "still blocked in a select when the test ended",
	"select (no cases)":       "blocked in an empty select {}, which never proceeds",
	"sync.Mutex.Lock":         "still waiting to lock a sync.Mutex when the test ended",
	"sync.RWMutex.Lock":       "still waiting to acquire a write lock (sync.RWMutex.Lock) when the test ended",
	"sync.RWMutex.RLock":      "still waiting to acquire a read lock (sync.RWMutex.RLock) when the test ended",
	"sync.WaitGroup.Wait":     "still waiting on a sync.WaitGroup when the test ended",
	"sync.Cond.Wait":          "still waiting on a sync.Cond when the test ended",
	"semacquire":              "still waiting on a lock or a WaitGroup when the test ended",
	"IO wait":                 "still waiting for network or file I/O when the test ended",
	"syscall":                 "still in a system call when the test ended",
	"sleep":                   "sleeping when the test ended (a loop that sleeps and never checks for cancellation?)",
	"running":                 "still running when the test ended (a loop that never stops?)",
	"runnable":                "still running when the test ended (a loop that never stops?)",
}

const (
	MsgUsage = `The gohunters checker grades the exercises by running their tests.

Usage:
	go run ./checker [command] [flags] [exercise...]

Commands:
`
	// One line per command in the help (the command table's usage).
	MsgCmdList     = "list              every exercise with its status and what to do next (default)"
	MsgCmdCheck    = "check [N...]      grade exercises N (all if none) and explain each failure"
	MsgCmdWatch    = "watch [N]         re-grade the exercise you are editing on every save"
	MsgCmdHint     = "hint N            show one more hint for exercise N (--trainer: the trainer's card instead)"
	MsgCmdReset    = "reset [--tests] N restore exercise N as shipped (your version is backed up); --tests: only its tests"
	MsgCmdRestore  = "restore [N [ID]]  list the backups reset made (of N), or bring backup ID of N back (\"latest\": the newest)"
	MsgCmdSolution = "solution N        show the reference solution as a diff (once N passes, or --force)"
	MsgCmdReport   = "report            machine-readable results: --json (stdout) and/or --junit FILE"
	MsgCmdRoom     = "room FILE...      trainers: merge the room's report files into one grid (--junit FILE)"
	MsgCmdServe    = "serve             trainers: a live room page; learners add --room URL to check or watch"
	MsgCmdHunt     = "hunt TARGET...    a running service's goroutines (its /debug/pprof/ URL) or saved dumps: who is stuck, and growing"
	MsgCmdExplain  = "explain [pkgs|-]  in any Go module: run its tests and explain every goroutine leak\n\t                  (- reads a go test -json stream from standard input)"
	MsgCmdHelp     = "help              this text"
	MsgUsageTail   = `
To watch a leak happen (seed 001's Before/After table, measured here):
	go run ./checker/demo

Exercises are named by number (3, 03) or directory (03_name).
The language is --lang ja|en, else LC_ALL / LC_MESSAGES / LANG.
A flag works only with the commands it is for (a flag of another command is a
usage error); go run ./checker help check lists check's. Flags come before or
after the command:
`
	MsgExitCodes = "\nExit codes: 0 all graded exercises pass, 1 some do not, 2 usage or setup error.\n"

	MsgUnknownCommand  = "unknown command %q; run `go run ./checker help`"
	MsgUnknownExercise = "there is no exercise %q; `go run ./checker list` shows them all (1-%d)"
	MsgNeedExercise    = "%s needs one exercise number, e.g. `go run ./checker %s 1`"
	MsgNotInRepo       = "not inside the workshop's repository: no go.mod with `module gohunters` in %s or above it.\ncd to the root of your clone of the workshop (the folder with go.mod) and run `go run ./checker` again."
	MsgNoGo            = "cannot run the go command (%v). Install Go %s or newer from https://go.dev/dl/ and make sure `go` is on your PATH."
	MsgGoTooOld        = "your Go is %s, but this workshop needs Go %s or newer (go.mod says `go %s`).\nInstall Go %s or newer from https://go.dev/dl/, then run `go run ./checker` again."
	MsgRunFailed       = "go test could not run: %v"
	MsgInterrupted     = "interrupted: stopped go test and everything it started."
	MsgGuard           = "the run made no progress for %s (it printed nothing and used no CPU time) and was stopped (everything it started is gone)."
	MsgDiskFull        = "the disk is full: %s.\nFree some space (go clean -cache empties Go's build cache), then run the checker again."
	MsgRunning         = "grading %d exercise(s)…"
	MsgProgressRace    = "%s %d/%d checked again under the race detector "
	MsgProgress        = "%s %d/%d exercises done"
	MsgAllDone         = "All exercises pass. Well hunted! Compare with the reference solutions: go run ./checker solution N"
	MsgNext            = "Next: exercise %02d, %s\n  Goal: %s\n  Edit %s, then run: go run ./checker check %d   (or: go run ./checker watch)"
	MsgNotStartedNote  = "(not started: your files are as shipped, so its tests were not run; `go run ./checker check %d` runs them)"
	MsgTestsModified   = "tests modified: %s. No credit until they are as shipped; restore them, keeping your code, with: go run ./checker reset --tests %d"
	MsgMissing         = "the directory %s is missing; restore it with: go run ./checker reset %d"
	MsgSumsUnreadable  = "cannot read the checksums of the shipped exercises (%s: %v).\nRestore that file as shipped (git checkout -- %s, or a fresh clone), then run the checker again."
	MsgIncomplete      = "no test failed, but these tests and subtests, recorded when the exercise shipped, did not all run and pass: %s.\nSomething stopped them before they could pass: an os.Exit in the code (init included), a change to the test flags, or a -run/-skip filter. Credit needs every shipped test and subtest to run and pass."
	MsgRacy            = "the tests pass, but fail under the race detector (go test -race): the fix shares memory between goroutines without synchronisation."
	MsgRaceChecked     = "(checked with the race detector too)"
	MsgRaceUnavailable = "(not checked for data races: the race detector is not available here: %s)"
	MsgRaceTimedOut    = "(not checked for data races: the run under the race detector did not finish in time; grade it again with go run ./checker check %d, on a less busy machine if it happens again)"
	MsgRaceBuildFailed = "(not checked for data races: the build for the race detector failed: %s)"
	MsgRaceFailed      = "(the tests pass without the race detector; this is their run under it, go test -race, and credit needs both)"
	MsgSupportModified = "files the tests depend on outside the exercise differ from the shipped ones: %s. No credit until they are as shipped; restore them with: git checkout -- %s (the exercises need no new module or helper change)."
	MsgUnverified      = "no checksums are recorded for exercise %02d, so the checker cannot tell its tests are the shipped ones: no credit (maintainers: %s)"
	MsgNestedModule    = "%s makes the folder a module of its own (a `go mod init` by mistake?), so the workshop's go test cannot see the exercise. Delete it: rm %s"
	MsgOutOfMemory     = "the tests used more than %d MB of memory and were stopped (an allocation that never ends, or goroutines piling up?)."
	MsgOutputCut       = " … (${1} bytes of output cut here) … "
	MsgDiffCut         = "… (${1} more lines of the diff; -v shows all)"
	MsgExplainNoModule = "not inside a Go module: no go.mod in %s or above it. cd into your module first, or pipe a test run in: go test -json ./... | gohunters explain -"
	MsgExplainNoStdin  = "explain - reads a go test -json stream from standard input, but there is none"
	// explain -: what standard input held instead of a go test -json stream.
	MsgExplainStdinEmpty   = "explain - read nothing: standard input is empty. Pipe a test run in: go test -json ./... | gohunters explain -"
	MsgExplainStdinPlain   = "explain - needs go test -json output, and this is a go test log without -json (plain or -v): its leaks cannot be told apart reliably. Run the tests with -json: go test -json ./... | gohunters explain -"
	MsgExplainStdinGarbage = "explain - needs go test -json output, and standard input holds none (it starts with %q). Run: go test -json ./... | gohunters explain -"
	// %d packages, then their import paths.
	MsgExplainStdinCut   = "the go test -json stream is cut short: %d package(s) have no result (%s), or its last line breaks off. What it holds is explained above; run the tests to the end for a verdict."
	MsgExplainStdinError = "cannot read standard input: %v"
	MsgExplainGoFailed   = "the go command cannot work here, so no test can run:\n    %s"
	MsgExplainRunning    = "running go test -json %v (the first run builds the tests' dependencies)…"
	// checker explain: the package, then the test.
	MsgExplainFail      = "%s  %s  fails (no leak reported)"
	MsgExplainNoStacks  = "  goleak reported leaked goroutines, but none of their stacks could be read; go test -v shows the report."
	MsgExplainNoLeak    = "no goroutine leak reported in %d package(s)."
	MsgExplainSummary   = "%d test(s) leaked goroutines, in %d of %d package(s)."
	MsgExplainFailing   = "%d test(s) failed otherwise; go test -v shows their full output."
	MsgExplainBroken    = "%d package(s) did not build or did not finish (timed out, panicked, exited); see above."
	MsgBuilding         = "building the tests… (the first run also compiles their dependencies, once: up to a minute on a busy machine)"
	MsgFirstFailureOnly = "(the run stopped at this first failing test; `--no-fast` runs every test and names each failure)"
	// Inspect refused the learner's code: then each finding, then how to go on.
	MsgRefused    = "the tests were not run: your code does what a fix of this exercise has no place for:"
	MsgRefusedHow = "Take it out and check again. What the exercise's code did as shipped is never refused."
	// The checksums of a clone's git history could not be read: why, and what to do.
	MsgUntrustedNoGit      = "no credit: this workshop is a git clone, but git cannot be run (is it installed and on your PATH?), so the checker cannot read the shipped checksums from the clone's history and cannot tell the tests are the shipped ones. Install git (or fix PATH), then check again."
	MsgUntrustedGitFailed  = "no credit: git cannot read this clone (%s), so the checker cannot read the shipped checksums from its history and cannot tell the tests are the shipped ones. Fix the clone (git status says what is wrong), then check again."
	MsgUntrustedNoUpstream = "no credit: this clone has no remote-tracking branch (origin/main, origin/HEAD) to read the shipped checksums from, so the checker cannot tell the tests are the shipped ones. Add the workshop's remote back and fetch it (git remote add origin URL && git fetch origin), then check again."
	MsgUntrustedNoSums     = "no credit: the shipped checksums cannot be read from this clone's history (%s), so the checker cannot tell the tests are the shipped ones. Fetch the workshop again (git fetch origin), then check again."
	// Once per run, in a copy without git history.
	MsgSumsCopy = "(this copy of the workshop is no git clone: its tests were compared with the checksums the checker was built from this copy, which a changed copy changes too; reports say so)"
	// Once per run: the learner's settings the checker does not grade with.
	MsgEnvDropped = "not used for grading: %s (settings that would decide which tests run, what runs them or how the runtime behaves under them)"
	MsgNoSums     = "note: no checksums are recorded for exercise %02d, so edited tests cannot be detected (maintainers: %s)"
	MsgPrinciple  = "Principle %s: %s"
	MsgTest       = "test %s"
	MsgLeakHeader = "%d goroutine(s) leaked:"
	MsgLeakCount  = "%d× "
	MsgLeakFunc   = "%s%s is %s"
	MsgStuckAt    = "    stuck at   %s"
	MsgStartedAt  = "    started at %s"
	// A goroutine none of whose frames is the learner's code (a transport's read
	// loop, a context's timer): %s is its top frame.
	MsgStuckAtLibrary = "    stuck at   %s (library code: no line of yours is on its stack)"
	// Started by library code called from the learner's line: the line, then the
	// library function whose go statement it was.
	MsgStartedVia = "    started at %s (through %s)"
	// Started by library code, and the report does not show who called it.
	MsgStartedByLibrary = "    started by %s at %s (library code; find your call of it: the goroutine lives as long as what that call returned is not closed or cancelled)"
	MsgEarly            = "    (stacks taken when the test reported the leak, before goleak's retries)"
	// The Go runtime's verdict on a leaked goroutine, beside goleak's; %s is
	// leakprofile's sentence ("confirmed by the Go runtime: ...", "not confirmed ...").
	MsgRuntimeVerdict = "    runtime    %s"
	// The same, once for all the goroutines above when the runtime says the same of each.
	MsgRuntimeAll = "  runtime, for each of them: %s"
	// Once per run, when a leak was reported and the tests' Go has no goroutineleak
	// profile; %s is that Go's version.
	MsgRuntimeUnavailable = "The Go runtime's own leak detector (its goroutineleak profile) could say whether it confirms these leaks, " +
		"but the Go running the tests (%s) does not have it. To see its verdict beside goleak's, run the checker on Go 1.27 or later: " +
		"GOTOOLCHAIN=go1.27.3 go run ./checker ..., or on Go 1.26: GOEXPERIMENT=goroutineleakprofile go run ./checker ..."
	MsgNoLeakLocated = "the test reports a leak; its full output follows:"
	MsgCompileHeader = "does not compile:"
	MsgTimedOut      = "timed out after %s in %s: probably deadlocked"
	MsgDeadlockedAt  = "  probably deadlocked at %s (%s, %s)"
	MsgTimedOutLoop  = "timed out after %s in %s: probably a loop that never ends"
	MsgLoopingAt     = "  probably looping at %s (%s, %s)"
	MsgDeadlockStack = "  stack of the stuck goroutine:"
	MsgNoStuckFound  = "  no goroutine of the exercise was found in the dump; the test itself waited too long."
	MsgPanicked      = "panicked: %s"
	MsgPanicAt       = "  in %s at %s"
	MsgExited        = "the exercise's code called os.Exit during %s: the test binary stopped, so nothing after it ran."
	MsgExitedZero    = "the exercise's code called os.Exit(0) during %s."
	// A signal's name ("killed"), then the test.
	MsgExitedSignal = "the test binary was killed by a signal (%s) during %s: by the code under test, by the system (short of memory?) or by someone else; nothing after it ran."
	// %s is the signal: the binary was killed before its first test started.
	MsgExitedSignalEarly = "the test binary was killed by a signal (%s) before its first test started: by the code under test, by the system (short of memory?) or by someone else."
	// The test.
	MsgExitedContradicted = "the test binary's output said its tests passed, but it exited with a failure (during %s): what it printed was not only the tests' own reports. Its exit status decides: no credit."
	// No argument: the tests never got to report.
	MsgExitedUnproven   = "the test binary exited with status 0, but the testing package never finished running its tests: the process ended before they did (an exit in init or during a test), so no result it printed counts: no credit."
	MsgFailedMessages   = "the test says:"
	MsgHintLevel        = "Hint %d/%d for exercise %02d, %s:"
	MsgHintsExhausted   = "(that was the last hint; `go run ./checker solution %d` shows the reference once the exercise passes)"
	MsgHintMore         = "(run `go run ./checker hint %d` again for the next hint)"
	MsgNoHints          = "exercise %02d has no hints."
	MsgResetBackup      = "your version of exercise %02d is saved in %s"
	MsgResetDone        = "exercise %02d is back as shipped (%d file(s) restored, checked against the recorded checksums)."
	MsgResetTestsDone   = "exercise %02d's tests are back as shipped; your code is untouched."
	MsgResetNothing     = "exercise %02d was missing; nothing to back up."
	MsgResetCannot      = "cannot reset exercise %02d: %v.\nNothing was changed. Get the shipped files from a fresh clone of the workshop (exercises/%s/)."
	MsgResetAlready     = "exercise %02d is already as shipped; nothing to reset."
	MsgResetKept        = "your own file(s) %s stay where they are (the exercise never shipped them)."
	MsgResetMoved       = "your own file(s) %s were taken out, since the go command would build or read them with the shipped code; they are in the backup."
	MsgBackupHowBack    = "to bring it back: go run ./checker restore %d %s"
	MsgStoreInTree      = "note: there is no user configuration directory (is HOME set?), so backups are kept in %s, which `git clean -fdx` deletes."
	MsgStoreFailed      = "cannot keep the checker's state (hints, backups) in %s: %v"
	MsgRestoreNone      = "exercise %02d has no backups (reset makes one before it changes anything)."
	MsgRestoreNoneAll   = "no backups yet (reset makes one before it changes anything). They are kept in %s"
	MsgRestoreHeader    = "backups of exercise %02d, newest first, in %s:"
	MsgRestoreAllHeader = "backups, newest first, in %s:"
	MsgRestoreLine      = "  %s   made %s, %d file(s)"
	MsgRestoreAllLine   = "  %02d  %s   made %s, %d file(s)"
	MsgRestoreHow       = "to bring one back (your current version is backed up first): go run ./checker restore %d ID   (or: restore %d latest)"
	MsgRestoreHowAll    = "to list one exercise's backups: go run ./checker restore N"
	MsgRestoreUnknown   = "exercise %02d has no backup %q; `go run ./checker restore %d` lists them"
	MsgRestoreDone      = "exercise %02d is back as it was in backup %s."
	MsgRestoreSame      = "exercise %02d is already as in backup %s; nothing changed."
	MsgRestoreCannot    = "cannot restore exercise %02d: %v.\nNothing was changed."
	MsgSetupGo          = "the go command cannot work in this repository, so no exercise can be graded:\n    %s\nThis is a problem of the set-up, not of your code.%s Fix it, then run `go run ./checker` again."
	MsgSetupGoEnv       = " Your environment sets %s."
	MsgSetupNoCache     = "Go has nowhere to keep its build cache (GOCACHE is off: HOME is not set, nor GOCACHE or XDG_CACHE_HOME), so no exercise can be built.\nThis is a problem of the set-up, not of your code. Set HOME (or GOCACHE), then run `go run ./checker` again."
	MsgSolutionLocked   = "exercise %02d does not pass yet (%s). The solution is shown once it passes; to look anyway: go run ./checker solution --force %d"
	MsgSolutionHeader   = "Your exercise %02d (---) against the reference solution (+++):"
	MsgSolutionNoDiff   = "no diff tool found (git or diff); here is the reference solution:"
	MsgSolutionSame     = "your code is identical to the reference solution."
	MsgWatchStart       = "watching %s; save a file to re-grade it. Ctrl-C to quit."
	MsgWatchPollHint    = "Not seeing updates (WSL2 on /mnt/c, a network drive, a container volume)? Run: go run ./checker watch --poll"
	MsgWatchFailed      = "cannot watch files (%v).\nUse polling instead: go run ./checker watch --poll"
	MsgWatchPolling     = "(polling for changes every %s)"
	MsgWatchGrading     = "grading exercise %02d…"
	MsgWatchAllDone     = "every exercise passes; watching for changes anyway."
	MsgWatchChanged     = "%s changed: grading it again..."
	MsgWatchBye         = "stopped watching."
	MsgReportWritten    = "JUnit report written to %s"
	MsgReportNeedFormat = "report needs --json and/or --junit FILE"
	MsgFlagUnknown      = "%v (go run ./checker help lists the flags)"
	MsgMemoryValue      = "it takes a number of MB, 0 or more"
	MsgTimeoutValue     = "it takes a duration such as 20s or 1m30s"
	// A flag of another command: the flag, the command, the commands that take it.
	MsgFlagNotFor    = "--%s is not a flag of %s (it is one of: %s); `go run ./checker help` lists what %s takes"
	MsgFlagNoCommand = "--%s is not a flag of %s; `go run ./checker help` lists the flags"
	MsgVerbose       = "full output:"
	MsgMoreLines     = "… (%d more lines; -v shows all)"
	MsgSeedPassage   = "Source: seed %s (%s); passage: %s"
	MsgRemedyLeak    = "Fix: make sure every goroutine the code starts can finish on every return path."
	MsgSeePrinciple  = "Stuck? go run ./checker hint %d"
	// Beside the test's own messages, which stay in English, in another language:
	// %s is the exercise's goal in that language.
	MsgGoalBeside = "(the test's messages above are in English) What the test checks, the goal: %s"

	// The opinions of a second source (judge.Opinion) on a leaked goroutine.
	// Confirmed: %s is a MsgOpBlockedOn* phrase, %s a MsgOpWhat* one.
	MsgOpConfirmed      = "confirmed by the Go runtime: %s, and nothing that can still run can reach %s"
	MsgOpConfirmedCount = " (%d of %d goroutines stuck there marked leaked)"
	// Not confirmed: MsgOpNotConfirmed is followed by one of the reasons below.
	MsgOpNotConfirmed = "not confirmed by the Go runtime (goleak's report stands): "
	// %s is where goleak saw it stuck: function (file:line).
	MsgOpNotInProfile = "not confirmed by the Go runtime: its profile has no goroutine stuck at %s" +
		" (it ended before the profile was written, or the profile comes from another run); goleak's report stands"
	MsgOpInBubble = "it is blocked inside a testing/synctest bubble, and the runtime's leak analysis skips bubbled goroutines " +
		"(their waits are \"durable\"). synctest's own report, \"main bubble goroutine has exited but blocked goroutines remain\", " +
		"is the runtime's word here: nothing left in the bubble can wake it"
	// %s is the state: running, runnable or sleep.
	MsgOpNotBlocked = "it is not blocked but %s: a loop that never blocks (it sleeps, ticks or spins), " +
		"which the runtime never calls leaked; only a test that checks nothing is left running catches it"
	// %s is the state: IO wait or syscall.
	MsgOpNotWaitingOnSync = "it waits on %s (network or system call), which the runtime's analysis does not cover: " +
		"it only judges goroutines blocked on channels and sync primitives"
	MsgOpHiddenChan = "what it waits on is still reachable: a live struct, a package variable or a goroutine that can still run " +
		"holds the channel. Or it is a shape the runtime's analysis cannot see: a closure that sends a variable it captured " +
		"(go func() { ch <- x }()) is never reported on Go 1.26 and 1.27"
	MsgOpHiddenLock = "what it waits on is still reachable (a live struct or a package variable holds the lock), " +
		"or the lock is held in a shape the runtime's analysis cannot see"
	// %s is a MsgOpWhat* phrase.
	MsgOpReachable = "what it waits on is still reachable: a live struct, a package variable or a goroutine that can still run " +
		"holds %s, so the runtime cannot prove that nobody will ever use it"
	MsgOpBlockedOnSend    = "blocked forever sending on a channel"
	MsgOpBlockedOnReceive = "blocked forever receiving from a channel"
	MsgOpBlockedOnSelect  = "blocked forever in a select"
	MsgOpBlockedOnOther   = "blocked forever (%s)" // %s is the state
	MsgOpWhatChannel      = "the channel"
	MsgOpWhatWaitGroup    = "the WaitGroup"
	MsgOpWhatCond         = "the sync.Cond"
	MsgOpWhatLock         = "the lock"
	MsgOpWhatOther        = "what it waits on"
	// Unavailable: MsgOpUnavailable is followed by one of the reasons below.
	MsgOpUnavailable = "verdict unavailable, because "
	// %s is the Go version the tests ran on.
	MsgOpNoToolchain = "the Go the tests ran on (%s) has no goroutineleak profile: it comes with Go 1.27 and later " +
		"(GOTOOLCHAIN=go1.27.3 in front of the command), or Go 1.26 built with GOEXPERIMENT=goroutineleakprofile"
	MsgOpNoToolchainAny = "the Go the tests ran on has no goroutineleak profile: it comes with Go 1.27 and later " +
		"(GOTOOLCHAIN=go1.27.3 in front of the command), or Go 1.26 built with GOEXPERIMENT=goroutineleakprofile"
	MsgOpNoProfile = "the leaking test wrote no goroutineleak profile (it did not reach goleak's check, or was stopped before it); " +
		"goleak's report stands"
	MsgOpFromStream = "a go test -json stream carries no goroutineleak profiles (run explain in the module itself to get them)"
	// %s is one of the MsgOpHook* phrases.
	MsgOpNotHooked     = "the checker could not ask this module's goleak for the profile: %s"
	MsgOpHookNoGoleak  = "go.uber.org/goleak is not in the module's build list"
	MsgOpHookReplaced  = "go.mod already replaces go.uber.org/goleak"
	MsgOpHookWorkspace = "the module is built in a go.work workspace (GOWORK=off in front of the command builds it alone)"
	MsgOpHookNoFind    = "this version of goleak has no Find function where the checker expects it"
	MsgOpHookFailed    = "the checker's copy of goleak could not be written"
	MsgOpHookNoModule  = "there is no module here"
	// A goal clause a test found not met (grade.Clause): its number and text,
	// then what was observed, then where the test checks it and which test.
	MsgClause         = "goal clause %d not met: %s"
	MsgClauseObserved = "observed: %s"
	MsgClauseAt       = "(checked at %s, in %s)"
	// The goroutine a test runs in, in a dump: the testing package started it,
	// so there is no call of the module's own to close or cancel.
	MsgTestGoroutine = "    the test's own goroutine (started by the testing package)"
	// The online binary (checker/online): %s is its folder.
	MsgOnlineBuilding    = "building the trainer's and networked tools (%s), once; later runs reuse them…"
	MsgOnlineBuildFailed = "cannot build %s:\n    %s"
	MsgOnlineMissing     = "this command lives in the workshop's %s, and there is no workshop here: run it from your clone of the workshop"
	// %s is the command, then the error.
	MsgOnlineFailed = "cannot run %s: %v"
	// --room on check and watch.
	MsgRoomBadURL = "--room wants the address the trainer's `serve` printed, e.g. http://192.168.1.20:4000/r/CODE (got %q)"
	MsgRoomNoName = "--room needs your name as the trainer should see it: add --name \"Your Name\" (or set git config user.name)"
)

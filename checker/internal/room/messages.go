package room

// Every sentence the room says, to the trainer or to a learner, on the
// terminal or on a page, so that a translated edition replaces this file only
// (messages_ja.go; the live page's own words are in static/room.js).

// StatusShort names a status in a grid cell, in a few characters.
var StatusShort = map[string]string{
	"done":             "ok",
	"leaking":          "leak",
	"failing":          "fail",
	"build-failed":     "build",
	"timeout":          "hang",
	"panic":            "panic",
	"exit":             "exit",
	"not-started":      "-",
	"tests-modified":   "tests",
	"missing":          "gone",
	"stopped":          "stop",
	"incomplete":       "unran",
	"data-race":        "race",
	"support-modified": "tamper",
	"unverified":       "unver",
	"nested-module":    "gomod",
	"out-of-memory":    "oom",
	"refused":          "nofix",
}

// The grid, in the terminal (room FILE... or room URL).
const (
	MsgRoomHeader       = "Room: %d learner(s), %d exercise(s) attempted"
	MsgRoomLearner      = "learner"
	MsgRoomLast         = "last"
	MsgRoomLegend       = "Each cell: status (ok, leak, fail, build, hang, panic, exit, race, unran: not every\ntest ran, tests: tests modified, tamper: helpers modified, nofix: code a fix has no\nplace for, unver, gomod, oom, gone, stop; ok*: done, but not checked for data races), attempts×, minutes since the first\nchange (to the first pass once done), hN hints used; · not tried. last: minutes\nsince the learner's last verdict."
	MsgRoomStuckMost    = "Stuck most:"
	MsgRoomStuckLine    = "  %02d %s: %d of %d learner(s) do not pass"
	MsgRoomStuckLeak    = "     most common leak (%d): %s"
	MsgRoomStuckFor     = "Stuck for more than %d minutes:"
	MsgRoomStuckForLine = "  %s on %02d (%s) for %s, %d attempt(s), %d hint(s)"
	MsgRoomWarnHead     = "Not to be trusted as shown (marked ! in the grid):"
	MsgRoomWarnEdited   = "  %s: the report was changed after the checker wrote it (its signature does not match)"
	MsgRoomWarnUnsigned = "  %s: the report is not signed by a checker (written by hand, or by an older checker)"
	MsgRoomWarnClones   = "  %s: reports under this name come from %d different clones"
	MsgRoomWarnRefused  = "  %s: %d post(s) under this name from another clone were refused"
	MsgRoomWarnState    = "  %s: the checker's record of their hints and attempts was edited or deleted by hand, so their hints and attempts may be lower than they were"
	MsgRoomBadFile      = "%s: %v"
	MsgRoomNoFiles      = "room needs the learners' report files (go run ./checker room *.json, each from `go run ./checker report --json --name NAME`) or the trainer's page address that serve printed"
	MsgRoomLearnersURL  = "%s is the learners' address: it only takes verdicts. room reads the grid from your page's address, the one serve printed for you (…/t/KEY/)."
	MsgRoomUnreachable  = "cannot read the room at %s: %v"
	MsgRoomNeedURL      = "--remove and --release act on a live room: give your page's address (…/t/KEY/) instead of report files"
	MsgRoomRemoved      = "%s removed from the room: their verdicts are off the grid, and posts under that name are refused until you release it."
	MsgRoomReleased     = "%s released: the next clone that posts under that name takes it."
	MsgRoomNoLearner    = "the room has no learner named %q"
	MsgNotInRepo        = "%s is not in a clone of the workshop: run this from the workshop (or give --store)"
)

// serve, for the trainer.
const (
	MsgServeOpen       = "The room is open.\n\nGive learners this address (it only takes their verdicts):\n\n\t%s\n\nThey run:  go run ./checker watch --room %s --name \"Their Name\"\n\nYour page, for you and the projector (it shows everyone; keep its address to yourself):\n\n\t%s\n"
	MsgServeStoreAt    = "The room is kept in %s: serve again (same --store) resumes it; serve --new opens a new, empty room with a new code."
	MsgServeResumed    = "Resumed the room opened %s: %d learner(s), %d verdict(s)."
	MsgServeLAN        = "Bound to every interface: anyone on this network with the learners' address can post; only your page's address shows the grid."
	MsgServeOtherAddrs = "This machine's other addresses: %s"
	MsgServeLocal      = "Bound to %s only: learners on other machines cannot reach it. To open it to the LAN: --listen 0.0.0.0:%s"
	MsgServeOldGo      = "warning: the room is open to the network and runs on %s, older than %s, the first Go with the fixes for the known vulnerabilities of net/http and crypto/tls; install a newer Go before opening it to a LAN."
	MsgServeBye        = "room closed."
	MsgServeBadListen  = "cannot listen on %s: %v"
	MsgServeShortCode  = "--code %q would let strangers guess it: a room code needs at least %d letters, digits, - or _ (leave --code out for a random one)"
	MsgServeOtherCode  = "the room kept in %s has the code %s, not %s: leave --code out to resume it, or serve --new --code %s for a new room"
	MsgServeStore      = "cannot open the room's store %s: %v"
	MsgServeStoreBusy  = "the room's store %s is in use by another serve: stop that one first, or give another --store"
	MsgServeBadSize    = "--size wants the most learners the room takes, from 1 to %d (got %d)"
	MsgLearnersPage    = "This is the room's address for the learners' checkers: go run ./checker watch --room <this address> --name \"Your Name\". The grid is on the trainer's page."
)

// post (check --room, watch --room), for a learner.
const (
	MsgRoomSent       = "room: sent to the trainer's page."
	MsgRoomQueued     = "room: the trainer's page is unreachable (%v); %d verdict(s) kept, sent when it is back."
	MsgRoomCaughtUp   = "room: back online, %d kept verdict(s) sent."
	MsgRoomInvalid    = "room: the trainer's page refused a verdict as invalid (%s); it is dropped."
	MsgRoomFull       = "room: the room is full (the trainer set its size); %d verdict(s) kept, sent once the trainer makes room."
	MsgRoomTaken      = "room: another clone of the workshop already posts as %q, so the room refused your verdict (%d kept). Choose another --name, or ask the trainer to release the name (for instance after you cloned the workshop again)."
	MsgRoomRemovedYou = "room: the trainer removed %q from the room; %d verdict(s) kept."
	MsgRoomSlowDown   = "room: too many verdicts at once; %d kept, sent in a few seconds."
	MsgRoomWrongCode  = "room: there is no room at this address (a wrong code, or a room that was closed); %d verdict(s) kept, sent when it is back. Check the address the trainer gave."
	MsgRoomRefused    = "room: the trainer's page refused the verdicts (%s); %d kept."
	MsgRoomBadURL     = "--room wants the learners' address that the trainer's serve printed, e.g. http://192.168.1.20:4000/r/CODE (got %q)"
	MsgRoomTrainerURL = "%s is the trainer's page, not the learners' address: --room wants the …/r/CODE address the trainer gives"
	MsgRoomNoName     = "--room needs your name as the trainer should see it: add --name \"Your Name\" (or set git config user.name)"
	MsgRoomBadName    = "--name %q cannot be shown in the room: %v"
	MsgRoomNoIdentity = "cannot read or make this clone's identity in %s: %v"
	MsgRoomBadReport  = "post: the report on standard input is not one: %v"
)

// The online binary's usage and its flags.
const (
	MsgOnlineUsage   = "usage: go run ./checker/online COMMAND [flags] [arguments]\n(the checker forwards these commands: go run ./checker serve ...)\n\ncommands:\n%s\nA command's flags: COMMAND -h\n"
	MsgOnlineUnknown = "unknown command %q; the commands are: %s"
	MsgOnlineFlags   = "usage: go run ./checker %s [flags] %s\n\nflags:\n"
	MsgBadFlag       = "%v (go run ./checker %s -h lists its flags)"
	MsgCmdServe      = "serve   open the live room: the learners' address and your page"
	MsgCmdRoom       = "room    the room's grid in the terminal: from report files, or from your page's address"
	MsgCmdPost       = "post    send a learner's verdicts to a room (check --room and watch --room use it)"
	MsgArgsServe     = ""
	MsgArgsRoom      = "FILE... | URL"
	MsgArgsPost      = "[- | FILE]"
	MsgFlagListen    = "the `address` to listen on (0.0.0.0:4000 opens the room to the LAN)"
	MsgFlagCode      = "the learners' room `code` (default: a random one; at least 10 characters)"
	MsgFlagStore     = "the room's store `file` (default: room.db in this clone's store)"
	MsgFlagNew       = "open a new, empty room with a new code instead of resuming the one in the store"
	MsgFlagSize      = "the most `learners` the room takes (default 100, or the size the store's room was given)"
	MsgFlagStuck     = "flag a learner stuck on an exercise for longer than this `duration`"
	MsgFlagLang      = "`language`: ja or en (default: from LC_ALL, LC_MESSAGES or LANG)"
	MsgFlagJUnit     = "also write the reports as JUnit XML to `FILE`"
	MsgFlagRemove    = "remove the learner `NAME` from the live room (repeatable)"
	MsgFlagRelease   = "release the name `NAME` so that another clone may post under it (repeatable)"
	MsgFlagRoom      = "the room's learners' `address`, as serve printed it"
	MsgFlagName      = "the learner's `name` as the trainer sees it"
	MsgFlagPostStore = "this clone's store `directory`, where the identity and the queue are kept (default: found from the working directory)"
	MsgFlagCheck     = "only check --room and --name, send nothing"
	MsgFlagRetry     = "say nothing unless kept verdicts were sent (watch's retries)"
)

// Why a report is refused (room.go's Decode, Cells and learnerName).
const (
	MsgInvalid        = "invalid report"
	MsgInvalidSize    = "larger than %d bytes"
	MsgInvalidUTF8    = "not UTF-8"
	MsgInvalidJSON    = "not the checker's JSON report (%v)"
	MsgInvalidMore    = "more than one JSON value"
	MsgInvalidModule  = "module %q is not gohunters"
	MsgInvalidNoTime  = "no time"
	MsgInvalidCount   = "%d exercises"
	MsgInvalidDir     = "exercise %q"
	MsgInvalidUnknown = "exercise %s is not in this workshop's catalogue"
	MsgInvalidStatus  = "status %q"
	MsgInvalidCounts  = "counts out of range"
	MsgNameEmpty      = "no learner name (report --name)"
	MsgNameLong       = "learner name longer than %d characters"
	MsgNameControl    = "learner name with a control character"
)

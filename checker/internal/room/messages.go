package room

// Every sentence the room says, to the trainer or to a learner, so that a
// translated edition replaces this file only (see also checker/internal/ui).

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
}

const (
	MsgRoomHeader       = "Room: %d learner(s), %d exercise(s) attempted"
	MsgRoomLearner      = "learner"
	MsgRoomLegend       = "Each cell: status (ok, leak, fail, build, hang, panic, exit, race, unran: not every\ntest ran, tests: tests modified, tamper: helpers modified, unver, gomod, oom, gone,\nstop), attempts×, minutes since the first attempt (to the first pass once done),\nhN hints used; · not tried."
	MsgRoomStuckMost    = "Stuck most:"
	MsgRoomStuckLine    = "  %02d %s: %d of %d learner(s) do not pass"
	MsgRoomStuckLeak    = "     most common leak (%d): %s"
	MsgRoomStuckFor     = "Stuck for more than %d minutes:"
	MsgRoomStuckForLine = "  %s on %02d (%s) for %s, %d attempt(s), %d hint(s)"
	MsgRoomBadFile      = "%s: %v"
	MsgRoomNoFiles      = "room needs the learners' report files: go run ./checker room *.json (each from `go run ./checker report --json --name NAME`)"

	// serve, for the trainer.
	MsgServeListening = "The room is open. Trainer's page and learners' address:\n\n\t%s\n\nLearners run:  go run ./checker watch --room %s --name \"Their Name\"\n"
	MsgServeLAN       = "Bound to every interface: anyone on this network with the room code can see and post."
	MsgServeLocal     = "Bound to %s only: learners on other machines cannot reach it. To open it to the LAN: --listen 0.0.0.0:%s"
	MsgServeBye       = "room closed."
	MsgServeBadListen = "cannot listen on %s: %v"

	// --room, for a learner.
	MsgRoomSent     = "room: sent to the trainer's page."
	MsgRoomQueued   = "room: the trainer's page is unreachable (%v); %d verdict(s) kept, sent when it is back."
	MsgRoomCaughtUp = "room: back online, %d kept verdict(s) sent."
	MsgRoomRefused  = "room: the trainer's page refused a verdict (%s); check the address and the room code the trainer gave."
	MsgRoomBadURL   = "--room wants the address the trainer's `serve` printed, e.g. http://192.168.1.20:4000/r/CODE (got %q)"
	MsgRoomNoName   = "--room needs your name as the trainer should see it: add --name \"Your Name\" (or set git config user.name)"

	// hint N --trainer: the exercise's trainer card.
	MsgCardHeader    = "Trainer card for exercise %02d, %s (about %d minutes):"
	MsgCardWrongFix  = "Wrong fixes people try, and what the checker says:"
	MsgCardFix       = "  - %s"
	MsgCardSays      = "      -> %s"
	MsgCardDebrief   = "Debrief:"
	MsgCardPoint     = "  - %s"
	MsgCardNone      = "exercise %02d has no trainer card yet (internal/catalogue/trainer.go)."
	MsgCardNoHintUse = "(a trainer card is not a hint: the learner's hint count is unchanged)"
)

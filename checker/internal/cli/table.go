package cli

import (
	"context"
	"flag"
	"slices"
	"strings"

	"gohunters/checker/internal/ui"
)

// command is one of the checker's commands: its name, its line in the help,
// the flags it takes besides the global ones, whether it works in the
// workshop and runs the go command, and what it does.
type command struct {
	name  string
	usage string   // its line in the help (a ui.MsgCmd* constant); "" for none
	flags []string // the flags it takes (globalFlags come on top)
	repo  bool     // needs the workshop: its root and trusted checksums
	goCmd bool     // runs the go command: Go's version and set-up are checked first
	run   func(*app, context.Context, []string) int
	// online: the command lives in checker/online, with its flags; the light
	// checker forwards it (forward).
	online bool
}

// takes reports whether c accepts the flag named name.
func (c command) takes(name string) bool { return slices.Contains(c.flags, name) }

// globalFlags are accepted by every command.
var globalFlags = map[string]bool{"h": true, "help": true, "lang": true}

// The flags of the commands that run tests.
var gradeFlags = []string{"timeout", "memory", "no-fast", "no-runtime", "v"}

// commands is the checker's command table, in the order of the help.
var commands = []command{
	{name: "list", usage: ui.MsgCmdList, flags: append([]string{"all"}, gradeFlags...), repo: true, goCmd: true, run: (*app).list},
	{name: "check", usage: ui.MsgCmdCheck, flags: append([]string{"room", "name"}, gradeFlags...), repo: true, goCmd: true, run: (*app).check},
	{name: "watch", usage: ui.MsgCmdWatch, flags: append([]string{"poll", "room", "name"}, gradeFlags...), repo: true, goCmd: true, run: (*app).watch},
	{name: "hint", usage: ui.MsgCmdHint, flags: []string{"trainer"}, repo: true, run: (*app).hint},
	{name: "reset", usage: ui.MsgCmdReset, flags: []string{"tests"}, repo: true, run: (*app).reset},
	{name: "restore", usage: ui.MsgCmdRestore, repo: true, run: (*app).restore},
	{name: "solution", usage: ui.MsgCmdSolution, flags: append([]string{"force"}, gradeFlags...), repo: true, goCmd: true, run: (*app).solution},
	{name: "report", usage: ui.MsgCmdReport, flags: append([]string{"json", "junit", "name", "all"}, gradeFlags...), repo: true, goCmd: true, run: (*app).report},
	{name: "room", usage: ui.MsgCmdRoom, online: true},
	{name: "serve", usage: ui.MsgCmdServe, online: true},
	{name: "hunt", usage: ui.MsgCmdHunt, online: true},
	{name: "post", online: true}, // check --room's and watch --room's: no line in the help
	{name: "explain", usage: ui.MsgCmdExplain, flags: []string{"timeout", "memory", "no-runtime", "v"}, run: (*app).explainCmd},
	{name: "help", usage: ui.MsgCmdHelp},
}

// named reports whether args name the command (rather than it being the default).
func named(args []string, name string) bool { return slices.Contains(args, name) }

func lookupCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// ownersOf names the commands that take the flag named name.
func ownersOf(name string) []string {
	var out []string
	for _, c := range commands {
		if c.takes(name) {
			out = append(out, c.name)
		}
	}
	return out
}

// firstCommand finds the command's name among args without running any
// command's flags' checks: the first argument that is not a flag or a flag's
// value. ok is false when there is none, or when a flag is not the light
// checker's (an online command's flag before its name).
func firstCommand(fs *flag.FlagSet, args []string) (string, bool) {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			if i+1 < len(args) {
				return args[i+1], true
			}
			return "", false
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			return arg, true
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		f := fs.Lookup(name)
		if f == nil {
			return "", false
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); (!ok || !b.IsBoolFlag()) && !hasValue {
			i++ // its value
		}
	}
	return "", false
}

// Command online is the checker's networked and trainer's half: the live
// room (serve), its grid in the terminal (room), and the sending of a
// learner's verdicts to it (post), and the hunt for leaks in a running
// service or its saved dumps (hunt). The learner's checker compiles none of
// it: it forwards these commands here (go run ./checker serve ...).
//
//	go run ./checker/online COMMAND [flags] [arguments]
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"gohunters/checker/internal/cmdenv"
	"gohunters/checker/internal/hunt"
	"gohunters/checker/internal/room"
	"gohunters/internal/i18n"
)

// command is one of online's commands.
type command struct {
	name string
	help func(lang string) string // its line of the usage
	run  func(ctx context.Context, env cmdenv.Env, args []string) int
}

// commands is online's command table, one line each. A command written
// against the standard streams joins it through std:
//
//	{"name", func(lang string) string { return "name    what it does" }, std(pkg.Main)},
var commands = []command{
	{"serve", room.Help(room.MsgCmdServe), room.Serve},
	{"room", room.Help(room.MsgCmdRoom), room.Room},
	{"post", room.Help(room.MsgCmdPost), room.Post},
	{"hunt", hunt.Help, std(hunt.Main)},
}

// std adapts a command that takes the standard streams to the table.
func std(f func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int) func(context.Context, cmdenv.Env, []string) int {
	return func(ctx context.Context, env cmdenv.Env, args []string) int {
		return f(ctx, args, env.Stdin, env.Stdout, env.Stderr)
	}
}

func main() {
	i18n.NarrowAmbiguous(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	code := run(ctx, cmdenv.Env{}.Defaults(), os.Args[1:])
	stop()
	os.Exit(code)
}

// run finds the command, the first argument, and runs it with the rest.
func run(ctx context.Context, env cmdenv.Env, args []string) int {
	lang := i18n.Choose("", env.Getenv)
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		var lines strings.Builder
		for _, c := range commands {
			lines.WriteString("  " + c.help(lang) + "\n")
		}
		fmt.Fprintf(env.Stdout, room.T(lang, room.MsgOnlineUsage), lines.String())
		if len(args) == 0 {
			return room.ExitUsage
		}
		return room.ExitPass
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, env, args[1:])
		}
	}
	fmt.Fprintln(env.Stderr, "checker: "+fmt.Sprintf(room.T(lang, room.MsgOnlineUnknown), args[0], strings.Join(names, ", ")))
	return room.ExitUsage
}

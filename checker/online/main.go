// Command online holds the checker's commands that use the network or serve
// trainers, kept out of the learner's checker so that `go run ./checker`
// stays light (it forwards these commands here). Today: hunt.
//
//	go run ./checker/online hunt http://localhost:6060
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"gohunters/checker/internal/hunt"
)

// A command runs with the arguments after its name and returns the exit code.
type command func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int

var commands = map[string]command{
	"hunt": hunt.Main,
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	code := run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string) int {
	if len(args) > 0 {
		if cmd, ok := commands[args[0]]; ok {
			return cmd(ctx, args[1:], os.Stdin, os.Stdout, os.Stderr)
		}
	}
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(os.Stderr, "usage: %s COMMAND [flags] [args]; commands: %v\n", os.Args[0], names)
	return 2
}

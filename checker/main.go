// Command checker grades the workshop's exercises: go run ./checker help.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"gohunters/checker/internal/cli"
	"gohunters/checker/internal/ui"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cwd, err := os.Getwd()
	if err != nil {
		cwd = "."
	}
	code := cli.Main(ctx, cli.Env{
		Args:   os.Args[1:],
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Cwd:    cwd,
		TTY:    ui.IsTerminal(os.Stdout),
		ErrTTY: ui.IsTerminal(os.Stderr),
	})
	stop()
	os.Exit(code)
}

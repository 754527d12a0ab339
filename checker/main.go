// Command checker grades the workshop's exercises: go run ./checker help.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"gohunters/checker/internal/cli"
	"gohunters/checker/internal/runner"
	"gohunters/checker/internal/ui"
	"gohunters/internal/i18n"
)

func main() {
	runner.WatchdogMain() // when this process is the watchdog of another checker
	runner.EnableWatchdog()
	// A closed terminal sends SIGHUP: stop the tests like Ctrl-C does.
	i18n.NarrowAmbiguous(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	cwd, err := os.Getwd()
	if err != nil {
		cwd = "."
	}
	code := cli.Main(ctx, cli.Env{
		Args:   os.Args[1:],
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Cwd:    cwd,
		TTY:    ui.IsTerminal(os.Stdout),
		ErrTTY: ui.IsTerminal(os.Stderr),
	})
	stop()
	os.Exit(code)
}

// Command gohunters is the workshop's checker: it grades the exercises,
// explains leaks in any module's tests and forwards the trainer's commands.
//
// Learners run it as go run ./checker, whose small program builds this one
// (showing what it is doing while a fresh machine compiles it) and then
// becomes it. Built on its own (go build ./checker/gohunters) it is the
// same program, to keep and run from any module.
package main

import (
	"context"
	"os"
	"os/signal"

	"gohunters/checker/internal/cli"
	"gohunters/checker/internal/runner"
	"gohunters/checker/internal/ui"
	"gohunters/internal/i18n"
)

func main() {
	runner.WatchdogMain() // when this process is the watchdog of another checker
	runner.EnableWatchdog()
	i18n.NarrowAmbiguous(os.Getenv)
	// A closed terminal sends SIGHUP: stop the tests like Ctrl-C does.
	ctx, stop := signal.NotifyContext(context.Background(), cli.StopSignals...)
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

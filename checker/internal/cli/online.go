package cli

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"gohunters/checker/internal/repo"
	"gohunters/checker/internal/ui"
)

// The networked and trainer commands live in a second binary, checker/online,
// so that `go run ./checker` compiles none of net/http, crypto/tls, the room's
// server or the hunt: a learner's first run stays light. The light checker
// knows their names (the command table's online entries) and forwards them
// with the same arguments, standard streams and exit code, in the learner's
// working directory, with LC_ALL, LC_MESSAGES, LANG, NO_COLOR and TERM as the
// checker was given them.
//
// check --room and watch --room hand their verdicts to `online post` (toRoom):
//
//	online post --room URL --name NAME --lang LANG
//
// reads one report on standard input (JSON, as report --json writes it, with
// the graded exercises' attempts), queues it for the room at URL in the
// per-clone store (out of git clean's reach, one queue per room), sends what
// is queued for that room, and says in a line how it went (sent, kept for
// later, refused). Its exit code is the check's business only when it is 2 (a
// bad address or name, said on standard error); the light checker checks the
// address's form and the name before grading, so that case does not arise.
func isOnline(name string) bool {
	c, ok := lookupCommand(name)
	return ok && c.online
}

// OnlineEnv names a built online binary to forward to, instead of building
// checker/online (tests, and an installed checker whose workshop is elsewhere).
const OnlineEnv = "GOHUNTERS_ONLINE"

// onlineDir is where the online binary's main package lives in the workshop.
const onlineDir = "checker/online"

// forward runs the online binary with args, stdin and the checker's output
// streams, and returns its exit code. Ctrl-C interrupts it as it would the
// checker.
func (a *app) forward(ctx context.Context, args []string, stdin io.Reader) int {
	bin, ok := a.onlineBinary(ctx)
	if !ok {
		return ExitUsage
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = a.Cwd
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, a.Stdout, a.Stderr
	cmd.Env = os.Environ()
	// The online binary chooses its language and colours as the checker does:
	// from what the checker was given, not only from the process.
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR", "TERM"} {
		cmd.Env = append(cmd.Env, k+"="+a.Getenv(k))
	}
	// Its messages name the command the learner typed ("go run ./checker
	// hunt --help"), not the online binary's path in the per-clone store.
	if a.Getenv("GOHUNTERS_NAME") == "" {
		cmd.Env = append(cmd.Env, "GOHUNTERS_NAME="+programName(os.Args[0]))
	}
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return ExitPass
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		return exit.ExitCode()
	case ctx.Err() != nil:
		return ExitInterrupted
	}
	a.errp.Errorf(ui.MsgOnlineFailed, args[0], err)
	return ExitUsage
}

// programName is how the learner ran this checker: "go run ./checker" for a
// binary go run built or the one go run ./checker builds (into the clone's
// .checker/bin, or the user's cache when the clone is read-only) and becomes
// (the messages' writer makes it relative to where the learner stands), else
// the name it was installed under.
func programName(arg0 string) string {
	if slash := filepath.ToSlash(arg0); strings.Contains(slash, "/go-build") || strings.HasSuffix(slash, "/.checker/bin/gohunters") ||
		strings.Contains(slash, "/gohunters/starter/") {
		return "go run ./checker"
	}
	return strings.TrimSuffix(filepath.Base(arg0), ".exe")
}

// onlineBinary finds the online binary: the one OnlineEnv names, one
// installed beside this checker (<name>-online), or the workshop's
// checker/online built into the per-clone store, where go build's cache keeps
// the next builds to a check that nothing changed.
func (a *app) onlineBinary(ctx context.Context) (string, bool) {
	if bin := a.Getenv(OnlineEnv); bin != "" {
		return bin, true
	}
	if exe, err := os.Executable(); err == nil {
		sibling := strings.TrimSuffix(exe, ".exe") + "-online" + exeSuffix()
		if st, err := os.Stat(sibling); err == nil && !st.IsDir() {
			return sibling, true
		}
	}
	root, err := repo.Find(a.Cwd)
	if err != nil {
		a.errp.Errorf(ui.MsgOnlineMissing, onlineDir)
		return "", false
	}
	if st, err := os.Stat(filepath.Join(root, filepath.FromSlash(onlineDir))); err != nil || !st.IsDir() {
		a.errp.Errorf(ui.MsgOnlineMissing, onlineDir)
		return "", false
	}
	bin := filepath.Join(a.storeIn(root).Dir, "bin", "online"+exeSuffix())
	_, statErr := os.Stat(bin)
	first := statErr != nil
	if first {
		a.errp.Notef(ui.MsgOnlineBuilding, onlineDir)
	}
	done := make(chan struct{})
	slow := time.AfterFunc(time.Second, func() {
		defer close(done)
		if !first {
			a.errp.Notef(ui.MsgOnlineBuilding, onlineDir)
		}
	})
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./"+onlineDir)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), a.GoEnv...)
	out, err := cmd.CombinedOutput()
	if !slow.Stop() {
		<-done // its note is written before anything the command prints
	}
	if err != nil {
		a.errp.Errorf(ui.MsgOnlineBuildFailed, onlineDir, firstLines(string(out), 5))
		return "", false
	}
	return bin, true
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// Package hunt is `checker hunt`: it finds the goroutines a running service
// leaks, from its net/http/pprof endpoint or from saved goroutine dumps. It
// groups goroutines by state, by the line they are stuck on and by the line
// that started them, ranks the groups as Uber's LeakProf does (many blocked
// on the same operation, growing, blocked for long), takes the Go runtime's
// goroutineleak profile as proof where the service's Go has one, and says for
// each suspect what it waits for, which principle it breaks and the go tool
// pprof command that shows it.
package hunt

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gohunters/internal/i18n"
	"gohunters/internal/i18n/flagtext"
)

// Exit codes, as the checker's.
const (
	ExitClean       = 0
	ExitSuspects    = 1
	ExitBadInput    = 2
	ExitInterrupted = 130
)

// Env is what hunt takes from its process.
type Env struct {
	Args   []string // after "hunt"
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Name is how the user runs the checker ("go run ./checker", "gohunters"),
	// for the commands hunt prints.
	Name   string
	ErrTTY bool // Stderr is a terminal: count the interval down there
}

// Main runs hunt with the process's environment.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return Run(ctx, Env{Args: args, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv,
		Name: ProgramName(os.Getenv, os.Args[0]), ErrTTY: isTerminal(stderr)})
}

// ProgramName is how the user ran the checker: what the light checker that
// forwarded to this binary says (GOHUNTERS_NAME), "go run ./checker" for a
// binary go run built, else the name it was installed under.
func ProgramName(getenv func(string) string, arg0 string) string {
	if n := getenv("GOHUNTERS_NAME"); n != "" {
		return n
	}
	if strings.Contains(filepath.ToSlash(arg0), "/go-build") {
		return "go run ./checker"
	}
	return filepath.Base(arg0)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

type hunter struct {
	Env
	lang     string
	interval time.Duration
	own      string
	save     string
	th       Thresholds
}

// Run runs hunt and returns its exit code.
func Run(ctx context.Context, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Name == "" {
		env.Name = "gohunters"
	}
	h := &hunter{Env: env, lang: i18n.Choose("", env.Getenv)}
	fs := h.flags()
	err := fs.Parse(env.Args)
	// --lang decides the language of everything after it, help and
	// errors included; a value that names no language is a usage error.
	if v := fs.Lookup("lang").Value.String(); v != "" {
		lang, ok := flagtext.Lang(v)
		if !ok {
			fmt.Fprintln(h.Stderr, "hunt: "+flagtext.LangError(h.lang, v))
			return ExitBadInput
		}
		h.lang = lang
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			h.usage(fs)
			return ExitClean
		}
		h.errorf(MsgBadFlag, flagtext.Error(h.lang, err), h.Name)
		return ExitBadInput
	}
	targets := fs.Args()
	switch {
	case len(targets) == 1 && isURL(targets[0]):
		return h.live(ctx, targets[0])
	case len(targets) == 0:
		h.errorf(MsgTargets, h.Name)
		return ExitBadInput
	}
	for _, t := range targets {
		if isURL(t) {
			h.errorf(MsgTargets, h.Name)
			return ExitBadInput
		}
	}
	return h.files(targets)
}

func (h *hunter) flags() *flag.FlagSet {
	fs := flag.NewFlagSet("hunt", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.DurationVar(&h.interval, "interval", 10*time.Second, MsgFlagInterval)
	fs.StringVar(&h.own, "own", "", MsgFlagOwn)
	fs.StringVar(&h.save, "save", "", MsgFlagSave)
	fs.IntVar(&h.th.Count, "min-count", 100, MsgFlagCount)
	fs.IntVar(&h.th.Growth, "min-growth", 10, MsgFlagGrowth)
	fs.IntVar(&h.th.Minutes, "min-minutes", 10, MsgFlagMinutes)
	fs.String("lang", "", MsgFlagLang)
	return fs
}

func (h *hunter) usage(fs *flag.FlagSet) {
	fmt.Fprintf(h.Stdout, h.t(MsgUsage), h.Name)
	flagtext.PrintDefaults(h.Stdout, fs, h.lang, h.t)
	fmt.Fprint(h.Stdout, h.t(MsgExitCodes))
}

func (h *hunter) t(msg string) string { return editions.T(h.lang, msg) }

func (h *hunter) errorf(msg string, args ...any) {
	fmt.Fprintf(h.Stderr, "hunt: "+editions.T(h.lang, msg)+"\n", args...)
}

func (h *hunter) scope() Scope {
	var s Scope
	for _, p := range strings.Split(h.own, ",") {
		if p = strings.TrimSpace(p); p != "" {
			s.Own = append(s.Own, p)
		}
	}
	return s
}

// isURL: a URL names its scheme; "host:port" that is no file is one too.
func isURL(arg string) bool {
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
		return true
	}
	if _, err := os.Stat(arg); err == nil {
		return false
	}
	host, port, ok := strings.Cut(arg, ":")
	return ok && host != "" && !strings.ContainsAny(host, `/\`) && port != "" && port[0] >= '0' && port[0] <= '9'
}

// readErr reports input that is no dump, and returns ExitBadInput.
func (h *hunter) readErr(source string, err error) int {
	var nd *NotDumpError
	if errors.As(err, &nd) {
		h.errorf(MsgNotDump, source, nd.In(h.lang))
	} else {
		h.errorf(MsgUnreadable, source, err)
	}
	return ExitBadInput
}

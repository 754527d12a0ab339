// Package cli is the checker's command line: it parses arguments, finds the
// repository, and wires the catalogue, the runner, the grader and the renderer
// into the list, check, watch, hint, reset, solution and report commands.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gohunters/checker/internal/judge"
	"gohunters/checker/internal/repo"
	"gohunters/checker/internal/runner"
	"gohunters/checker/internal/ui"
	"gohunters/internal/catalogue"
	"gohunters/internal/i18n"
	"gohunters/internal/i18n/flagtext"
)

// Exit codes.
const (
	ExitPass        = 0
	ExitFail        = 1
	ExitUsage       = 2
	ExitInterrupted = 130
)

// Env is everything the checker takes from its process, so that tests can run
// it in-process on fixture repositories.
type Env struct {
	Args      []string
	Stdin     io.Reader // explain -: a go test -json stream
	Stdout    io.Writer
	Stderr    io.Writer
	Getenv    func(string) string
	Cwd       string
	TTY       bool // Stdout is a terminal
	ErrTTY    bool // Stderr is a terminal: show progress there
	Exercises []catalogue.Exercise
	// SumsText is the sums file the checker was built with
	// (catalogue.EmbeddedSums by default); the checksums it trusts come from the
	// git history when it can (catalogue.TrustedSums).
	SumsText string
	// Sums, when set, replaces the trusted checksums of the exercises (tests);
	// then no support files are checked.
	Sums      func(dir string) []catalogue.FileSum
	GoVersion func() (string, error) // the installed Go; by default, what go env says in the workshop
	// Toolchain says which Go the tests will run on (repo.TestToolchain by default):
	// it decides whether the runtime's goroutineleak profile is shown.
	Toolchain func(dir string, env []string) (repo.Toolchain, error)
	GoEnv     []string           // added to the environment of every go command the checker runs (tests)
	OnStart   func(pgid int)     // observes each go test process group (tests)
	OnEvent   func(runner.Event) // observes every test event (tests)
	Now       func() time.Time
	// ConfigDir and CacheDir are the user's directories for the checker's state
	// (hints, backups) and test binaries; os.UserConfigDir and os.UserCacheDir by default.
	ConfigDir, CacheDir func() (string, error)
	Shipped             fs.FS // the exercises as shipped (<dir>/<name>); pristine.FS() by default
	// NoInspect grades without looking at the learner's code first (tests of
	// the run-time defenses behind that look).
	NoInspect bool
	// Guard replaces how long a run may make no progress before it is
	// stopped (runner.Options.Guard; tests).
	Guard time.Duration
	// Busy says how busy the machine is, runnable tasks per CPU (runner.Busy
	// by default): the default per-test timeout is scaled by it (tests fake it).
	Busy func() float64
}

type flags struct {
	help, verbose, force, testsOnly, poll, all, jsonOut, noFast, noRuntime bool
	timeout                                                                time.Duration
	timeoutSet                                                             bool // --timeout was given (explain passes it through)
	memoryMB                                                               int
	memorySet                                                              bool // --memory was given (explain bounds nothing else)
	junit, name, lang                                                      string
}

type app struct {
	Env
	flags
	root  string
	goVer string
	out   *ui.Printer
	errp  *ui.Printer
	// view says whether the runtime's verdict is shown beside goleak's, decided
	// once, before the first run (viewKnown).
	view      judge.View
	viewKnown bool
	testGo    repo.Toolchain
	goEnv     repo.GoEnv // what the one go env said in the workshop
	rf        roomFlags
	testGoErr error
	support   []catalogue.FileSum // checksums of the files the tests depend on outside the exercises
	sumSource catalogue.Source
	tree      func(dir string) []string // the trusted test tree of each exercise
	sumsHash  string                    // the checksum of the trusted sums file: what every verdict was checked against
	// goCmdEnv is what every go command the checker runs to grade gets on top
	// of the process's environment: the tests' GoEnv, then the checker's
	// sanitized settings (runner.Sanitize), which win.
	goCmdEnv []string
	dropped  []string // the learner's settings Sanitize left out
	// droppedSaid: the dropped settings were named (once per run).
	droppedSaid bool
}

// Main runs the checker and returns its exit code.
func Main(ctx context.Context, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.SumsText == "" {
		env.SumsText = catalogue.EmbeddedSums()
	}
	if env.Exercises == nil {
		env.Exercises = catalogue.Exercises
	}
	if env.Toolchain == nil {
		env.Toolchain = repo.TestToolchain
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Busy == nil {
		env.Busy = runner.Busy
	}
	env.defaults()
	// Stacks name files by their real paths: a working directory reached
	// through a symlink (macOS's /tmp) must be seen the same way.
	if real, err := filepath.EvalSymlinks(env.Cwd); err == nil {
		env.Cwd = real
	}
	a := &app{Env: env}
	color := ui.UseColor(env.TTY, env.Getenv)
	a.out = &ui.Printer{W: env.Stdout, Color: color, TTY: env.TTY, Cwd: env.Cwd}
	a.errp = &ui.Printer{W: env.Stderr, Color: color, Cwd: env.Cwd}
	a.setLang("") // the locale's, until --lang is parsed

	fs := a.flagSet()
	if name, ok := firstCommand(fs, env.Args); ok && isOnline(name) {
		if !a.setLang(a.lang) {
			return ExitUsage
		}
		return a.forward(ctx, env.Args, env.Stdin)
	}
	fs = a.flagSet() // firstCommand parsed into the first set
	var pos []string
	rest := env.Args
	for {
		if err := fs.Parse(rest); err != nil {
			if !a.setLang(a.lang) {
				return ExitUsage
			}
			a.errp.Errorf(ui.MsgFlagUnknown, flagtext.Error(a.errp.Lang, err, a.errp.T))
			return ExitUsage
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		pos, rest = append(pos, rest[0]), rest[1:]
	}
	if !a.setLang(a.lang) {
		return ExitUsage
	}
	name := "list"
	if len(pos) > 0 {
		name, pos = pos[0], pos[1:]
	}
	cmd, ok := lookupCommand(name)
	if !ok {
		// "go run ./checker 3" means check 3.
		if _, isEx := a.lookup(name); !isEx {
			a.errp.Errorf(ui.MsgUnknownCommand, name)
			return ExitUsage
		}
		cmd, _ = lookupCommand("check")
		pos = append([]string{name}, pos...)
	}
	if cmd.online { // reached with flags before its name that the light checker knows
		return a.forward(ctx, env.Args, env.Stdin)
	}
	if cmd.name == "help" && len(pos) == 1 && isOnline(pos[0]) {
		return a.forward(ctx, []string{pos[0], "-h"}, env.Stdin)
	}
	if cmd.name == "help" || a.help {
		if len(env.Args) > 0 && !named(env.Args, cmd.name) {
			cmd = command{} // -h alone: the whole help, not list's
		}
		a.usage(fs, pos, cmd)
		return ExitPass
	}
	if code, ok := a.flagsOf(fs, cmd); !ok {
		return code
	}
	a.out.Verbose, a.out.MemoryMB = a.verbose, a.memoryMB
	if cmd.repo {
		if code, ok := a.setup(cmd.goCmd); !ok {
			return code
		}
	}
	return cmd.run(a, ctx, pos)
}

// flagsOf refuses, as a usage error, a flag that belongs to another command:
// check --listen is not accepted silently.
func (a *app) flagsOf(fs *flag.FlagSet, cmd command) (int, bool) {
	var wrong []string
	fs.Visit(func(f *flag.Flag) {
		if !globalFlags[f.Name] && !cmd.takes(f.Name) {
			wrong = append(wrong, f.Name)
		}
	})
	if len(wrong) == 0 {
		return 0, true
	}
	owners := ownersOf(wrong[0])
	if len(owners) == 0 {
		a.errp.Errorf(ui.MsgFlagNoCommand, wrong[0], cmd.name)
	} else {
		a.errp.Errorf(ui.MsgFlagNotFor, wrong[0], cmd.name, strings.Join(owners, ", "), cmd.name)
	}
	return ExitUsage, false
}

// flagSet declares every flag of every command (a command refuses the others'
// in flagsOf): flags may come before or after the command's name.
func (a *app) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("checker", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&a.help, "h", false, "show help")
	fs.BoolVar(&a.help, "help", false, "show help")
	fs.StringVar(&a.lang, "lang", "", "`language`: ja or en (default: from LC_ALL, LC_MESSAGES or LANG)")
	fs.BoolVar(&a.verbose, "v", false, "show the tests' full output")
	fs.BoolVar(&a.testsOnly, "tests", false, "reset: restore only the test files, keep your code")
	fs.BoolVar(&a.force, "force", false, "solution: show it even if the exercise does not pass yet")
	fs.BoolVar(&a.poll, "poll", false, "watch: poll for changes instead of using file-system notifications")
	fs.BoolVar(&a.all, "all", false, "list, report: also run the tests of exercises not started yet")
	fs.BoolVar(&a.jsonOut, "json", false, "report: write JSON to standard output")
	fs.StringVar(&a.name, "name", "", "report, --room: the `name` these results belong to (default: git config user.name)")
	fs.StringVar(&a.junit, "junit", "", "report, room: write JUnit XML to `FILE`")
	fs.BoolVar(&a.noFast, "no-fast", false, "run even a single exercise through go test -json (benchmarks, debugging)")
	fs.BoolVar(&a.noRuntime, "no-runtime", false, "do not ask the Go runtime's goroutineleak profile for its verdict on leaks")
	fs.Func("timeout", "per-exercise test `duration` (default 20s, longer on a busy machine; explain: go test's own)", func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil {
			// The English is the key flagtext.Error translates the reason by.
			return errors.New(ui.T(i18n.English, ui.MsgTimeoutValue))
		}
		a.timeout, a.timeoutSet = d, true
		return nil
	})
	a.timeout = 20 * time.Second
	a.roomFlags(fs)
	a.memoryMB = 2048
	fs.Func("memory", "the most memory, in `MB`, any process of a test run may use (0: no bound; default 2048, explain: none)", func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			// The English is the key flagtext.Error translates the reason by.
			return errors.New(ui.T(i18n.English, ui.MsgMemoryValue))
		}
		a.memoryMB, a.memorySet = n, true
		return nil
	})
	return fs
}

// usage prints the help: every command and flag, or with a command's name
// (help check, check -h) that command's line and the flags it takes.
func (a *app) usage(fs *flag.FlagSet, pos []string, cmd command) {
	if cmd.name == "help" && len(pos) == 1 {
		cmd, _ = lookupCommand(pos[0])
	}
	if cmd.name != "" && cmd.name != "help" {
		fmt.Fprintln(a.Stdout, a.out.T(cmd.usage))
		own := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
		fs.VisitAll(func(f *flag.Flag) {
			if globalFlags[f.Name] || cmd.takes(f.Name) {
				own.Var(f.Value, f.Name, f.Usage)
				own.Lookup(f.Name).DefValue = f.DefValue // as declared, not as parsed
			}
		})
		flagtext.PrintDefaults(a.Stdout, own, a.out.Lang, func(s string) string { return ui.FlagUsage(a.out.Lang, s) })
		return
	}
	fmt.Fprint(a.Stdout, a.out.T(ui.MsgUsage))
	for _, c := range commands {
		if c.usage != "" {
			fmt.Fprintln(a.Stdout, "\t"+a.out.T(c.usage))
		}
	}
	fmt.Fprint(a.Stdout, a.out.T(ui.MsgUsageTail))
	flagtext.PrintDefaults(a.Stdout, fs, a.out.Lang, func(s string) string { return ui.FlagUsage(a.out.Lang, s) })
	fmt.Fprint(a.Stdout, a.out.T(ui.MsgExitCodes))
}

// setLang chooses the language of every message: flag, else the locale. A
// flag that names no language the workshop speaks is a usage error, said in
// the locale's language; setLang reports false then.
func (a *app) setLang(flag string) bool {
	lang, ok := flagtext.Lang(flag)
	if !ok {
		a.errp.Errorf("%s", flagtext.LangError(a.errp.Lang, flag))
		return false
	}
	lang = i18n.Choose(lang, a.Getenv)
	a.out.Lang, a.errp.Lang = lang, lang
	return true
}

// setup finds the repository and, when the command runs Go, checks its version.
func (a *app) setup(needGo bool) (int, bool) {
	root, err := repo.Find(a.Cwd)
	if err != nil {
		a.errp.Errorf(ui.MsgNotInRepo, a.Cwd)
		return ExitUsage, false
	}
	a.root, a.out.Root, a.errp.Root = root, root, root
	if a.Sums == nil {
		sums, src, err := catalogue.TrustedSums(root, a.SumsText)
		if err != nil {
			a.errp.Errorf(ui.MsgSumsUnreadable, catalogue.SumsFile, err, a.errp.Path(catalogue.SumsFile, 0))
			return ExitUsage, false
		}
		a.Sums, a.support, a.sumSource = sums.Of, sums.Support(), src
		a.tree = func(dir string) []string { tests, _ := sums.Tree(dir); return tests }
		a.sumsHash = sums.Digest()
	}
	if !needGo {
		return 0, true
	}
	// Every go command that grades runs with the learner's environment minus
	// what would decide which tests run, what runs them or how the runtime
	// behaves under them (runner.Sanitize), the one go env below included.
	san := runner.Sanitize(append(os.Environ(), a.GoEnv...))
	a.goCmdEnv = append(append([]string(nil), a.GoEnv...), san.Env...)
	a.dropped = san.Dropped
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		a.errp.Errorf(ui.MsgNotInRepo, a.Cwd)
		return ExitUsage, false
	}
	want := repo.GoLine(string(mod))
	// One go env -json answers everything the checker asks the go command
	// before it builds: the Go, its settings, whether it can work here at all.
	ge, err := repo.LoadGoEnv(root, a.goCmdEnv)
	var goErr *repo.GoError
	switch {
	case errors.As(err, &goErr):
		settings := ""
		if set := a.goSettings(); set != "" {
			settings = fmt.Sprintf(a.errp.T(ui.MsgSetupGoEnv), set)
		}
		a.errp.Errorf(ui.MsgSetupGo, firstLines(goErr.Said, 3), settings)
		return ExitUsage, false
	case err != nil:
		a.errp.Errorf(ui.MsgNoGo, err, want)
		return ExitUsage, false
	}
	a.goEnv = ge
	have := ge.GOVERSION
	if a.GoVersion != nil {
		if have, err = a.GoVersion(); err != nil {
			a.errp.Errorf(ui.MsgNoGo, err, want)
			return ExitUsage, false
		}
	}
	a.goVer = have
	if want != "" && repo.Older(have, want) {
		a.errp.Errorf(ui.MsgGoTooOld, have, want, want, want)
		return ExitUsage, false
	}
	if strings.TrimSpace(ge.GOCACHE) == "off" {
		a.errp.Errorf(ui.MsgSetupNoCache)
		return ExitUsage, false
	}
	return 0, true
}

// lookup finds an exercise by number ("3", "03") or directory ("03_name",
// "exercises/03_name/").
func (a *app) lookup(name string) (catalogue.Exercise, bool) {
	num, err := strconv.Atoi(name)
	// A folder as the shell completes it names its exercise too:
	// exercises/03_name/, ./exercises/03_name, ../03_name from another exercise.
	name = path.Base(path.Clean(filepath.ToSlash(name)))
	for _, e := range a.Exercises {
		if (err == nil && e.Number == num) || e.Dir == name {
			return e, true
		}
	}
	return catalogue.Exercise{}, false
}

func (a *app) selectExercises(names []string) ([]catalogue.Exercise, bool) {
	if len(names) == 0 {
		return a.Exercises, true
	}
	var out []catalogue.Exercise
	for _, n := range names {
		e, ok := a.lookup(n)
		if !ok {
			a.errp.Errorf(ui.MsgUnknownExercise, n, len(a.Exercises))
			return nil, false
		}
		out = append(out, e)
	}
	return out, true
}

func (a *app) one(cmd string, names []string) (catalogue.Exercise, bool) {
	if len(names) != 1 {
		a.errp.Errorf(ui.MsgNeedExercise, cmd, cmd)
		return catalogue.Exercise{}, false
	}
	es, ok := a.selectExercises(names)
	if !ok {
		return catalogue.Exercise{}, false
	}
	return es[0], true
}

func (a *app) exDir(e catalogue.Exercise) string {
	return e.DirIn(a.root)
}

// Package cli is the checker's command line: it parses arguments, finds the
// repository, and wires the catalogue, the runner, the grader and the renderer
// into the list, check, watch, hint, reset, solution and report commands.
package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"time"

	"gohunters/checker/internal/grade"
	"gohunters/checker/internal/repo"
	"gohunters/checker/internal/runner"
	"gohunters/checker/internal/ui"
	"gohunters/internal/catalogue"
	"gohunters/internal/i18n"
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
	GoVersion func() (string, error) // the installed Go; repo.InstalledGo by default
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
	// Online runs the online binary's commands (serve, room, post): go run
	// ./checker/online by default.
	Online Online
}

type flags struct {
	help, verbose, force, testsOnly, poll, all, jsonOut, noFast, noRuntime bool
	timeout                                                                time.Duration
	memoryMB                                                               int
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
	view      grade.View
	viewKnown bool
	testGo    repo.Toolchain
	rf        roomFlags
	testGoErr error
	support   []catalogue.FileSum // checksums of the files the tests depend on outside the exercises
	sumSource catalogue.Source
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
	if env.GoVersion == nil {
		env.GoVersion = repo.InstalledGo
	}
	if env.Toolchain == nil {
		env.Toolchain = repo.TestToolchain
	}
	if env.Now == nil {
		env.Now = time.Now
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

	fs := flag.NewFlagSet("checker", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&a.help, "h", false, "show help")
	fs.BoolVar(&a.help, "help", false, "show help")
	fs.BoolVar(&a.verbose, "v", false, "show the tests' full output")
	fs.BoolVar(&a.testsOnly, "tests", false, "reset: restore only the test files, keep your code")
	fs.BoolVar(&a.force, "force", false, "solution: show it even if the exercise does not pass yet")
	fs.BoolVar(&a.poll, "poll", false, "watch: poll for changes instead of using file-system notifications")
	fs.BoolVar(&a.all, "all", false, "list, report: also run the tests of exercises not started yet")
	fs.BoolVar(&a.jsonOut, "json", false, "report: write JSON to standard output")
	fs.StringVar(&a.name, "name", "", "report, --room: who these results belong to (default: git config user.name)")
	fs.StringVar(&a.junit, "junit", "", "report, room: write JUnit XML to `FILE`")
	fs.BoolVar(&a.noFast, "no-fast", false, "run even a single exercise through go test -json (benchmarks, debugging)")
	fs.BoolVar(&a.noRuntime, "no-runtime", false, "do not ask the Go runtime's goroutineleak profile for its verdict on leaks")
	fs.DurationVar(&a.timeout, "timeout", 20*time.Second, "per-exercise test timeout")
	fs.StringVar(&a.lang, "lang", "", "language: ja or en (default: from LC_ALL, LC_MESSAGES or LANG)")
	a.roomFlags(fs)
	fs.IntVar(&a.memoryMB, "memory", 2048, "the most memory, in `MB`, any process of a test run may use (0: no bound)")

	// The trainer's commands run in the online binary, with all their arguments.
	if args, ok := forwarded(fs, env.Args); ok {
		return a.online(ctx, env.Stdin, args...)
	}

	var pos []string
	rest := env.Args
	for {
		if err := fs.Parse(rest); err != nil {
			a.errp.Errorf(ui.MsgFlagUnknown, err)
			return ExitUsage
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		pos, rest = append(pos, rest[0]), rest[1:]
	}
	a.setLang(a.lang)
	cmd := "list"
	if len(pos) > 0 {
		cmd, pos = pos[0], pos[1:]
	}
	if a.help || cmd == "help" {
		a.usage(fs)
		return ExitPass
	}
	a.out.Verbose, a.out.MemoryMB = a.verbose, a.memoryMB

	commands := map[string]func(context.Context, []string) int{
		"list": a.list, "check": a.check, "watch": a.watch, "hint": a.hint,
		"reset": a.reset, "restore": a.restore, "solution": a.solution, "report": a.report,
	}
	if cmd == "explain" { // any Go module: no workshop needed
		return a.explainCmd(ctx, pos)
	}
	run, ok := commands[cmd]
	if !ok {
		// "go run ./checker 3" means check 3.
		if _, isEx := a.lookup(cmd); isEx {
			run, pos = a.check, append([]string{cmd}, pos...)
		} else {
			a.errp.Errorf(ui.MsgUnknownCommand, cmd)
			return ExitUsage
		}
	}
	if code, ok := a.setup(cmd != "hint" && cmd != "reset" && cmd != "restore"); !ok {
		return code
	}
	return run(ctx, pos)
}

func (a *app) usage(fs *flag.FlagSet) {
	fmt.Fprint(a.Stdout, a.out.T(ui.MsgUsage))
	fs.SetOutput(a.Stdout)
	fs.VisitAll(func(f *flag.Flag) { f.Usage = ui.FlagUsage(a.out.Lang, f.Usage) })
	fs.PrintDefaults()
	fmt.Fprint(a.Stdout, a.out.T(ui.MsgExitCodes))
}

// setLang chooses the language of every message: flag, else the locale.
func (a *app) setLang(flag string) {
	lang := i18n.Choose(flag, a.Getenv)
	a.out.Lang, a.errp.Lang = lang, lang
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
	}
	if !needGo {
		return 0, true
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		a.errp.Errorf(ui.MsgNotInRepo, a.Cwd)
		return ExitUsage, false
	}
	want := repo.GoLine(string(mod))
	have, err := a.GoVersion()
	if err != nil {
		a.errp.Errorf(ui.MsgNoGo, err, want)
		return ExitUsage, false
	}
	a.goVer = have
	if want != "" && repo.Older(have, want) {
		a.errp.Errorf(ui.MsgGoTooOld, have, want, want, want)
		return ExitUsage, false
	}
	return a.preflight()
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

package room

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"gohunters/checker/internal/cmdenv"
	"gohunters/checker/internal/repo"
	"gohunters/checker/internal/state"
	"gohunters/internal/i18n"
	"gohunters/internal/i18n/flagtext"
)

// Exit codes, as the checker's.
const (
	ExitPass  = 0
	ExitFail  = 1
	ExitUsage = 2
)

// cmd is one run of a room command: its environment, flags and language.
type cmd struct {
	env  cmdenv.Env
	name string // serve, room, post
	args string // MsgArgs*: what follows the flags, for -h
	fs   *flag.FlagSet
	lang string
	flag string // --lang
}

func newCmd(env cmdenv.Env, name, args string) *cmd {
	c := &cmd{env: env.Defaults(), name: name, args: args, fs: flag.NewFlagSet(name, flag.ContinueOnError)}
	c.fs.SetOutput(io.Discard)
	c.fs.StringVar(&c.flag, "lang", "", MsgFlagLang)
	c.lang = i18n.Choose("", c.env.Getenv)
	return c
}

// parse reads the flags, wherever they stand among the arguments, and returns
// the arguments; ok is false (with the exit code) for -h or a bad flag.
func (c *cmd) parse(args []string) (pos []string, code int, ok bool) {
	var help bool
	c.fs.BoolVar(&help, "h", false, "")
	c.fs.BoolVar(&help, "help", false, "")
	rest := args
	for {
		if err := c.fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				help = true
				break
			}
			if !c.setLang() {
				return nil, ExitUsage, false
			}
			c.errorf(MsgBadFlag, flagtext.Error(c.lang, err), c.name)
			return nil, ExitUsage, false
		}
		rest = c.fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "-" { // standard input, an argument
			pos, rest = append(pos, "-"), rest[1:]
			continue
		}
		pos, rest = append(pos, rest[0]), rest[1:]
	}
	if !c.setLang() {
		return nil, ExitUsage, false
	}
	if help {
		c.usage()
		return nil, ExitPass, false
	}
	return pos, 0, true
}

// setLang takes the language from --lang, else the locale; a --lang that
// names no language the workshop speaks is a usage error, said in the
// locale's language.
func (c *cmd) setLang() bool {
	lang, ok := flagtext.Lang(c.flag)
	if !ok {
		fmt.Fprintln(c.env.Stderr, "checker: "+flagtext.LangError(c.lang, c.flag))
		return false
	}
	c.lang = i18n.Choose(lang, c.env.Getenv)
	return true
}

func (c *cmd) usage() {
	w := c.env.Stdout
	fmt.Fprintf(w, c.t(MsgOnlineFlags), c.name, c.t(c.args))
	c.fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "h" || f.Name == "help" {
			return
		}
		name, usage := flag.UnquoteUsage(&flag.Flag{Usage: c.t(f.Usage), DefValue: f.DefValue, Value: f.Value})
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintf(w, "%s\n    \t%s", line, strings.ReplaceAll(usage, "\n", "\n    \t"))
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "0s" && f.DefValue != "[]" {
			fmt.Fprintf(w, flagtext.T(c.lang, flagtext.MsgDefault), f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

func (c *cmd) t(msg string) string { return T(c.lang, msg) }

// errorf says what went wrong, on standard error.
func (c *cmd) errorf(msg string, args ...any) {
	fmt.Fprintln(c.env.Stderr, "checker: "+fmt.Sprintf(c.t(msg), args...))
}

// printf says something on standard output.
func (c *cmd) printf(msg string, args ...any) {
	fmt.Fprintln(c.env.Stdout, fmt.Sprintf(c.t(msg), args...))
}

// cloneStore is the store of the clone the command runs in, as the checker
// finds it: the user's configuration directory, or the tree without one.
func (c *cmd) cloneStore() (state.Store, bool) {
	root, err := repo.Find(c.env.Cwd)
	if err != nil {
		c.errorf(MsgNotInRepo, c.env.Cwd)
		return state.Store{}, false
	}
	dir, err := c.env.ConfigDir()
	if err != nil {
		dir = ""
	}
	return state.Locate(root, dir), true
}

// names is a repeatable string flag.
type names []string

func (n *names) String() string     { return strings.Join(*n, ", ") }
func (n *names) Set(v string) error { *n = append(*n, v); return nil }

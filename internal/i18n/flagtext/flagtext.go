// Package flagtext says what the flag package says, in the workshop's
// languages: a command's flags for -h (each once, with its value name and
// default in the reader's language), a flag error, and the --lang value
// itself, which must name a language the workshop is written in.
//
// The checker, the demo and the online commands share it, so that a
// Japanese session's help and errors are Japanese whichever command prints
// them.
package flagtext

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"

	"golang.org/x/text/language"

	"gohunters/internal/i18n"
)

// What this package prints, in English; messages_ja.go has the Japanese.
const (
	MsgDefault       = " (default %s)" // after the description
	MsgUndefined     = "flag provided but not defined: -%s"
	MsgNeedsArgument = "flag -%s needs a value"
	MsgBadSyntax     = "bad flag syntax: %s"
	MsgBadValue      = "invalid value %s for flag -%s: %s"
	MsgBadBool       = "invalid value %s for flag -%s: it takes true or false"
	MsgParseError    = "not a valid value of its kind"
	MsgOutOfRange    = "out of range"
	MsgUnknownLang   = "unknown language %q for --lang: the workshop speaks en (English) and ja (Japanese)"

	// Value names, for a flag whose description names none in backquotes.
	MsgValueString   = "string"
	MsgValueInt      = "int"
	MsgValueUint     = "uint"
	MsgValueFloat    = "float"
	MsgValueDuration = "duration"
	MsgValue         = "value"
)

var editions = i18n.Editions{i18n.Japanese: jaMessages}

// T returns msg, one of the Msg constants, in lang.
func T(lang, msg string) string { return editions.T(lang, msg) }

// valueNames are the names flag.UnquoteUsage gives a flag's value by its type.
var valueNames = map[string]string{
	"string": MsgValueString, "int": MsgValueInt, "uint": MsgValueUint,
	"float": MsgValueFloat, "duration": MsgValueDuration, "value": MsgValue,
}

// PrintDefaults writes fs's flags as flag.PrintDefaults does, in lang: each
// flag's description translated by t (nil: as declared), its value name (the
// description's backquoted word, else its type in lang), and its default
// when it is not the zero value. -h and -help are left out (the usage text
// says how to get help), as are the flags named in hide.
func PrintDefaults(w io.Writer, fs *flag.FlagSet, lang string, t func(string) string, hide ...string) {
	if t == nil {
		t = func(s string) string { return s }
	}
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "h" || f.Name == "help" || contains(hide, f.Name) {
			return
		}
		name, usage := flag.UnquoteUsage(&flag.Flag{Name: f.Name, Usage: t(f.Usage), Value: f.Value, DefValue: f.DefValue})
		if n, ok := valueNames[name]; ok && !strings.Contains(t(f.Usage), "`") {
			name = T(lang, n)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "  -%s", f.Name)
		if name != "" {
			b.WriteString(" " + name)
		}
		// Short names of boolean flags fit on the line, as flag does it.
		if b.Len() <= 4 {
			b.WriteString("\t")
		} else {
			b.WriteString("\n    \t")
		}
		b.WriteString(strings.ReplaceAll(usage, "\n", "\n    \t"))
		if !isZero(f) {
			def := f.DefValue
			if isString(f) {
				def = fmt.Sprintf("%q", def)
			}
			b.WriteString(fmt.Sprintf(T(lang, MsgDefault), def))
		}
		fmt.Fprintln(w, b.String())
	})
}

func contains(names []string, name string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// isZero reports whether f's default is its type's zero value, which
// flag.PrintDefaults leaves unsaid.
func isZero(f *flag.Flag) bool {
	switch f.DefValue {
	case "", "false", "0", "0s", "[]", "<nil>":
		return true
	}
	return false
}

func isString(f *flag.Flag) bool {
	name, _ := flag.UnquoteUsage(&flag.Flag{Value: f.Value})
	return name == "string"
}

var (
	undefined     = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	needsArgument = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
	badSyntax     = regexp.MustCompile(`^bad flag syntax: (.*)$`)
	badBool       = regexp.MustCompile(`^invalid boolean value (".*") for -+(\S+): `)
	badValue      = regexp.MustCompile(`^invalid value (".*") for flag -+(\S+): (.*)$`)
)

// Error says what a flag.FlagSet's Parse error means, in lang; "" for
// flag.ErrHelp, which is no error. A flag whose value a func of the
// command's checks gives its reason as the error's text; t, when given,
// translates that reason (a message of the command's own).
func Error(lang string, err error, t ...func(string) string) string {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return ""
	}
	s := err.Error()
	switch {
	case undefined.MatchString(s):
		return fmt.Sprintf(T(lang, MsgUndefined), undefined.FindStringSubmatch(s)[1])
	case needsArgument.MatchString(s):
		return fmt.Sprintf(T(lang, MsgNeedsArgument), needsArgument.FindStringSubmatch(s)[1])
	case badSyntax.MatchString(s):
		return fmt.Sprintf(T(lang, MsgBadSyntax), badSyntax.FindStringSubmatch(s)[1])
	case badBool.MatchString(s):
		m := badBool.FindStringSubmatch(s)
		return fmt.Sprintf(T(lang, MsgBadBool), m[1], m[2])
	case badValue.MatchString(s):
		m := badValue.FindStringSubmatch(s)
		reason := m[3]
		switch {
		case reason == "parse error", strings.HasPrefix(reason, "time: "), strings.HasPrefix(reason, "strconv."):
			reason = T(lang, MsgParseError)
		case reason == "value out of range":
			reason = T(lang, MsgOutOfRange)
		case len(t) > 0:
			reason = t[0](reason)
		}
		return fmt.Sprintf(T(lang, MsgBadValue), m[1], m[2], reason)
	}
	return s
}

// Languages lists the --lang values the workshop speaks, for a usage error.
var Languages = []string{i18n.English, i18n.Japanese}

// Lang reads a --lang value: "" when it was not given, else the language it
// names, as a language code or a locale ("ja", "ja_JP.UTF-8", "en-GB"; "jp",
// the country's code, is taken for Japanese). ok is false for a value that
// names no language the workshop is written in.
func Lang(value string) (lang string, ok bool) {
	v := strings.ToLower(strings.TrimSpace(value))
	switch v {
	case "":
		return "", true
	case "jp", "japanese", "日本語":
		return i18n.Japanese, true
	case "english":
		return i18n.English, true
	}
	if i := strings.IndexAny(v, ".@"); i >= 0 {
		v = v[:i]
	}
	tag, err := language.Parse(strings.ReplaceAll(v, "_", "-"))
	if err != nil {
		return "", false
	}
	base, _ := tag.Base()
	for _, l := range Languages {
		if b, _ := language.Make(l).Base(); b == base {
			return l, true
		}
	}
	return "", false
}

// LangError is the usage error for a --lang value Lang refuses, in lang (the
// locale's language: the flag's own is unknown).
func LangError(lang, value string) string {
	return fmt.Sprintf(T(lang, MsgUnknownLang), value)
}

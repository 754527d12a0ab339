// Package i18n chooses the language the checker speaks: the --lang flag first,
// then the locale environment (LC_ALL, LC_MESSAGES, LANG, in POSIX order),
// English when none of them names a language the workshop is written in.
package i18n

import (
	"strings"

	"golang.org/x/text/language"
)

// The languages the workshop is written in, as the catalogue and the checker's
// messages name them.
const (
	English  = "en"
	Japanese = "ja"
)

// Supported lists them in order of preference when nothing matches: English first.
var Supported = []string{English, Japanese}

var matcher = language.NewMatcher([]language.Tag{language.English, language.Japanese})

// Choose returns the language for flag (the --lang value, "" when not given) and
// the locale variables read through getenv.
func Choose(flag string, getenv func(string) string) string {
	if flag != "" {
		return Match(flag)
	}
	// POSIX: the first of LC_ALL, LC_MESSAGES, LANG that is set decides.
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			return Match(v)
		}
	}
	return English
}

// Match maps a language name or POSIX locale ("ja", "ja-JP", "ja_JP.UTF-8",
// "en_US@euro", "C") to a supported language, English when it matches none.
func Match(locale string) string {
	tag, err := language.Parse(posixToBCP47(locale))
	if err != nil {
		return English
	}
	_, i, conf := matcher.Match(tag)
	if conf == language.No {
		return English
	}
	return Supported[i]
}

// posixToBCP47 turns "ja_JP.UTF-8@euro" into "ja-JP"; "C" and "POSIX" mean no
// language at all.
func posixToBCP47(s string) string {
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	if s == "C" || s == "POSIX" {
		return "und"
	}
	return strings.ReplaceAll(s, "_", "-")
}

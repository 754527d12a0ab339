package ui

import (
	"gohunters/checker/internal/grade"
	"gohunters/internal/i18n"
)

// The English text of a message is its Msg constant in messages.go; other
// languages map that constant to their text (messages_ja.go). Every place that
// prints a Msg constant passes it through T, so a new constant needs nothing
// but its translations (TestEveryMessageTranslated lists the missing ones).

var editions = map[string]struct {
	msgs   map[string]string
	status map[grade.Status]string
	state  map[string]string
	flags  map[string]string
}{
	i18n.Japanese: {jaMessages, jaStatusText, jaStateText, jaFlagUsage},
}

// T returns msg, one of the Msg constants, in lang; msg itself when lang is
// English or has no text for it.
func T(lang, msg string) string {
	if t, ok := editions[lang].msgs[msg]; ok {
		return t
	}
	return msg
}

// StatusIn names status s in lang.
func StatusIn(lang string, s grade.Status) string {
	if t, ok := editions[lang].status[s]; ok {
		return t
	}
	return StatusText[s]
}

// StateIn explains the goroutine state s (as the runtime names it) in lang.
func StateIn(lang, s string) (string, bool) {
	if t, ok := editions[lang].state[s]; ok {
		return t, true
	}
	t, ok := StateText[s]
	return t, ok
}

// T returns msg in the printer's language.
func (p *Printer) T(msg string) string { return T(p.Lang, msg) }

// FlagUsage returns a command-line flag's usage text (English, as declared) in lang.
func FlagUsage(lang, usage string) string {
	if t, ok := editions[lang].flags[usage]; ok {
		return t
	}
	return usage
}

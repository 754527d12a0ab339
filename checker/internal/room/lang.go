package room

import (
	"gohunters/internal/i18n"
)

// The English text of a message is its Msg constant in messages.go; other
// languages map that text to theirs (messages_ja.go), as checker/internal/ui
// does. Everything the room's commands print passes through T; the live
// page's words are in static/room.js and its two index pages.

var editions = i18n.Editions{i18n.Japanese: jaMessages}

// T returns msg, one of the Msg constants, in lang; msg itself when lang is
// English or has no text for it.
func T(lang, msg string) string { return editions.T(lang, msg) }

// Tf formats msg, one of the Msg constants, in lang.
func Tf(lang, msg string, args ...any) string { return editions.Tf(lang, msg, args...) }

// Help returns msg (one of the MsgCmd constants) in a language, for the
// online binary's usage.
func Help(msg string) func(lang string) string {
	return func(lang string) string { return T(lang, msg) }
}

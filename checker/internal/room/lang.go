package room

import (
	"gohunters/internal/i18n"
)

// The English text of a message is its Msg constant in messages.go; other
// languages map that text to theirs (messages_ja.go), as checker/internal/ui
// does. The terminal's grid, the trainer's card and what --room says to a
// learner pass every Msg constant through T; the room's web page is English.

var editions = i18n.Editions{i18n.Japanese: jaMessages}

// T returns msg, one of the Msg constants, in lang; msg itself when lang is
// English or has no text for it.
func T(lang, msg string) string { return editions.T(lang, msg) }

// Tf formats msg, one of the Msg constants, in lang.
func Tf(lang, msg string, args ...any) string { return editions.Tf(lang, msg, args...) }

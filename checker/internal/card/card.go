// Package card prints an exercise's trainer card (hint N --trainer): its
// timing, the wrong fixes people try with what the checker says to each, and
// the debrief. It lives apart from the room so that the learner's checker
// compiles none of the room's server.
package card

import (
	"fmt"
	"io"

	"gohunters/internal/catalogue"
	"gohunters/internal/i18n"
)

var editions = i18n.Editions{i18n.Japanese: jaMessages}

// T returns msg, one of the Msg constants, in lang.
func T(lang, msg string) string { return editions.T(lang, msg) }

// Write prints exercise e's trainer card in lang and reports whether it has
// one; without one it says so.
func Write(w io.Writer, e catalogue.Exercise, lang string) bool {
	t := func(msg string) string { return T(lang, msg) }
	card, ok := catalogue.TrainerCardIn(e.Dir, lang)
	if !ok {
		fmt.Fprintf(w, t(MsgCardNone)+"\n", e.Number)
		return false
	}
	fmt.Fprintf(w, t(MsgCardHeader)+"\n\n", e.Number, e.In(lang).Title, card.Minutes)
	if len(card.WrongFixes) > 0 {
		fmt.Fprintln(w, t(MsgCardWrongFix))
		for _, f := range card.WrongFixes {
			fmt.Fprintf(w, t(MsgCardFix)+"\n", f.Try)
			fmt.Fprintf(w, t(MsgCardSays)+"\n", f.Checker)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, t(MsgCardDebrief))
	for _, p := range card.Debrief {
		fmt.Fprintf(w, t(MsgCardPoint)+"\n", p)
	}
	return true
}

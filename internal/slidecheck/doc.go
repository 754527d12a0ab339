// Package slidecheck holds the test that keeps the workshop's slide decks
// (slides/*.slide, golang.org/x/tools/present format) honest: every deck parses,
// every embedded code range still exists in exercises/ and solutions/, every
// slide has speaker notes, and every catalogue exercise is shown in some deck.
//
// An exercise counts as shown when a deck embeds one of its files with .code or
// .play (exercises/NN_name/... or solutions/NN_name/...), or names it in the text
// as "Exercise NN" on a line that also carries its catalogue title. Either way the
// slides never repeat a goal or a hint: those live in the catalogue only.
package slidecheck

package i18n

import "github.com/mattn/go-runewidth"

// NarrowAmbiguous makes go-runewidth, which aligns the checker's columns,
// count the characters Unicode calls East Asian "ambiguous" (·, ×, →, …) as one
// terminal column, as terminals draw them by default, also in a Japanese
// locale, where go-runewidth would count two and push every column of the
// room's grid and the exercise list out of line. Wide characters (kana,
// kanji) still count two. RUNEWIDTH_EASTASIAN=1, for a terminal set to draw
// ambiguous characters wide, keeps go-runewidth's count.
func NarrowAmbiguous(getenv func(string) string) {
	if getenv("RUNEWIDTH_EASTASIAN") == "" {
		runewidth.DefaultCondition.EastAsianWidth = false
	}
}

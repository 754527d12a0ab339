package i18n

import (
	"regexp"
	"strings"
	"unicode"
)

// The checks below are what the completeness tests of each edition share: no
// Japanese in the English edition, and no English sentence left untranslated in
// the Japanese one. Commands, Go identifiers, code and tool output may stay in
// Latin script in both.

// HasJapanese reports whether s contains kana or kanji.
func HasJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

var (
	// What may stay as it is in a Japanese text: `code`, "quoted code", URLs,
	// shell commands up to the next Japanese character, // code comments.
	codeSpans = regexp.MustCompile("`[^`]*`" +
		`|"[^"]*"` +
		`|https?://\S+` +
		`|(?:go (?:run|test|vet|tool|build|get)|git|GOTOOLCHAIN=|GOEXPERIMENT=|LANG=|diff )[^\p{Han}\p{Hiragana}\p{Katakana}（(、。]*` +
		`|//[^\p{Han}\p{Hiragana}\p{Katakana}]*`)
	// Four or more Latin words (with numbers and fmt verbs) in a row.
	latinRun = regexp.MustCompile(`[\w%'.-]+(?:[ ,;:]+[\w%'.-]+){3,}`)
	// Words that only a sentence has; identifiers and tool output rarely do.
	functionWords = map[string]bool{
		"the": true, "a": true, "an": true, "to": true, "of": true, "is": true, "are": true,
		"and": true, "for": true, "in": true, "on": true, "with": true, "not": true,
		"every": true, "that": true, "it": true, "its": true, "your": true, "you": true,
		"this": true, "be": true, "by": true, "from": true, "when": true, "was": true,
		"each": true, "over": true, "all": true, "or": true, "at": true, "after": true,
		"before": true, "has": true, "have": true, "will": true, "can": true, "which": true,
		"what": true, "who": true, "there": true, "no": true, "does": true, "until": true,
	}
)

// EnglishSentence returns a stretch of s that reads as an untranslated English
// sentence (four or more Latin words, two of them words only a sentence has,
// outside code, quotes, URLs and commands), or "" when there is none.
func EnglishSentence(s string) string {
	s = codeSpans.ReplaceAllString(s, " ")
	for _, run := range latinRun.FindAllString(s, -1) {
		n := 0
		for _, w := range strings.FieldsFunc(run, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == ':' }) {
			if functionWords[strings.ToLower(w)] {
				n++
			}
		}
		if n >= 2 {
			return run
		}
	}
	return ""
}

// verb matches a fmt verb with an optional explicit argument index.
var verb = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// Verbs lists the fmt verbs of format by argument (1-based), so that a
// translation may reorder its arguments with %[n]s but not change them.
func Verbs(format string) map[int]string {
	out := map[int]string{}
	arg := 0
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			arg = atoi(m[1])
		} else {
			arg++
		}
		out[arg] += m[2]
	}
	return out
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

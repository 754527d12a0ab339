package jacheck

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gohunters/internal/catalogue"
)

// What is addressed to the learner speaks in です/ます: the READMEs of the
// root and the exercises, the generated exercise README's text, what the
// checker, the demo, hunt and the room print, and the catalogue's goals,
// clauses, hints and test messages. The decks' bullets (noun phrases and
// plain sentences, as slides are written), the trainer's texts (speaker
// notes, trainer cards, slides/README.ja.md) and code comments are not held
// to it here.
var polite = []string{
	"README.ja.md",
	"exercises/",
	"internal/catalogue/readmes.go",
	"checker/internal/",
}

var (
	// plainEnd matches a sentence that ends in the plain style: a verb or an
	// adjective in its dictionary or past form, or だ, である, よう.
	plainEnd = regexp.MustCompile(`(?:[るくぐすつぬぶむうたいだ]|である|ない|よう)$`)
	// politeEnd is what です/ます ends a sentence with.
	politeEnd = regexp.MustCompile(`(?:ます|です|ません|ました|でした|ください|ましょう|でしょう)$`)
	// sentence is one sentence, up to its 。, ! or ?.
	sentence = regexp.MustCompile(`[^。!?]*[。!?]`)
	// aside is a parenthesis at the end of a sentence, after its predicate.
	aside = regexp.MustCompile(`\([^()]*\)$`)
)

// plainSentences returns the sentences of prose that end in the plain
// style; whole is true when the end of the text ends a sentence too (a Go
// string, not a line of a paragraph). A short label ("回復しない", a
// status) is no sentence.
func plainSentences(prose string, whole bool) []string {
	var out []string
	check := func(s string) {
		s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), "。!?:"))
		for aside.MatchString(s) {
			s = strings.TrimSpace(aside.ReplaceAllString(s, ""))
		}
		if len([]rune(s)) >= 10 && hasJapanese(s) && plainEnd.MatchString(s) && !politeEnd.MatchString(s) {
			out = append(out, s)
		}
	}
	rest := prose
	for _, m := range sentence.FindAllStringIndex(prose, -1) {
		check(prose[m[0]:m[1]])
		rest = prose[m[1]:]
	}
	if whole {
		check(rest)
	}
	return out
}

func addressedToLearner(x text) bool {
	if x.comment || strings.HasPrefix(x.file, "internal/catalogue/ex") {
		return false // the catalogue is checked field by field below
	}
	return slices.ContainsFunc(polite, func(p string) bool { return x.file == p || strings.HasPrefix(x.file, p) })
}

// TestPoliteStyle: a sentence addressed to the learner ends in です/ます.
func TestPoliteStyle(t *testing.T) {
	var checked, failed, pending int
	report := func(where string, s string) {
		msg := fmt.Sprintf("%s: %q ends in the plain style; the learner is addressed in です/ます", where, tail(s))
		if slices.ContainsFunc(notYet, func(p string) bool { return strings.HasPrefix(where, p) }) {
			pending++
			t.Log("not yet: " + msg)
			return
		}
		failed++
		t.Error(msg)
	}
	for _, x := range japaneseTexts(t) {
		if !addressedToLearner(x) {
			continue
		}
		checked++
		for _, s := range plainSentences(x.prose, strings.HasSuffix(x.file, ".go")) {
			report(x.String(), s)
		}
	}
	for _, e := range catalogue.Exercises {
		entry, _ := catalogue.EntryOf(e.Dir)
		file := fmt.Sprintf("internal/catalogue/ex%02d.go", e.Number)
		fields := map[string]string{"Goal": entry.Ja.Goal}
		for i, c := range entry.Ja.Clauses {
			fields[fmt.Sprintf("Clauses[%d]", i)] = c
		}
		for i, h := range entry.Ja.Hints {
			fields[fmt.Sprintf("Hints[%d]", i)] = h
		}
		for en, ja := range entry.Messages {
			fields[fmt.Sprintf("Messages[%q]", en)] = ja
		}
		for name, s := range fields {
			checked++
			for _, p := range plainSentences(mask(s), true) {
				report(file+" "+name, p)
			}
		}
	}
	t.Logf("%d texts addressed to the learner; %d finding(s), %d more in files not yet in line", checked, failed, pending)
}

// tail is the end of a sentence, where its style shows.
func tail(s string) string {
	r := []rune(s)
	if len(r) > 30 {
		return "…" + string(r[len(r)-30:])
	}
	return s
}

func TestPlainSentences(t *testing.T) {
	for text, want := range map[string]int{
		"テストを実行します。":               0,
		"演習のテストを実行して採点する。":         1,
		"実行しました。失敗しませんでした。":        0,
		"この演習にはヒントはない。次の演習を見てみよう。": 2,
		"完了": 0,
		"演習 3 を採点します(指定なしなら全部)":                     0,
		"保存するたびに演習を採点し直す":                           1,
		"見事な goroutine ハントだった!":                     1,
		"Run が return した時点で、すべて終了している(キーがいくつあっても)。": 1,
		"ゴール: %s": 0,
	} {
		if got := plainSentences(text, true); len(got) != want {
			t.Errorf("%q: %d plain sentence(s) %q, want %d", text, len(got), got, want)
		}
	}
}

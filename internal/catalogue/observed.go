package catalogue

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"gohunters/internal/words"
)

// A test that finds a clause of the goal broken prints the clause and what
// it observed, in English (package goal):
//
//	goal clause 2 not met: <the clause>
//	observed: <the test's message, formatted>
//
// In another language the checker shows the clause from the catalogue and the
// observation rendered from the exercise's Messages: the printed text is
// matched against the English format it came from, and the values it printed
// are put into the translation's verbs, as they were printed.

// ClauseIn returns clause n (from 1) of the exercise's goal in lang, and
// whether the catalogue has it.
func (e Entry) ClauseIn(lang string, n int) (string, bool) {
	cs := e.Edition(lang).Clauses
	if n < 1 || n > len(cs) || cs[n-1] == "" {
		return "", false
	}
	return cs[n-1], true
}

// jaObserved is the Japanese of the words package goal's checks add after
// the test's own words.
var jaObserved = map[string]string{
	words.ObservedGotWant:    "%s: 実際は %#v、期待したのは %#v",
	words.ObservedGotError:   "%s: エラー %q が返りました",
	words.ObservedNoError:    "%s: エラーが返りませんでした。%q に一致するエラーを期待していました",
	words.ObservedWrongError: "%s: エラー %q が返りました。%q には一致しません",
}

// jaHelpers is the Japanese of what the workshop's test helpers (package
// leakcheck) and goleak print, the same for every exercise and module: a
// synctest bubble's leak, a call that did not return in time, goroutines
// still running when a call returned, goleak's report (its goroutines are
// shown apart). TestHelpersInJapanese holds the formats to what they print.
var jaHelpers = map[string]string{
	words.GoleakReport + ":":   "goleak が想定外の goroutine を見つけました:",
	words.BubbleReport + " %q": "goroutine リーク: synctest の報告 %q",
	"%s did not return within %v: " + words.WithinReport + " (a leaked goroutine)": "%s が %v 以内に戻りませんでした: ずっとブロックしたままです(リークした goroutine)",
	// leakcheck prints words.StillRunning through a verb; it is matched as words.
	"%d goroutine(s) started by the code under test " + words.StillRunning + " %s returned:\n%s": "テスト対象のコードが起動した goroutine のうち %d 個が、%s が戻った時点でまだ動いていました:\n%s",
	// The same, its goroutines shown apart (a clause's observation).
	"%d goroutine(s) started by the code under test " + words.StillRunning + " %s returned:": "テスト対象のコードが起動した goroutine のうち %d 個が、%s が戻った時点でまだ動いていました:",
}

// ObservedIn renders observed, the text a test printed after "observed: ",
// in lang: the translation of the format it was printed from, with the values
// it printed. ok is false when lang is English, or when no format of the
// exercise's tests or the workshop's helpers prints that text (the caller
// shows the English then).
func (e Entry) ObservedIn(lang, observed string) (string, bool) {
	if lang != "ja" {
		return "", false
	}
	for en, ja := range jaHelpers {
		if args, ok := match(en, observed); ok {
			return render(ja, args), true
		}
	}
	if len(e.Messages) == 0 {
		return "", false
	}
	// A check of package goal: the test's words, then what it compared.
	for en, ja := range jaObserved {
		args, ok := match(en, observed)
		if !ok {
			continue
		}
		inner, ok := e.ObservedIn(lang, args[1])
		if !ok {
			continue
		}
		args[1] = inner
		return render(ja, args), true
	}
	best, bestLen := "", -1
	for en, ja := range e.Messages {
		args, ok := match(en, observed)
		if !ok {
			continue
		}
		// Of two formats that both print the text, the one with more
		// words of its own is the one the test used.
		if n := len(verb.ReplaceAllString(en, "")); n > bestLen {
			best, bestLen = render(ja, args), n
		}
	}
	return best, bestLen >= 0
}

// verb matches a fmt verb, with an explicit argument index or not.
var verb = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// formats caches each format's pattern.
var formats struct {
	sync.Mutex
	m map[string]*formatPattern
}

type formatPattern struct {
	re   *regexp.Regexp
	args []int // the argument (from 1) each group captures
}

// pattern turns a format into a regular expression that matches what it
// prints, each verb's output captured.
func pattern(format string) *formatPattern {
	formats.Lock()
	defer formats.Unlock()
	if p, ok := formats.m[format]; ok {
		return p
	}
	p := &formatPattern{}
	var sb strings.Builder
	sb.WriteString(`(?s)^`)
	last, arg := 0, 0
	for _, m := range verb.FindAllStringSubmatchIndex(format, -1) {
		sb.WriteString(regexp.QuoteMeta(format[last:m[0]]))
		last = m[1]
		kind := format[m[4]:m[5]]
		if kind == "%" {
			sb.WriteString("%")
			continue
		}
		if m[2] >= 0 {
			arg, _ = strconv.Atoi(format[m[2]:m[3]])
		} else {
			arg++
		}
		p.args = append(p.args, arg)
		switch kind {
		case "d":
			sb.WriteString(`(-?\d+)`)
		case "q":
			sb.WriteString("(\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`)")
		default:
			sb.WriteString(`(.*?)`)
		}
	}
	sb.WriteString(regexp.QuoteMeta(format[last:]) + `$`)
	p.re = regexp.MustCompile(sb.String())
	if formats.m == nil {
		formats.m = map[string]*formatPattern{}
	}
	formats.m[format] = p
	return p
}

// match reports whether format prints text, and the text each argument
// printed, by argument number from 1.
func match(format, text string) (map[int]string, bool) {
	p := pattern(format)
	m := p.re.FindStringSubmatch(text)
	if m == nil {
		return nil, false
	}
	args := map[int]string{}
	for i, a := range p.args {
		if _, seen := args[a]; !seen {
			args[a] = m[i+1]
		}
	}
	return args, true
}

// render writes format with each verb replaced by the text its argument
// printed.
func render(format string, args map[int]string) string {
	arg := 0
	return verb.ReplaceAllStringFunc(format, func(v string) string {
		m := verb.FindStringSubmatch(v)
		if m[2] == "%" {
			return "%"
		}
		if m[1] != "" {
			arg, _ = strconv.Atoi(m[1])
		} else {
			arg++
		}
		return args[arg]
	})
}

package catalogue

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/txtar"
)

// Excerpt is a part of a solution's file that a debrief slide embeds: File is
// relative to solutions/<Dir>, Addr a present address (/start/,/end/).
type Excerpt struct {
	File string
	Addr string
}

// The decks' generated parts. A deck names the exercises whose debriefs it
// shows after its lab on a line starting with DebriefsBegin; go generate
// ./internal/catalogue writes their slides from the catalogue up to the line
// DebriefsEnd. Every other exercise's debrief is in the appendix deck.
const (
	DebriefsBegin = "// Debriefs of exercises"
	DebriefsEnd   = "// End of the generated debriefs."
	debriefsNote  = ": go generate ./internal/catalogue writes the slides from here to the end marker, from internal/catalogue/exNN.go."

	AppendixDeck = "10-debriefs" // slides/10-debriefs.slide and .ja.slide
	ShippedDir   = "_shipped"    // slides/_shipped/<Dir>: the exercises' code as shipped, for the decks to embed
)

// How many lines of code fit on a debrief slide at 1024x768: beside its
// title, its rule and the wrong fix on the first, and on a continuation slide.
// The render test (internal/slidecheck) measures what really fits.
const (
	maxCodeLines     = 18 // excerpts packed on the first slide
	maxFirstExcerpt  = 23 // one excerpt alone on the first slide
	maxContinueLines = 24
)

var (
	shippedRef = regexp.MustCompile(`(?m)^\.code\s+` + ShippedDir + `/(\S+)`)
	codeRef    = regexp.MustCompile(`(?m)^\.code\s+(\S+)`)
)

var debriefsLine = regexp.MustCompile(`^` + regexp.QuoteMeta(DebriefsBegin) + `((?:\s+\d{2})+)`)

// deckWords is the fixed text of generated slides, per language.
var deckWords = map[string]struct {
	debrief, cont, tried, points, join, wrong, checker, appendixTitle, appendixSub, introTitle, introText, introNote string
}{
	"en": {
		debrief: "Debrief: Exercise %02d, %s", cont: "Debrief: Exercise %02d, %s (continued)",
		tried: "The wrong fix rooms try: %s", points: "Points to make: %s.", join: "; ", wrong: "Rooms try: %s. The checker: %s.",
		checker:       "The solution in solutions/%s; go run ./checker solution %d shows the learner's diff to it.",
		appendixTitle: "Debriefs: every exercise", appendixSub: "Goroutine Hunters, appendix",
		introTitle: "How to use this appendix",
		introText: "One slide per exercise that no module debriefs after its lab: the fixed code from `solutions/`, the rule it keeps, and the wrong fix rooms try first.\n\n" +
			"- open it after the lab that had the exercise, or when a learner asks\n- the speaker notes hold the trainer card: every wrong fix, what the checker says, the points to make",
		introNote: "This deck is written by go generate ./internal/catalogue from each exercise's catalogue entry (internal/catalogue/exNN.go): its trainer card, its principle and the solution excerpt it names. Edit those, not this file.",
	},
	"ja": {
		debrief: "振り返り: 演習 %02d、%s", cont: "振り返り: 演習 %02d、%s(続き)",
		tried: "よくある誤った修正: %s", points: "伝えるポイント: %s。", join: "。", wrong: "よくある試み: %s。チェッカーの答え: %s。",
		checker:       "解答は solutions/%s にあります。go run ./checker solution %d で、受講者のコードとの差分を見せられます。",
		appendixTitle: "振り返り: すべての演習", appendixSub: "Goroutine Hunters、付録",
		introTitle: "この付録の使い方",
		introText: "モジュールの中で Lab の後に振り返らない演習について、1 演習 1 枚のスライドです。`solutions/` の修正済みコード、そのコードが守るルール、よくある誤った修正を示します。\n\n" +
			"- その演習を扱った Lab の後、または受講者に聞かれたときに開きます\n- スピーカーノートには講師カードがあります: 誤った修正とチェッカーの答え、伝えるポイント",
		introNote: "このデッキは go generate ./internal/catalogue が、各演習のカタログ項目(internal/catalogue/exNN.go)の講師カード、原則、解答の抜粋から書き出します。このファイルではなく、それらを編集してください。",
	},
}

// DeckLangs are the languages of the decks: name.slide and name.ja.slide.
var DeckLangs = []string{"en", "ja"}

// DeckFile is the file name of deck base ("02-principles") in lang.
func DeckFile(base, lang string) string {
	if lang == "ja" {
		return base + ".ja.slide"
	}
	return base + ".slide"
}

// DebriefSlides is exercise n's debrief in lang, as present Markdown: one
// slide, or more when its code is too long for one. root is the module root,
// where it counts the lines of the solution's excerpts.
func DebriefSlides(root string, n int, lang string) (string, error) {
	ex, ok := ByNumber(n)
	if !ok {
		return "", fmt.Errorf("there is no exercise %02d", n)
	}
	e := entries[ex.Dir]
	if len(e.Solution) == 0 {
		return "", fmt.Errorf("exercise %02d (internal/catalogue/ex%02d.go) names no Solution excerpt for its debrief", n, n)
	}
	w := deckWords[lang]
	text := ex.In(lang)
	card, _ := TrainerCardIn(ex.Dir, lang)
	p, _ := PrincipleByID(ex.Principle)
	pt := p.In(lang)

	notes := []string{p.ID + ": " + pt.Title}
	if len(card.Debrief) > 0 {
		notes = append(notes, fmt.Sprintf(w.points, strings.Join(card.Debrief, w.join)))
	}
	for _, f := range card.WrongFixes {
		notes = append(notes, fmt.Sprintf(w.wrong, strings.TrimRight(f.Try, ".。"), strings.TrimRight(f.Checker, ".。")))
	}
	notes = append(notes, fmt.Sprintf(w.checker, ex.Dir, n))

	// Excerpts go on the first slide while they fit, the rest on
	// continuation slides; the rule and the wrong fix stay on the first.
	var slides [][]Excerpt
	lines := 0
	for i, x := range e.Solution {
		k, err := excerptLines(filepath.Join(root, SolutionsDir, ex.Dir, x.File), x.Addr)
		if err != nil {
			return "", fmt.Errorf("exercise %02d's Solution excerpt %s %s: %w", n, x.File, x.Addr, err)
		}
		if i == 0 && k > maxFirstExcerpt {
			return "", fmt.Errorf("exercise %02d's first Solution excerpt %s %s is %d lines, more than a debrief slide holds beside its rule (%d): address a part of it", n, x.File, x.Addr, k, maxFirstExcerpt)
		}
		if k > maxContinueLines {
			return "", fmt.Errorf("exercise %02d's Solution excerpt %s %s is %d lines, more than a slide holds (%d): address a part of it", n, x.File, x.Addr, k, maxContinueLines)
		}
		budget := maxCodeLines
		if len(slides) > 1 {
			budget = maxContinueLines
		}
		if i == 0 || lines+k > budget {
			slides = append(slides, nil)
			lines = 0
		}
		slides[len(slides)-1] = append(slides[len(slides)-1], x)
		lines += k
	}
	var sb strings.Builder
	for i, xs := range slides {
		if i == 0 {
			fmt.Fprintf(&sb, "## "+w.debrief+"\n\n", n, text.Title)
			fmt.Fprintf(&sb, "**%s** %s\n\n", p.ID, markdownText(pt.Short))
		} else {
			fmt.Fprintf(&sb, "## "+w.cont+"\n\n", n, text.Title)
		}
		for _, x := range xs {
			fmt.Fprintf(&sb, ".code ../%s/%s/%s %s\n\n", SolutionsDir, ex.Dir, x.File, x.Addr)
		}
		if i == 0 && len(card.WrongFixes) > 0 {
			fmt.Fprintf(&sb, w.tried+"\n\n", markdownText(strings.TrimRight(card.WrongFixes[0].Try, ".。")))
		}
		writeNotes(&sb, notes)
	}
	return sb.String(), nil
}

func writeNotes(sb *strings.Builder, notes []string) {
	for _, n := range notes {
		sb.WriteString(": " + plainNote(n) + "\n")
	}
	sb.WriteString("\n")
}

// markdownText escapes what CommonMark would read as markup in catalogue text.
func markdownText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|#", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// plainNote makes catalogue text a speaker note: present shows notes as plain
// text, one line each, so no backticks and no line breaks.
func plainNote(s string) string {
	s = strings.ReplaceAll(s, "`", "")
	return strings.Join(strings.Fields(s), " ")
}

// addrRE reads the /start/ or /start/,/end/ addresses the catalogue uses.
var addrRE = regexp.MustCompile(`^/((?:[^/\\]|\\.)*)/(?:,/((?:[^/\\]|\\.)*)/)?$`)

// excerptLines counts the lines present shows for addr in file, and fails
// when the address no longer matches, in order.
func excerptLines(file, addr string) (int, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	m := addrRE.FindStringSubmatch(addr)
	if m == nil {
		return 0, fmt.Errorf("use a /start/ or /start/,/end/ address")
	}
	start, err := regexp.Compile("(?m:" + m[1] + ")")
	if err != nil {
		return 0, err
	}
	loc := start.FindIndex(src)
	if loc == nil {
		return 0, fmt.Errorf("/%s/ matches nothing in %s", m[1], file)
	}
	from := strings.LastIndexByte(string(src[:loc[0]]), '\n') + 1
	to := loc[1]
	if m[2] != "" {
		end, err := regexp.Compile("(?m:" + m[2] + ")")
		if err != nil {
			return 0, err
		}
		l := end.FindIndex(src[loc[1]:])
		if l == nil {
			return 0, fmt.Errorf("/%s/ matches nothing after /%s/ in %s", m[2], m[1], file)
		}
		to = loc[1] + l[1]
	}
	return strings.Count(string(src[from:to]), "\n") + 1, nil
}

// DeckDebriefs returns the exercise numbers whose debriefs deck src shows
// after its lab, from its DebriefsBegin lines.
func DeckDebriefs(src string) []int {
	var out []int
	for _, line := range strings.Split(src, "\n") {
		if m := debriefsLine.FindStringSubmatch(line); m != nil {
			for _, f := range strings.Fields(m[1]) {
				n, _ := strconv.Atoi(f)
				out = append(out, n)
			}
		}
	}
	return out
}

// WithDebriefs returns deck src in lang with every generated debrief region
// rewritten from the catalogue. A listed exercise the catalogue does not have
// yet is skipped: its slides appear once it is registered.
func WithDebriefs(root, src, lang string) (string, error) {
	lines := strings.SplitAfter(src, "\n")
	var out strings.Builder
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		out.WriteString(line)
		m := debriefsLine.FindStringSubmatch(strings.TrimRight(line, "\n"))
		if m == nil {
			continue
		}
		j := i + 1
		for j < len(lines) && strings.TrimRight(lines[j], "\n") != DebriefsEnd {
			j++
		}
		if j == len(lines) {
			return "", fmt.Errorf("%q has no %q line after it", strings.TrimSpace(line), DebriefsEnd)
		}
		out.WriteString("\n")
		for _, f := range strings.Fields(m[1]) {
			n, _ := strconv.Atoi(f)
			if _, ok := ByNumber(n); !ok {
				continue
			}
			s, err := DebriefSlides(root, n, lang)
			if err != nil {
				return "", err
			}
			out.WriteString(s)
		}
		out.WriteString(DebriefsEnd + "\n")
		i = j
	}
	return out.String(), nil
}

// Appendix returns the appendix deck in lang: a debrief for every exercise
// not in shown, the exercises another deck debriefs (in a generated region,
// or on a hand-written slide that embeds its solution).
func Appendix(root, lang string, shown map[int]bool) (string, error) {
	w := deckWords[lang]
	var sb strings.Builder
	fmt.Fprintf(&sb, "# %s\n%s\nTags: goroutines, leaks, debrief\n\nGoroutine Hunters workshop\n: %s\n\n", w.appendixTitle, w.appendixSub, w.introNote)
	fmt.Fprintf(&sb, "## %s\n\n.html projector.html\n\n%s\n\n: %s\n\n", w.introTitle, w.introText, w.introNote)
	nums := []int{}
	for _, e := range Exercises {
		if !shown[e.Number] {
			nums = append(nums, e.Number)
		}
	}
	sort.Ints(nums)
	for _, n := range nums {
		s, err := DebriefSlides(root, n, lang)
		if err != nil {
			return "", err
		}
		sb.WriteString(s)
	}
	return strings.TrimRight(sb.String(), "\n") + "\n", nil
}

// PristineArchive is the checker's archive of the exercises as shipped,
// relative to the module root (checker/internal/pristine writes it).
const PristineArchive = "checker/internal/pristine/exercises.txtar"

// GenerateDecks returns every file of slides/ that go generate
// ./internal/catalogue writes, by slash path relative to the module root:
// the decks with their debrief regions rewritten, the appendix deck in each
// language, and slides/_shipped, the exercises' code as shipped (read from the
// pristine archive, so a learner's edits never reach a deck).
func GenerateDecks(root string) (map[string][]byte, error) {
	out := map[string][]byte{}
	arc, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(PristineArchive)))
	if err != nil {
		return nil, err
	}
	out["slides/"+ShippedDir+"/README.md"] = []byte("# The exercises as shipped\n\n" +
		"Written by `go generate ./internal/catalogue` from the checker's archive of the exercises\n" +
		"as shipped, so that the decks embed code no learner edits: a deck renders the same in a\n" +
		"clone where every exercise has been solved. Do not edit; change `exercises/` and regenerate.\n")

	names, err := filepath.Glob(filepath.Join(root, "slides", "*.slide"))
	if err != nil {
		return nil, err
	}
	shown := map[int]bool{}
	for _, name := range names {
		base := filepath.Base(name)
		if strings.HasPrefix(base, AppendixDeck+".") {
			continue
		}
		lang := "en"
		if strings.HasSuffix(base, ".ja.slide") {
			lang = "ja"
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		s, err := WithDebriefs(root, string(src), lang)
		if err != nil {
			return nil, fmt.Errorf("slides/%s: %w", base, err)
		}
		out["slides/"+base] = []byte(s)
		if lang == "en" {
			for _, n := range DeckDebriefs(s) {
				shown[n] = true
			}
			for _, m := range codeRef.FindAllStringSubmatch(s, -1) {
				if n, ok := ShowsSolution(m[1]); ok {
					shown[n] = true // a hand-written slide debriefs it
				}
			}
		}
	}
	// slides/_shipped holds exactly the files the decks embed from it.
	archive := map[string][]byte{}
	for _, f := range txtar.Parse(bytes.ReplaceAll(arc, []byte("\r\n"), []byte("\n"))).Files {
		archive[f.Name] = f.Data
	}
	for name, src := range out {
		if !strings.HasSuffix(name, ".slide") {
			continue
		}
		for _, m := range shippedRef.FindAllStringSubmatch(string(src), -1) {
			if IsTestFile(m[1]) {
				return nil, fmt.Errorf("%s embeds %s/%s: a test file is the same in solutions/, embed ../solutions/%s instead", name, ShippedDir, m[1], m[1])
			}
			data, ok := archive[m[1]]
			if !ok {
				return nil, fmt.Errorf("%s embeds %s/%s, which is no exercise's file as shipped", name, ShippedDir, m[1])
			}
			out["slides/"+ShippedDir+"/"+m[1]] = data
		}
	}
	for _, lang := range DeckLangs {
		s, err := Appendix(root, lang, shown)
		if err != nil {
			return nil, fmt.Errorf("slides/%s: %w", DeckFile(AppendixDeck, lang), err)
		}
		out["slides/"+DeckFile(AppendixDeck, lang)] = []byte(s)
	}
	return out, nil
}

// ShowsSolution reports whose fix an embedded file shows: the exercise number
// of a non-test file below solutions/NN_<dir>/ (path as a deck names it, e.g.
// ../solutions/03_channel_statefull/statefull.go). A test file is the same in
// exercises/ and shows no fix.
func ShowsSolution(path string) (int, bool) {
	parts := strings.Split(filepath.ToSlash(filepath.Clean(path)), "/")
	for i := 0; i+2 < len(parts); i++ {
		if parts[i] != SolutionsDir || len(parts[i+1]) < 3 || parts[i+1][2] != '_' {
			continue
		}
		n, err := strconv.Atoi(parts[i+1][:2])
		if err != nil || IsTestFile(parts[len(parts)-1]) {
			return 0, false
		}
		return n, true
	}
	return 0, false
}

package jacheck

import (
	"bufio"
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"gohunters/internal/catalogue"
)

// A text is one stretch of Japanese prose: a line of a document, or a Go
// string literal, with what the glossary does not govern (code, commands,
// identifiers in backquotes, quoted program output, URLs) blanked out.
type text struct {
	file    string // relative to the module root, with slashes
	line    int    // 1-based
	prose   string
	comment bool // a comment in code, not a sentence of the text
}

func (t text) String() string { return t.file + ":" + strconv.Itoa(t.line) }

// moduleRoot finds the directory holding go.mod above the test's directory.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// hasJapanese reports whether s has kana or kanji in it.
func hasJapanese(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han)
	})
}

// exempt matches what a Japanese text may carry as it is, whatever the
// glossary says: `code`, "quoted program output or code", URLs, Markdown link
// targets, HTML tags, and commands up to the next Japanese character.
var exempt = regexp.MustCompile("`[^`\n]*`" +
	`|"[^"\n]*"` +
	`|https?://[^\s)）]+` +
	`|\]\([^)\s]*\)` +
	`|<[^<>\n]*>` +
	`|(?:go (?:run|test|vet|tool|build|get|generate|env)|git |gohunters(?:-online)? |GOTOOLCHAIN=|GOEXPERIMENT=|GODEBUG=|LANG=|CGO_ENABLED=)[^\p{Han}\p{Hiragana}\p{Katakana}、。()（）「」]*`)

// mask blanks out the exempt parts of s, leaving a mark where they stood
// (the code a sentence ends with is still its end).
func mask(s string) string { return exempt.ReplaceAllString(s, " ◇ ") }

// japaneseTexts collects every Japanese text of the repository: string
// literals with Japanese in the non-test Go files (the catalogue, the message
// tables), the Japanese Markdown files, decks and web pages, and the room
// script's Japanese strings. Exercise and solution code is English and left
// out; so are tests and testdata, which quote the texts they check.
func japaneseTexts(t testing.TB) []text {
	t.Helper()
	root := moduleRoot(t)
	var out []text
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			switch {
			case rel != "." && strings.HasPrefix(d.Name(), "."),
				d.Name() == "testdata", rel == "exercises/vendor":
				return filepath.SkipDir
			}
			return nil
		}
		name := d.Name()
		var texts []text
		switch {
		case strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go"):
			texts, err = goTexts(root, rel)
		case strings.HasSuffix(name, ".ja.md"):
			texts, err = markdownTexts(root, rel)
		case strings.HasSuffix(name, ".ja.slide"):
			texts, err = slideTexts(root, rel)
		case strings.HasSuffix(name, ".ja.html"):
			texts, err = htmlTexts(root, rel)
		case strings.HasSuffix(name, ".js"):
			texts, err = scriptTexts(root, rel)
		}
		out = append(out, texts...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// goTexts lists the string literals of a Go file that have Japanese in them.
func goTexts(root, rel string) ([]text, error) {
	src, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil || !hasJapanese(string(src)) {
		return nil, err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, rel, src, 0)
	if err != nil {
		return nil, err
	}
	var out []text
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil || !hasJapanese(s) {
			return true
		}
		line := fset.Position(lit.Pos()).Line
		// A raw string holds many lines: each is a text of its own, so that a
		// finding names its line.
		for i, l := range strings.Split(s, "\n") {
			if hasJapanese(l) {
				out = append(out, text{rel, line + i, mask(l), false})
			}
		}
		return true
	})
	return out, nil
}

// codeComment returns the comment of a line of code (after // or #), the
// part of a code block that is prose, or "".
func codeComment(line string) string {
	for _, marker := range []string{"// ", "# "} {
		if i := strings.Index(line, marker); i >= 0 && hasJapanese(line[i:]) {
			return line[i+len(marker):]
		}
	}
	return ""
}

// markdownTexts lists the lines of a Markdown file outside code, and the
// comments of its code blocks.
func markdownTexts(root, rel string) ([]text, error) {
	lines, err := readLines(filepath.Join(root, rel))
	if err != nil {
		return nil, err
	}
	var out []text
	// What go generate writes from the catalogue is checked there: an
	// exercise README above its end marker, README.ja.md's table.
	generated := slices.Contains(lines, catalogue.ReadmeEnd)
	fenced, inCode, prevBlank, comment := false, false, true, false
	for i, l := range lines {
		trimmed := strings.TrimSpace(l)
		switch {
		case l == catalogue.ReadmeEnd:
			generated = false
			continue
		case l+"\n" == catalogue.TableBegin:
			generated = true
			continue
		case l == catalogue.TableEnd:
			generated = false
			continue
		case generated:
			continue
		case strings.HasPrefix(trimmed, "```"):
			fenced = !fenced
			continue
		case comment || strings.HasPrefix(trimmed, "<!--"):
			comment = !strings.Contains(trimmed, "-->")
			continue
		}
		indented := strings.HasPrefix(l, "\t") || strings.HasPrefix(l, "    ")
		inCode = fenced || (indented && (prevBlank || inCode))
		prevBlank = trimmed == ""
		if inCode {
			if c := codeComment(l); c != "" {
				out = append(out, text{rel, i + 1, mask(c), true})
			}
			continue
		}
		if hasJapanese(l) {
			out = append(out, text{rel, i + 1, mask(l), false})
		}
	}
	return out, nil
}

// slideTexts lists the prose lines of a present deck: its title block, the
// slides' text and speaker notes, and the comments of its code; not the
// commands (.code, .play, .html) or the Tags line.
func slideTexts(root, rel string) ([]text, error) {
	lines, err := readLines(filepath.Join(root, rel))
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(path.Base(rel), catalogue.AppendixDeck+".") {
		return nil, nil // generated from the catalogue, checked there
	}
	var out []text
	generated := false // a module's debrief slides, generated from the catalogue
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, catalogue.DebriefsBegin):
			generated = true
			continue
		case strings.HasPrefix(l, catalogue.DebriefsEnd):
			generated = false
			continue
		case generated, strings.HasPrefix(l, "."), strings.HasPrefix(l, "Tags:"):
			continue
		case strings.HasPrefix(l, "\t") || strings.HasPrefix(l, " "):
			if c := codeComment(l); c != "" {
				out = append(out, text{rel, i + 1, mask(c), true})
			}
			continue
		}
		if hasJapanese(l) {
			out = append(out, text{rel, i + 1, mask(l), false})
		}
	}
	return out, nil
}

// htmlTexts lists the lines of a web page that show Japanese, tags masked.
func htmlTexts(root, rel string) ([]text, error) {
	lines, err := readLines(filepath.Join(root, rel))
	if err != nil {
		return nil, err
	}
	var out []text
	for i, l := range lines {
		if hasJapanese(l) {
			out = append(out, text{rel, i + 1, mask(l), false})
		}
	}
	return out, nil
}

var jsString = regexp.MustCompile(`"((?:[^"\\\n]|\\.)*)"`)

// scriptTexts lists a script's string literals that have Japanese in them.
func scriptTexts(root, rel string) ([]text, error) {
	lines, err := readLines(filepath.Join(root, rel))
	if err != nil {
		return nil, err
	}
	var out []text
	for i, l := range lines {
		for _, m := range jsString.FindAllStringSubmatch(l, -1) {
			if hasJapanese(m[1]) {
				out = append(out, text{rel, i + 1, mask(m[1]), false})
			}
		}
	}
	return out, nil
}

func readLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines, sc.Err()
}

// files lists the distinct files texts come from, sorted.
func files(texts []text) []string {
	var out []string
	for _, t := range texts {
		out = append(out, t.file)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

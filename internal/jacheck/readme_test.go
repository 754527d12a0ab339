package jacheck

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// A section is what a Markdown heading heads, up to the next heading: what
// TestReadmeParity compares between a README.md and its README.ja.md.
type section struct {
	level   int
	heading string
	tables  []table
	blocks  []string // the code blocks' lines, comments cut off
	spans   []string // the inline `code` of its prose and tables
}

// A table is a Markdown table's shape: the cells of each row, and the code
// spans of its first column (the commands and paths it is about).
type table struct {
	cells []int
	first []string
}

func (t table) String() string {
	return fmt.Sprintf("%d rows %v, first column %q", len(t.cells), t.cells, t.first)
}

var (
	heading  = regexp.MustCompile(`^(#{1,6})\s+(.*)$`)
	codeSpan = regexp.MustCompile("`([^`\n]+)`")
	// A comment in a code block, translated in the other edition: a line of
	// its own, or after the code (a shell's # after two spaces, Go's //).
	blockComment = regexp.MustCompile(`\s{2,}#\s.*$|\s//\s.*$|^\s*(?:#|//)\s.*$`)
)

// sections reads a Markdown file's structure.
func sections(src string) []section {
	secs := []section{{}}
	cur := func() *section { return &secs[len(secs)-1] }
	var para strings.Builder // the prose since the last blank line, for its `code`
	flush := func() {
		for _, m := range codeSpan.FindAllStringSubmatch(para.String(), -1) {
			cur().spans = append(cur().spans, normalize(m[1]))
		}
		para.Reset()
	}
	fenced, inCode, prevBlank, inTable := false, false, true, false
	for _, l := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(l)
		if strings.HasPrefix(trimmed, "```") {
			flush()
			fenced = !fenced
			continue
		}
		indented := strings.HasPrefix(l, "\t") || strings.HasPrefix(l, "    ")
		inCode = fenced || (indented && (prevBlank || inCode) && !inTable)
		prevBlank = trimmed == ""
		if inCode {
			flush()
			if c := strings.TrimSpace(blockComment.ReplaceAllString(l, "")); c != "" {
				cur().blocks = append(cur().blocks, normalize(c))
			}
			continue
		}
		if m := heading.FindStringSubmatch(l); m != nil {
			flush()
			secs = append(secs, section{level: len(m[1]), heading: m[2]})
			inTable = false
			continue
		}
		if strings.HasPrefix(trimmed, "|") {
			flush()
			cells := strings.Split(strings.Trim(trimmed, "|"), "|")
			if !inTable {
				cur().tables = append(cur().tables, table{})
				inTable = true
			}
			t := &cur().tables[len(cur().tables)-1]
			if strings.Trim(trimmed, "|-: ") != "" { // not the |---| line
				t.cells = append(t.cells, len(cells))
				for _, m := range codeSpan.FindAllStringSubmatch(cells[0], -1) {
					t.first = append(t.first, normalize(m[1]))
				}
			}
			para.WriteString(l)
			flush()
			continue
		}
		inTable = false
		if trimmed == "" {
			flush()
		}
		para.WriteString(l + " ")
	}
	flush()
	return secs
}

var (
	quoted      = regexp.MustCompile(`"[^"]*"`)
	placeholder = regexp.MustCompile(`\b[A-Z]{3,}\b|[\p{Han}\p{Hiragana}\p{Katakana}ー]+`)
)

// normalize makes code comparable across the editions: a Japanese README
// names a file's Japanese twin (name.ja.slide for name.slide) and may
// translate a placeholder (NAME, "Your Name": 名前).
func normalize(code string) string {
	code = strings.ReplaceAll(code, ".ja.", ".")
	code = quoted.ReplaceAllString(code, `"…"`)
	return placeholder.ReplaceAllString(code, "X")
}

// readmePairs lists the README.md files that have a README.ja.md beside them.
func readmePairs(t *testing.T) [][2]string {
	root := moduleRoot(t)
	var pairs [][2]string
	for _, pattern := range []string{"README.ja.md", "*/README.ja.md", "*/*/README.ja.md"} {
		ja, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range ja {
			en := strings.TrimSuffix(j, ".ja.md") + ".md"
			relJa, _ := filepath.Rel(root, j)
			relEn, _ := filepath.Rel(root, en)
			pairs = append(pairs, [2]string{filepath.ToSlash(relEn), filepath.ToSlash(relJa)})
		}
	}
	if len(pairs) < 3 {
		t.Fatalf("found %d README.ja.md files; want the root's, slides' and the exercises'", len(pairs))
	}
	return pairs
}

// TestReadmeParity: every README.ja.md has its README.md's structure, section
// for section: the same headings at the same levels, the same tables (rows,
// columns, and the commands or paths of their first column), the same code
// blocks (comments aside, which are translated), and every `code` the English
// section names. The Japanese may say more (the locale, the glossary), never
// less, so that a section added to a README.md alone fails here.
func TestReadmeParity(t *testing.T) {
	root := moduleRoot(t)
	for _, p := range readmePairs(t) {
		en, errEn := os.ReadFile(filepath.Join(root, p[0]))
		ja, errJa := os.ReadFile(filepath.Join(root, p[1]))
		if errEn != nil || errJa != nil {
			t.Errorf("%s and %s: both must exist (%v, %v)", p[0], p[1], errEn, errJa)
			continue
		}
		compareReadmes(t, p[0], p[1], sections(string(en)), sections(string(ja)))
	}
}

func compareReadmes(t reporter, enName, jaName string, en, ja []section) {
	t.Helper()
	var outline []string
	for i := range max(len(en), len(ja)) {
		var e, j string
		if i < len(en) {
			e = strings.Repeat("#", en[i].level) + " " + en[i].heading
		}
		if i < len(ja) {
			j = strings.Repeat("#", ja[i].level) + " " + ja[i].heading
		}
		outline = append(outline, fmt.Sprintf("%-50s | %s", e, j))
	}
	if len(en) != len(ja) {
		t.Errorf("%s has %d sections, %s %d: write the missing section in both languages, in the same place:\n\t%s",
			jaName, len(ja)-1, enName, len(en)-1, strings.Join(outline, "\n\t"))
		return
	}
	for i := range en {
		e, j := en[i], ja[i]
		where := fmt.Sprintf("%s section %q and %s section %q", enName, e.heading, jaName, j.heading)
		if i == 0 {
			where = fmt.Sprintf("%s and %s, before the first heading", enName, jaName)
		}
		if e.level != j.level {
			t.Errorf("%s: heading levels %d and %d differ", where, e.level, j.level)
		}
		if len(e.tables) != len(j.tables) {
			t.Errorf("%s: %d tables in English, %d in Japanese", where, len(e.tables), len(j.tables))
		} else {
			for k := range e.tables {
				if !slices.Equal(e.tables[k].cells, j.tables[k].cells) || !slices.Equal(e.tables[k].first, j.tables[k].first) {
					t.Errorf("%s: table %d differs:\n\tEnglish:  %v\n\tJapanese: %v", where, k+1, e.tables[k], j.tables[k])
				}
			}
		}
		if !slices.Equal(e.blocks, j.blocks) {
			t.Errorf("%s: the code blocks differ (comments aside):\n\tEnglish:\n\t\t%s\n\tJapanese:\n\t\t%s",
				where, strings.Join(e.blocks, "\n\t\t"), strings.Join(j.blocks, "\n\t\t"))
		}
		var missing []string
		for _, s := range e.spans {
			if !slices.Contains(j.spans, s) && !slices.Contains(missing, s) {
				missing = append(missing, s)
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s: the Japanese does not name %d thing(s) the English does; translate what says them: %q", where, len(missing), missing)
		}
	}
}

// TestReadmeParityFindsGaps: the comparison fails on what it is there to catch.
func TestReadmeParityFindsGaps(t *testing.T) {
	en := sections("# T\n\nintro `a`\n\n## One\n\n    go run ./x   # run it\n\n| c | d |\n|---|---|\n| `cmd` | x |\n\n## Two\n\nsee `b`\n")
	for name, ja := range map[string]string{
		"a section missing": "# T\n\nintro `a`\n\n## 一\n\n    go run ./x   # 実行\n\n| c | d |\n|---|---|\n| `cmd` | x |\n",
		"a command changed": "# T\n\nintro `a`\n\n## 一\n\n    go run ./y   # 実行\n\n| c | d |\n|---|---|\n| `cmd` | x |\n\n## 二\n\n`b` を見る\n",
		"a table row less":  "# T\n\nintro `a`\n\n## 一\n\n    go run ./x   # 実行\n\n| c | d |\n|---|---|\n\n## 二\n\n`b` を見る\n",
		"a code span less":  "# T\n\nintro\n\n## 一\n\n    go run ./x   # 実行\n\n| c | d |\n|---|---|\n| `cmd` | x |\n\n## 二\n\n`b` を見る\n",
	} {
		ft := &fakeT{}
		compareReadmes(ft, "en", "ja", en, sections(ja))
		if !ft.failed {
			t.Errorf("%s: not found", name)
		}
	}
	same := "# T\n\nintro `a`、`c`\n\n## 一\n\n    go run ./x   # 実行する\n\n| c | d |\n|---|---|\n| `cmd` | x |\n\n## 二\n\n`b` を見る\n"
	ft := &fakeT{}
	compareReadmes(ft, "en", "ja", en, sections(same))
	if ft.failed {
		t.Errorf("a faithful translation fails: %s", ft.msg)
	}
}

// reporter is what the checks need of a *testing.T.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// fakeT records whether a check failed.
type fakeT struct {
	failed bool
	msg    string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, args ...any) {
	f.failed = true
	f.msg += fmt.Sprintf(format, args...) + "\n"
}

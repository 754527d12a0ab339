// Package catalogue is the workshop's one list of exercises and principles. The
// checker, the README's table, the slides' tests and the maintainers' verify harness
// all read it; nothing else repeats a title, a goal or a hint.
//
// The data lives in exercises.go and principles.go, all learner-facing text and
// nothing else, so that a translated edition replaces those two files only.
package catalogue

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// Exercise is one numbered exercise: exercises/<Dir> holds the leaky code the
// learner fixes, solutions/<Dir> its fixed twin with the same tests.
type Exercise struct {
	Number    int
	Dir       string // e.g. "01_errs_capacity", the same under exercises/ and solutions/
	Title     string
	Seed      string // file under ../shared/seeds the scenario comes from, or a study (SourceGoKer, SourceLeakProf)
	Passage   string // where in the seed: the section or code it reproduces
	Principle string // ID of the principle it teaches, see Principles
	Goal      string // one sentence: what the learner must achieve
	Clauses   []string
	Hints     []string
}

// Text is an exercise's learner-facing text in one language. The English edition
// is in Exercise's own fields; other editions map an exercise's Dir to a Text.
type Text struct {
	Title   string
	Passage string
	Goal    string
	Clauses []string
	Hints   []string
}

// PrincipleText is a principle's learner-facing text in one language; other
// editions map a principle's ID to one.
type PrincipleText struct {
	Short string
	Title string
}

// Principle is one rule of thumb from a seed article.
type Principle struct {
	ID    string // "P1".."P6" are seed 000's six; C, E and A come from seeds 000-002; L and S from studies of real bugs
	Short string // a few words, for tables
	Seed  string
	Title string // the rule in one sentence
}

// Seed is one of the articles the scenarios are reproduced from, or a study of
// real bugs (then File is the study's name and there is no file).
type Seed struct {
	File   string
	Number string // "000" or "GoKer": how the catalogue, the README and the slides cite it
	Title  string // what it is about, in a few words
}

// SeedByFile returns the seed stored in file.
func SeedByFile(file string) (Seed, bool) {
	for _, s := range Seeds {
		if s.File == file {
			return s, true
		}
	}
	return Seed{}, false
}

// ByNumber returns the exercise numbered n.
func ByNumber(n int) (Exercise, bool) {
	for _, e := range Exercises {
		if e.Number == n {
			return e, true
		}
	}
	return Exercise{}, false
}

// Lookup finds an exercise by its number ("1", "01") or its directory
// ("01_errs_capacity", "exercises/01_errs_capacity/").
func Lookup(name string) (Exercise, bool) {
	if n, err := strconv.Atoi(name); err == nil {
		return ByNumber(n)
	}
	name = strings.TrimSuffix(strings.TrimPrefix(name, ExercisesDir+"/"), "/")
	for _, e := range Exercises {
		if e.Dir == name {
			return e, true
		}
	}
	return Exercise{}, false
}

// PrincipleByID returns the principle with the given ID.
func PrincipleByID(id string) (Principle, bool) {
	for _, p := range Principles {
		if p.ID == id {
			return p, true
		}
	}
	return Principle{}, false
}

// The workshop's layout, known here only: exercises/<Dir> holds what the
// learner edits, solutions/<Dir> its fixed twin.
const (
	ExercisesDir = "exercises"
	SolutionsDir = "solutions"
)

// Rel is the exercise's directory relative to the module root, with slashes.
func (e Exercise) Rel() string { return ExercisesDir + "/" + e.Dir }

// DirIn is the exercise's directory in the module at root.
func (e Exercise) DirIn(root string) string { return filepath.Join(root, ExercisesDir, e.Dir) }

// SolutionIn is its solution's directory in the module at root.
func (e Exercise) SolutionIn(root string) string { return filepath.Join(root, SolutionsDir, e.Dir) }

// ImportPath is the exercise's import path in module.
func (e Exercise) ImportPath(module string) string { return module + "/" + e.Rel() }

// Package returns the exercise's import path below the module, e.g. "./exercises/01_errs_capacity".
func (e Exercise) Package(tree string) string { return "./" + tree + "/" + e.Dir }

// MarkdownTable renders the README's exercise table.
func MarkdownTable() string {
	var sb strings.Builder
	sb.WriteString("| # | Exercise | Principle | Seed | Goal |\n|---|---|---|---|---|\n")
	for _, e := range Exercises {
		p, _ := PrincipleByID(e.Principle)
		sd, _ := SeedByFile(e.Seed)
		fmt.Fprintf(&sb, "| %02d | [%s](%s) | %s %s | %s | %s |\n",
			e.Number, e.Title, e.Rel(), p.ID, p.Short, sd.Number, e.Goal)
	}
	return sb.String()
}

// principleEditions is editions' twin for principles (keyed by ID) and seeds
// (keyed by Number, with the seed's title in PrincipleText.Title).
var principleEditions = map[string][]map[string]PrincipleText{
	"ja": {jaPrinciples},
}

// Languages lists the editions other than English.
func Languages() []string { return []string{"ja"} }

// English returns the exercise's text as written in the catalogue.
func (e Exercise) English() Text {
	return Text{Title: e.Title, Passage: e.Passage, Goal: e.Goal, Clauses: e.Clauses, Hints: e.Hints}
}

// In returns the exercise's text in lang ("en", "ja"); English when that edition
// has no text for it.
func (e Exercise) In(lang string) Text {
	if t, ok := e.Translation(lang); ok {
		return t
	}
	return e.English()
}

// Translation returns the exercise's text in lang, and whether that edition has it.
func (e Exercise) Translation(lang string) (Text, bool) {
	en, ok := entries[e.Dir]
	if !ok || lang != "ja" || en.Ja.Title == "" {
		return Text{}, false
	}
	t := en.Ja
	return Text{Title: t.Title, Passage: t.Passage, Goal: t.Goal, Clauses: t.Clauses, Hints: t.Hints}, true
}

// In returns the principle's text in lang; English when that edition has none.
func (p Principle) In(lang string) PrincipleText {
	if t, ok := principleText(lang, p.ID); ok {
		return t
	}
	return PrincipleText{Short: p.Short, Title: p.Title}
}

// In returns the seed's title in lang; English when that edition has none.
func (s Seed) In(lang string) string {
	if t, ok := principleText(lang, s.Number); ok {
		return t.Title
	}
	return s.Title
}

func principleText(lang, key string) (PrincipleText, bool) {
	for _, m := range principleEditions[lang] {
		if t, ok := m[key]; ok {
			return t, true
		}
	}
	return PrincipleText{}, false
}

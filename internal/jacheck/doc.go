// Package jacheck holds the tests that keep the workshop's Japanese edition
// whole and of one voice:
//
//   - TestGlossary: every Japanese text in the repository (the catalogue, the
//     *_ja.go message tables, every README.ja.md, the *.ja.slide decks, the
//     room's Japanese page) uses the terms of glossary.md and none of the
//     variants it rejects, outside code, commands, identifiers and quoted
//     program output;
//   - TestPoliteStyle: what is addressed to the learner (the READMEs, the
//     catalogue's goals, clauses, hints and test messages, what the checker,
//     the demo, hunt and the room print) ends its sentences in です/ます;
//   - TestPrincipleNames: each principle has one Japanese name, which its
//     title starts with;
//   - TestReadmeParity: each README.ja.md has the structure of its README.md
//     (sections, tables, commands and the code they name), so that an English
//     section cannot land without its Japanese.
//
// The package has no code of its own; its tests read the repository's files.
package jacheck

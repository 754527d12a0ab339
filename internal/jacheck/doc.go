// Package jacheck holds the tests that keep the workshop's Japanese edition
// whole: TestReadmeParity requires each README.ja.md to have the structure of
// its README.md (sections, tables, commands and the code they name), so that
// an English section cannot land without its Japanese.
//
// The package has no code of its own; its tests read the repository's files.
package jacheck

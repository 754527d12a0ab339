package i18n

import (
	"fmt"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// Editions holds a package's translations: for each language other than
// English, the translated text of each message keyed by its English text (the
// package's Msg constant).
type Editions map[string]map[string]string

// T returns msg, one of the package's Msg constants, in lang; msg itself when
// lang is English or has no text for it.
func (e Editions) T(lang, msg string) string {
	if t, ok := e[lang][msg]; ok {
		return t
	}
	return msg
}

// Tf formats msg, one of the package's Msg constants, in lang.
func (e Editions) Tf(lang, msg string, args ...any) string {
	return fmt.Sprintf(e.T(lang, msg), args...)
}

// WriteColumns writes rows as columns two spaces apart, each as wide as its
// widest cell in terminal columns (a Japanese character takes two; text/tabwriter
// would count one), with no blanks at the end of a line.
func WriteColumns(w io.Writer, rows [][]string) error {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], runewidth.StringWidth(cell))
		}
	}
	var sb strings.Builder
	for _, row := range rows {
		var line strings.Builder
		for i, cell := range row {
			if i > 0 {
				line.WriteString("  ")
			}
			line.WriteString(runewidth.FillRight(cell, widths[i]))
		}
		sb.WriteString(strings.TrimRight(line.String(), " "))
		sb.WriteString("\n")
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

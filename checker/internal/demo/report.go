package demo

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"time"

	"github.com/guptarohit/asciigraph"

	"gohunters/internal/i18n"
)

// Article is seed 001's Before/After table, as the article reports it.
var Article = struct {
	Goroutines, Memory, Recovery [2]string // before, after
}{
	Goroutines: [2]string{"50,000+", "120"},
	Memory:     [2]string{"4.2 GB", "150 MB"},
	Recovery:   [2]string{"restart", "< 100 ms"},
}

// Table prints the phases side by side in the shape of seed 001's Before/After
// table: measured on this machine, with the article's figures beside them. It
// fits 80 columns.
func Table(w io.Writer, before, after Phase) { TableIn(w, "en", before, after) }

// TableIn is Table in lang. Columns are aligned by display width, so that
// Japanese, two columns a character, lines up.
func TableIn(w io.Writer, lang string, before, after Phase) {
	b, a := before.Summarize(), after.Summarize()
	art := T(lang, MsgArticle)
	rows := [][]string{
		{"", T(lang, MsgBeforeFix), "", T(lang, MsgAfterFix), ""},
		{T(lang, MsgMetric), T(lang, MsgMeasured), art, T(lang, MsgMeasured), art},
		{T(lang, MsgPeakG), count(b.PeakGoroutines), Article.Goroutines[0], count(a.PeakGoroutines), Article.Goroutines[1]},
		{T(lang, MsgPeakHeap), mib(b.PeakHeapBytes), "", mib(a.PeakHeapBytes), ""},
		{T(lang, MsgPeakRSS), rss(lang, b), Article.Memory[0], rss(lang, a), Article.Memory[1]},
		{T(lang, MsgAfterLoad), count(b.AfterLoad), "", count(a.AfterLoad), ""},
		{T(lang, MsgRecovery), recovery(lang, b, before), T(lang, MsgRestart), recovery(lang, a, after), Article.Recovery[1]},
		{T(lang, MsgLeakedRuntime), leaked(lang, b, before), "", leaked(lang, a, after), ""},
	}
	i18n.WriteColumns(w, rows)
	fmt.Fprintf(w, T(lang, MsgBaselines)+"\n", before.Baseline, PhaseName(lang, before.Name), after.Baseline, PhaseName(lang, after.Name))
	fmt.Fprintln(w, T(lang, MsgArticleMemory))
	if !before.LeakProfile || !after.LeakProfile {
		fmt.Fprintln(w, T(lang, MsgNAExplained))
	}
}

// PhaseName names a phase ("leaky", "fixed") as the output does in lang.
func PhaseName(lang, name string) string {
	switch name {
	case "leaky":
		return T(lang, MsgLeakyName)
	case "fixed":
		return T(lang, MsgFixedName)
	}
	return name
}

// count writes n with thousands separators, as the article does.
func count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func rss(lang string, s Summary) string {
	if s.PeakRSS == 0 {
		return T(lang, MsgNA)
	}
	return mib(s.PeakRSS)
}

func recovery(lang string, s Summary, p Phase) string {
	if !s.Recovered {
		return T(lang, MsgNever)
	}
	every := 50 * time.Millisecond
	if len(p.Samples) > 1 {
		every = p.Samples[1].T - p.Samples[0].T
	}
	if s.Recovery <= every+every/2 {
		return fmt.Sprintf("< %v", every.Round(time.Millisecond))
	}
	return s.Recovery.Round(time.Millisecond).String()
}

func leaked(lang string, s Summary, p Phase) string {
	if !p.LeakProfile {
		return T(lang, MsgNA)
	}
	return count(s.LeakedByRuntime)
}

// Chart draws both phases' goroutine counts over time.
func Chart(before, after Phase, color bool) string { return ChartIn("en", before, after, color) }

// ChartIn is Chart with its caption in lang.
func ChartIn(lang string, before, after Phase, color bool) string {
	series := func(p Phase) []float64 {
		var xs []float64
		for _, s := range p.Samples {
			xs = append(xs, float64(s.Goroutines))
		}
		if len(xs) == 0 {
			xs = []float64{0}
		}
		return xs
	}
	opts := []asciigraph.Option{
		asciigraph.Height(12),
		asciigraph.Width(64), // with the axis labels, within 80 columns
		asciigraph.Precision(0),
		asciigraph.SeriesLegends(PhaseName(lang, before.Name), PhaseName(lang, after.Name)),
		asciigraph.Caption(fmt.Sprintf(T(lang, MsgCaption),
			sampleEvery(before), before.LoadEnd.Seconds())),
	}
	if !color {
		// Without colours the two curves need different strokes, and the legend must say which.
		opts = append(opts,
			asciigraph.SeriesChars(asciigraph.DefaultCharSet, asciigraph.CreateCharSet("·")),
			asciigraph.SeriesLegends(PhaseName(lang, before.Name)+" (─)", PhaseName(lang, after.Name)+" (·)"))
		// asciigraph writes reset codes around legends even without colors.
		return ansi.ReplaceAllString(asciigraph.PlotMany([][]float64{series(before), series(after)}, opts...), "")
	}
	opts = append(opts, asciigraph.SeriesColors(asciigraph.Red, asciigraph.Green))
	return asciigraph.PlotMany([][]float64{series(before), series(after)}, opts...)
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func sampleEvery(p Phase) time.Duration {
	if len(p.Samples) > 1 {
		return (p.Samples[1].T - p.Samples[0].T).Round(10 * time.Millisecond)
	}
	return 0
}

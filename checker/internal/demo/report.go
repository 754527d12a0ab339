package demo

import (
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/guptarohit/asciigraph"
	"github.com/mattn/go-runewidth"
)

// Table prints the phases side by side in the shape of seed 001's Before/After
// table, measured on this machine.
func Table(w io.Writer, before, after Phase) { TableIn(w, "en", before, after) }

// TableIn is Table in lang; columns are aligned by display width, so that
// Japanese, two columns a character, lines up.
func TableIn(w io.Writer, lang string, before, after Phase) {
	b, a := before.Summarize(), after.Summarize()
	rows := [][3]string{
		{Tf(lang, MsgMetric), Tf(lang, MsgBeforeFix, before.Name), Tf(lang, MsgAfterFix, after.Name)},
		{Tf(lang, MsgPeakG), fmt.Sprint(b.PeakGoroutines), fmt.Sprint(a.PeakGoroutines)},
		{Tf(lang, MsgPeakHeap), mib(b.PeakHeapBytes), mib(a.PeakHeapBytes)},
		{Tf(lang, MsgAfterLoad), Tf(lang, MsgBaseline, b.AfterLoad, before.Baseline), Tf(lang, MsgBaseline, a.AfterLoad, after.Baseline)},
		{Tf(lang, MsgRecovery), recovery(lang, b, before), recovery(lang, a, after)},
		{Tf(lang, MsgLeakedRuntime), leaked(lang, b, before), leaked(lang, a, after)},
	}
	var widths [3]int
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], runewidth.StringWidth(c))
		}
	}
	for _, r := range rows {
		fmt.Fprintf(w, "%s   %s   %s\n", runewidth.FillRight(r[0], widths[0]), runewidth.FillRight(r[1], widths[1]), r[2])
	}
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
		return fmt.Sprintf(T(lang, MsgWithin), every.Round(time.Millisecond))
	}
	return s.Recovery.Round(time.Millisecond).String()
}

func leaked(lang string, s Summary, p Phase) string {
	if !p.LeakProfile {
		return T(lang, MsgNA)
	}
	return fmt.Sprint(s.LeakedByRuntime)
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
		asciigraph.Width(72),
		asciigraph.Precision(0),
		asciigraph.SeriesLegends(before.Name, after.Name),
		asciigraph.Caption(fmt.Sprintf(T(lang, MsgCaption),
			sampleEvery(before), before.LoadEnd.Seconds())),
	}
	if !color {
		// Without colours the two curves need different strokes, and the legend must say which.
		opts = append(opts,
			asciigraph.SeriesChars(asciigraph.DefaultCharSet, asciigraph.CreateCharSet("·")),
			asciigraph.SeriesLegends(before.Name+" (─)", after.Name+" (·)"))
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

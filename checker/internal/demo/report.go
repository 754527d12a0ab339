package demo

import (
	"fmt"
	"io"
	"regexp"
	"text/tabwriter"
	"time"

	"github.com/guptarohit/asciigraph"
)

// Table prints the phases side by side in the shape of seed 001's Before/After
// table, measured on this machine.
func Table(w io.Writer, before, after Phase) {
	b, a := before.Summarize(), after.Summarize()
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	fmt.Fprintf(tw, "Metric\tBefore fix (%s)\tAfter fix (%s)\n", before.Name, after.Name)
	fmt.Fprintf(tw, "Peak goroutines\t%d\t%d\n", b.PeakGoroutines, a.PeakGoroutines)
	fmt.Fprintf(tw, "Peak heap in use\t%s\t%s\n", mib(b.PeakHeapBytes), mib(a.PeakHeapBytes))
	fmt.Fprintf(tw, "Goroutines after the load\t%d (baseline %d)\t%d (baseline %d)\n", b.AfterLoad, before.Baseline, a.AfterLoad, after.Baseline)
	fmt.Fprintf(tw, "Recovery\t%s\t%s\n", recovery(b, before), recovery(a, after))
	fmt.Fprintf(tw, "Leaked, says the Go runtime\t%s\t%s\n", leaked(b, before), leaked(a, after))
	tw.Flush()
}

func recovery(s Summary, p Phase) string {
	if !s.Recovered {
		return "never: restart required"
	}
	every := 50 * time.Millisecond
	if len(p.Samples) > 1 {
		every = p.Samples[1].T - p.Samples[0].T
	}
	if s.Recovery <= every+every/2 {
		return fmt.Sprintf("within %v (one sample)", every.Round(time.Millisecond))
	}
	return s.Recovery.Round(time.Millisecond).String()
}

func leaked(s Summary, p Phase) string {
	if !p.LeakProfile {
		return "n/a (no goroutineleak profile in this Go)"
	}
	return fmt.Sprint(s.LeakedByRuntime)
}

// Chart draws both phases' goroutine counts over time.
func Chart(before, after Phase, color bool) string {
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
		asciigraph.Caption(fmt.Sprintf("goroutines over time, one point every %v; the load stops at %.1f s",
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

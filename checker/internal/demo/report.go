package demo

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/guptarohit/asciigraph"
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
func Table(w io.Writer, before, after Phase) {
	b, a := before.Summarize(), after.Summarize()
	var buf strings.Builder
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	row := func(metric string, cells ...string) { fmt.Fprintln(tw, metric+"\t"+strings.Join(cells, "\t")) }
	row("", "Before fix", "", "After fix", "")
	row("Metric", before.Name, "article", after.Name, "article")
	row("Peak goroutines", count(b.PeakGoroutines), Article.Goroutines[0], count(a.PeakGoroutines), Article.Goroutines[1])
	row("Peak heap in use", mib(b.PeakHeapBytes), "", mib(a.PeakHeapBytes), "")
	row("Peak resident memory", rss(b), Article.Memory[0], rss(a), Article.Memory[1])
	row("Goroutines left after", count(b.AfterLoad), "", count(a.AfterLoad), "")
	row("Recovery", recovery(b, before), Article.Recovery[0], recovery(a, after), Article.Recovery[1])
	row("Leaked (Go runtime)", leaked(b, before), "", leaked(a, after), "")
	tw.Flush()
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		io.WriteString(w, strings.TrimRight(line, " \n")+strings.Repeat("\n", strings.Count(line, "\n")))
	}
	fmt.Fprintf(w, "Goroutines before the load: %d (%s), %d (%s).\n", before.Baseline, before.Name, after.Baseline, after.Name)
	fmt.Fprintln(w, "The article's memory is the whole process's: compare it with resident memory.")
	if !before.LeakProfile || !after.LeakProfile {
		fmt.Fprintln(w, "n/a: this Go has no goroutineleak profile. For the Go runtime's own verdict:")
		fmt.Fprintln(w, "    GOTOOLCHAIN=go1.27.3 go run ./checker/demo")
		fmt.Fprintln(w, "or on Go 1.26: GOEXPERIMENT=goroutineleakprofile go run ./checker/demo")
	}
}

// count writes n with thousands separators, as the article does.
func count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func rss(s Summary) string {
	if s.PeakRSS == 0 {
		return "n/a"
	}
	return mib(s.PeakRSS)
}

func recovery(s Summary, p Phase) string {
	if !s.Recovered {
		return "never"
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

func leaked(s Summary, p Phase) string {
	if !p.LeakProfile {
		return "n/a"
	}
	return count(s.LeakedByRuntime)
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
		asciigraph.Width(64), // with the axis labels, within 80 columns
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

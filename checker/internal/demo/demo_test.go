package demo

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func small() Load {
	return Load{Requests: 200, JobsPerRequest: 8, PayloadKiB: 1, Duration: 200 * time.Millisecond,
		Settle: 200 * time.Millisecond, Every: 20 * time.Millisecond}
}

// The leaky phase runs last: its stuck goroutines stay in this test binary.
func TestBeforeAndAfter(t *testing.T) {
	after := RunPhase(context.Background(), "fixed", Fixed, small())
	before := RunPhase(context.Background(), "leaky", Leaky, small())

	a, b := after.Summarize(), before.Summarize()
	assert.True(t, a.Recovered, "the fixed handler returns to its baseline of %d goroutines; %d left", after.Baseline, a.AfterLoad)
	assert.False(t, b.Recovered, "the leaky handler never recovers")
	assert.GreaterOrEqual(t, b.AfterLoad-before.Baseline, 200, "every leaky request leaves goroutines behind")
	assert.Equal(t, 200, after.Errors, "the fixed handler still reports each request's failing job")
	assert.Equal(t, 200, before.Errors)
	assert.Greater(t, b.PeakGoroutines, a.PeakGoroutines)

	var out bytes.Buffer
	Table(&out, before, after)
	assert.Contains(t, out.String(), "never")
	assert.Contains(t, out.String(), "50,000+", "the article's figures beside the measured ones")
	assert.Contains(t, out.String(), "4.2 GB")
	if before.PeakRSS > 0 {
		assert.Regexp(t, `Peak resident memory\s+\d+ MB\s+4\.2 GB`, out.String())
	}
	fits80(t, out.String())
	before.LeakProfile, after.LeakProfile = true, true // the Go 1.27 table fits too
	out.Reset()
	Table(&out, before, after)
	fits80(t, out.String())
	chart := Chart(before, after, false)
	fits80(t, chart)
	assert.Contains(t, chart, "leaky")
	assert.NotContains(t, chart, "\x1b[", "no escape codes without color")
	require.Greater(t, strings.Count(chart, "\n"), 10)
}

func fits80(t *testing.T, s string) {
	t.Helper()
	for _, line := range strings.Split(s, "\n") {
		assert.LessOrEqual(t, utf8.RuneCountInString(line), 80, "wider than 80 columns: %q", line)
	}
}

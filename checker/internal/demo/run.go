package demo

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"sync"
	"time"
)

// Load is the bounded traffic a phase sends: Requests requests spread evenly
// over Duration, each with JobsPerRequest jobs of PayloadKiB each, then Settle
// of quiet in which the process may recover.
type Load struct {
	Requests       int
	JobsPerRequest int
	PayloadKiB     int
	Duration       time.Duration
	Settle         time.Duration
	Every          time.Duration // sampling period
}

// DefaultLoad finishes a leaky and a fixed phase in about 10 s and stays well
// under 500 MB; Scale multiplies the requests.
func DefaultLoad(scale int) Load {
	return Load{
		Requests:       3000 * scale,
		JobsPerRequest: 8,
		PayloadKiB:     8,
		Duration:       3 * time.Second,
		Settle:         2 * time.Second,
		Every:          50 * time.Millisecond,
	}
}

// Sample is one reading of the process.
type Sample struct {
	T          time.Duration `json:"t"`
	Goroutines int           `json:"goroutines"`
	HeapBytes  uint64        `json:"heap"`
	Leaked     int           `json:"leaked"` // the runtime's goroutineleak count, -1 when not read
}

// Phase is what one handler did under the load.
type Phase struct {
	Name     string        `json:"name"`
	Baseline int           `json:"baseline"` // goroutines before the load
	LoadEnd  time.Duration `json:"loadEnd"`
	Samples  []Sample      `json:"samples"`
	Errors   int           `json:"errors"` // requests that returned an error (expected: one job of each fails)
	// LeakProfile is false when this toolchain has no goroutineleak profile.
	LeakProfile bool `json:"leakProfile"`
	// PeakRSS is the process's peak resident memory in bytes, 0 when unknown.
	// It can be well below the heap: a payload nobody writes to is never paged in.
	PeakRSS uint64 `json:"peakRSS"`
}

// RunPhase sends l to h in this process and samples it until l.Settle after
// the last request.
func RunPhase(ctx context.Context, name string, h Handler, l Load) Phase {
	runtime.GC()
	p := Phase{Name: name, Baseline: runtime.NumGoroutine(), LeakProfile: pprof.Lookup("goroutineleak") != nil}
	start := time.Now()

	var mu sync.Mutex
	sample := func(withLeaks bool) {
		s := Sample{T: time.Since(start), Goroutines: runtime.NumGoroutine(), HeapBytes: heapInUse(), Leaked: -1}
		if withLeaks && p.LeakProfile {
			s.Leaked = leakedNow()
		}
		mu.Lock()
		p.Samples = append(p.Samples, s)
		mu.Unlock()
	}

	stopSampling := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Go(func() {
		tick := time.NewTicker(l.Every)
		defer tick.Stop()
		for n := 1; ; n++ {
			select {
			case <-stopSampling:
				return
			case <-tick.C:
				sample(n%10 == 0) // the leak profile runs a GC cycle: read it every tenth sample
			}
		}
	})

	var requests sync.WaitGroup
	var errs sync.Mutex
	gap := l.Duration / time.Duration(max(l.Requests, 1))
	next := time.Now()
	for i := 0; i < l.Requests && ctx.Err() == nil; i++ {
		jobs := make([]Job, l.JobsPerRequest)
		for j := range jobs {
			jobs[j] = Job{Payload: make([]byte, l.PayloadKiB<<10), Fail: j == 1}
		}
		requests.Go(func() {
			if h(ctx, jobs) != nil {
				errs.Lock()
				p.Errors++
				errs.Unlock()
			}
		})
		next = next.Add(gap)
		time.Sleep(time.Until(next))
	}
	requests.Wait()
	p.LoadEnd = time.Since(start)

	select {
	case <-time.After(l.Settle):
	case <-ctx.Done():
	}
	close(stopSampling)
	sampler.Wait()
	runtime.GC()
	sample(true)
	p.PeakRSS = peakRSS()
	return p
}

func heapInUse() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

var leakTotal = regexp.MustCompile(`goroutineleak profile: total (\d+)`)

// leakedNow writes the goroutineleak profile, which is what runs the leak
// detection (Count alone would report the previous detection).
func leakedNow() int {
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutineleak").WriteTo(&buf, 1); err != nil {
		return -1
	}
	m := leakTotal.FindSubmatch(buf.Bytes())
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// Summary is one column of the Before/After table.
type Summary struct {
	PeakGoroutines  int
	PeakHeapBytes   uint64
	PeakRSS         uint64 // 0 when unknown
	AfterLoad       int    // goroutines at the end of the settle time
	Recovery        time.Duration
	Recovered       bool
	LeakedByRuntime int // -1 when the toolchain has no goroutineleak profile
}

// Summarize reduces a phase to its table column. The process has recovered
// when the goroutine count is back within a few of the baseline.
func (p Phase) Summarize() Summary {
	s := Summary{LeakedByRuntime: -1, PeakRSS: p.PeakRSS}
	for _, x := range p.Samples {
		s.PeakGoroutines = max(s.PeakGoroutines, x.Goroutines)
		s.PeakHeapBytes = max(s.PeakHeapBytes, x.HeapBytes)
		if x.Leaked >= 0 {
			s.LeakedByRuntime = x.Leaked
		}
		if !s.Recovered && x.T >= p.LoadEnd && x.Goroutines <= p.Baseline+2 {
			s.Recovered, s.Recovery = true, x.T-p.LoadEnd
		}
	}
	if n := len(p.Samples); n > 0 {
		s.AfterLoad = p.Samples[n-1].Goroutines
	}
	return s
}

func mib(b uint64) string { return fmt.Sprintf("%.0f MB", float64(b)/1e6) }

package hunt

import (
	"encoding/binary"
	"os"

	"github.com/google/pprof/profile"

	"gohunters/internal/stacks"
)

// WriteProfile writes a dump as the binary goroutine profile go tool pprof
// reads, so that a text dump can be compared with -base like the service's
// own profiles. Each state is a label (pprof -tagfocus=state=select).
func WriteProfile(path string, s Snapshot) error {
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "goroutine", Unit: "count"}},
		PeriodType: &profile.ValueType{Type: "goroutine", Unit: "count"},
		Period:     1,
		Mapping:    []*profile.Mapping{{ID: 1, HasFunctions: true, HasFilenames: true, HasLineNumbers: true}},
	}
	if !s.Time.IsZero() {
		p.TimeNanos = s.Time.UnixNano()
	}
	funcs := map[[2]string]*profile.Function{}
	locs := map[stacks.Frame]*profile.Location{}
	samples := map[string]*profile.Sample{}
	var key []byte // the sample's state and location ids
	for _, g := range s.Goroutines {
		key = append(key[:0], g.State...)
		var path []*profile.Location
		for _, f := range g.Stack {
			loc := locs[f]
			if loc == nil {
				fn := funcs[[2]string{f.Func, f.File}]
				if fn == nil {
					fn = &profile.Function{ID: uint64(len(funcs) + 1), Name: f.Func, SystemName: f.Func, Filename: f.File}
					funcs[[2]string{f.Func, f.File}] = fn
					p.Function = append(p.Function, fn)
				}
				loc = &profile.Location{ID: uint64(len(locs) + 1), Mapping: p.Mapping[0], Line: []profile.Line{{Function: fn, Line: int64(f.Line)}}}
				locs[f] = loc
				p.Location = append(p.Location, loc)
			}
			path = append(path, loc)
			key = binary.AppendUvarint(append(key, 0), loc.ID)
		}
		if smp := samples[string(key)]; smp != nil {
			smp.Value[0] += int64(g.Count)
			continue
		}
		smp := &profile.Sample{Location: path, Value: []int64{int64(g.Count)}}
		if g.State != "" {
			smp.Label = map[string][]string{"state": {g.State}}
		}
		samples[string(key)] = smp
		p.Sample = append(p.Sample, smp)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := p.Write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

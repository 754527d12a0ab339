package report

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"gohunters/checker/catalogue"
	"gohunters/checker/internal/explain"
	"gohunters/checker/internal/grade"
	"gohunters/internal/leakprofile"
)

func leaking(runtime ...leakprofile.Verdict) grade.Verdict {
	w := explain.Where{Goroutine: explain.Goroutine{State: "chan send", Count: 2}, Func: "gohunters/exercises/02_x.Run.func1",
		StuckAt: explain.Frame{File: "/r/exercises/02_x/x.go", Line: 9}, Started: explain.Frame{File: "/r/exercises/02_x/x.go", Line: 8}}
	return grade.Verdict{Exercise: catalogue.Exercise{Number: 2, Dir: "02_x"}, Status: grade.Leaking, Leaks: []explain.Where{w}, Runtime: runtime}
}

// Every leak carries the runtime's verdict when the view is on, what to set when
// the toolchain lacks the profile, and nothing with --no-runtime.
func TestLeaksCarryTheRuntimeVerdict(t *testing.T) {
	for _, tc := range []struct {
		view grade.View
		v    grade.Verdict
		want string
	}{
		{grade.ViewOn, leaking(leakprofile.Verdict{Status: leakprofile.NotConfirmed, Reason: leakprofile.Reachable, Message: "not confirmed"}),
			`{"function":"gohunters/exercises/02_x.Run.func1","state":"chan send","count":2,"location":"exercises/02_x/x.go:9",` +
				`"started":"exercises/02_x/x.go:8","runtime":{"status":"not-confirmed","reason":"reachable","message":"not confirmed"}}`},
		{grade.ViewOn, leaking(leakprofile.Verdict{Status: leakprofile.Confirmed, Message: "confirmed"}),
			`"runtime":{"status":"confirmed","message":"confirmed"}}`},
		{grade.ViewUnavailable, leaking(), `"runtime":{"status":"unavailable","message":"this Go has no goroutineleak profile`},
		{grade.ViewOff, leaking(), `"started":"exercises/02_x/x.go:8"}`},
	} {
		var buf bytes.Buffer
		r := New("/r", "go1.27.3", time.Unix(0, 0), []grade.Verdict{tc.v}, tc.view)
		if err := json.NewEncoder(&buf).Encode(r); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(buf.Bytes(), []byte(tc.want)) || !bytes.Contains(buf.Bytes(), []byte(`"runtime_view":"`+tc.view.String()+`"`)) {
			t.Errorf("view %s: no %s in\n%s", tc.view, tc.want, buf.String())
		}
	}
}

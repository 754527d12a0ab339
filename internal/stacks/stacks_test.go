package stacks

import (
	"reflect"
	"testing"
)

// A runtime dump with GODEBUG=tracebackancestors: the creators' stacks come
// after "created by" and belong to the same goroutine.
func TestParseAncestors(t *testing.T) {
	gs := Parse(`goroutine 19 gp=0xc000 m=nil [chan send (leaked), 3 minutes]:
main.start.func1()
	/src/main.go:9 +0xf
created by context.(*cancelCtx).propagateCancel in goroutine 1
	/go/src/context/context.go:522 +0x1a
[originating from goroutine 1]:
context.WithTimeout(...)
	/go/src/context/context.go:700 +0x17
main.start(...)
	/src/main.go:8 +0x17

goroutine 20 [select (durable), synctest bubble 4]:
main.wait()
	/src/main.go:20 +0x1
`)
	if len(gs) != 2 {
		t.Fatalf("%d goroutines: %+v", len(gs), gs)
	}
	g := gs[0]
	if g.ID != 19 || g.State != "chan send" || !g.Leaked || g.CreatedBy.Func != "context.(*cancelCtx).propagateCancel" {
		t.Errorf("%+v", g)
	}
	want := []Frame{{Func: "context.WithTimeout", File: "/go/src/context/context.go", Line: 700}, {Func: "main.start", File: "/src/main.go", Line: 8}}
	if !reflect.DeepEqual(g.Ancestors, want) {
		t.Errorf("ancestors %+v, want %+v", g.Ancestors, want)
	}
	if h := gs[1]; h.State != "select" || !h.Durable || h.Bubble != 4 || h.Leaked {
		t.Errorf("%+v", h)
	}
}

// goleak's report inside go test output, summarised by leakcheck.
func TestParseGoleakSummary(t *testing.T) {
	gs := Parse(`    leak_test.go:16: found unexpected goroutines:
        [Goroutine 35 in state chan send (durable), synctest bubble 2, with x.Run.func2 on top of the stack:
        x.Run.func2()
        	/src/agent.go:45 +0x4e
        created by x.Run in goroutine 16
        	/src/agent.go:44 +0x159
         (and 2 more goroutines stuck the same way)
        ]
`)
	if len(gs) != 1 {
		t.Fatalf("%+v", gs)
	}
	g := gs[0]
	if g.ID != 35 || g.Count != 3 || g.Top().Line != 45 || g.CreatedBy.Line != 44 || g.State != "chan send" || g.Bubble != 2 {
		t.Errorf("%+v", g)
	}
}

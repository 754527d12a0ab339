// Command demo shows a goroutine leak happen: it runs seed 001's worker-pool
// handler before and after the fix under the same bounded load, each in a
// process of its own, samples goroutines and heap, and prints the Before/After
// table and the goroutine curves measured on this machine.
//
//	go run ./checker/demo            # about 10 s, well under 500 MB
//	go run ./checker/demo -scale 5   # more load
//	go run ./checker/demo -hold      # keep the leaky process up to explore /debug/pprof
//
// While a phase runs, its net/http/pprof endpoint is printed: open
// /debug/pprof/goroutine?debug=1 to see thousands of goroutines stuck on one line,
// and on Go 1.27+ /debug/pprof/goroutineleak to see the runtime confirm them.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof" // the endpoint the learner opens while a phase runs
	"os"
	"os/exec"
	"os/signal"

	"golang.org/x/term"

	"gohunters/checker/internal/demo"
	"gohunters/checker/internal/i18n"
	"gohunters/checker/internal/ui"
)

func main() {
	lang := i18n.Choose("", os.Getenv)
	scale := flag.Int("scale", 1, demo.T(lang, demo.MsgFlagScale))
	hold := flag.Bool("hold", false, demo.T(lang, demo.MsgFlagHold))
	phase := flag.String("phase", "", "internal: run one phase (leaky or fixed) and print it as JSON")
	langFlag := flag.String("lang", "", demo.T(lang, demo.MsgFlagLang))
	flag.Parse()
	lang = i18n.Choose(*langFlag, os.Getenv)
	if *scale < 1 || *scale > 50 {
		fmt.Fprintln(os.Stderr, demo.T(lang, demo.MsgScale))
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	if *phase != "" {
		os.Exit(runPhase(ctx, lang, *phase, *scale, *hold))
	}

	fmt.Printf(demo.T(lang, demo.MsgSending)+"\n",
		demo.DefaultLoad(*scale).Requests, demo.DefaultLoad(*scale).Duration)
	before, err := child(ctx, lang, "leaky", *scale, *hold)
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
	after, err := child(ctx, lang, "fixed", *scale, false)
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
	fmt.Println()
	demo.TableIn(os.Stdout, lang, before, after)
	fmt.Println()
	color := ui.UseColor(term.IsTerminal(int(os.Stdout.Fd())), os.Getenv) // NO_COLOR, TERM=dumb
	fmt.Println(demo.ChartIn(lang, before, after, color))
	if !before.LeakProfile {
		fmt.Println(demo.T(lang, demo.MsgNoProfile))
	}
}

// child runs one phase in a fresh process, so that the leaky phase's stuck
// goroutines cannot distort the fixed phase's numbers.
func child(ctx context.Context, lang, name string, scale int, hold bool) (demo.Phase, error) {
	fmt.Printf(demo.T(lang, demo.MsgPhase), name)
	args := []string{"-phase", name, "-scale", fmt.Sprint(scale), "-lang", lang}
	if hold {
		args = append(args, "-hold")
	}
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return demo.Phase{}, fmt.Errorf("%s phase: %w", name, err)
	}
	var p demo.Phase
	if err := json.Unmarshal(out, &p); err != nil {
		return demo.Phase{}, fmt.Errorf("%s phase: reading its result: %w", name, err)
	}
	return p, nil
}

func runPhase(ctx context.Context, lang, name string, scale int, hold bool) int {
	handlers := map[string]demo.Handler{"leaky": demo.Leaky, "fixed": demo.Fixed}
	h, ok := handlers[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "demo: unknown phase %q\n", name)
		return 2
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		return 1
	}
	srv := &http.Server{Handler: http.DefaultServeMux}
	go srv.Serve(ln) // ends with srv.Close below
	defer srv.Close()
	base := "http://" + ln.Addr().String() + "/debug/pprof/"
	fmt.Fprintf(os.Stderr, demo.T(lang, demo.MsgPprof), base)

	p := demo.RunPhase(ctx, name, h, demo.DefaultLoad(scale))
	s := p.Summarize()
	fmt.Fprintf(os.Stderr, demo.T(lang, demo.MsgPeak), s.PeakGoroutines, s.AfterLoad, p.Baseline)
	if hold {
		fmt.Fprintf(os.Stderr, demo.T(lang, demo.MsgHolding), name, base)
		if p.LeakProfile {
			fmt.Fprintf(os.Stderr, demo.T(lang, demo.MsgHoldingLeak), base)
		}
		fmt.Fprintln(os.Stderr, demo.T(lang, demo.MsgHoldingEnd))
		<-ctx.Done()
	}
	if err := json.NewEncoder(os.Stdout).Encode(p); err != nil {
		return 1
	}
	return 0
}

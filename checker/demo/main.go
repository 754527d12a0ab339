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
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	_ "net/http/pprof" // the endpoint the learner opens while a phase runs
	"os"
	"os/exec"
	"os/signal"

	"golang.org/x/term"

	"gohunters/checker/internal/demo"
	"gohunters/checker/internal/ui"
	"gohunters/internal/i18n"
	"gohunters/internal/i18n/flagtext"
)

func main() {
	i18n.NarrowAmbiguous(os.Getenv)
	lang := i18n.Choose("", os.Getenv) // the locale's, until -lang is read
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	scale := fs.Int("scale", 1, demo.MsgFlagScale)
	hold := fs.Bool("hold", false, demo.MsgFlagHold)
	phase := fs.String("phase", "", "internal: run one phase (leaky or fixed) and print it as JSON")
	langFlag := fs.String("lang", "", demo.MsgFlagLang)
	err := fs.Parse(os.Args[1:])
	if l, ok := flagtext.Lang(*langFlag); !ok {
		fmt.Fprintln(os.Stderr, "demo: "+flagtext.LangError(lang, *langFlag))
		os.Exit(2)
	} else if l != "" {
		lang = l
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Print(demo.T(lang, demo.MsgUsage))
		flagtext.PrintDefaults(os.Stdout, fs, lang, func(s string) string { return demo.T(lang, s) }, "phase")
		return
	case err != nil:
		fmt.Fprintln(os.Stderr, demo.Tf(lang, demo.MsgBadFlag, flagtext.Error(lang, err)))
		os.Exit(2)
	case fs.NArg() > 0:
		fmt.Fprintln(os.Stderr, demo.Tf(lang, demo.MsgBadFlag, fs.Arg(0)))
		os.Exit(2)
	}
	if *scale < 1 || *scale > 50 {
		fmt.Fprintln(os.Stderr, demo.T(lang, demo.MsgScale))
		os.Exit(2)
	}

	if *phase != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		os.Exit(runPhase(ctx, lang, *phase, *scale, *hold))
	}

	// Ctrl-C reaches this process and the phase's alike. While a held phase
	// waits, it means "go on"; otherwise it stops the demo.
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	defer signal.Stop(interrupts)

	fmt.Printf(demo.T(lang, demo.MsgSending)+"\n",
		demo.DefaultLoad(*scale).Requests, demo.DefaultLoad(*scale).Duration)
	before, err := child(interrupts, lang, "leaky", *scale, *hold)
	if err == nil {
		var after demo.Phase
		after, err = child(interrupts, lang, "fixed", *scale, false)
		if err == nil {
			fmt.Println()
			demo.TableIn(os.Stdout, lang, before, after)
			fmt.Println()
			color := ui.UseColor(term.IsTerminal(int(os.Stdout.Fd())), os.Getenv) // NO_COLOR, TERM=dumb
			fmt.Println(demo.ChartIn(lang, before, after, color))
			return
		}
	}
	fmt.Fprintln(os.Stderr, err)
	if errors.Is(err, errInterrupted) {
		os.Exit(130)
	}
	os.Exit(1)
}

var errInterrupted = errors.New("interrupted")

// phaseError is a phase that went wrong, said in the demo's language.
type phaseError struct {
	lang, msg, phase string
	err              error
}

func (e phaseError) Error() string {
	if e.msg == demo.MsgStopped {
		return demo.Tf(e.lang, e.msg, demo.PhaseName(e.lang, e.phase))
	}
	return demo.Tf(e.lang, e.msg, demo.PhaseName(e.lang, e.phase), e.err)
}

func (e phaseError) Unwrap() error { return e.err }

// child runs one phase in a fresh process, so that the leaky phase's stuck
// goroutines cannot distort the fixed phase's numbers.
func child(interrupts <-chan os.Signal, lang, name string, scale int, hold bool) (demo.Phase, error) {
	fmt.Printf(demo.T(lang, demo.MsgPhase), demo.PhaseName(lang, name))
	args := []string{"-phase", name, "-scale", fmt.Sprint(scale), "-lang", lang}
	if hold {
		args = append(args, "-hold")
	}
	var out bytes.Buffer
	cmd := exec.Command(os.Args[0], args...)
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Start(); err != nil {
		return demo.Phase{}, phaseError{lang, demo.MsgFailed, name, err}
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	for {
		select {
		case err := <-exited:
			if err != nil {
				return demo.Phase{}, phaseError{lang, demo.MsgFailed, name, err}
			}
			var p demo.Phase
			if err := json.Unmarshal(out.Bytes(), &p); err != nil {
				return demo.Phase{}, phaseError{lang, demo.MsgNoResult, name, err}
			}
			return p, nil
		case <-interrupts:
			if hold {
				// The held phase goes on to print its result; pass the Ctrl-C
				// on in case it did not come from a terminal.
				hold = false
				cmd.Process.Signal(os.Interrupt)
				continue
			}
			cmd.Process.Kill()
			<-exited
			return demo.Phase{}, phaseError{lang, demo.MsgStopped, name, errInterrupted}
		}
	}
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
		fmt.Fprintf(os.Stderr, demo.T(lang, demo.MsgHolding), demo.PhaseName(lang, name), base)
		if p.LeakProfile {
			fmt.Fprintf(os.Stderr, demo.T(lang, demo.MsgHoldingLeak), base)
		}
		fmt.Fprintln(os.Stderr, demo.T(lang, demo.MsgHoldingEnd))
		<-ctx.Done()
		fmt.Fprintln(os.Stderr, demo.T(lang, demo.MsgGoingOn))
	}
	if err := json.NewEncoder(os.Stdout).Encode(p); err != nil {
		return 1
	}
	return 0
}

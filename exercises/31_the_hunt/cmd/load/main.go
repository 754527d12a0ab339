// Command load drives the product service (cmd/productd) with the traffic of an
// ordinary day: most requests are answered, some ask for a product that does
// not exist or one the database fails on, some clients give up before the
// answer, and every few seconds a deploy reloads the configuration. Once a
// second it prints what the requests got and the service's goroutine count, as
// /debug/pprof/goroutine?debug=1 reports it.
//
//	go run ./exercises/31_the_hunt/cmd/load              # against 127.0.0.1:8080, until Ctrl-C
//	go run ./exercises/31_the_hunt/cmd/load -for 1m -rate 200
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the service's base URL")
	rate := flag.Int("rate", 100, "requests a second")
	reload := flag.Duration("reload", 5*time.Second, "how often a deploy reloads the configuration (0: never)")
	duration := flag.Duration("for", 0, "how long to run (0: until Ctrl-C)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *duration)
		defer cancel()
	}
	l := &load{base: strings.TrimSuffix(*base, "/"), client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	if _, err := l.goroutines(); err != nil {
		log.Fatalf("load: %v (is the service running? go run ./exercises/31_the_hunt/cmd/productd)", err)
	}

	var wg sync.WaitGroup
	wg.Go(func() { l.requests(ctx, *rate) })
	if *reload > 0 {
		wg.Go(func() { l.reloads(ctx, *reload) })
	}
	l.report(ctx)
	wg.Wait()
}

// load is the traffic and what came of it.
type load struct {
	base   string
	client *http.Client

	mu       sync.Mutex
	outcomes map[string]int // this second's requests by outcome
	reloaded []string       // this second's reloads
}

func (l *load) count(outcome string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.outcomes == nil {
		l.outcomes = map[string]int{}
	}
	l.outcomes[outcome]++
}

// requests sends rate requests a second, each in a goroutine of its own, until
// ctx is done, and waits for them.
func (l *load) requests(ctx context.Context, rate int) {
	var wg sync.WaitGroup
	defer wg.Wait()
	tick := time.NewTicker(time.Second / time.Duration(max(rate, 1)))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			wg.Go(func() { l.count(l.request(ctx)) })
		}
	}
}

// request makes one request of a random kind and returns its outcome.
func (l *load) request(ctx context.Context) string {
	n := 1 + rand.IntN(8)
	ids := make([]string, n)
	for i := range ids {
		ids[i] = strconv.Itoa(1 + rand.IntN(699))
	}
	timeout := 2 * time.Second
	switch k := rand.IntN(100); {
	case k < 8: // a product that does not exist
		ids[rand.IntN(n)] = strconv.Itoa(900 + rand.IntN(100))
	case k < 14: // a product the database fails on
		ids[rand.IntN(n)] = strconv.Itoa(800 + rand.IntN(100))
	case k < 24: // a client in a hurry
		timeout = time.Duration(1+rand.IntN(5)) * time.Millisecond
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.base+"/products?ids="+strings.Join(ids, ","), nil)
	if err != nil {
		return "error"
	}
	resp, err := l.client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return "gave up"
		}
		return "error"
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return strconv.Itoa(resp.StatusCode)
}

// reloads asks for a reload every interval, as a deploy does, until ctx is done.
func (l *load) reloads(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			outcome := l.reload(ctx, every)
			l.mu.Lock()
			l.reloaded = append(l.reloaded, outcome)
			l.mu.Unlock()
		}
	}
}

func (l *load) reload(ctx context.Context, within time.Duration) string {
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, l.base+"/admin/reload", nil)
	start := time.Now()
	resp, err := l.client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Sprintf("a reload had not finished after %v", within)
		}
		return "reload: " + err.Error()
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return fmt.Sprintf("reloaded in %v", time.Since(start).Round(time.Millisecond))
}

// goroutines reads the service's goroutine count from its goroutine profile.
func (l *load) goroutines() (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, l.base+"/debug/pprof/goroutine?debug=1", nil)
	resp, err := l.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	first, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("%s: %v", req.URL, err)
	}
	total, ok := strings.CutPrefix(strings.TrimSpace(first), "goroutine profile: total ")
	if !ok {
		return 0, fmt.Errorf("%s answered %q, not a goroutine profile", req.URL, first)
	}
	return strconv.Atoi(total)
}

// report prints, once a second until ctx is done, the outcomes of that second
// and the goroutine count.
func (l *load) report(ctx context.Context) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	start, first := time.Now(), -1
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		l.mu.Lock()
		outcomes, reloaded := l.outcomes, l.reloaded
		l.outcomes, l.reloaded = nil, nil
		l.mu.Unlock()
		var line strings.Builder
		fmt.Fprintf(&line, "%4ds", int(time.Since(start).Seconds()))
		for _, o := range []string{"200", "404", "502", "499", "503", "gave up", "error"} {
			if n := outcomes[o]; n > 0 {
				fmt.Fprintf(&line, "  %s %d", o, n)
			}
		}
		if n, err := l.goroutines(); err != nil {
			fmt.Fprintf(&line, "  goroutines: %v", err)
		} else {
			if first < 0 {
				first = n
			}
			fmt.Fprintf(&line, "  goroutines %d (%+d since the start)", n, n-first)
		}
		for _, r := range reloaded {
			line.WriteString("  | " + r)
		}
		fmt.Println(line.String())
	}
}

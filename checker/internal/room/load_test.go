package room

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gohunters/checker/internal/ident"
	"gohunters/checker/internal/report"
	"gohunters/internal/catalogue"
)

// TestLoad is a conference hall: ROOM_LOAD_LEARNERS (300) learners, each with
// a clone identity of their own, post a signed verdict every 2 s for
// ROOM_LOAD_SECONDS (30) to one `serve` process (the online binary, with its
// store on disk) on loopback, while the trainer's page (an event-stream
// client) watches. It reports the time from a post to the page seeing it
// (p50, p99, max), the server's peak resident memory and the posts lost, and
// fails above p99 1 s, 200 MB, or any loss or refusal.
// It is not part of the self-check; run it with:
//
//	ROOM_LOAD=1 ROOM_LOAD_LEARNERS=2000 ROOM_LOAD_SECONDS=60 go test -run TestLoad -v -timeout 10m ./checker/internal/room/
func TestLoad(t *testing.T) {
	if os.Getenv("ROOM_LOAD") == "" {
		t.Skip("the load test runs only with ROOM_LOAD=1")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the load test reads the server's memory from /proc")
	}
	learners := envInt("ROOM_LOAD_LEARNERS", 300)
	duration := time.Duration(envInt("ROOM_LOAD_SECONDS", 30)) * time.Second
	const every = 2 * time.Second

	bin := filepath.Join(t.TempDir(), "online")
	if out, err := exec.Command("go", "build", "-o", bin, "gohunters/checker/online").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	keys := make([]ident.Key, learners)
	for i := range keys {
		keys[i] = clone(t)
	}
	ctx, cancel := context.WithTimeout(context.Background(), duration+2*time.Minute)
	defer cancel()
	serve := exec.CommandContext(ctx, bin, "serve", "--listen", "127.0.0.1:0", "--code", "loadtest-room",
		"--size", strconv.Itoa(learners), "--store", filepath.Join(t.TempDir(), "room.db"))
	serve.Dir = "../../.."
	stdout, _ := serve.StdoutPipe()
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		serve.Process.Signal(os.Interrupt)
		serve.Wait()
	}()
	url, page := "", ""
	sc := bufio.NewScanner(stdout)
	for (url == "" || page == "") && sc.Scan() {
		if u := regexp.MustCompile(`http://\S+/r/loadtest-room`).FindString(sc.Text()); u != "" {
			url = u
		}
		if u := regexp.MustCompile(`http://\S+/t/[a-z0-9]+`).FindString(sc.Text()); u != "" {
			page = u
		}
	}
	if url == "" || page == "" {
		t.Fatal("serve printed no addresses")
	}
	go func() {
		for sc.Scan() {
		}
	}()

	var (
		mu        sync.Mutex
		sentAt    = map[string]time.Time{} // learner/attempt -> when posted
		latencies []time.Duration
		accepted  atomic.Int64
		failed    atomic.Int64
		peakRSS   atomic.Int64
		peakAnon  atomic.Int64 // the heap and stacks, as opposed to the store's mapped file
	)
	// The page.
	events := openEvents(t, ctx, page)
	defer events.resp.Body.Close()
	if name, _, err := events.next(); err != nil || name != "snapshot" {
		t.Fatalf("first event %q: %v", name, err)
	}
	pageDone := make(chan struct{})
	go func() {
		defer close(pageDone)
		for {
			name, data, err := events.next()
			if err != nil {
				return
			}
			now := time.Now()
			var ch Changes
			if name != "changes" || json.Unmarshal(data, &ch) != nil {
				continue
			}
			mu.Lock()
			for _, c := range ch.Cells {
				k := c.Learner + "/" + strconv.Itoa(c.Attempts)
				if at, ok := sentAt[k]; ok {
					latencies = append(latencies, now.Sub(at))
					delete(sentAt, k)
				}
			}
			mu.Unlock()
		}
	}()
	// The server's memory.
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			if kb := procStatus(serve.Process.Pid, "VmHWM"); kb > peakRSS.Load() {
				peakRSS.Store(kb)
			}
			if kb := procStatus(serve.Process.Pid, "RssAnon"); kb > peakAnon.Load() {
				peakAnon.Store(kb)
			}
			select {
			case <-stopSampling:
				return
			case <-tick.C:
			}
		}
	}()

	// The learners.
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: learners}}
	exs := catalogue.Exercises
	var wg sync.WaitGroup
	end := time.Now().Add(duration)
	for i := range learners {
		wg.Go(func() {
			time.Sleep(time.Duration(i) * every / time.Duration(learners)) // spread the learners over the period
			tick := time.NewTicker(every)
			defer tick.Stop()
			name := fmt.Sprintf("learner %03d", i)
			first := time.Now().UTC()
			for attempt := 1; time.Now().Before(end); attempt++ {
				e := exs[(i+attempt/10)%len(exs)]
				r := report.Report{Module: "gohunters", Learner: name, Go: runtime.Version(), RuntimeView: "off", Time: time.Now().UTC(),
					Exercises: []report.Exercise{{Number: e.Number, Dir: e.Dir, Title: e.Title, Status: "leaking", Attempts: attempt, HintsUsed: attempt % 4,
						FirstAttempt: &first, Leaks: []report.Leak{{Function: "gohunters/exercises/" + e.Dir + ".Run.func1", State: "chan send", Count: 3, Location: "exercises/" + e.Dir + "/x.go:42"}}}}}
				body := signed(t, keys[i], r)
				mu.Lock()
				sentAt[name+"/"+strconv.Itoa(attempt)] = time.Now()
				mu.Unlock()
				resp, err := client.Post(url+"/report", "application/json", bytes.NewReader(body))
				if err == nil {
					resp.Body.Close()
				}
				if err != nil || resp.StatusCode != http.StatusNoContent {
					failed.Add(1)
					mu.Lock()
					delete(sentAt, name+"/"+strconv.Itoa(attempt))
					mu.Unlock()
				} else {
					accepted.Add(1)
				}
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
			}
		})
	}
	wg.Wait()
	time.Sleep(2 * time.Second) // the page's last events
	cpu := procCPU(serve.Process.Pid)
	close(stopSampling)
	<-sampled
	events.resp.Body.Close()
	<-pageDone

	mu.Lock()
	defer mu.Unlock()
	slices.Sort(latencies)
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))]
	}
	lost := len(sentAt)
	rss := float64(peakRSS.Load()) / 1024
	t.Logf("%d learners × one post every %v for %v: %d posts accepted, %d failed, %d lost (accepted, never on the page)",
		learners, every, duration, accepted.Load(), failed.Load(), lost)
	t.Logf("post → page: p50 %v, p99 %v, max %v; server peak resident memory %.0f MB (%.0f MB of it heap and stacks, the rest the store's mapped file) (%s, %d CPUs)",
		pct(0.50).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), pct(1).Round(time.Microsecond), rss, float64(peakAnon.Load())/1024, runtime.Version(), runtime.NumCPU())
	if n := accepted.Load() + failed.Load(); n > 0 {
		t.Logf("server CPU: %v for %d posts, %v per post (a measure the machine's other load does not change much)", cpu.Round(time.Millisecond), n, (cpu / time.Duration(n)).Round(time.Microsecond))
	}
	if pct(0.99) > time.Second || lost > 0 || failed.Load() > 0 || rss > 200 {
		t.Errorf("goal: p99 under 1 s, nothing lost or failed, under 200 MB")
	}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// procCPU is the CPU time process pid has used, user and system.
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command's name, which is in parentheses: utime is the 12th, stime the 13th.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+s) * time.Second / 100 // USER_HZ
}

// procStatus reads a "kB" field of /proc/PID/status.
func procStatus(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

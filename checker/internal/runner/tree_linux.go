package runner

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// On Linux the checker follows every process a run starts, not only its
// process group: learner code can leave the group (setsid, setpgid) or
// orphan a grandchild by letting its parent exit. The checker is a child
// subreaper (prctl PR_SET_CHILD_SUBREAPER), so such orphans become its own
// children instead of init's and stay findable; a tracker scans /proc every
// scanEvery for the run's descendants, tells the watchdog every process group
// among them (a kill -9 of the checker still ends them), bounds the memory of
// each test binary together with everything it started, and measures the
// CPU time the run's processes use, which is how the stall guard tells a slow
// run from a stuck one. When the run ends, every process it started is ended.

const scanEvery = 100 * time.Millisecond

// EnableSubreaper makes this process a child subreaper: an orphaned
// descendant is reparented to it rather than to init. The checker's main does
// it; tests that grade in-process may.
func EnableSubreaper() bool { return unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == nil }

// proc is one line of /proc/<pid>/stat.
type proc struct {
	pid, ppid, pgrp int
	state           byte
	cpu             int64  // utime+stime, in clock ticks
	start           uint64 // start time since boot, in clock ticks: with pid, names the process
	rss             int64  // pages
}

func readProc(pid int) (proc, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return proc{}, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return proc{}, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 22 {
		return proc{}, false
	}
	p := proc{pid: pid, state: f[0][0]}
	var errs [6]error
	p.ppid, errs[0] = strconv.Atoi(string(f[1]))
	p.pgrp, errs[1] = strconv.Atoi(string(f[2]))
	utime, e1 := strconv.ParseInt(string(f[11]), 10, 64)
	stime, e2 := strconv.ParseInt(string(f[12]), 10, 64)
	errs[2], errs[3] = e1, e2
	p.start, errs[4] = strconv.ParseUint(string(f[19]), 10, 64)
	p.rss, errs[5] = strconv.ParseInt(string(f[21]), 10, 64)
	for _, err := range errs {
		if err != nil {
			return proc{}, false
		}
	}
	p.cpu = utime + stime
	return p, true
}

// allProcs reads every process of the system.
func allProcs() map[int]proc {
	out := map[int]proc{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if p, ok := readProc(pid); ok {
			out[pid] = p
		}
	}
	return out
}

// member is a process of a run.
type member struct {
	start uint64
	cpu   int64
	owner int  // the test binary whose subtree it is in (its memory counts there), 0 for none
	test  bool // it is a test binary
	dead  bool
}

// tracker follows the processes of one run.
type tracker struct {
	root  int
	limit int64            // bytes per test binary's subtree, 0 for none
	over  func(dir string) // a test binary's subtree went over limit; dir is the binary's working directory
	mu    sync.Mutex       // guards what follows
	mem   map[int]*member  // by pid
	told  map[int]bool     // process groups told to the watchdog
	gone  bool             // ended
	stop  chan struct{}    // closes the scanning goroutine
	done  chan struct{}    // closed when it has returned
	oom   map[int]bool     // test binaries killed for their memory
	lastC int64            // the CPU total at the last scan
	page  int64
}

// track starts following the process tree of root.
func track(root int, limit int64, over func(dir string)) *tracker {
	t := &tracker{root: root, limit: limit, over: over, mem: map[int]*member{}, told: map[int]bool{},
		stop: make(chan struct{}), done: make(chan struct{}), oom: map[int]bool{}, page: int64(os.Getpagesize())}
	if p, ok := readProc(root); ok {
		t.mem[root] = &member{start: p.start, test: isTestBinary(root)}
		if t.mem[root].test {
			t.mem[root].owner = root
		}
	}
	go func() {
		defer close(t.done)
		tick := time.NewTicker(scanEvery)
		defer tick.Stop()
		for {
			select {
			case <-t.stop:
				return
			case <-tick.C:
				t.scan()
			}
		}
	}()
	return t
}

func isTestBinary(pid int) bool {
	exe, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/exe")
	exe = strings.TrimSuffix(exe, " (deleted)")
	return err == nil && (strings.HasSuffix(exe, ".test") || strings.HasSuffix(exe, ".test.exe"))
}

// scan finds the run's processes as they are now, bounds their memory and
// reaps the orphans of theirs that ended. It returns the processes alive.
func (t *tracker) scan() []proc {
	procs := allProcs()
	self := os.Getpid()
	orphans := unknownChildren(procs, self)
	t.mu.Lock()
	defer t.mu.Unlock()
	kids := map[int][]int{}
	for pid, p := range procs {
		kids[p.ppid] = append(kids[p.ppid], pid)
	}
	// Known members still alive (the same process, not a reused pid), then
	// their descendants, then orphans reparented to the checker.
	var queue []int
	for pid, m := range t.mem {
		if p, ok := procs[pid]; ok && p.start == m.start {
			queue = append(queue, pid)
		} else {
			m.dead = true
		}
	}
	for _, pid := range orphans {
		if _, ok := t.mem[pid]; !ok {
			t.mem[pid] = &member{start: procs[pid].start}
			queue = append(queue, pid)
		}
	}
	seen := map[int]bool{}
	var alive []proc
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		if seen[pid] {
			continue
		}
		seen[pid] = true
		p := procs[pid]
		m := t.mem[pid]
		m.dead = false
		m.cpu = max(m.cpu, p.cpu)
		alive = append(alive, p)
		for _, kid := range kids[pid] {
			km, ok := t.mem[kid]
			if !ok || km.start != procs[kid].start {
				km = &member{start: procs[kid].start, owner: m.owner}
				// A test binary owns its subtree's memory, unless it was
				// started inside another's (code under test running its own
				// binary again): then it counts there, with its parent's.
				if km.test = isTestBinary(kid); km.test && km.owner == 0 {
					km.owner = kid
				}
				t.mem[kid] = km
			}
			queue = append(queue, kid)
		}
	}
	var total int64
	for _, m := range t.mem {
		total += m.cpu
	}
	t.lastC = total
	for _, p := range alive {
		if !t.told[p.pgrp] && p.pgrp > 1 {
			t.told[p.pgrp] = true
			watchGroup(p.pgrp)
		}
		if p.state == 'Z' && p.ppid == self && orphanOf(p.pid) {
			var ws unix.WaitStatus
			_, _ = unix.Wait4(p.pid, &ws, unix.WNOHANG, nil)
		}
	}
	t.bound(alive)
	return alive
}

// bound kills each test binary's subtree whose resident memory, all its
// processes together, is above the limit.
func (t *tracker) bound(alive []proc) {
	if t.limit <= 0 {
		return
	}
	sum := map[int]int64{}
	for _, p := range alive {
		if o := t.mem[p.pid].owner; o != 0 {
			sum[o] += p.rss * t.page
		}
	}
	for owner, rss := range sum {
		if rss <= t.limit || t.oom[owner] {
			continue
		}
		t.oom[owner] = true
		dir, _ := os.Readlink(filepath.Join("/proc", strconv.Itoa(owner), "cwd"))
		for _, p := range alive {
			if t.mem[p.pid].owner == owner {
				_ = syscall.Kill(p.pid, syscall.SIGKILL)
			}
		}
		if t.over != nil {
			t.over(dir)
		}
	}
}

// CPU is the CPU time the run's processes have used so far, those that ended included.
func (t *tracker) CPU() time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	return time.Duration(t.lastC) * time.Second / time.Duration(clockTicks)
}

// clockTicks is USER_HZ, the unit of /proc's times: 100 on every Linux Go runs on.
const clockTicks = 100

// cpuKnown says whether a tracker measures the run's CPU time.
const cpuKnown = true

// end stops following the tree and kills every process of it still alive,
// again and again until none is left (a process can start another while the
// first is being killed), then reaps those that were reparented to the checker.
func (t *tracker) end() {
	t.mu.Lock()
	if t.gone {
		t.mu.Unlock()
		return
	}
	t.gone = true
	t.mu.Unlock()
	close(t.stop)
	<-t.done
	for round := 0; round < 100; round++ {
		alive := t.scan()
		left := 0
		for _, p := range alive {
			if p.state == 'Z' {
				continue
			}
			left++
			_ = syscall.Kill(p.pid, syscall.SIGKILL)
		}
		if left == 0 {
			break
		}
		time.Sleep(time.Duration(min(round+1, 10)) * time.Millisecond)
	}
	t.mu.Lock()
	for g := range t.told {
		unwatchGroup(g)
	}
	t.mu.Unlock()
}

// The runner's own children: started under startMu (read-locked) and
// registered before it is released, so that a scan that takes it exclusively
// sees every child the runner started and can tell orphans from them.
var (
	startMu  sync.RWMutex
	kidsMu   sync.Mutex
	ownKids  = map[int]bool{}
	orphaned = map[int]bool{} // pids once seen as orphans: reaped when they end
)

func startCmd(cmd interface{ Start() error }, pid func() int) error {
	startMu.RLock()
	defer startMu.RUnlock()
	if err := cmd.Start(); err != nil {
		return err
	}
	kidsMu.Lock()
	ownKids[pid()] = true
	kidsMu.Unlock()
	return nil
}

func forgetKid(pid int) {
	kidsMu.Lock()
	delete(ownKids, pid)
	kidsMu.Unlock()
}

// unknownChildren are the checker's children that it did not start: orphans
// of a run reparented to it. Children the rest of the checker starts (git, go
// env) stay in its process group, so only children in another group that the
// runner did not start count.
func unknownChildren(procs map[int]proc, self int) []int {
	pgrp := syscall.Getpgrp()
	startMu.Lock()
	defer startMu.Unlock()
	kidsMu.Lock()
	defer kidsMu.Unlock()
	var out []int
	for pid, p := range procs {
		if p.ppid == self && p.pgrp != pgrp && !ownKids[pid] {
			orphaned[pid] = true
			out = append(out, pid)
		}
	}
	return out
}

func orphanOf(pid int) bool {
	kidsMu.Lock()
	defer kidsMu.Unlock()
	if orphaned[pid] {
		delete(orphaned, pid)
		return true
	}
	return false
}

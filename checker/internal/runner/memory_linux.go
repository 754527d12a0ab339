package runner

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// watchMemory bounds the memory of every process in group pgid: every 200 ms it
// reads their resident sizes from /proc, and kills any process above limit
// bytes, telling over its working directory (go test runs each test binary in
// its package's directory). GOMEMLIMIT alone is a soft limit a runaway
// allocation ignores; RLIMIT_AS would break the race detector's huge mappings.
// It returns a func that stops watching.
func watchMemory(pgid int, limit int64, over func(dir string)) (stop func()) {
	if limit <= 0 {
		return func() {}
	}
	done := make(chan struct{})
	page := int64(os.Getpagesize())
	go func() {
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			procs, _ := os.ReadDir("/proc")
			for _, p := range procs {
				pid, err := strconv.Atoi(p.Name())
				if err != nil {
					continue
				}
				group, rss, ok := statOf(pid)
				if !ok || group != pgid || rss*page <= limit {
					continue
				}
				dir, _ := os.Readlink(filepath.Join("/proc", p.Name(), "cwd"))
				_ = syscall.Kill(pid, syscall.SIGKILL)
				over(dir)
			}
		}
	}()
	return func() { close(done) }
}

// statOf reads a process's group and resident pages from /proc/<pid>/stat.
func statOf(pid int) (pgrp int, rss int64, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 22 {
		return 0, 0, false
	}
	pgrp, err1 := strconv.Atoi(string(f[2]))
	rss, err2 := strconv.ParseInt(string(f[21]), 10, 64)
	return pgrp, rss, err1 == nil && err2 == nil
}

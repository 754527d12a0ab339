package runner

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"
)

// A full disk is said as such, whoever says it: the go command in its output
// (diskFull), or the system when a process cannot start (startError). Any
// other failure is not a full disk.
func TestDiskFullSaidAsSuch(t *testing.T) {
	const line = "go: writing /x/01.test: no space left on device"
	err := diskFull("ok\n", "# gohunters/exercises/01_ok\n  "+line+"\nmore\n")
	var full *DiskFullError
	if !errors.As(err, &full) {
		t.Fatalf("diskFull: %v (%T), want a *DiskFullError", err, err)
	}
	if full.Said != line {
		t.Errorf("Said = %q, want the go command's line %q", full.Said, line)
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("errors.Is(%v, ENOSPC) = false, want true", err)
	}
	if err := diskFull("ok\n", "sum.go:3: undefined: x\n"); err != nil {
		t.Errorf("diskFull of a compile error: %v, want nil", err)
	}

	err = startError("test binary", &fs.PathError{Op: "fork/exec", Path: "/x/01.test", Err: syscall.ENOSPC})
	if !errors.As(err, &full) || !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("startError of ENOSPC: %v (%T), want a *DiskFullError", err, err)
	}
	if !strings.Contains(full.Said, "cannot start test binary") || !strings.Contains(full.Said, "no space left on device") {
		t.Errorf("Said = %q, want what could not start and why", full.Said)
	}
	err = startError("test binary", &fs.PathError{Op: "fork/exec", Path: "/x/01.test", Err: os.ErrNotExist})
	if errors.As(err, &full) || errors.Is(err, syscall.ENOSPC) {
		t.Errorf("startError of a missing file: %v is a full disk, want not", err)
	}
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "cannot start test binary") {
		t.Errorf("startError of a missing file: %v, want it wrapped with what could not start", err)
	}
}

// A build that failed is a full disk only when its words or the filesystem
// of the build cache say so: a compile error with room on the disk stays a
// compile error.
func TestFailedBuildWithRoomIsNoDiskFull(t *testing.T) {
	r := NewResults()
	r.Add(Event{Action: "build-output", ImportPath: "ex/a [ex/a.test]", Output: "a.go:3: undefined: x\n"})
	r.Add(Event{Action: "build-fail", ImportPath: "ex/a [ex/a.test]"})
	if err := r.diskFull(t.TempDir(), ""); err != nil {
		t.Errorf("a compile error with room on the disk: %v, want no disk-full error", err)
	}
	r.Add(Event{Action: "build-output", ImportPath: "ex/b [ex/b.test]", Output: "go: writing x: no space left on device\n"})
	if err := r.diskFull(); !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("the go command's words of a full disk: %v, want a disk-full error", err)
	}
}

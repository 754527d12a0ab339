package runner

import (
	"path/filepath"
	"syscall"
)

// noRoom reports whether the filesystem that holds dir (or would: its
// nearest existing parent) has less than a MB left for an ordinary user.
func noRoom(dir string) bool {
	for {
		var st syscall.Statfs_t
		if err := syscall.Statfs(dir, &st); err == nil {
			return st.Bavail*uint64(st.Bsize) < 1<<20
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
	}
}

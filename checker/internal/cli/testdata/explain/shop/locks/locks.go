// Package locks leaves a goroutine waiting for a mutex that stays locked.
package locks

import "sync"

var mu sync.Mutex

// Refresh takes the lock and starts a refresher that waits for it.
func Refresh() {
	mu.Lock()
	go func() {
		mu.Lock()
		defer mu.Unlock()
	}()
}

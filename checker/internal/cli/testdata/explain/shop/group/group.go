// Package group waits for two workers but starts one.
package group

import "sync"

// Collect waits in the background for workers that never all start.
func Collect() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done() }()
	go func() {
		wg.Wait()
	}()
}

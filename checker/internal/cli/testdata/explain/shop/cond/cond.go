// Package cond waits on a condition nobody signals.
package cond

import "sync"

// Wait starts a waiter for a signal that never comes.
func Wait() {
	c := sync.NewCond(&sync.Mutex{})
	go func() {
		c.L.Lock()
		c.Wait()
		c.L.Unlock()
	}()
}

// Package chans starts a worker whose result nobody reads.
package chans

// Lookup starts a lookup and returns before reading its answer.
func Lookup() {
	answer := make(chan int)
	go func() {
		answer <- 42
	}()
}

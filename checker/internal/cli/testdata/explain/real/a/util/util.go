// Package util (under a/) starts a worker whose answer nobody reads.
package util

// Ask starts a lookup and returns before reading its answer.
func Ask() {
	answer := make(chan int)
	go func() {
		answer <- 42
	}()
}

// Package bubble sends a result nobody receives, tested in a synctest bubble.
package bubble

// Compute returns before its worker's result is read.
func Compute() {
	result := make(chan int)
	go func() {
		result <- 1
	}()
}

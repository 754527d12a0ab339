//go:build !unix

package demo

// peakRSS is unknown on this system.
func peakRSS() uint64 { return 0 }

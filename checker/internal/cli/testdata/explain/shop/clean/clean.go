// Package clean leaks nothing.
package clean

// Double doubles n.
func Double(n int) int { return 2 * n }

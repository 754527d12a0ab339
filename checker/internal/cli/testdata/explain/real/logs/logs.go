// Package logs prints what looks like a panic, and does not panic.
package logs

import "fmt"

// Report prints a line that starts like the runtime's last words.
func Report() { fmt.Println("panic: the disk is full (a log line, not a crash)") }

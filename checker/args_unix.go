//go:build unix && !linux

package main

import "os"

// arguments are this program's arguments after its name.
func arguments() ([]string, error) { return os.Args[1:], nil }

// isTerminal tells whether fd is a terminal: not asked here, where the
// progress line is printed once instead of kept up to date.
func isTerminal(fd int) bool { return false }

//go:build !linux

package ptytest

import "os"

func open() (master, tty *os.File, err error) { return nil, nil, ErrUnsupported }

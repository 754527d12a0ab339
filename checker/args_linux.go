package main

import (
	"syscall"
	"unsafe"
)

// arguments are this program's arguments after its name, read from
// /proc/self/cmdline: the os package, which has them at hand, takes seconds
// to compile on a fresh machine.
func arguments() ([]string, error) {
	fd, err := syscall.Open("/proc/self/cmdline", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	var all []byte
	buf := make([]byte, 4096)
	for {
		n, err := syscall.Read(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n == 0 {
			break
		}
		all = append(all, buf[:n]...)
	}
	var args []string
	for len(all) > 0 { // each argument ends with a NUL
		i := 0
		for i < len(all) && all[i] != 0 {
			i++
		}
		args = append(args, string(all[:i]))
		if i == len(all) {
			break
		}
		all = all[i+1:]
	}
	if len(args) == 0 {
		return nil, syscall.EINVAL
	}
	return args[1:], nil
}

// isTerminal tells whether fd is a terminal.
func isTerminal(fd int) bool {
	var t syscall.Termios
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), syscall.TCGETS, uintptr(unsafe.Pointer(&t)))
	return errno == 0
}

//go:build !unix

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Where the checker cannot replace this process with the checker, it builds
// the checker and runs it as a child, passing its exit status on.
func main() {
	root, err := os.Getwd()
	for err == nil {
		if _, e := os.Stat(filepath.Join(root, "checker", "gohunters", "main.go")); e == nil {
			break
		}
		up := filepath.Dir(root)
		if up == root {
			err = errors.New("there is no workshop here: run go run ./checker in your clone of the workshop")
		}
		root = up
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "checker:", err)
		os.Exit(2)
	}
	bin := filepath.Join(root, ".checker", "bin", "gohunters.exe")
	if _, err := os.Stat(bin); err != nil { // the first run compiles it and what it uses
		fmt.Fprintln(os.Stderr, "building the checker (checker/gohunters), once (half a minute or more on a fresh machine)…")
	}
	build := exec.Command("go", "build", "-o", bin, "./checker/gohunters")
	build.Dir, build.Stdout, build.Stderr = root, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "checker: cannot build the checker (checker/gohunters):", err)
		os.Exit(2)
	}
	cmd := exec.Command(bin, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		os.Exit(exit.ExitCode())
	case err != nil:
		fmt.Fprintln(os.Stderr, "checker:", err)
		os.Exit(2)
	}
}

// Package cmdenv is what a command of the online binary (checker/online)
// takes from its process, so that tests can run it in-process: standard
// streams, environment, working directory, the user's configuration
// directory and the clock.
package cmdenv

import (
	"io"
	"os"
	"time"

	"gohunters/internal/catalogue"
)

// Env is a command's process. Zero fields are filled from the real process by
// Defaults.
type Env struct {
	Stdin     io.Reader
	Stdout    io.Writer
	Stderr    io.Writer
	Getenv    func(string) string
	Cwd       string
	ConfigDir func() (string, error) // os.UserConfigDir by default
	Now       func() time.Time
	Exercises []catalogue.Exercise // catalogue.Exercises by default
}

// Defaults returns e with its zero fields taken from the process.
func (e Env) Defaults() Env {
	if e.Stdin == nil {
		e.Stdin = os.Stdin
	}
	if e.Stdout == nil {
		e.Stdout = os.Stdout
	}
	if e.Stderr == nil {
		e.Stderr = os.Stderr
	}
	if e.Getenv == nil {
		e.Getenv = os.Getenv
	}
	if e.Cwd == "" {
		if wd, err := os.Getwd(); err == nil {
			e.Cwd = wd
		} else {
			e.Cwd = "."
		}
	}
	if e.ConfigDir == nil {
		e.ConfigDir = os.UserConfigDir
	}
	if e.Now == nil {
		e.Now = time.Now
	}
	if e.Exercises == nil {
		e.Exercises = catalogue.Exercises
	}
	return e
}

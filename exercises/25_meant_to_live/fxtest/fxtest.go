// Package fxtest helps test code that converts money with package fx, as
// package httptest helps test code that serves HTTP: it is test code, kept
// out of the programs that import fx.
//
// The exercise's tests call New as it is declared here; what it returns may
// change, as long as it converts.
package fxtest

import (
	"testing"
	"time"

	fx "gohunters/exercises/25_meant_to_live"
)

// Converter converts amounts at the latest rates.
type Converter interface {
	Convert(amount float64, from, to string) (float64, error)
}

// New returns a Converter that converts at the rates feed gives, refreshed
// every interval, for the test t.
//
// The refresher lives for the process (see package fx): a test that checks
// for leaks passes fx.LeakOptions() to goleak.
func New(t testing.TB, feed fx.RateFeed, every time.Duration) Converter {
	t.Helper()
	fx.Feed, fx.RefreshInterval = feed, every
	return converter{}
}

type converter struct{}

func (converter) Convert(amount float64, from, to string) (float64, error) {
	return fx.Convert(amount, from, to)
}

// Exercise 25: the goroutine that is meant to live.
//
// Package fx converts amounts between currencies at the latest rates. Every
// conversion in the process shares one rate table, loaded by the first
// conversion and then refreshed from Feed every RefreshInterval by one
// goroutine, so that a conversion never waits for the feed. That goroutine
// runs for the life of the process, by design, like a logger's flush daemon:
// there is nothing to stop it for, and no Stop to forget.
//
// goleak does not know that. The package's tests, and the tests of every
// package that converts money, pass LeakOptions() to goleak.
//
// Goal: a test that converts money passes goleak with LeakOptions(), while the
// refresher keeps running for the process, and LeakOptions() still lets goleak
// report every other goroutine left running, however it waits.
//
//	go test ./exercises/25_meant_to_live/
package fx

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// RateFeed is where the rates come from.
type RateFeed interface {
	// Rates returns how much of each currency one euro buys.
	Rates(ctx context.Context) (map[string]float64, error)
}

// Feed and RefreshInterval are set by main before the first conversion.
var (
	Feed            RateFeed
	RefreshInterval = time.Minute
)

// ErrUnknownCurrency is returned for a currency the feed has no rate for.
var ErrUnknownCurrency = errors.New("fx: unknown currency")

var (
	start sync.Once

	mu      sync.RWMutex
	rates   map[string]float64
	loadErr error
)

// Convert converts amount from one currency to another at the latest rates.
func Convert(amount float64, from, to string) (float64, error) {
	start.Do(func() {
		refresh()
		go refreshLoop()
	})

	mu.RLock()
	defer mu.RUnlock()
	if rates == nil {
		return 0, fmt.Errorf("fx: no rates yet: %w", loadErr)
	}
	rf, ok := rates[from]
	if !ok {
		return 0, fmt.Errorf("%w: %s", ErrUnknownCurrency, from)
	}
	rt, ok := rates[to]
	if !ok {
		return 0, fmt.Errorf("%w: %s", ErrUnknownCurrency, to)
	}
	return amount / rf * rt, nil
}

// refreshLoop refreshes the rates for as long as the process runs.
func refreshLoop() {
	for {
		time.Sleep(RefreshInterval)
		refresh()
	}
}

// refresh fetches the rates once. When the feed fails, the last rates stay.
func refresh() {
	ctx, cancel := context.WithTimeout(context.Background(), RefreshInterval)
	defer cancel()
	r, err := Feed.Rates(ctx)

	mu.Lock()
	defer mu.Unlock()
	loadErr = err
	if err == nil {
		rates = r
	}
}

// Exercise 25: the goroutine that is meant to live.
//
// Package fx converts amounts between currencies at the latest rates. Every
// conversion in the process shares one rate table, loaded by the first
// conversion and then refreshed from Feed every RefreshInterval by one
// goroutine, so that a conversion never waits for the feed. That goroutine
// runs for the life of the process, by design, like a logger's flush daemon:
// there is nothing to stop it for, and no Stop to forget.
//
// goleak does not know that. So the package hands every importer's tests
// LeakOptions, which name the refresher as meant to live; and package fxtest,
// beside it, gives those tests a converter on a feed of their own.
//
// Goal: A converter refreshes its own feed's rates for as long as its caller
// says, the test that makes one with fxtest.New included, and leaves nothing
// running once that test ends; fx links no test library.
//
//  1. Each converter refreshes its rates from its own feed every interval,
//     while nobody converts too, and converts at the latest rates that feed
//     gave; converters on different feeds, alive at once, each keep their own.
//  2. A conversion never waits for the feed: before the first rates have come
//     it fails at once with an error, and while a refresh hangs or fails,
//     conversions go on at the last rates, while the converter's test ends and
//     after it too.
//  3. When the test that made a converter with fxtest.New ends, nothing the
//     converter started is still running once the test's cleanups return,
//     whatever its feed is doing: a refresh under way is cancelled, or waited
//     for if it ignores the cancel.
//  4. Importing fx links no test library into the program: goleak and the
//     testing packages stay in test code and in fxtest.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/25_meant_to_live/
package fx

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"sync"
	"time"

	"go.uber.org/goleak"
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

// LeakOptions returns the options that tests of code using this package pass
// to goleak (VerifyNone, Find, VerifyTestMain): the refresher may outlive a
// test, and nothing else. It is named by a function only its stack holds, from
// the function value, so that a rename cannot silently break it.
func LeakOptions() []goleak.Option {
	return []goleak.Option{goleak.IgnoreAnyFunction(funcName(refreshLoop))}
}

func funcName(f any) string {
	return runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
}

// Exercise 25: the goroutine that is meant to live.
//
// Package fx converts amounts between currencies at the latest rates. A
// Converter keeps one rate table: Run loads it from a feed and refreshes it
// every interval, so that a conversion never waits for the feed.
//
// The refreshing is meant to live as long as the service, and the service
// says how long that is: its main runs Run under the ctx that ends at
// shutdown, beside its other long-lived goroutines, and a test runs it for the
// test (package fxtest). The package starts no goroutine of its own, so
// nothing in it outlives its caller, and goleak needs no exception for it.
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
	"sync"
	"time"
)

// RateFeed is where the rates come from.
type RateFeed interface {
	// Rates returns how much of each currency one euro buys.
	Rates(ctx context.Context) (map[string]float64, error)
}

// ErrUnknownCurrency is returned for a currency the feed has no rate for.
var ErrUnknownCurrency = errors.New("fx: unknown currency")

// ErrNoRates is returned before the first rates have come from the feed.
var ErrNoRates = errors.New("fx: no rates yet")

// Converter converts amounts at the rates of one feed.
type Converter struct {
	feed  RateFeed
	every time.Duration

	mu      sync.RWMutex
	rates   map[string]float64
	loadErr error // the last refresh's error, if it failed
}

// New returns a Converter on feed that Run refreshes every interval.
func New(feed RateFeed, every time.Duration) *Converter {
	return &Converter{feed: feed, every: every}
}

// Run loads the rates at once, then refreshes them every interval, until ctx
// is done; then it returns ctx's error, once the refresh under way (cancelled
// with ctx) has returned.
func (c *Converter) Run(ctx context.Context) error {
	tick := time.NewTicker(c.every)
	defer tick.Stop()
	for {
		c.refresh(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// refresh fetches the rates once; when the feed fails, the last rates stay.
// A fetch gets one interval at most, so that a feed that hangs costs one
// refresh, not all the ones after it.
func (c *Converter) refresh(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, c.every)
	defer cancel()
	r, err := c.feed.Rates(ctx)

	c.mu.Lock()
	defer c.mu.Unlock()
	c.loadErr = err
	if err == nil {
		c.rates = r
	}
}

// Convert converts amount from one currency to another at the latest rates.
// It never waits for the feed.
func (c *Converter) Convert(amount float64, from, to string) (float64, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.rates == nil {
		if c.loadErr != nil {
			return 0, fmt.Errorf("%w: %w", ErrNoRates, c.loadErr)
		}
		return 0, ErrNoRates
	}
	rf, ok := c.rates[from]
	if !ok {
		return 0, fmt.Errorf("%w: %s", ErrUnknownCurrency, from)
	}
	rt, ok := c.rates[to]
	if !ok {
		return 0, fmt.Errorf("%w: %s", ErrUnknownCurrency, to)
	}
	return amount / rf * rt, nil
}

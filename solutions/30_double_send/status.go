// Exercise 30: the health check that answered twice.
//
// A status page probes every backend service at once and shows one line per
// service: up, with how long its probe took, or down, with the probe's error.
// A service that is down is a normal answer, not a failure of the check, so
// Check has no error of its own.
//
// Goal: Check returns one Status per service, in the order given, the moment
// the slowest probe has answered, and leaves no goroutine behind, whichever
// probes fail.
//
//  1. Check returns exactly one Status per service, in the order given: up with
//     the time its probe took when the probe returned nil, down with the
//     probe's error (errors.Is matches it) when it failed.
//  2. Check returns the moment the slowest probe has answered, however long
//     that takes: one probe's failure cuts no other short, and once ctx is done
//     Check returns as soon as every probe has returned.
//  3. When Check returns, nothing it started is still running, whichever probes
//     fail, however many answer at the same moment, and whatever ctx does.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/30_double_send/
package status

import (
	"context"
	"time"
)

// Probe checks one service and returns nil if it is healthy. It returns when
// ctx is done, with ctx's error.
type Probe func(ctx context.Context, service string) error

// Status is the health of one service.
type Status struct {
	Service string
	Up      bool
	Latency time.Duration // how long the probe took, when Up
	Err     error         // why the service is down, when not Up
}

// Check probes every service concurrently and returns their statuses, in the
// order of services.
func Check(ctx context.Context, probe Probe, services []string) []Status {
	// One goroutine per service, one send per goroutine, one receive per
	// service: the sends and the receives match on every path.
	results := make(chan Status)
	for _, service := range services {
		go func() {
			results <- check(ctx, probe, service)
		}()
	}

	byService := make(map[string]Status, len(services))
	for range services {
		s := <-results
		byService[s.Service] = s
	}
	statuses := make([]Status, len(services))
	for i, service := range services {
		statuses[i] = byService[service]
	}
	return statuses
}

// check probes one service. Its one result is returned, not sent, so that no
// path can answer twice.
func check(ctx context.Context, probe Probe, service string) Status {
	start := time.Now()
	if err := probe(ctx, service); err != nil {
		return Status{Service: service, Err: err}
	}
	return Status{Service: service, Up: true, Latency: time.Since(start)}
}

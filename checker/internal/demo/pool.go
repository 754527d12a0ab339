// Package demo reproduces seed 001's Before/After table on the learner's machine:
// the same request handler, leaky and fixed, under the same bounded load, with
// the goroutine count and the heap sampled over time.
package demo

import (
	"context"
	"errors"
	"sync"
	"time"
)

// A Handler serves one request: it fans the request's jobs out to a few workers
// and returns the first error, as seed 001's service did.
type Handler func(ctx context.Context, jobs []Job) error

// Job is one unit of work; its payload stands for what a real job holds (a
// decoded request, a buffer, a connection), kept alive as long as its worker.
type Job struct {
	Payload []byte
	Fail    bool
}

var errJob = errors.New("job failed")

const workersPerRequest = 4

func process(ctx context.Context, j Job) error {
	select {
	case <-time.After(time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	if j.Fail {
		return errJob
	}
	return nil
}

// Leaky is the handler before the fix: the collector returns at the first
// error and nobody receives the other workers' results, so they block on the
// unbuffered send forever, each holding its job.
func Leaky(ctx context.Context, jobs []Job) error {
	in := make(chan Job)
	results := make(chan error)
	for range workersPerRequest {
		go func() {
			for j := range in {
				results <- process(ctx, j)
			}
		}()
	}
	go func() {
		for _, j := range jobs {
			in <- j
		}
		close(in)
	}()
	for range jobs {
		if err := <-results; err != nil {
			return err
		}
	}
	return nil
}

// Fixed is the handler after the fix: every wait has a way out. Each send
// also selects on ctx.Done(), the collector stops waiting when the caller
// gives up, and on its way out the handler cancels its own ctx and waits
// for every goroutine it started.
func Fixed(ctx context.Context, jobs []Job) error {
	var wg sync.WaitGroup
	defer wg.Wait() // runs after cancel: every goroutine sees ctx.Done and returns
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	in := make(chan Job)
	results := make(chan error)
	for range workersPerRequest {
		wg.Go(func() {
			for j := range in {
				select {
				case results <- process(ctx, j):
				case <-ctx.Done():
					return
				}
			}
		})
	}
	wg.Go(func() {
		defer close(in)
		for _, j := range jobs {
			select {
			case in <- j:
			case <-ctx.Done():
				return
			}
		}
	})
	for range jobs {
		select {
		case err := <-results:
			if err != nil {
				return err
			}
		case <-ctx.Done(): // the caller gave up: no result is coming
			return ctx.Err()
		}
	}
	return nil
}

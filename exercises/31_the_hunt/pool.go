package products

import (
	"context"
	"fmt"
	"sync"
)

// pool runs the store queries of every request on a fixed number of workers.
type pool struct {
	store Store
	jobs  chan job

	ctx    context.Context // done once the pool is closed
	cancel context.CancelFunc
	wg     sync.WaitGroup // the workers
}

// job is one product for one request; the worker sends its result to results.
type job struct {
	ctx     context.Context
	index   int
	id      int
	results chan<- result
}

type result struct {
	index   int
	product Product
	err     error
}

func newPool(store Store, workers int) *pool {
	ctx, cancel := context.WithCancel(context.Background())
	p := &pool{store: store, jobs: make(chan job), ctx: ctx, cancel: cancel}
	for range workers {
		p.wg.Add(1)
		go p.work()
	}
	return p
}

// work runs jobs until the pool is closed.
func (p *pool) work() {
	defer p.wg.Done()
	for {
		select {
		case j := <-p.jobs:
			product, err := p.store.Product(j.ctx, j.id)
			j.results <- result{index: j.index, product: product, err: err}
		case <-p.ctx.Done():
			return
		}
	}
}

// fetchAll returns the products ids in order, or the first error. It hands the
// workers the next job whenever one is free, and collects the results meanwhile.
func (p *pool) fetchAll(ctx context.Context, ids []int) ([]Product, error) {
	// Closing the pool cancels the request's queries, and the request.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := context.AfterFunc(p.ctx, func() { cancel(ErrClosed) })
	defer stop()

	results := make(chan result)
	products := make([]Product, len(ids))
	next := 0
	for received := 0; received < len(ids); {
		var jobs chan<- job // nil once every job is handed out: only collect
		var j job
		if next < len(ids) {
			jobs, j = p.jobs, job{ctx: ctx, index: next, id: ids[next], results: results}
		}
		select {
		case jobs <- j:
			next++
		case r := <-results:
			received++
			if r.err != nil && ctx.Err() != nil {
				return nil, context.Cause(ctx) // cancelled: say by whom
			}
			if r.err != nil {
				return nil, fmt.Errorf("product %d: %w", ids[r.index], r.err)
			}
			products[r.index] = r.product
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		}
	}
	return products, nil
}

// close stops the workers and returns once they have all returned.
func (p *pool) close() {
	p.cancel()
	p.wg.Wait()
}

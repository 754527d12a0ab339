// Exercise 29: the waiter nobody woke.
//
// A Prefetcher reads a long listing (the keys of an object store, say) ahead of
// its consumer: a goroutine fetches page after page into a buffer while the
// consumer takes one item at a time with Next. Once the buffer holds Ahead
// items the fetcher waits for the consumer to make room, so that a slow
// consumer does not make the buffer grow without bound.
//
// Goal: Next returns the items in order, then why the listing ended (io.EOF, a
// fetch's error, or ErrClosed after Close) the moment it ends; Close returns at
// once, however far the consumer has read, and leaves nothing running.
//
//  1. Next returns the items in order, each the moment its page has been
//     fetched, then io.EOF the moment the last page has been.
//  2. A failed fetch ends the listing: Next returns the items fetched before
//     it, then the fetch's error (errors.Is matches it), at the moment it
//     failed if Next was waiting; no further page is fetched.
//  3. Close ends a listing still under way: Next returns the items already
//     buffered, then ErrClosed, and a Next waiting for a page when Close is
//     called returns ErrClosed at that moment.
//  4. Close cancels a fetch under way and returns as soon as that fetch has
//     returned, whatever the consumer is doing; when Close returns nothing
//     Start started is running, and Close may be called again or from several
//     goroutines at once.
//  5. While the consumer does not read, the fetcher fills the buffer to ahead
//     items and stops there: it fetches at most the pages that fill it and the
//     one page it holds while it waits for room.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/29_cond_never_signalled/
package prefetch

import (
	"context"
	"errors"
	"io"
	"sync"
)

// ErrClosed is what Next returns, after the buffered items, once Close was called.
var ErrClosed = errors.New("prefetch: closed")

// Fetch returns the page of items that starts at cursor ("" for the first
// page) and the cursor of the next page ("" after the last page).
type Fetch func(ctx context.Context, cursor string) (items []string, next string, err error)

// Prefetcher reads a listing ahead of its consumer.
//
// Two goroutines wait on its Cond: the consumer for an item or the end, the
// fetcher for room. Every way the listing can end (the last page, a failed
// fetch, Close) is recorded in err under the lock and broadcast, and both
// waits check err, so no waiter is left waiting for a change that can no
// longer come.
type Prefetcher struct {
	cancel context.CancelFunc
	done   chan struct{} // closed when the fetcher has returned
	ahead  int

	mu   sync.Mutex
	cond sync.Cond // broadcast when buf or err changes
	buf  []string
	err  error // why the listing ended; nil while it goes on
}

// Start starts fetching ahead, up to ahead items.
func Start(fetch Fetch, ahead int) *Prefetcher {
	ctx, cancel := context.WithCancel(context.Background())
	p := &Prefetcher{cancel: cancel, done: make(chan struct{}), ahead: ahead}
	p.cond.L = &p.mu
	go p.run(ctx, fetch)
	return p
}

// run fetches the pages in order into the buffer.
func (p *Prefetcher) run(ctx context.Context, fetch Fetch) {
	defer close(p.done)
	cursor := ""
	for {
		items, next, err := fetch(ctx, cursor)
		if err != nil {
			p.end(err)
			return
		}
		if !p.put(items) {
			return
		}
		if next == "" {
			p.end(io.EOF)
			return
		}
		cursor = next
	}
}

// put waits for room and appends items to the buffer. It reports false,
// appending nothing, if the listing has ended meanwhile.
func (p *Prefetcher) put(items []string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.buf) >= p.ahead && p.err == nil {
		p.cond.Wait()
	}
	if p.err != nil {
		return false
	}
	p.buf = append(p.buf, items...)
	p.cond.Broadcast()
	return true
}

// end records why the listing ended, unless it already has, and wakes every
// waiter.
func (p *Prefetcher) end(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err == nil {
		p.err = err
	}
	p.cond.Broadcast()
}

// Next returns the next item of the listing, waiting for it to be fetched, or
// why the listing ended once every fetched item has been returned.
func (p *Prefetcher) Next() (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.buf) == 0 && p.err == nil {
		p.cond.Wait()
	}
	if len(p.buf) == 0 {
		return "", p.err
	}
	item := p.buf[0]
	p.buf = p.buf[1:]
	p.cond.Broadcast() // there is room for the fetcher
	return item, nil
}

// Close stops fetching and returns once the fetcher has stopped. It may be
// called more than once, and from any goroutine, a consumer's included.
func (p *Prefetcher) Close() {
	// A goroutine in Cond.Wait cannot see ctx: end wakes the fetcher if it
	// waits for room, and the consumer if it waits for an item. Then cancel
	// stops a fetch under way; the error it causes comes second, and end
	// keeps the first.
	p.end(ErrClosed)
	p.cancel()
	<-p.done
}

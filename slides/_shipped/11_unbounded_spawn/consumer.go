// Exercise 11: the consumer without a bound.
//
// A Consumer drains a message queue: it receives messages in batches and hands
// each one to its handler, several at a time, until the queue is closed or the
// caller cancels. Limit says how many messages may be handled at once, so that a
// burst on the queue cannot pile up goroutines (and the memory each in-flight
// message holds) faster than the handlers finish them.
//
// Goal: Run never has more than Limit handlers (or goroutines waiting to become
// one) at once, yet keeps Limit busy while a backlog waits.
//
//  1. Run never has more than Limit handlers running, never holds more than
//     2×Limit messages taken from the queue and not yet handled, and starts no
//     goroutine for a message that waits for a free handler.
//  2. Whenever a message is in the queue and fewer than Limit handlers run,
//     another handler starts at once, so a backlog is worked off Limit at a
//     time; until ctx is cancelled, each message taken goes to one handler,
//     once.
//  3. When ctx is cancelled, the running handlers' ctx is done, no new handler
//     starts, and Run returns ctx.Err() as soon as the running handlers have
//     returned.
//  4. Run returns nil once the queue is closed and drained and every message it
//     took has gone to a handler, and Receive's error when it fails, in both
//     cases once the running handlers have returned.
//  5. When Run returns, no handler and no goroutine it started is still
//     running.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/11_unbounded_spawn/
package queue

import (
	"context"
	"errors"
	"io"
	"sync"
)

// Message is one message from the queue.
type Message struct {
	ID   string
	Body []byte
}

// Source is the queue's consumer side.
type Source interface {
	// Receive returns between 1 and max messages. It blocks until a message is
	// available, and returns io.EOF once the queue is closed and drained, or
	// ctx.Err() when ctx is cancelled.
	Receive(ctx context.Context, max int) ([]Message, error)
}

// Consumer hands the messages of a queue to Handle, at most Limit at a time.
type Consumer struct {
	Source Source
	Handle func(ctx context.Context, m Message) // must return soon after ctx is cancelled
	Limit  int                                  // how many messages are handled at once, at least 1
}

// Run consumes the queue until it is closed and drained (then it returns nil),
// ctx is cancelled (it returns ctx.Err()) or Receive fails.
func (c *Consumer) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()

	for {
		// Never take more from the queue than we may handle at once.
		batch, err := c.Source.Receive(ctx, c.Limit)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		for _, m := range batch {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c.Handle(ctx, m)
			}()
		}
	}
}

// Exercise 11: the consumer without a bound.
//
// A Consumer drains a message queue: it receives messages in batches and hands
// each one to its handler, several at a time, until the queue is closed or the
// caller cancels. Limit says how many messages may be handled at once, so that a
// burst on the queue cannot pile up goroutines (and the memory each in-flight
// message holds) faster than the handlers finish them.
//
// Goal: at no moment do more than Limit handlers run, and whenever a message is
// waiting and fewer than Limit handlers run, one more starts, so a burst is
// worked off Limit at a time. Run returns only after every handler it started
// has returned.
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

// Exercise 24: the deadline that was only for opening.
//
// A Tailer follows a topic of a message broker whose client works like gRPC's:
// Subscribe opens a server stream that lives exactly as long as the ctx it was
// opened with, and Recv reads the stream's next event. Opening takes a
// handshake that hangs when the broker is overloaded, so Open gives up after
// OpenTimeout; the stream itself runs for days. Open returns the events and a
// Continue that streams them: the caller runs it, usually in a goroutine of its
// own, with the ctx that decides when to stop following.
//
// Goal: Open returns by OpenTimeout, or as soon as its ctx is done, leaving
// nothing behind; the stream outlives both OpenTimeout and Open's ctx; and once
// Continue's ctx is done, Continue returns at once, with the stream closed at
// the broker and nothing left running.
//
//	go test ./exercises/24_init_deadline_stream/
package tail

import (
	"context"
	"fmt"
	"time"
)

// Event is one message of a topic.
type Event struct {
	Topic  string
	Offset int
	Data   string
}

// Broker is the message broker's client.
type Broker interface {
	// Subscribe opens a stream of topic's events. The stream lives until ctx is
	// done or the broker ends it.
	Subscribe(ctx context.Context, topic string) (Stream, error)
}

// Stream is an open subscription.
type Stream interface {
	// Recv waits for the next event. It fails once the stream has ended,
	// with the ctx's error if the stream's ctx is done.
	Recv() (Event, error)
}

// Continue streams events until ctx is done (it returns nil) or the stream
// fails (it returns the error). It closes the events channel when it returns.
type Continue func(ctx context.Context) error

// Tailer opens topics on a Broker.
type Tailer struct {
	Broker      Broker
	OpenTimeout time.Duration // how long Open waits for the broker's handshake
}

// Open subscribes to topic and returns its events and the Continue that
// streams them; the caller must run the Continue. ctx bounds the opening only.
func (t *Tailer) Open(ctx context.Context, topic string) (<-chan Event, Continue, error) {
	// The stream lives as long as the ctx Subscribe gets, so that ctx must not
	// be one that ends when opening is over, nor carry the open timeout: the
	// stream would end with it. Subscribe gets a ctx without either, and the
	// open timeout is enforced here.
	type opened struct {
		stream Stream
		err    error
	}
	result := make(chan opened, 1)
	go func() {
		s, err := t.Broker.Subscribe(context.WithoutCancel(ctx), topic)
		result <- opened{s, err}
	}()

	timer := time.NewTimer(t.OpenTimeout)
	defer timer.Stop()
	var stream Stream
	select {
	case r := <-result:
		if r.err != nil {
			return nil, nil, fmt.Errorf("open %s: %w", topic, r.err)
		}
		stream = r.stream
	case <-timer.C:
		return nil, nil, fmt.Errorf("open %s: no handshake after %v: %w", topic, t.OpenTimeout, context.DeadlineExceeded)
	case <-ctx.Done():
		return nil, nil, fmt.Errorf("open %s: %w", topic, ctx.Err())
	}

	events := make(chan Event)
	follow := func(ctx context.Context) error {
		defer close(events)
		for {
			ev, err := stream.Recv()
			if err != nil {
				return fmt.Errorf("tail %s: %w", topic, err)
			}
			select {
			case events <- ev:
			case <-ctx.Done():
				return nil
			}
		}
	}
	return events, follow, nil
}

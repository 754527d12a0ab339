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
// Goal: Open returns by OpenTimeout or when its ctx is done, leaving nothing
// behind; the stream outlives both; once Continue's ctx is done, Continue
// returns at once with the stream closed.
//
//  1. Open returns at OpenTimeout, or as soon as its ctx is done if that comes
//     first, with an error wrapping context.DeadlineExceeded or the ctx's error
//     (the broker's own error if the broker fails first); when Open returns an
//     error, nothing it started is still running and no stream is open or
//     opening at the broker.
//  2. Once Open has succeeded, the stream outlives OpenTimeout and Open's ctx,
//     and carries that ctx's values (the caller's credentials): Continue
//     delivers every event, in order, for as long as it runs.
//  3. Once Continue's ctx is done, wherever Continue is waiting (for the
//     broker's next event, or for the reader to take one), Continue returns nil
//     at that instant, with the events channel closed, the stream closed at the
//     broker and nothing it started still running.
//  4. When the stream fails, Continue returns an error that wraps the stream's
//     error and names the topic, with the events channel closed and nothing it
//     started still running.
//  5. Continue runs once: a second call, after the first or while it runs,
//     returns ErrContinued at once and leaves the first call and the events
//     channel alone.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/24_init_deadline_stream/
package tail

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// ErrContinued is returned by a Continue that was already called: a stream is
// followed once.
var ErrContinued = errors.New("tail: Continue already called")

// Event is one message of a topic.
type Event struct {
	Topic  string
	Offset int
	Data   string
}

// Broker is the message broker's client.
type Broker interface {
	// Subscribe opens a stream of topic's events. The stream lives until ctx
	// is done or the broker ends it. If ctx is done before the handshake
	// completes, Subscribe returns ctx's error.
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
// It runs once: a second call returns ErrContinued.
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
	var started atomic.Bool
	follow := func(ctx context.Context) error {
		if !started.CompareAndSwap(false, true) {
			return fmt.Errorf("tail %s: %w", topic, ErrContinued)
		}
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

// Exercise 08: who decides the timeout.
//
// Client is a small key-value client library. Its users should not have to guess
// how long a call may take, so the client applies a per-request timeout of its own
// (DefaultRequestTimeout, or the one set with WithRequestTimeout) to every raw
// request it sends, and stops waiting when the caller's ctx is done.
// PutWhenChanged sends two raw requests, and each gets the full timeout.
//
// Goal: Every call returns when the caller's ctx is done or its per-request
// timeout passes, leaves no raw request running or waiting to deliver an
// answer, and an error of its own timeout says so.
//
//  1. Each call returns the server's answer as soon as it comes, and otherwise
//     as soon as the caller's ctx is done or one raw request's own timeout
//     (DefaultRequestTimeout, or the one set with WithRequestTimeout) has
//     passed, whichever comes first, and that raw request has given up; each
//     raw request of PutWhenChanged gets the full timeout, and a value that has
//     not changed is not put.
//  2. When a call returns, no raw request it sent is still running, and the ctx
//     of each is done, however slowly the transport gives up.
//  3. An error of the client's own timeout says so, with the timeout's length,
//     and matches errors.Is(err, context.DeadlineExceeded); an error of the
//     caller's cancel matches context.Canceled, and one of the caller's own
//     deadline matches context.DeadlineExceeded without claiming to be the
//     client's timeout.
//
// The tests name the clause they find broken.
//
//	go test ./exercises/08_who_decides_timeout/
package kv

import (
	"context"
	"fmt"
	"time"
)

// DefaultRequestTimeout bounds each raw request unless WithRequestTimeout says otherwise.
var DefaultRequestTimeout = time.Second

// Transport sends raw requests to the server. Both methods give up and return
// ctx.Err() once ctx is done.
type Transport interface {
	Get(ctx context.Context, key string) (string, error)
	Put(ctx context.Context, key, value string) error
}

// Option configures a Client.
type Option func(c *Client)

// WithRequestTimeout overrides DefaultRequestTimeout.
func WithRequestTimeout(d time.Duration) Option {
	return func(c *Client) { c.requestTimeout = d }
}

// Client talks to the server through a Transport.
type Client struct {
	raw            Transport
	requestTimeout time.Duration
}

// NewClient returns a Client that sends its requests through raw.
func NewClient(raw Transport, opts ...Option) *Client {
	c := &Client{raw: raw, requestTimeout: DefaultRequestTimeout}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

// Get returns the value stored under key.
func (c *Client) Get(ctx context.Context, key string) (string, error) {
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()

	val, err := c.raw.Get(ctx, key)
	if err != nil {
		return "", fmt.Errorf("get %q: %w", key, why(ctx, err))
	}
	return val, nil
}

// Put stores value under key.
func (c *Client) Put(ctx context.Context, key, value string) error {
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()

	if err := c.raw.Put(ctx, key, value); err != nil {
		return fmt.Errorf("put %q: %w", key, why(ctx, err))
	}
	return nil
}

// PutWhenChanged stores value under key only if it differs from the stored value.
// Its get and its put each get the full request timeout.
func (c *Client) PutWhenChanged(ctx context.Context, key, value string) error {
	cur, err := c.Get(ctx, key)
	if err != nil {
		return err
	}
	if cur == value {
		return nil
	}
	return c.Put(ctx, key, value)
}

// withTimeout bounds one raw request. The client picks the default, and the
// caller's ctx still decides: whichever deadline comes first wins, because the
// request's ctx derives from the caller's. The raw request runs in the calling
// goroutine and honours its ctx, so when a method returns, its request is over;
// the deferred cancel releases the timer at once.
//
// When the client's own timeout fires, its cause says so: a bare "context
// deadline exceeded" would not tell the caller whose deadline it was. The cause
// still wraps context.DeadlineExceeded, so errors.Is works as for any timeout.
func (c *Client) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	cause := fmt.Errorf("no answer within the request timeout of %v: %w", c.requestTimeout, context.DeadlineExceeded)
	return context.WithTimeoutCause(ctx, c.requestTimeout, cause)
}

// why returns the reason a raw request failed: the cause of its ctx if that is
// done (the caller's cancellation or deadline, or the client's request timeout),
// else the transport's own error.
func why(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return err
}

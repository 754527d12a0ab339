package pricing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"gohunters/internal/goal"
	"gohunters/internal/leakcheck"
)

// These tests use a real HTTP server on localhost, so they cannot run on
// synctest's fake clock: every call is guarded by a real deadline instead.
const callTimeout = time.Second

// failing lists the SKUs the fake pricing service does not answer with a price.
var failing = map[string]int{
	"SKU-RETIRED": http.StatusNotFound,
	"SKU-HOT":     http.StatusServiceUnavailable,
}

// The SKUs whose answers stall, until the client goes away or the test ends.
const (
	stalledPage  = "SKU-STALLED-PAGE"  // 502 and the start of an error page, then nothing
	stalledAfter = "SKU-STALLED-AFTER" // 200 and the whole price, then the body does not end
	stalledHead  = "SKU-STALLED-HEAD"  // nothing at all
	stalledPrice = "SKU-STALLED-PRICE" // 200 and half of the price, then nothing
	garbled      = "SKU-GARBLED"       // 200 and a body that is not a price
)

// errorPage is an error page like a proxy's: a body worth a few kilobytes.
func errorPage(code int) string {
	return fmt.Sprintf("<html><body><h1>%d %s</h1>%s</body></html>",
		code, http.StatusText(code), strings.Repeat("<p>please retry later</p>", 100))
}

// service is a running fake pricing service and a client for it.
type service struct {
	*httptest.Server
	stop   chan struct{} // closed when the test ends: stalled answers end
	tr     *http.Transport
	conns  atomic.Int32 // connections accepted
	calls  atomic.Int32 // responses the client's transport handed out
	closed atomic.Int32 // response bodies closed
}

// newService starts the fake service; the test's cleanup ends its stalled
// answers and closes it, before the test's deferred leak check runs.
func newService() *service {
	s := &service{stop: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /prices/{sku}", s.serve)
	s.Server = httptest.NewUnstartedServer(mux)
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	s.tr = http.DefaultTransport.(*http.Transport).Clone()
	return s
}

// close ends the stalled answers and the server.
func (s *service) close() {
	close(s.stop)
	s.CloseClientConnections()
	s.Close()
}

// serve serves GET /prices/{sku}: a price for SKU-<n>, the status in failing
// for those SKUs (with an error page as the body), and the stalled answers.
func (s *service) serve(w http.ResponseWriter, r *http.Request) {
	sku := r.PathValue("sku")
	stall := func() {
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done(): // the client went away
		case <-s.stop:
		}
	}
	switch sku {
	case stalledPage:
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, errorPage(http.StatusBadGateway)[:500])
		stall()
		return
	case stalledAfter:
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(Price{SKU: sku, Cents: 4200, Currency: "EUR"})
		stall()
		return
	case stalledHead:
		select {
		case <-r.Context().Done():
		case <-s.stop:
		}
		return
	case garbled:
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, "<html>maintenance</html>")
		return
	case stalledPrice:
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"sku":"`+sku+`","cents":`)
		stall()
		return
	}
	if code, ok := failing[sku]; ok {
		http.Error(w, errorPage(code), code)
		return
	}
	var n int64
	if _, err := fmt.Sscanf(sku, "SKU-%d", &n); err != nil {
		http.Error(w, "bad sku", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(Price{SKU: sku, Cents: 100 * n, Currency: "EUR"})
}

// client returns a Client for the service with an *http.Client of its own,
// whose transport counts the requests it sends and the response bodies closed.
func (s *service) client() *Client {
	return &Client{
		HTTP:    &http.Client{Transport: countingTransport{s.tr, s}},
		BaseURL: s.URL,
	}
}

type countingTransport struct {
	http.RoundTripper
	s *service
}

func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.RoundTripper.RoundTrip(r)
	if err == nil {
		t.s.calls.Add(1)
		resp.Body = closeCounter{resp.Body, &t.s.closed}
	}
	return resp, err
}

// CloseIdleConnections passes the client's call on to the real transport.
func (t countingTransport) CloseIdleConnections() { t.s.tr.CloseIdleConnections() }

// closeCounter is a response body that counts its Close calls.
type closeCounter struct {
	io.ReadCloser
	n *atomic.Int32
}

func (b closeCounter) Close() error {
	b.n.Add(1)
	return b.ReadCloser.Close()
}

// price calls c.Price with a real deadline, reported through clause cl if
// it passes, and checks clause 2 at the instant Price returns: every body
// the transport handed out is closed.
func (s *service) price(t *testing.T, cl goal.Clause, c *Client, ctx context.Context, sku string) (p Price, err error, ok bool) {
	t.Helper()
	calls0, closed0 := s.calls.Load(), s.closed.Load()
	done := make(chan struct{})
	go func() {
		defer close(done)
		p, err = c.Price(ctx, sku)
	}()
	timer := time.NewTimer(callTimeout)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		cl.Errorf(t, "Price(%q) had not returned %v after it was called", sku, callTimeout)
		return p, err, false
	}
	calls, closed := s.calls.Load()-calls0, s.closed.Load()-closed0
	ok = clause2.Check(t, calls == closed, "Price(%q) returned with %d of its %d response bodies closed", sku, closed, calls)
	return p, err, ok
}

// idleOnly closes the client's idle connections: after that, a transport
// goroutine still running holds a connection in use, and the test's
// deferred leak check reports it.
func (s *service) idleOnly() {
	s.tr.CloseIdleConnections()
}

func checkStatusError(t *testing.T, err error, sku string, code int) {
	t.Helper()
	var se *StatusError
	if !clause1.Check(t, errors.As(err, &se), "the service answered %d for %s; Price returned %v", code, sku, errText(err)) {
		return
	}
	clause1.Check(t, se.Code == code && se.SKU == sku, "the service answered %d for %s; Price's *StatusError has %d for %s", code, sku, se.Code, se.SKU)
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%q", err)
}

func TestPrice(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	s := newService()
	defer s.close()
	defer s.idleOnly()
	c := s.client()

	for n := range 20 {
		sku := fmt.Sprintf("SKU-%d", n)
		p, err, ok := s.price(t, clause1, c, t.Context(), sku)
		if !ok {
			return
		}
		clause1.Check(t, err == nil, "the service knows %s; Price returned %q", sku, err)
		want := Price{SKU: sku, Cents: int64(100 * n), Currency: "EUR"}
		clause1.Check(t, p == want, "the service answered %+v; Price returned %+v", want, p)
	}
	clause1.Check(t, s.calls.Load() == 20, "20 calls of Price sent %d requests through Client.HTTP", s.calls.Load())
	clause3.Check(t, s.conns.Load() == 1, "20 successful calls in a row opened %d connections", s.conns.Load())
}

// TestOtherConnections: the rest of the program talks to another service
// through the same shared client; Price must leave its connections alone.
func TestOtherConnections(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	s := newService()
	defer s.close()
	defer s.idleOnly()
	c := s.client()
	var otherConns atomic.Int32
	other := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
	other.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			otherConns.Add(1)
		}
	}
	other.Start()
	defer other.Close()
	get := func() {
		resp, err := c.HTTP.Get(other.URL)
		if err != nil {
			t.Fatalf("the other service: %v", err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}

	get()
	for _, sku := range []string{"SKU-1", "SKU-HOT", "SKU-2"} {
		if _, _, ok := s.price(t, clause3, c, t.Context(), sku); !ok {
			return
		}
	}
	get()
	clause3.Check(t, otherConns.Load() == 1, "two requests to another service, with calls of Price between them, opened %d connections to it", otherConns.Load())
}

func TestErrorStatus(t *testing.T) {
	for sku, code := range failing {
		if !t.Run(fmt.Sprintf("%d %s", code, sku), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			s := newService()
			defer s.close()
			defer s.idleOnly() // now only a connection still in use can be left

			c := s.client()
			for range 3 {
				_, err, ok := s.price(t, clause1, c, t.Context(), sku)
				if !ok {
					return
				}
				checkStatusError(t, err, sku, code)
			}
			clause1.Check(t, s.calls.Load() == 3, "3 calls of Price sent %d requests through Client.HTTP", s.calls.Load())
			// A response left open holds net/http.(*persistConn).readLoop and writeLoop.
		}) {
			return // the first failing case says enough
		}
	}
}

func TestMixedCalls(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	s := newService()
	defer s.close()
	defer s.idleOnly()
	c := s.client()

	skus := []string{"SKU-1", "SKU-RETIRED", "SKU-2", "SKU-HOT", "SKU-3", "SKU-HOT", "SKU-RETIRED", "SKU-4", "SKU-5", "SKU-6"}
	for _, sku := range skus {
		p, err, ok := s.price(t, clause1, c, t.Context(), sku)
		if !ok {
			return
		}
		if code, failed := failing[sku]; failed {
			checkStatusError(t, err, sku, code)
			continue
		}
		clause1.Check(t, err == nil && p.SKU == sku, "the service knows %s; Price returned %+v and %v", sku, p, errText(err))
	}
	// The last three succeed in a row: they share one connection, whatever
	// happened to the connections of the failed calls before them (reading
	// the rest of an error page to keep its connection is not demanded).
	clause3.Check(t, s.conns.Load() <= 5, "10 calls, 4 of them failed, opened %d connections", s.conns.Load())
}

// TestGarbledPrice: a 200 whose body is not a price fails, and its body is
// closed all the same.
func TestGarbledPrice(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	s := newService()
	defer s.close()
	defer s.idleOnly()
	c := s.client()

	for range 3 {
		p, err, ok := s.price(t, clause1, c, t.Context(), garbled)
		if !ok {
			return
		}
		var se *StatusError
		clause1.Check(t, err != nil && !errors.As(err, &se), "the service answered 200 with a body that is not a price; Price returned %+v and %v", p, errText(err))
	}
}

// TestStalledBody: a body that stalls after what Price needs (the status of
// an error, or the whole price) must not hold Price.
func TestStalledBody(t *testing.T) {
	for _, sku := range []string{stalledPage, stalledAfter} {
		if !t.Run(sku, func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			s := newService()
			defer s.close()
			defer s.idleOnly()
			c := s.client()

			p, err, ok := s.price(t, clause4, c, t.Context(), sku)
			if !ok {
				return
			}
			if sku == stalledPage {
				checkStatusError(t, err, sku, http.StatusBadGateway)
			} else {
				clause1.Check(t, err == nil && p.Cents == 4200, "the service answered 4200 cents for %s; Price returned %+v and %v", sku, p, errText(err))
			}
		}) {
			return // the first failing case says enough
		}
	}
}

// TestCallerEnds ends the caller's ctx while the service has not answered
// yet, and while the price is half-way through its body; by cancel and by
// deadline.
func TestCallerEnds(t *testing.T) {
	for _, sku := range []string{stalledHead, stalledPrice} {
		for _, deadline := range []bool{false, true} {
			name := "cancel/" + sku
			if deadline {
				name = "deadline/" + sku
			}
			if !t.Run(name, func(t *testing.T) {
				defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
				s := newService()
				defer s.close()
				defer s.idleOnly()
				c := s.client()
				const after = 50 * time.Millisecond
				var ctx context.Context
				var cancel context.CancelFunc
				if deadline {
					ctx, cancel = context.WithTimeout(context.Background(), after)
				} else {
					ctx, cancel = context.WithCancel(context.Background())
					time.AfterFunc(after, cancel)
				}
				defer cancel()

				start := time.Now()
				_, err, ok := s.price(t, clause5, c, ctx, sku)
				if !ok {
					return
				}
				took := time.Since(start)
				clause5.Check(t, errors.Is(err, ctx.Err()), "the caller's ctx ended with %q; Price returned %v", ctx.Err(), errText(err))
				clause5.Check(t, took < callTimeout/2, "the caller's ctx ended after %v; Price returned after %v", after, took)
			}) {
				return // the first failing case says enough
			}
		}
	}
}

// TestConcurrentCalls runs on the shared client from many goroutines at once,
// as a server does, with some callers giving up at random instants: every
// body is closed, and nothing but idle connections is left.
func TestConcurrentCalls(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	s := newService()
	defer s.close()
	defer s.idleOnly()
	c := s.client()

	skus := []string{"SKU-7", "SKU-HOT", "SKU-8", "SKU-RETIRED", stalledAfter, stalledPage}
	var wg sync.WaitGroup
	var stuck atomic.Int32
	for g := range 8 {
		wg.Go(func() {
			for i := range 12 {
				sku := skus[(g+i)%len(skus)]
				ctx, cancel := context.WithCancel(context.Background())
				if rand.IntN(3) == 0 {
					time.AfterFunc(time.Duration(rand.IntN(2000))*time.Microsecond, cancel)
				}
				done := make(chan struct{})
				go func() {
					defer close(done)
					c.Price(ctx, sku)
				}()
				select {
				case <-done:
				case <-time.After(callTimeout):
					stuck.Add(1)
				}
				cancel()
			}
		})
	}
	wg.Wait()
	if !clause4.Check(t, stuck.Load() == 0, "%d of 96 concurrent calls of Price had not returned %v after they were called", stuck.Load(), callTimeout) {
		return
	}
	calls, closed := s.calls.Load(), s.closed.Load()
	clause2.Check(t, calls == closed, "96 concurrent calls of Price returned; %d responses, %d bodies closed", calls, closed)
}

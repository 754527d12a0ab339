package pricing

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

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

// pricingService serves GET /prices/{sku}: a price for SKU-<n>, the status in
// failing for those SKUs, with an error page as the body.
func pricingService(w http.ResponseWriter, r *http.Request) {
	sku := r.PathValue("sku")
	if code, ok := failing[sku]; ok {
		// Like a proxy's error page: a body worth a few kilobytes.
		page := fmt.Sprintf("<html><body><h1>%d %s</h1>%s</body></html>",
			code, http.StatusText(code), strings.Repeat("<p>please retry later</p>", 100))
		http.Error(w, page, code)
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

// service is a running fake pricing service and a client for it.
type service struct {
	*httptest.Server
	conns  atomic.Int32 // connections accepted
	calls  atomic.Int32 // requests sent through the client's transport
	closed atomic.Int32 // response bodies closed
}

// newService starts the fake service. The caller must defer s.Close(), before
// the goleak check runs: closing the server is what ends an idle connection.
func newService() *service {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /prices/{sku}", pricingService)
	s := &service{Server: httptest.NewUnstartedServer(mux)}
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	return s
}

// client returns a Client for the service with an *http.Client of its own, whose
// transport counts the requests it sends and the response bodies closed.
func (s *service) client() *Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	return &Client{
		HTTP:    &http.Client{Transport: countingTransport{tr, s}},
		BaseURL: s.URL,
	}
}

type countingTransport struct {
	http.RoundTripper
	s *service
}

func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.s.calls.Add(1)
	resp, err := t.RoundTripper.RoundTrip(r)
	if err == nil {
		resp.Body = closeCounter{resp.Body, &t.s.closed}
	}
	return resp, err
}

// closeCounter is a response body that counts its Close calls.
type closeCounter struct {
	io.ReadCloser
	n *atomic.Int32
}

func (b closeCounter) Close() error {
	b.n.Add(1)
	return b.ReadCloser.Close()
}

// assertBodiesClosed checks that every response the client got had its body
// closed by the time Price returned.
func (s *service) assertBodiesClosed(t *testing.T) {
	t.Helper()
	assert.Equal(t, s.calls.Load(), s.closed.Load(),
		"%d responses, %d bodies closed: Price must close every response body, on every path "+
			"(reading a body to the end without closing it is not enough: Close is the contract)", s.calls.Load(), s.closed.Load())
}

// price calls c.Price with a real deadline.
func price(t *testing.T, c *Client, sku string) (p Price, err error) {
	t.Helper()
	if !leakcheck.Within(t, callTimeout, "Price", func() { p, err = c.Price(t.Context(), sku) }) {
		t.FailNow()
	}
	return p, err
}

func TestPrice(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	s := newService()
	defer s.Close()
	c := s.client()

	for n := range 20 {
		sku := fmt.Sprintf("SKU-%d", n)
		p, err := price(t, c, sku)
		require.NoError(t, err, "the service knows %s", sku)
		assert.Equal(t, Price{SKU: sku, Cents: int64(100 * n), Currency: "EUR"}, p, "Price must return the service's answer")
	}
	assert.EqualValues(t, 20, s.calls.Load(), "Price must send its requests through Client.HTTP")
	s.assertBodiesClosed(t)
	assert.EqualValues(t, 1, s.conns.Load(), "20 successful calls in a row must share one kept-alive connection")
}

func TestErrorStatus(t *testing.T) {
	for sku, code := range failing {
		t.Run(fmt.Sprintf("%d %s", code, sku), func(t *testing.T) {
			defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
			s := newService()
			defer s.Close() // now only a connection still in use can be left

			c := s.client()
			for range 3 {
				_, err := price(t, c, sku)
				var se *StatusError
				require.True(t, errors.As(err, &se), "Price must return a *StatusError for a %d, got %v", code, err)
				assert.Equal(t, code, se.Code, "the StatusError must carry the status code")
				assert.Equal(t, sku, se.SKU, "the StatusError must name the product")
			}
			assert.EqualValues(t, 3, s.calls.Load(), "Price must send its requests through Client.HTTP")
			s.assertBodiesClosed(t)
			// A leaked response leaves net/http.(*persistConn).readLoop and writeLoop running.
		})
	}
}

func TestMixedCalls(t *testing.T) {
	defer leakcheck.VerifyNone(t, goleak.IgnoreCurrent())
	s := newService()
	defer s.Close()
	c := s.client()

	skus := []string{"SKU-1", "SKU-RETIRED", "SKU-2", "SKU-HOT", "SKU-3", "SKU-HOT", "SKU-RETIRED", "SKU-4"}
	for _, sku := range skus {
		p, err := price(t, c, sku)
		if code, ok := failing[sku]; ok {
			var se *StatusError
			require.True(t, errors.As(err, &se), "Price must return a *StatusError for a %d, got %v", code, err)
			assert.Equal(t, code, se.Code, "the StatusError must carry the status code")
			continue
		}
		require.NoError(t, err, "the service knows %s", sku)
		assert.Equal(t, sku, p.SKU, "Price must return the price of %s", sku)
	}
	s.assertBodiesClosed(t)
	// Reusing the connection after a failed call too (reading the rest of the
	// error page before closing it) is a refinement this test does not demand:
	// closing an unread body closes its connection, and the next call dials anew.
}

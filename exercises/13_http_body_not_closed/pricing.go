// Exercise 13: the response body nobody closed.
//
// Client asks the pricing service for the price of a product over HTTP, through
// an *http.Client that the rest of the program shares (and that owns the
// connection pool). A product the service does not know, or a service that is
// overloaded, comes back as a *StatusError.
//
// Goal: No call to Price, failed or not, leaves a transport goroutine behind or
// a response body unclosed, and successful calls keep reusing one connection.
//
//  1. Price sends its request through Client.HTTP and returns the product's
//     price on 200 OK, and a *StatusError with the SKU and the status code for
//     any other status.
//  2. When Price returns, whatever the answer, the response body is closed, and
//     no goroutine of the transport is left holding a connection for it.
//  3. Successful calls in a row reuse one kept-alive connection of the shared
//     client, and Price leaves the client's other connections alone.
//  4. Price reads no more of a body than it needs: an error page, or the rest
//     of a 200 body after its JSON value, that stalls does not hold it.
//  5. When the caller's ctx ends before Price has its answer, Price returns at
//     once with an error matching ctx.Err().
//
// The tests name the clause they find broken.
//
//	go test ./exercises/13_http_body_not_closed/
package pricing

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// Price is the price of one product.
type Price struct {
	SKU      string `json:"sku"`
	Cents    int64  `json:"cents"`
	Currency string `json:"currency"`
}

// StatusError reports a response other than 200 OK.
type StatusError struct {
	SKU  string
	Code int // the HTTP status code
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("pricing: price of %s: %d %s", e.SKU, e.Code, http.StatusText(e.Code))
}

// Client talks to the pricing service.
type Client struct {
	HTTP    *http.Client // shared; the Client does not own it
	BaseURL string       // e.g. "http://pricing.internal:8080"
}

// Price returns the current price of the product sku.
func (c *Client) Price(ctx context.Context, sku string) (Price, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.BaseURL+"/prices/"+url.PathEscape(sku), nil)
	if err != nil {
		return Price{}, err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return Price{}, fmt.Errorf("pricing: price of %s: %w", sku, err)
	}
	if resp.StatusCode != http.StatusOK {
		return Price{}, &StatusError{SKU: sku, Code: resp.StatusCode}
	}
	defer resp.Body.Close()

	var p Price
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		return Price{}, fmt.Errorf("pricing: price of %s: decode: %w", sku, err)
	}
	return p, nil
}

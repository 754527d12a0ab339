// Exercise 13: the response body nobody closed.
//
// Client asks the pricing service for the price of a product over HTTP, through
// an *http.Client that the rest of the program shares (and that owns the
// connection pool). A product the service does not know, or a service that is
// overloaded, comes back as a *StatusError.
//
// Goal: a call to Price, successful or not, leaves no goroutine of the HTTP
// client's transport behind and no response body unclosed, and successful calls
// keep reusing one kept-alive connection. Price keeps its contract: the price on
// 200 OK, a *StatusError with the status code otherwise.
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

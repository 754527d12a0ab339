package hunt

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// service is a running service's net/http/pprof.
type service struct {
	base   string // ".../debug/pprof"
	client *http.Client
}

// serviceAt reads a URL as hunt takes it: the service's base URL, its
// /debug/pprof/ page or one of its profiles; "localhost:6060" means http.
func serviceAt(arg string) (*service, error) {
	if !strings.Contains(arg, "://") {
		arg = "http://" + arg
	}
	u, err := url.Parse(arg)
	if err != nil {
		return nil, err
	}
	u.RawQuery, u.Fragment = "", ""
	p := strings.TrimSuffix(u.Path, "/")
	if i := strings.Index(p, "/debug/pprof"); i >= 0 {
		p = p[:i]
	}
	u.Path = p + "/debug/pprof"
	return &service{base: u.String(), client: &http.Client{Timeout: 2 * time.Minute}}, nil
}

// HTTPError is an answer other than 200 OK.
type HTTPError struct {
	URL    string
	Status string
	Code   int
}

func (e *HTTPError) Error() string { return e.URL + ": " + e.Status }

// UnreachableError is a service that did not answer.
type UnreachableError struct {
	URL string
	Err error
}

func (e *UnreachableError) Error() string { return fmt.Sprintf("%s: %v", e.URL, e.Err) }

// profile fetches one profile's debug=2 text: one request to the service.
func (s *service) profile(ctx context.Context, name string) (string, string, error) {
	u := s.base + "/" + name + "?debug=2"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return u, "", err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return u, "", ctx.Err()
		}
		return u, "", &UnreachableError{URL: u, Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		return u, "", &HTTPError{URL: u, Status: resp.Status, Code: resp.StatusCode}
	}
	b, err := readAll(resp.Body)
	if err != nil {
		return u, "", &UnreachableError{URL: u, Err: err}
	}
	return u, b, nil
}

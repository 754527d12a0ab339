// Package fetch reads a status and never closes the response body.
package fetch

import "net/http"

// Status returns the status code of url.
func Status(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

package fetch

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"go.uber.org/goleak"
)

func TestStatus(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	if code, err := Status(srv.URL); err != nil || code != 200 {
		t.Fatalf("Status = %d, %v", code, err)
	}
}

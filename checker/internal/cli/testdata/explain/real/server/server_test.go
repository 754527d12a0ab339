package server

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestChatty logs far more than the leak's story: none of it belongs in the
// explanation of the leak VerifyTestMain reports for the package.
func TestChatty(t *testing.T) {
	for i := range 300 {
		t.Logf("request %d served", i)
	}
	Start()
}

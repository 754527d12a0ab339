package chans

import (
	"testing"

	"go.uber.org/goleak"
)

func TestLookup(t *testing.T) {
	defer goleak.VerifyNone(t)
	Lookup()
}

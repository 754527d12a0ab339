package util

import (
	"testing"

	"go.uber.org/goleak"
)

func TestAsk(t *testing.T) {
	defer goleak.VerifyNone(t)
	Ask()
}

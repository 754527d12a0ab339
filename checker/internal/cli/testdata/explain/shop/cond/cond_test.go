package cond

import (
	"testing"

	"go.uber.org/goleak"
)

func TestWait(t *testing.T) {
	defer goleak.VerifyNone(t)
	Wait()
}

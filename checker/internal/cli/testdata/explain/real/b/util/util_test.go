package util

import (
	"testing"

	"go.uber.org/goleak"
)

func TestListen(t *testing.T) {
	defer goleak.VerifyNone(t)
	Listen()
}

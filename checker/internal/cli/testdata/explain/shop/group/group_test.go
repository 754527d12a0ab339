package group

import (
	"testing"

	"go.uber.org/goleak"
)

func TestCollect(t *testing.T) {
	defer goleak.VerifyNone(t)
	Collect()
}

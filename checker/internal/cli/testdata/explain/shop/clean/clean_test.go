package clean

import (
	"testing"

	"go.uber.org/goleak"
)

func TestDouble(t *testing.T) {
	defer goleak.VerifyNone(t)
	if Double(2) != 4 {
		t.Fatal("Double(2) != 4")
	}
}

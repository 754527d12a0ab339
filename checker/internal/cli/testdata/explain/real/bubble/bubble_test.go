package bubble

import (
	"testing"
	"testing/synctest"
)

func TestCompute(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		Compute()
	})
}

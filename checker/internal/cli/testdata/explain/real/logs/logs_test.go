package logs

import "testing"

func TestReport(t *testing.T) {
	Report()
	t.Log("x\npanic: neither is this")
}

package runner

import (
	"fmt"
	"strings"
	"testing"
)

func TestCappedKeepsHeadAndTail(t *testing.T) {
	c := Capped{Head: 10, Tail: 20}
	c.WriteString("0123456789abc")
	for i := 0; i < 1000; i++ {
		c.WriteString("..........")
	}
	c.WriteString("the end, kept")
	s := c.String()
	if !strings.HasPrefix(s, "0123456789\n") || !strings.HasSuffix(s, "the end, kept") || len(s) > 60 {
		t.Errorf("%q", s)
	}
	if want := int64(13 + 10000 + 13 - 10 - 20); c.Cut() != want || !strings.Contains(s, fmt.Sprintf(CutMarker, want)) {
		t.Errorf("cut %d, want %d: %q", c.Cut(), want, s)
	}
	var small Capped
	small.WriteString("short")
	if small.String() != "short" {
		t.Errorf("%q", small.String())
	}
}

func TestGoEnvKeepsOnlyHarmlessFlags(t *testing.T) {
	got := strings.Join(GoEnv("-run=^$ -skip=. -modcacherw -exec=/tmp/x -overlay=o.json -modfile=x.mod -tags=fake -count=1 --trimpath"), " ")
	if want := "GOFLAGS=-mod=readonly -modcacherw --trimpath GOWORK=off"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

package goal

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps what was reported.
type recorder struct {
	testing.TB
	errs   []string
	fatals int
}

func (r *recorder) Helper()           {}
func (r *recorder) Error(args ...any) { r.errs = append(r.errs, fmt.Sprint(args...)) }
func (r *recorder) Fatal(args ...any) {
	r.errs = append(r.errs, fmt.Sprint(args...))
	r.fatals++
}

var c = Clause{Exercise: 6, N: 2, Text: "Put returns only once the keepalive it replaced has stopped"}

func TestMessageNamesClauseThenObservation(t *testing.T) {
	r := &recorder{TB: t}
	c.Errorf(r, "Put returned after %v", "10ms")
	want := "goal clause 2 not met: Put returns only once the keepalive it replaced has stopped\nobserved: Put returned after 10ms"
	if len(r.errs) != 1 || r.errs[0] != want {
		t.Fatalf("Errorf reported %q, want %q", r.errs, want)
	}
}

func TestChecks(t *testing.T) {
	errX := errors.New("x")
	for _, tc := range []struct {
		name   string
		check  func(r *recorder) bool
		broken bool
		says   string
	}{
		{"Check true", func(r *recorder) bool { return c.Check(r, true, "fine") }, false, ""},
		{"Check false", func(r *recorder) bool { return c.Check(r, false, "saw %d", 3) }, true, "observed: saw 3"},
		{"Equal same", func(r *recorder) bool { return c.Equal(r, []int{1}, []int{1}, "leases") }, false, ""},
		{"Equal differs", func(r *recorder) bool { return c.Equal(r, 1, 2, "leases renewed") }, true, "observed: leases renewed: got 2, want 1"},
		{"NoError nil", func(r *recorder) bool { return c.NoError(r, nil, "Put") }, false, ""},
		{"NoError err", func(r *recorder) bool { return c.NoError(r, errX, "Put") }, true, `observed: Put: got error "x"`},
		{"ErrorIs match", func(r *recorder) bool { return c.ErrorIs(r, fmt.Errorf("w: %w", errX), errX, "Put") }, false, ""},
		{"ErrorIs nil", func(r *recorder) bool { return c.ErrorIs(r, nil, errX, "Put after Close") }, true, `got no error, want one matching "x"`},
		{"ErrorIs other", func(r *recorder) bool { return c.ErrorIs(r, errors.New("y"), errX, "Put") }, true, `got error "y", which does not match "x"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			ok := tc.check(r)
			if ok == tc.broken || (len(r.errs) > 0) != tc.broken {
				t.Fatalf("returned %v and reported %q; want broken=%v", ok, r.errs, tc.broken)
			}
			if tc.broken && !strings.Contains(r.errs[0], tc.says) {
				t.Errorf("reported %q, want it to contain %q", r.errs[0], tc.says)
			}
		})
	}
}

func TestRequireStops(t *testing.T) {
	r := &recorder{TB: t}
	c.Require(r, false, "Close blocked")
	if r.fatals != 1 {
		t.Errorf("Require on a broken clause called Fatal %d times, want once", r.fatals)
	}
}

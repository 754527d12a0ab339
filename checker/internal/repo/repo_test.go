package repo

import "testing"

func TestOlder(t *testing.T) {
	for _, c := range []struct {
		have, want string
		older      bool
	}{
		{"go1.26.8", "1.25.0", false},
		{"go1.25.0", "1.25.0", false},
		{"go1.24.9", "1.25.0", true},
		{"go1.25", "1.25.1", true},
		{"go1.26rc1", "1.25.0", false},
		{"devel go1.27-abcdef", "1.25.0", false},
		{"go1.9", "1.25.0", true},
	} {
		if got := Older(c.have, c.want); got != c.older {
			t.Errorf("Older(%q, %q) = %v", c.have, c.want, got)
		}
	}
}

func TestGoMod(t *testing.T) {
	mod := "// c\nmodule gohunters\n\ngo 1.25.0\n"
	if ModulePath(mod) != "gohunters" || GoLine(mod) != "1.25.0" {
		t.Fatal(ModulePath(mod), GoLine(mod))
	}
}

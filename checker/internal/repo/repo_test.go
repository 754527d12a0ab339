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

func TestHasLeakProfile(t *testing.T) {
	for _, c := range []struct {
		t    Toolchain
		want bool
	}{
		{Toolchain{Version: "go1.27.3"}, true},
		{Toolchain{Version: "go1.28.0"}, true},
		{Toolchain{Version: "go1.27rc1"}, true},
		{Toolchain{Version: "go1.26.8"}, false},
		{Toolchain{Version: "go1.26.8", Experiment: "goroutineleakprofile"}, true},
		{Toolchain{Version: "go1.26.8", Experiment: "jsonv2,goroutineleakprofile"}, true},
		{Toolchain{Version: "go1.26.8", Experiment: "nogoroutineleakprofile"}, false},
		{Toolchain{Version: "go1.25.4"}, false},
		{Toolchain{}, false},
	} {
		if got := c.t.HasLeakProfile(); got != c.want {
			t.Errorf("%+v.HasLeakProfile() = %v", c.t, got)
		}
	}
}

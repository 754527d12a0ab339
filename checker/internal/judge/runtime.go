package judge

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gohunters/internal/leakprofile"
	"gohunters/internal/stacks"
)

// View says whether the runtime's opinion is asked for.
type View int

const (
	ViewOff         View = iota // turned off (--no-runtime)
	ViewUnavailable             // the toolchain has no goroutineleak profile
	ViewOn
)

// String names the view in reports.
func (v View) String() string {
	switch v {
	case ViewOn:
		return "on"
	case ViewUnavailable:
		return "unavailable"
	}
	return "off"
}

// Profiles are the goroutineleak profiles the test processes of one package
// wrote, each read once.
type Profiles struct {
	byName map[string]*Profile // by escaped test name (leakcheck's) or file name (the hook's)
	all    []Profile
}

// ReadProfiles reads the profiles the tests of the package with the given
// import path wrote under dir (leakprofile.File's layout). None is no error:
// the judges then say why.
func ReadProfiles(dir, importPath string) Profiles {
	ps := Profiles{byName: map[string]*Profile{}}
	if dir == "" {
		return ps
	}
	pkgDir := leakprofile.PackageDir(dir, importPath)
	entries, err := os.ReadDir(pkgDir)
	if err != nil {
		return ps
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), leakprofile.Ext) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var read []string
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(pkgDir, name))
		if err != nil {
			continue
		}
		ps.all = append(ps.all, ParseProfile(string(b)))
		read = append(read, name)
	}
	for i, name := range read { // all has stopped growing: point into it
		ps.byName[strings.TrimSuffix(name, leakprofile.Ext)] = &ps.all[i]
	}
	return ps
}

// Goroutine finds the goroutine with the given id in the profiles (the last
// profile that has it): its stacks there may show more than the report did,
// e.g. its creators' (GODEBUG=tracebackancestors).
func (ps Profiles) Goroutine(id int) (stacks.Goroutine, bool) {
	for i := len(ps.all) - 1; i >= 0; i-- {
		if k, ok := ps.all[i].byID[id]; ok && id != 0 {
			return ps.all[i].Goroutines[k], true
		}
	}
	return stacks.Goroutine{}, false
}

// Len is how many profiles were read.
func (ps Profiles) Len() int { return len(ps.all) }

// Of returns the profile the test named test (or the test it is a subtest of)
// wrote, else the package's only profile when there is exactly one.
func (ps Profiles) Of(test string) *Profile {
	for name := test; name != ""; {
		if p, ok := ps.byName[leakprofile.Escape(name)]; ok {
			return p
		}
		i := strings.LastIndex(name, "/")
		if i < 0 {
			break
		}
		name = name[:i]
	}
	if len(ps.all) == 1 {
		return &ps.all[0]
	}
	return nil
}

// Asker builds the runtime's judge chain for the leaks of one package: the one
// chain check and explain share.
type Asker struct {
	View     View
	Profiles Profiles
	// Version is the Go the tests ran on, named when it has no profile.
	Version string
	// Missing is the opinion when the view is on but no profile has the
	// goroutine: NoProfile unless set (explain says why it could not hook goleak,
	// or that a stream carries none).
	Missing *Opinion
}

// Chain is the chain for the goroutines the test named test leaked: the marks
// in the report itself, then the profiles of the test's process (by goroutine
// id, then by place in the test's own profile), then why there is no opinion.
// It is nil when the view is off.
func (a Asker) Chain(test string) Chain {
	switch a.View {
	case ViewOff:
		return nil
	case ViewUnavailable:
		if a.Version == "" {
			return Chain{Give(Unavailability(NoToolchain))}
		}
		return Chain{Give(Unavailability(NoToolchain, a.Version))}
	}
	missing := Unavailability(NoProfile)
	if a.Missing != nil {
		missing = *a.Missing
	}
	return Chain{Marks{}, ByID(a.Profiles.all), ByPlace{a.Profiles.Of(test)}, Give(missing)}
}

package runner

import "strings"

// keptGoFlags are the GOFLAGS entries a learner's environment may keep: they
// change how things are built or cached, never which tests run or what runs them.
var keptGoFlags = map[string]bool{"modcacherw": true, "buildvcs": true, "trimpath": true, "p": true}

// GoEnv returns the environment entries every go command the checker runs gets
// on top of the learner's, from goflags (what `go env GOFLAGS` says, the
// variable and go env -w's file together). GOFLAGS keeps only harmless build
// flags: -run, -skip, -count, -exec, -overlay, -modfile, -tags and the rest are
// dropped, so the environment cannot decide which tests run or replace the
// code they run. It is always set, since an empty variable would let go env
// -w's file through. GOWORK=off keeps a go.work from replacing modules.
func GoEnv(goflags string) []string {
	kept := []string{"-mod=readonly"}
	for _, f := range strings.Fields(goflags) {
		name, _, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
		if keptGoFlags[name] {
			kept = append(kept, f)
		}
	}
	return []string{"GOFLAGS=" + strings.Join(kept, " "), "GOWORK=off"}
}

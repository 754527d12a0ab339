package runner

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// keptGoFlags are the GOFLAGS entries a learner's environment may keep: they
// change how things are built or cached, never which tests run or what runs them.
var keptGoFlags = map[string]bool{"modcacherw": true, "buildvcs": true, "trimpath": true, "p": true}

// GoEnv returns the GOFLAGS and GOWORK entries every go command the checker
// runs gets on top of the learner's, from goflags (the variable, or go env
// -w's file). GOFLAGS keeps only harmless build flags: -run, -skip, -count,
// -exec, -toolexec, -overlay, -modfile, -tags and the rest are dropped, so the
// environment cannot decide which tests run or replace the code they run. It
// is always set, since an empty variable would let go env -w's file through.
// GOWORK=off keeps a go.work from replacing modules. Sanitize is the whole of it.
func GoEnv(goflags string) []string {
	kept, _ := keepGoFlags(goflags)
	return []string{"GOFLAGS=" + kept, "GOWORK=off"}
}

func keepGoFlags(goflags string) (kept string, dropped []string) {
	out := []string{"-mod=readonly"}
	for _, f := range strings.Fields(goflags) {
		name, _, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
		if keptGoFlags[name] {
			out = append(out, f)
		} else {
			dropped = append(dropped, f)
		}
	}
	return strings.Join(out, " "), dropped
}

// keptGodebug are the GODEBUG settings a learner's environment may keep: the
// go command's networking and certificates (a proxy, a corporate CA), and its
// cache's own checks. Every other setting changes how the runtime or the
// standard library behave under the tests (asynctimerchan=1 breaks
// testing/synctest, and so every exercise) and is dropped.
var keptGodebug = []string{"tracebackancestors", "http2", "netdns", "netedns0", "multipathtcp", "x509", "tls", "gocache", "winsymlink", "winreadlinkvolume"}

// keptExperiments are the GOEXPERIMENT entries a learner's environment may
// keep: the goroutineleak profile (Go 1.26), which only adds the runtime's
// second opinion. Others change how the runtime and the compiler work, and
// rebuild the standard library.
var keptExperiments = []string{"goroutineleakprofile", "nogoroutineleakprofile"}

// Sanitized is the environment every go command the checker runs gets on top
// of the learner's, and what of the learner's it leaves out.
type Sanitized struct {
	Env []string
	// Dropped are the settings left out, as "NAME=value" (value: the dropped
	// part), for the learner to be told.
	Dropped []string
}

// Sanitize decides, from the learner's environment (env, "NAME=value" as
// os.Environ gives them, later ones winning) and go env -w's file (found as
// the go command finds it), what every go command the checker runs gets on top
// of that environment, so that it cannot decide which tests run, what runs
// them or how the runtime behaves under them:
//
//   - GOFLAGS keeps only harmless build flags (GoEnv), GOWORK=off;
//   - GOTOOLCHAIN loses its "path" forms, which run whatever program of that
//     name is first on PATH as the Go toolchain; for a version (which stays,
//     as "local" and "auto" do: a downloaded toolchain is checked against the
//     checksum database) the folders of PATH that hold a program of that
//     name, which the go command would run as that version unchecked, are
//     left out of PATH;
//   - GOROOT is unset (the go command knows its own), and GOCACHEPROG, a
//     program that would serve build and test results;
//   - GODEBUG keeps only the go command's networking settings (keptGodebug);
//   - GOEXPERIMENT keeps only the goroutineleak profile (keptExperiments).
//
// A value that is invalid as such (GOEXPERIMENT=bogus) is left for the go
// command to refuse: a set-up error the learner can fix.
func Sanitize(env []string) Sanitized {
	vars := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	file := goEnvFile(vars)
	value := func(k string) (string, bool) { // as the go command reads it
		if v := vars[k]; v != "" {
			return v, false
		}
		v, ok := file[k]
		return v, ok && v != ""
	}
	var s Sanitized
	drop := func(name, what string) { s.Dropped = append(s.Dropped, name+"="+what) }

	goflags, _ := value("GOFLAGS")
	kept, dropped := keepGoFlags(goflags)
	if len(dropped) > 0 {
		drop("GOFLAGS", strings.Join(dropped, " "))
	}
	s.Env = append(s.Env, "GOFLAGS="+kept, "GOWORK=off")

	tc, _ := value("GOTOOLCHAIN")
	if tc == "path" || strings.HasSuffix(tc, "+path") {
		drop("GOTOOLCHAIN", tc)
		s.Env = append(s.Env, "GOTOOLCHAIN=local")
	} else if name, _, _ := strings.Cut(tc, "+"); strings.HasPrefix(name, "go1") {
		// A version: the go command runs a program of that name found in
		// PATH before it downloads the toolchain (checked against the
		// checksum database) or uses the one it downloaded before. Such a
		// program can be anything: the folders that hold one are left out
		// of PATH, so that the toolchain comes from the go command.
		if path, gone := withoutProgram(vars["PATH"], name); len(gone) > 0 {
			drop("PATH", strings.Join(gone, string(os.PathListSeparator))+" ("+name+")")
			s.Env = append(s.Env, "PATH="+path)
		}
	}
	for _, k := range []string{"GOROOT", "GOCACHEPROG"} {
		if v, _ := value(k); v != "" {
			drop(k, v)
			s.Env = append(s.Env, k+"=") // and go env -w's file off, below, if it is there
		}
	}

	if godebug := vars["GODEBUG"]; godebug != "" {
		var keep, gone []string
		for _, kv := range strings.Split(godebug, ",") {
			if kv = strings.TrimSpace(kv); kv == "" {
				continue
			}
			k, _, _ := strings.Cut(kv, "=")
			if slices.ContainsFunc(keptGodebug, func(p string) bool { return strings.HasPrefix(k, p) }) {
				keep = append(keep, kv)
			} else {
				gone = append(gone, kv)
			}
		}
		if len(gone) > 0 {
			drop("GODEBUG", strings.Join(gone, ","))
		}
		s.Env = append(s.Env, "GODEBUG="+strings.Join(keep, ","))
	}

	// An empty variable lets go env -w's file through: a setting the file
	// holds and that must go is left out by turning the file off, its other
	// settings passed on as variables.
	fileOff := false
	if exp, inFile := value("GOEXPERIMENT"); exp != "" {
		var keep, gone []string
		for _, e := range strings.Split(exp, ",") {
			if e = strings.TrimSpace(e); e == "" {
				continue
			}
			if slices.Contains(keptExperiments, e) || !knownExperiment(e) {
				keep = append(keep, e) // an unknown one is the go command's to refuse
			} else {
				gone = append(gone, e)
			}
		}
		if len(gone) > 0 {
			drop("GOEXPERIMENT", strings.Join(gone, ","))
			s.Env = append(s.Env, "GOEXPERIMENT="+strings.Join(keep, ","))
			fileOff = fileOff || inFile && len(keep) == 0
		}
	}
	if _, inFile := value("GOCACHEPROG"); inFile {
		fileOff = true
	}
	if fileOff {
		for k, v := range file {
			if _, set := vars[k]; !set && k != "GOEXPERIMENT" && k != "GOCACHEPROG" && k != "GOFLAGS" && k != "GOTOOLCHAIN" {
				s.Env = append(s.Env, k+"="+v)
			}
		}
		s.Env = append(s.Env, "GOENV=off")
		slices.Sort(s.Env)
	}
	return s
}

// knownExperiment reports whether e names an experiment of the go command
// (with or without "no"), as opposed to a typo the go command will refuse.
// The list is Go 1.26's and 1.27's; an experiment it lacks is left alone.
func knownExperiment(e string) bool {
	e = strings.TrimPrefix(e, "no")
	return slices.Contains([]string{"aliastypeparams", "arenas", "boringcrypto", "cgocheck2", "dwarf5", "fieldtrack",
		"goroutineleakprofile", "greenteagc", "heapminimum512kib", "jsonv2", "loopvar", "newinliner", "preemptibleloops",
		"randomizedheapbase64", "rangefunc", "regabiargs", "regabiwrappers", "runtimefreegc", "runtimesecret",
		"simd", "sizespecializedmalloc", "spinbitmutex", "staticlockranking", "swissmap", "synchashtriemap",
		"synctest", "sysinfo"}, e)
}

// goEnvFile reads go env -w's file as the go command finds it (GOENV, else
// the user's configuration directory), nil when there is none.
func goEnvFile(vars map[string]string) map[string]string {
	path := vars["GOENV"]
	switch path {
	case "off":
		return nil
	case "":
		dir, err := os.UserConfigDir()
		if err != nil {
			return nil
		}
		path = filepath.Join(dir, "go", "env")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok {
			out[strings.TrimSpace(k)] = v
		}
	}
	return out
}

// withoutProgram returns path without the folders that hold an executable
// named name, and those folders.
func withoutProgram(path, name string) (kept string, gone []string) {
	var keep []string
	for _, dir := range filepath.SplitList(path) {
		found := false
		for _, n := range []string{name, name + ".exe"} {
			if fi, err := os.Stat(filepath.Join(dir, n)); err == nil && !fi.IsDir() && (fi.Mode()&0o111 != 0 || strings.HasSuffix(n, ".exe")) {
				found = true
			}
		}
		if found && dir != "" {
			gone = append(gone, dir)
		} else {
			keep = append(keep, dir)
		}
	}
	return strings.Join(keep, string(os.PathListSeparator)), gone
}

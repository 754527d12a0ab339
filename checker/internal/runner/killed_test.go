package runner

import "testing"

// go test killed by a signal (code under test that kills its own process
// group kills the go command too) never says how the packages it was running
// ended: those are killed by that signal; the ones that ended, or whose build
// failed, are as they said.
func TestKilledWithMarksWhatWasRunning(t *testing.T) {
	r := NewResults()
	for _, ev := range []Event{
		{Action: "start", Package: "ex/running"},
		{Action: "run", Package: "ex/running", Test: "TestSum"},
		{Action: "start", Package: "ex/started"},
		{Action: "start", Package: "ex/passed"},
		{Action: "pass", Package: "ex/passed"},
		{Action: "build-fail", ImportPath: "ex/broken [ex/broken.test]"},
		{Action: "fail", Package: "ex/broken", FailedBuild: "ex/broken [ex/broken.test]"},
	} {
		r.Add(ev)
	}
	r.killedWith("killed")
	for path, want := range map[string][2]string{
		"ex/running": {"fail", "killed"},
		"ex/started": {"fail", "killed"},
		"ex/passed":  {"pass", ""},
		"ex/broken":  {"fail", ""},
	} {
		p := r.Package(path)
		if p.Action != want[0] || p.Signal != want[1] {
			t.Errorf("%s: action %q, signal %q; want %q, %q", path, p.Action, p.Signal, want[0], want[1])
		}
	}
}

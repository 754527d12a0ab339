package ident

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gohunters/checker/internal/report"
)

func sample() report.Report {
	first := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	return report.Report{Module: "gohunters", Learner: "Ada", Go: "go1.26.8", RuntimeView: "off",
		Time: time.Date(2026, 11, 29, 9, 12, 3, 123456789, time.UTC), Passed: 0, Total: 1,
		Exercises: []report.Exercise{{Number: 1, Dir: "01_errs_capacity", Title: "T", Status: "leaking",
			Seconds: 0.123456789, Attempts: 2, FirstAttempt: &first, Message: []string{"a <b> & \"c\""},
			Leaks: []report.Leak{{Function: "f", State: "chan send", Count: 2}}}}}
}

// A report signed by the checker verifies after a trip through its file (as
// report --json writes it, indented); edited in any way it does not.
func TestSignedReportSurvivesItsFileNotAnEdit(t *testing.T) {
	dir := t.TempDir()
	k, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := sample()
	if err := k.Sign(&r); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	report.WriteJSON(&buf, r)
	var back report.Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if got := Verify(back); got != Signed {
		t.Fatalf("the report as written: %v, want Signed\n%s", got, buf.String())
	}
	edited := strings.Replace(buf.String(), `"status": "leaking"`, `"status": "done"`, 1)
	back = report.Report{}
	json.Unmarshal([]byte(edited), &back)
	if got := Verify(back); got != Edited {
		t.Errorf("an edited report: %v, want Edited", got)
	}
	if got := Verify(sample()); got != Unsigned {
		t.Errorf("an unsigned report: %v", got)
	}

	// The same clone keeps its identity; another clone has another.
	again, err := Load(dir)
	if err != nil || again.ID() != k.ID() {
		t.Errorf("the identity changed on a second load: %v", err)
	}
	other, _ := Load(t.TempDir())
	if other.ID() == k.ID() {
		t.Error("two clones share an identity")
	}
	fi, err := os.Stat(filepath.Join(dir, File))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the identity file: %v %v, want mode 0600", fi.Mode(), err)
	}
}

package grade

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestMain(m *testing.M) runs the tests and never reports as one: counting it
// among the shipped tests left every exercise with a TestMain unable to pass.
func TestShippedTestsSkipsTestMain(t *testing.T) {
	dir := t.TempDir()
	src := `package x

import "testing"

func TestMain(m *testing.M) { m.Run() }

func TestConvert(t *testing.T) {}

func Testify(t *testing.T) {}

func FuzzParse(f *testing.F) {}

func helper() {}
`
	if err := os.WriteFile(filepath.Join(dir, "x_test.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ShippedTests(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"FuzzParse", "TestConvert"}; !slices.Equal(got, want) {
		t.Errorf("ShippedTests = %q, want %q", got, want)
	}
}

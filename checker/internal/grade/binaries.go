package grade

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gohunters/checker/internal/repo"
	"gohunters/internal/catalogue"
)

// A test binary is reused while its inputs are what they were when it was
// built: the exercise's files, the workshop's support packages, go.mod and
// go.sum, the Go that builds it and every setting that changes how. Then no go
// command runs at all before the tests start; otherwise the go command builds
// it (and its cache makes that a relink of what changed).

// inputsExt ends the file beside a binary that records its inputs' key.
const inputsExt = ".inputs"

// binaryKey is the key of exercise e's test binary's inputs (race: built with
// -race). ok is false when the inputs cannot be known without the go command:
// the exercise imports a package of the workshop other than the support ones.
func (g *Grader) binaryKey(e catalogue.Exercise, race bool, support map[string]string, env []string) (string, bool) {
	files, err := catalogue.HashDir(g.dir(e))
	if err != nil || support == nil || !onlySupportImports(g.dir(e)) {
		return "", false
	}
	h := sha256.New()
	line := func(parts ...string) { h.Write([]byte(strings.Join(parts, "\x00") + "\n")) }
	// The binary's stacks name its files by absolute path: a copy of the tree
	// elsewhere builds its own.
	line("gohunters test binary, v1", strconv.FormatBool(race), g.dir(e))
	ge := g.GoEnv
	line(ge.GOVERSION, ge.GOROOT, ge.GOOS, ge.GOARCH, ge.CGO_ENABLED, ge.GOEXPERIMENT, ge.GOFLAGS, ge.GOMODCACHE)
	for _, kv := range buildEnv(env) {
		line("env", kv)
	}
	for _, name := range sortedNames(files) {
		line("file", name, files[name])
	}
	for _, name := range sortedNames(support) {
		line("support", name, support[name])
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// buildEnv is what of the environment can change a build: the Go and cgo
// settings of the process and of the run (GOFLAGS, GOTOOLCHAIN, CC, ...).
func buildEnv(env []string) []string {
	var out []string
	for _, kv := range append(os.Environ(), env...) {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "GO") || strings.HasPrefix(k, "CGO_") || k == "CC" || k == "CXX" || k == "AR" || k == "PKG_CONFIG" {
			out = append(out, kv)
		}
	}
	sort.Strings(out)
	return out
}

// onlySupportImports reports whether the Go files of dir import, of the
// workshop's own packages, only its support packages: then their checksums
// stand for everything of the workshop the binary is built from.
func onlySupportImports(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	fset := token.NewFileSet()
	for _, ent := range entries {
		if ent.IsDir() || !strings.HasSuffix(ent.Name(), ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, ent.Name()), nil, parser.ImportsOnly)
		if err != nil {
			return false
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			rest, ours := strings.CutPrefix(path, repo.Module+"/")
			if ours && !slices.Contains(catalogue.SupportPackages, rest) {
				return false
			}
			if path == repo.Module {
				return false
			}
		}
	}
	return true
}

// upToDate reports whether bin was built from the inputs key names, and is
// still the binary the checker built then: its stamp carries a MAC over the
// key and the binary's checksum, keyed by the clone's secret (Grader.Secret),
// so that a binary put there by hand (the solution's test binary under the
// exercise's name, its stamp kept) is rebuilt, never run. Without a secret no
// binary is reused.
func (g *Grader) upToDate(bin, key string) bool {
	if key == "" || len(g.Secret) == 0 {
		return false
	}
	if st, err := os.Stat(bin); err != nil || st.Mode()&0o111 == 0 && runtime.GOOS != "windows" {
		return false
	}
	b, err := os.ReadFile(bin + inputsExt)
	if err != nil {
		return false
	}
	got, mac, ok := strings.Cut(strings.TrimSpace(string(b)), " ")
	if !ok || got != key {
		return false
	}
	want, err := g.binaryMAC(bin, key)
	return err == nil && hmac.Equal([]byte(mac), []byte(want))
}

// stamp records that bin was built from the inputs key names (nothing when key
// is empty: the inputs were not known).
func (g *Grader) stamp(bin, key string) {
	if key == "" || len(g.Secret) == 0 {
		os.Remove(bin + inputsExt)
		return
	}
	mac, err := g.binaryMAC(bin, key)
	if err != nil {
		os.Remove(bin + inputsExt)
		return
	}
	_ = os.WriteFile(bin+inputsExt, []byte(key+" "+mac+"\n"), 0o644)
}

// binaryMAC is the MAC of key and bin's content under the clone's secret.
func (g *Grader) binaryMAC(bin, key string) (string, error) {
	f, err := os.Open(bin)
	if err != nil {
		return "", err
	}
	defer f.Close()
	m := hmac.New(sha256.New, g.Secret)
	m.Write([]byte(key + "\x00"))
	if _, err := io.Copy(m, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(m.Sum(nil)), nil
}

func sortedNames(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

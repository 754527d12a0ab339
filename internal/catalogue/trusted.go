package catalogue

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Source says where the checksums the checker trusts came from.
type Source struct {
	// Ref is the remote-tracking ref whose history gave the checksums
	// ("refs/remotes/origin/HEAD"), "" when they are the embedded copy.
	Ref    string
	Commit string // the commit read: the merge base of HEAD and Ref
	// Copy: the workshop is not a git clone (no .git at its root: a ZIP
	// download, a copy), so the checksums are the copy the checker was built
	// with, from the working tree. Verdicts carry that mark.
	Copy bool
	// Untrusted says why a clone's git history could not give the checksums
	// (git missing, no upstream branch, git failing): then no exercise is
	// credited. "" when it could, or for a copy.
	Untrusted *Untrusted
}

// Untrusted is why a clone's history could not be read: Reason is one of the
// Reason* values (a renderer words it), Detail what git said, if anything.
type Untrusted struct {
	Reason string
	Detail string
}

func (u *Untrusted) Error() string {
	if u.Detail == "" {
		return u.Reason
	}
	return u.Reason + ": " + u.Detail
}

// Why a clone's history could not give the checksums.
const (
	ReasonNoGit      = "no-git"      // git is not installed, or not on PATH
	ReasonGitFailed  = "git-failed"  // git cannot read the clone (Detail: its words)
	ReasonNoUpstream = "no-upstream" // no remote-tracking branch to read the shipped checksums from
	ReasonNoSums     = "no-sums"     // the upstream commit has no readable checksums (Detail: why)
)

// upstreamRefs are tried in order: the branch the clone came from.
var upstreamRefs = []string{"refs/remotes/origin/HEAD", "refs/remotes/origin/main", "refs/remotes/origin/master", "@{upstream}"}

// TrustedSums returns the checksums the checker grades against.
//
// In a git clone (a .git at the workshop's root) they are read from the git
// history: the sums file as of the merge base of HEAD and the remote-tracking
// branch it came from, i.e. the last shipped version the learner's branch
// contains. Editing the working tree, running go generate or committing on top
// cannot change that commit's content, so the checksums a learner regenerates
// or deletes lines from are ignored there. Git runs without the environment's
// GIT_* settings (GIT_DIR pointing elsewhere), without replacement objects
// (git replace) and without grafts. When the history cannot be read (git
// missing, the remote removed, git failing) the verdicts say so, in
// Source.Untrusted: there is no silent fallback.
//
// A copy that is no git clone (a ZIP download) grades against the copy
// embedded in the checker, which comes from the working tree: Source.Copy
// marks it, and reports carry the mark, since a learner who regenerates it
// (or removes .git to get here) can fool the checker there. The digest line
// still makes hand-deleted lines fail. Nothing local defeats a learner who
// rewrites the remote-tracking refs or the checker's code: the checker proves
// honest work, it cannot police a determined cheat on their own machine.
func TrustedSums(root, embeddedText string) (SumSet, Source, error) {
	embedded := func(src Source) (SumSet, Source, error) {
		sums, err := ParseSums(embeddedText)
		return sums, src, err
	}
	if _, err := os.Lstat(filepath.Join(root, ".git")); err != nil {
		return embedded(Source{Copy: true})
	}
	text, src, u := fromHistory(root)
	if u != nil {
		return embedded(Source{Untrusted: u})
	}
	sums, err := ParseSums(text)
	if err != nil {
		return embedded(Source{Untrusted: &Untrusted{Reason: ReasonNoSums, Detail: fmt.Sprintf("%s at %s: %v", SumsFile, short(src.Commit), err)}})
	}
	return sums, src, nil
}

func fromHistory(root string) (string, Source, *Untrusted) {
	if _, err := exec.LookPath("git"); err != nil {
		return "", Source{}, &Untrusted{Reason: ReasonNoGit}
	}
	if _, err := git(root, "rev-parse", "--git-dir"); err != nil {
		return "", Source{}, &Untrusted{Reason: ReasonGitFailed, Detail: said(err)}
	}
	for _, ref := range upstreamRefs {
		if _, err := git(root, "rev-parse", "--verify", "-q", ref+"^{commit}"); err != nil {
			continue
		}
		commit, err := git(root, "merge-base", "HEAD", ref)
		if err != nil {
			if commit, err = git(root, "rev-parse", ref+"^{commit}"); err != nil {
				continue
			}
		}
		text, err := git(root, "cat-file", "blob", commit+":"+SumsFile)
		if err != nil {
			return "", Source{}, &Untrusted{Reason: ReasonNoSums, Detail: fmt.Sprintf("%s has no %s", short(commit), SumsFile)}
		}
		return text, Source{Ref: ref, Commit: commit}, nil
	}
	return "", Source{}, &Untrusted{Reason: ReasonNoUpstream}
}

func short(commit string) string { return commit[:min(12, len(commit))] }

// GitEnv is the environment git runs with: the process's without any GIT_*
// setting (GIT_DIR, GIT_WORK_TREE, GIT_OBJECT_DIRECTORY, GIT_REPLACE_REF_BASE,
// GIT_CONFIG_*...), with replacement objects and grafts off, and no prompt.
func GitEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") {
			env = append(env, kv)
		}
	}
	return append(env, "GIT_NO_REPLACE_OBJECTS=1", "GIT_GRAFT_FILE="+os.DevNull, "GIT_TERMINAL_PROMPT=0",
		"GIT_OPTIONAL_LOCKS=0", "GIT_CONFIG_NOSYSTEM=1")
}

// gitError is git's failure with what it said.
type gitError struct {
	err    error
	stderr string
}

func (e *gitError) Error() string { return e.err.Error() + ": " + e.stderr }

func said(err error) string {
	var g *gitError
	if errors.As(err, &g) {
		if line, _, _ := strings.Cut(strings.TrimSpace(g.stderr), "\n"); line != "" {
			return line
		}
		return g.err.Error()
	}
	return err.Error()
}

func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"--no-replace-objects"}, args...)...)
	cmd.Dir = dir
	cmd.Env = GitEnv()
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return "", &gitError{err, stderr.String()}
	}
	if args[0] == "cat-file" {
		return out.String(), nil
	}
	return strings.TrimSpace(out.String()), nil
}

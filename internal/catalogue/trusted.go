package catalogue

import (
	"bytes"
	"os/exec"
	"strings"
)

// Source says where the checksums the checker trusts came from.
type Source struct {
	// Ref is the remote-tracking ref whose history gave the checksums
	// ("refs/remotes/origin/HEAD"), "" when they are the embedded copy.
	Ref    string
	Commit string // the commit read: the merge base of HEAD and Ref
}

// upstreamRefs are tried in order: the branch the clone came from.
var upstreamRefs = []string{"refs/remotes/origin/HEAD", "refs/remotes/origin/main", "refs/remotes/origin/master", "@{upstream}"}

// TrustedSums returns the checksums the checker grades against. In a git clone
// with a remote-tracking branch they are read from the git history: the sums
// file as of the merge base of HEAD and that branch, i.e. the last shipped
// version the learner's branch contains. Editing the working tree, running
// go generate or committing on top cannot change that commit's content, so the
// checksums a learner regenerates or deletes lines from are ignored there.
//
// Without such history (a ZIP download, no remote) the copy embedded in the
// checker is used: it comes from the working tree, so a learner who regenerates
// it (or edits the checker itself) can still fool the checker there. The digest
// line still makes hand-deleted lines fail. Nothing local defeats a learner who
// rewrites the remote-tracking refs or the checker's code: the checker proves
// honest work, it cannot police a determined cheat on their own machine.
func TrustedSums(root, embeddedText string) (SumSet, Source, error) {
	if text, src, ok := fromHistory(root); ok {
		if sums, err := ParseSums(text); err == nil {
			return sums, src, nil
		}
	}
	sums, err := ParseSums(embeddedText)
	return sums, Source{}, err
}

func fromHistory(root string) (string, Source, bool) {
	if _, err := exec.LookPath("git"); err != nil {
		return "", Source{}, false
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
		text, err := git(root, "show", commit+":"+SumsFile)
		if err != nil {
			return "", Source{}, false // shipped before the checksums existed
		}
		return text, Source{Ref: ref, Commit: commit}, true
	}
	return "", Source{}, false
}

func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return "", err
	}
	if args[0] == "show" {
		return out.String(), nil
	}
	return strings.TrimSpace(out.String()), nil
}

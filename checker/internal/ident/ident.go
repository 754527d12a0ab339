// Package ident is a clone's identity: an Ed25519 key made on first use and
// kept in the clone's store (beside its hints and backups, out of reach of
// git clean), with which the checker signs the reports it writes and the
// verdicts it sends to a room.
//
// A room binds a learner's name to the clone that first posted under it, so
// that another clone cannot post as them; a signed report that is edited
// afterwards no longer verifies, so that the trainer sees it. It proves
// honest work, not more: whoever reads the key from their own store and
// writes a program to sign with it is out of reach, like someone who edits
// the checker itself.
package ident

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gohunters/checker/internal/report"
)

// File is the key's file in the clone's store.
const File = "identity"

// Key is a clone's identity.
type Key struct{ priv ed25519.PrivateKey }

// Load returns the identity kept in dir, making it on first use.
func Load(dir string) (Key, error) {
	path := filepath.Join(dir, File)
	b, err := os.ReadFile(path)
	if err == nil {
		seed, derr := hex.DecodeString(strings.TrimSpace(lastLine(string(b))))
		if derr != nil || len(seed) != ed25519.SeedSize {
			return Key{}, fmt.Errorf("%s: not a clone identity", path)
		}
		return Key{ed25519.NewKeyFromSeed(seed)}, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return Key{}, err
	}
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return Key{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Key{}, err
	}
	text := "# This clone's identity: the trainer's room knows you by it. Keep it to yourself.\n" + hex.EncodeToString(seed) + "\n"
	tmp, err := os.CreateTemp(dir, "identity-*.tmp")
	if err != nil {
		return Key{}, err
	}
	_, err = tmp.WriteString(text)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o600)
	}
	// Two checkers making it at once: the first one's stays.
	if err == nil {
		err = os.Link(tmp.Name(), path)
		if errors.Is(err, os.ErrExist) {
			os.Remove(tmp.Name())
			return Load(dir)
		}
	}
	os.Remove(tmp.Name())
	if err != nil {
		return Key{}, err
	}
	return Key{ed25519.NewKeyFromSeed(seed)}, nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// ID is the identity's public half, as reports carry it.
func (k Key) ID() string {
	return base64.RawURLEncoding.EncodeToString(k.priv.Public().(ed25519.PublicKey))
}

// Sign sets r's Clone and Signature.
func (k Key) Sign(r *report.Report) error {
	r.Clone, r.Signature = k.ID(), ""
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	r.Signature = base64.RawURLEncoding.EncodeToString(ed25519.Sign(k.priv, b))
	return nil
}

// Seal says what a report's signature shows.
type Seal int

const (
	Signed   Seal = iota // signed by its Clone, unchanged since
	Unsigned             // no signature: an older checker, or written by hand
	Edited               // a signature that does not match: changed after it was signed
)

// Verify checks r's signature: the one of its Clone over r without it.
func Verify(r report.Report) Seal {
	if r.Clone == "" && r.Signature == "" {
		return Unsigned
	}
	pub, err := base64.RawURLEncoding.DecodeString(r.Clone)
	sig, serr := base64.RawURLEncoding.DecodeString(r.Signature)
	if err != nil || serr != nil || len(pub) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize {
		return Edited
	}
	r.Signature = ""
	b, err := json.Marshal(r)
	if err != nil || !ed25519.Verify(pub, b, sig) {
		return Edited
	}
	return Signed
}

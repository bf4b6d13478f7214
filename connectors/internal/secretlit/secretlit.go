// Package secretlit is how connectors record a credential written inline in
// a file: never the value, only its fingerprint, with the key it was
// written under and where. Every connector that meets one (CI files,
// crontabs, unit files, MCP configurations, manifests) tells a secret's
// name with Name (KeyIDName and CredentialName for an access key's ID,
// which names a credential without being a secret), tells a credential
// whose issuer gives it a form (ghp_…, glpat-…, AKIA…) with Shaped whatever
// it is called, and records the value through Fingerprint and Record, so
// the finding that reports it reads one shape.
package secretlit

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/convene-dev/convene/graph"
)

// Fingerprint identifies a value without keeping it: "sha256:" and the
// first 12 hex digits of the value's SHA-256.
func Fingerprint(v string) string {
	sum := sha256.Sum256([]byte(v))
	return "sha256:" + hex.EncodeToString(sum[:6])
}

// Record is one inline credential: graph.InlineSecret, the record the
// hardcoded_credentials attribute holds and the finding reads.
type Record = graph.InlineSecret

// Encode is the value of the hardcoded_credentials attribute
// (graph.EncodeInlineSecrets).
func Encode(recs []Record) string { return graph.EncodeInlineSecrets(recs) }

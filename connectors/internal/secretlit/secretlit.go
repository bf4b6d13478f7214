// Package secretlit is how connectors record a credential written inline in
// a file: never the value, only its fingerprint, with the key it was
// written under and where. Every connector that meets one (CI files,
// crontabs, unit files, MCP configurations, manifests) records it through
// Fingerprint and Records, so the finding that reports it reads one shape.
package secretlit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
)

// Fingerprint identifies a value without keeping it: "sha256:" and the
// first 12 hex digits of the value's SHA-256.
func Fingerprint(v string) string {
	sum := sha256.Sum256([]byte(v))
	return "sha256:" + hex.EncodeToString(sum[:6])
}

// Record is one inline credential: the key (variable, input, option) it
// was written under, its fingerprint, the file relative to the repository
// or host that holds it, and the 1-based line.
type Record struct {
	Key         string `json:"key"`
	Fingerprint string `json:"fingerprint"`
	File        string `json:"file"`
	Line        int    `json:"line"`
}

// Encode is the value of the hardcoded_credentials attribute: the records
// as a JSON array, repeats dropped, in the order given; "" for none.
func Encode(recs []Record) string {
	out := make([]Record, 0, len(recs))
	for _, r := range recs {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return ""
	}
	data, _ := json.Marshal(out) // strings and ints always encode
	return string(data)
}

// Decode reads a hardcoded_credentials attribute; a value that is not a
// list of records reads as none.
func Decode(s string) []Record {
	var recs []Record
	if json.Unmarshal([]byte(s), &recs) != nil {
		return nil
	}
	return recs
}

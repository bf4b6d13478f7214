package graph

import (
	"encoding/json"
	"slices"
)

// InlineSecret is one credential written inline in a file, as the
// AttrHardcodedCredentials attribute records it: the key (variable, input,
// option) it was written under, the fingerprint of the value ("sha256:" and
// 12 hex digits; never the value), the file relative to the repository or
// host that holds it, and the 1-based line. Connectors write it and the
// inline-secret finding reads it, both through the functions below.
type InlineSecret struct {
	Key         string `json:"key"`
	Fingerprint string `json:"fingerprint"`
	File        string `json:"file"`
	Line        int    `json:"line"`
}

// EncodeInlineSecrets is the value of AttrHardcodedCredentials: the records
// as a JSON array, repeats dropped, in the order given; "" for none.
func EncodeInlineSecrets(recs []InlineSecret) string {
	out := make([]InlineSecret, 0, len(recs))
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

// DecodeInlineSecrets reads an AttrHardcodedCredentials value; text that is
// not a list of records reads as none.
func DecodeInlineSecrets(s string) []InlineSecret {
	var recs []InlineSecret
	if json.Unmarshal([]byte(s), &recs) != nil {
		return nil
	}
	return recs
}

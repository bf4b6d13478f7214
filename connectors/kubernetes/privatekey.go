package kubernetes

import (
	"bytes"
	"encoding/base64"

	"github.com/convene-dev/convene/connectors/internal/secretlit"
)

// pemPrivateKey marks a PEM private key block: "-----BEGIN PRIVATE KEY-----",
// and the RSA, EC, OPENSSH and ENCRYPTED variants.
var (
	pemBegin = []byte("-----BEGIN ")
	pemKey   = []byte("PRIVATE KEY-----")
)

// privateKeys looks for PEM private keys in a Secret's data (base64) and
// stringData, and returns their inline-secret records (secretlit.Record,
// keyed data.<key> or stringData.<key>, in file) encoded, or "" when there
// are none. A private key committed with its manifest is a finding; the
// value is only fingerprinted here and dropped.
func privateKeys(o scope, file string) string {
	var recs []secretlit.Record
	for _, field := range []string{"data", "stringData"} {
		for _, p := range o.pairs(o.get(o.Root, field)) {
			v := []byte(p.val)
			if field == "data" {
				dec, err := base64.StdEncoding.DecodeString(string(bytes.Join(bytes.Fields(v), nil)))
				if err != nil {
					continue
				}
				v = dec
			}
			if isPrivateKey(v) {
				recs = append(recs, secretlit.Record{Key: field + "." + p.key, Fingerprint: secretlit.Fingerprint(string(v)), File: file, Line: p.line})
			}
		}
	}
	return secretlit.Encode(recs)
}

// isPrivateKey reports whether v holds a PEM private key block.
func isPrivateKey(v []byte) bool {
	i := bytes.Index(v, pemBegin)
	return i >= 0 && bytes.Contains(v[i:], pemKey)
}

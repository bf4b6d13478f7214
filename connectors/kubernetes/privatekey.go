package kubernetes

import (
	"bytes"
	"encoding/base64"
	"encoding/json"

	"github.com/convene-dev/convene/connectors/internal/shellcmd"
)

// pemPrivateKey marks a PEM private key block: "-----BEGIN PRIVATE KEY-----",
// and the RSA, EC, OPENSSH and ENCRYPTED variants.
var (
	pemBegin = []byte("-----BEGIN ")
	pemKey   = []byte("PRIVATE KEY-----")
)

// keyRecord is one private key written into a manifest, as the inline
// secret records of the CI connectors: where, and a fingerprint of the
// value, never the value.
type keyRecord struct {
	Key         string `json:"key"`
	Kind        string `json:"kind"`
	Fingerprint string `json:"fingerprint"`
	Line        int    `json:"line"`
}

// privateKeys looks for PEM private keys in a Secret's data (base64) and
// stringData, and returns their records as JSON, or "" when there are
// none. A private key committed with its manifest is a finding; the value
// is only fingerprinted here and dropped.
func privateKeys(o scope) string {
	var recs []keyRecord
	for _, field := range []string{"data", "stringData"} {
		for _, p := range pairs(get(o.Root, field)) {
			v := []byte(p.val)
			if field == "data" {
				dec, err := base64.StdEncoding.DecodeString(string(bytes.Join(bytes.Fields(v), nil)))
				if err != nil {
					continue
				}
				v = dec
			}
			if isPrivateKey(v) {
				recs = append(recs, keyRecord{Key: field + "." + p.key, Kind: "private-key", Fingerprint: shellcmd.Fingerprint(string(v)), Line: p.line})
			}
		}
	}
	if len(recs) == 0 {
		return ""
	}
	data, _ := json.Marshal(recs)
	return string(data)
}

// isPrivateKey reports whether v holds a PEM private key block.
func isPrivateKey(v []byte) bool {
	i := bytes.Index(v, pemBegin)
	return i >= 0 && bytes.Contains(v[i:], pemKey)
}

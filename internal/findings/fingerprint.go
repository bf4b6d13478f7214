package findings

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// Fingerprint identifies a finding across scans and snapshots (docs/
// findings.md): the hash of its rule, its subject nodes (the main one, then
// the others in ID order) and, for a rule about a value, the value's
// fingerprint. Node IDs hold no line number or path of the scanning machine,
// so the fingerprint survives comment lines, reordering and a checkout in
// another folder; it changes when a different secret is pasted in the same
// place. Drift's NEW and resolved and SARIF's partialFingerprints use it.
func (f Finding) Fingerprint() string {
	var sb strings.Builder
	sb.WriteString("convene-finding/v2\x00")
	sb.WriteString(f.RuleID)
	if len(f.Nodes) > 0 {
		sb.WriteString("\x00")
		sb.WriteString(f.Nodes[0])
		rest := slices.Clone(f.Nodes[1:])
		slices.Sort(rest)
		for _, id := range slices.Compact(rest) {
			sb.WriteString("\x00")
			sb.WriteString(id)
		}
	}
	if f.Secret != "" {
		sb.WriteString("\x00secret\x00")
		sb.WriteString(f.Secret)
	}
	sum := sha256.Sum256([]byte(sb.String()))
	return hex.EncodeToString(sum[:16])
}

// Key is Fingerprint under its earlier name.
//
// Deprecated: use Fingerprint.
func (f Finding) Key() string { return f.Fingerprint() }

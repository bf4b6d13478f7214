package graph

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// EncodeList is the one encoding of a list-valued attribute: a JSON array of
// strings, in the order given ("[]" for none), as docs/graph-format.md
// promises. Writers that leave an empty list out check len(vs) themselves.
func EncodeList(vs []string) string {
	if len(vs) == 0 {
		return "[]"
	}
	// Not HTML-escaped: a command's ">" or "&&" stays readable.
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(vs) // a []string always marshals
	return strings.TrimSuffix(b.String(), "\n")
}

// DecodeList reads a list-valued attribute written by EncodeList. Graph
// files and snapshots written before lists were unified may hold a
// comma-joined list instead; that reads as its comma-separated parts, so old
// files keep their meaning. An empty value is no list.
func DecodeList(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if strings.HasPrefix(s, "[") {
		var vs []string
		if json.Unmarshal([]byte(s), &vs) == nil {
			return vs
		}
	}
	parts := strings.Split(s, ",")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// AppendList adds vs to the list-valued attribute attrs[key], each value
// once and in order, skipping empty ones; a connector that meets a list's
// items one at a time builds it with this instead of joining text. attrs
// must not be nil; with nothing to add, attrs is left as it was.
func AppendList(attrs map[string]string, key AttrKey, vs ...string) {
	list := DecodeList(attrs[key])
	n := len(list)
	for _, v := range vs {
		if v != "" && !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	if len(list) > n {
		attrs[key] = EncodeList(list)
	}
}

// listAttrs are the vocabulary's list-valued keys: every value is a JSON
// array of strings, written by EncodeList or AppendList and read by
// DecodeList. Keys whose values are arrays of objects (rules, inline-secret
// records) are structured JSON text, not lists in this sense.
var listAttrs = map[AttrKey]bool{
	AttrUnresolved: true, AttrRoles: true, AttrAliases: true, AttrNamedBy: true,
	AttrUntrustedTriggers: true, AttrOIDCSubjects: true, AttrDataStores: true,
	AttrBoundIAMPrincipalARN: true, AttrBoundServiceAccountNames: true, AttrBoundServiceAccountNamespaces: true,
	AttrAddresses: true, AttrTriggers: true, AttrSchedules: true, AttrAgentGuard: true,
	AttrDNSNames: true, AttrKeystores: true, AttrAllowedDomains: true, AttrCapabilities: true, AttrEnv: true, AttrPermissions: true,
}

// IsList reports whether k is a list-valued key of the vocabulary.
func IsList(k AttrKey) bool { return listAttrs[k] }

// ListAttrs returns the vocabulary's list-valued keys, sorted.
func ListAttrs() []AttrKey {
	return slices.Sorted(maps.Keys(listAttrs))
}

package graph

import (
	"encoding/json"
	"strings"
)

// EncodeList is the one encoding of a list-valued attribute: a JSON array of
// strings, in the order given ("[]" for none), as docs/graph-format.md
// promises. Writers that leave an empty list out check len(vs) themselves.
func EncodeList(vs []string) string {
	if len(vs) == 0 {
		return "[]"
	}
	data, _ := json.Marshal(vs) // a []string always marshals
	return string(data)
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

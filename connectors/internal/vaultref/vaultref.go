// Package vaultref turns a Vault path as a consumer spells it (in a
// workflow, a manifest, a command) into the node ID the Vault connector
// gives the same thing, so that they meet at one node.
//
// Consumers spell KV v2 paths with or without the API's data/ (or
// metadata/) segment, with or without a leading slash; they read dynamic
// credentials at <mount>/creds/<role>. IDs (docs/ids.md) drop data/ and
// metadata/ and name the role that issues credentials.
package vaultref

import "strings"

// Ref is a parsed Vault reference.
type Ref struct {
	// ID is the node ID of what the path names.
	ID string
	// Path is the normalised path, without data/ or a leading slash.
	Path string
	// Dynamic is true when the path reads credentials issued by a role
	// (creds/, static-creds/).
	Dynamic bool
	// Unresolved is true when the path holds a template or variable
	// (${…}, {{…}}, $VAR) and cannot name one node.
	Unresolved bool
	// PKI is true when the path issues or signs certificates through a
	// PKI role (<mount>/issue/<role>, <mount>/sign/<role>); the ID names
	// the role, as the Vault connector does.
	PKI bool
}

// Type is the node type of what the reference names: the Vault
// connector's types for a PKI role (certificate), a dynamic role and a KV
// secret.
func (r Ref) Type() string {
	switch {
	case r.PKI:
		return "certificate"
	case r.Dynamic:
		return "vault-dynamic-role"
	}
	return "vault-kv-secret"
}

// Parse normalises path on the Vault cluster named cluster ("" for the
// default cluster). The first segment is taken as the mount, as in every
// default Vault layout; KV v2's data/ and metadata/ second segments are
// dropped. <mount>/issue/<role> and <mount>/sign/<role> are a PKI role's
// endpoints and name the role.
func Parse(cluster, path string) Ref {
	p := strings.Trim(path, "/ \t\r\n")
	r := Ref{Unresolved: strings.ContainsAny(p, "${}")}
	segs := strings.Split(p, "/")
	if len(segs) >= 3 && (segs[1] == "data" || segs[1] == "metadata") {
		segs = append(segs[:1:1], segs[2:]...)
	}
	if len(segs) == 3 {
		switch segs[1] {
		case "creds":
			segs[1], r.Dynamic = "roles", true
		case "static-creds":
			segs[1], r.Dynamic = "static-roles", true
		case "issue", "sign":
			segs[1], r.PKI = "roles", true
		}
	}
	r.Path = strings.Join(segs, "/")
	r.ID = Prefix(cluster) + r.Path
	return r
}

// Prefix returns the ID prefix of a cluster: "vault:" for the default one,
// "vault@NAME:" for a named one.
func Prefix(cluster string) string {
	if cluster == "" {
		return "vault:"
	}
	return "vault@" + cluster + ":"
}

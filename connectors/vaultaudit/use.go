package vaultaudit

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/observe"
	"github.com/convene-dev/convene/connectors/internal/vaultref"
	"github.com/convene-dev/convene/graph"
)

// entry counts one audit entry.
func (s *scanner) entry(e *entry, line int) {
	if e.Type != "request" && e.Type != "response" {
		return
	}
	p := strings.Trim(e.Request.Path, "/")
	if mount, ok := loginMount(p); ok {
		s.login(e, mount, line)
		return
	}
	obj, typ, ok := object(p, e.Request.Operation, e.Request.MountType)
	if !ok {
		return
	}
	subject := s.subject(&e.Auth)
	k := observe.Key{Kind: graph.Reads, Object: obj, Subject: subject, Client: client(&e.Auth, subject)}
	agg := s.req
	if e.Type == "response" {
		if e.Error != "" {
			s.denied[k] = true
			return
		}
		agg = s.resp
	}
	agg.Add(k, typ, e.time(), line, func() map[string]string { return describe(e) }, e.Request.RemoteAddress)
}

// login counts a successful login as a use of the auth role it logged in
// as. Only the response names the role: the request's auth is the
// caller's token, if any.
func (s *scanner) login(e *entry, mount string, line int) {
	if e.Type != "response" || e.Error != "" {
		return
	}
	method, role := e.Auth.method(), e.Auth.roleName()
	if method == "" || role == "" {
		return
	}
	s.mounts[method+"|"+role] = mount
	id := roleID(mount, method, role)
	k := observe.Key{Kind: graph.AuthenticatesAs, Object: id, Subject: id, Client: client(&e.Auth, id)}
	typ := graph.TypeVaultAuthRole
	if method == "userpass" {
		typ = graph.TypeVaultAuthUser
	}
	s.resp.Add(k, typ, e.time(), line, func() map[string]string { return describe(e) }, e.Request.RemoteAddress)
}

// loginMount returns the auth mount of a login path:
// auth/<mount>/login or auth/<mount>/login/<name>.
func loginMount(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, "auth/")
	if !ok {
		return "", false
	}
	if mount, ok := strings.CutSuffix(rest, "/login"); ok && mount != "" {
		return mount, true
	}
	if i := strings.LastIndex(rest, "/login/"); i > 0 && !strings.Contains(rest[i+len("/login/"):], "/") {
		return rest[:i], true
	}
	return "", false
}

// skippedMounts are Vault's own endpoints and per-token storage: reading
// them is not reading a shared credential.
var skippedMounts = map[string]bool{"sys": true, "auth": true, "cubbyhole": true, "identity": true}

// object returns the node ID and type of what a request reads, and whether
// it reads a credential at all: a read of a KV secret (not its metadata,
// not a list) or of dynamic credentials, or a certificate issued.
func object(p, op, mountType string) (id, typ string, ok bool) {
	segs := strings.Split(p, "/")
	if len(segs) < 2 || skippedMounts[segs[0]] || strings.HasSuffix(p, "/") {
		return "", "", false
	}
	switch op {
	case "read":
		if segs[1] == "metadata" || (mountType != "" && !readable[mountType]) {
			return "", "", false
		}
		r := vaultref.Parse("", p)
		if r.Dynamic {
			return r.ID, "vault-dynamic-role", true
		}
		if mountType == "kv" || mountType == "" || mountType == "generic" {
			return r.ID, "vault-kv-secret", true
		}
		return r.ID, "vault-secret", true
	case "update", "create":
		if len(segs) == 3 && (segs[1] == "issue" || segs[1] == "sign") {
			return "vault:" + segs[0] + "/roles/" + segs[2], "certificate", true
		}
		if len(segs) == 3 && (segs[1] == "creds" || segs[1] == "sts") {
			return "vault:" + segs[0] + "/roles/" + segs[2], "vault-dynamic-role", true
		}
	}
	return "", "", false
}

// readable are the secrets engines whose reads hand out a credential.
var readable = map[string]bool{"kv": true, "generic": true, "database": true, "aws": true, "gcp": true,
	"azure": true, "consul": true, "nomad": true, "rabbitmq": true, "ldap": true, "kubernetes": true,
	"ssh": true, "totp": true, "pki": true, "terraform": true}

// subject is the auth role (or userpass user) the token was issued for, as
// the vault connector names it, or "" for a token with no role.
func (s *scanner) subject(a *auth) string {
	method, role := a.method(), a.roleName()
	if method == "" || role == "" {
		return ""
	}
	mount := s.mounts[method+"|"+role]
	if mount == "" {
		mount = a.mountFromDisplayName()
	}
	if mount == "" {
		mount = method
	}
	return roleID(mount, method, role)
}

func roleID(mount, method, role string) string {
	if method == "userpass" {
		return "vault:auth/" + mount + "/users/" + role
	}
	return "vault:auth/" + mount + "/role/" + role
}

// client is the stable key of who made the request: the auth role and the
// entity, or for a token with no role its display name (root, token-…).
func client(a *auth, subject string) string {
	id := subject
	if id == "" {
		name := a.DisplayName
		if name == "" {
			name = "anonymous"
		}
		id = "vault:token/" + name
	}
	if a.EntityID != "" {
		id += "#entity=" + a.EntityID
	}
	return id
}

// describe is what an observed client is shown with: never a token, never
// data.
func describe(e *entry) map[string]string {
	a := &e.Auth
	attrs := map[string]string{"source_log": "vault-audit"}
	set := func(k, v string) {
		if v != "" {
			attrs[k] = v
		}
	}
	set("auth_method", a.method())
	set("display_name", a.DisplayName)
	set("entity_id", a.EntityID)
	set("token_type", a.TokenType)
	if m := a.Metadata; m.ServiceAccountName != "" {
		set("service_account", m.ServiceAccountNamespace+"/"+m.ServiceAccountName)
	}
	set("aws_principal", a.Metadata.CanonicalARN)
	set("vault_namespace", strings.Trim(e.Request.Namespace.Path, "/"))
	pols := slices.Clone(a.TokenPolicies)
	if len(pols) == 0 {
		pols = slices.Clone(a.Policies)
	}
	if len(pols) > 0 {
		slices.Sort(pols)
		data, _ := json.Marshal(slices.Compact(pols))
		attrs["policies"] = string(data)
	}
	return attrs
}

package vault

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/convene-dev/convene/graph"
)

// roleFields are the attributes kept of each engine's roles: what they
// issue, for how long, and how they rotate; never a statement template or
// connection detail that could embed a password.
var roleFields = map[string][]string{
	"database": {"db_name", "default_ttl", "max_ttl", "username", "rotation_period",
		"rotation_schedule", "rotation_window", "last_vault_rotation", "credential_type"},
	"aws": {"credential_type", "role_arns", "policy_arns", "iam_groups", "default_sts_ttl",
		"max_sts_ttl", "user_path", "iam_tags"},
	"pki": {"allowed_domains", "allow_subdomains", "allow_any_name", "allow_glob_domains", "ttl", "max_ttl", "key_type",
		"server_flag", "client_flag", "issuer_ref"},
}

// roles lists and reads the roles of an engine under sub ("roles",
// "static-roles") and emits each as a credential; use is the path segment
// consumers read credentials from ("creds", "static-creds", "issue").
func (s *scanner) roles(ctx context.Context, m mount, sub, typ, use string) {
	base := m.path + sub
	names, err := s.c.List(ctx, base)
	if err != nil && status(err) == 404 {
		return
	}
	if s.failed("LIST", base, err) {
		return
	}
	slices.Sort(names)
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Go(func() {
			p := base + "/" + n
			s.sem <- struct{}{}
			data, err := s.c.Read(ctx, p)
			<-s.sem
			if s.failed("READ", p, err) {
				return
			}
			id := s.prefix + p
			attrs := map[string]string{"engine": m.typ, "mount": m.name(), "role_kind": sub}
			for _, f := range roleFields[m.typ] {
				setField(attrs, f, data[f])
			}
			normTime(attrs, "last_vault_rotation")
			s.node(graph.Node{ID: id, Kind: graph.Credential, Type: typ, Name: n, Attrs: attrs}, p)
			s.edge(id, s.prefix+"sys/mounts/"+m.name(), graph.PartOf, p, nil)
			capability := "read"
			if use == "issue" {
				capability = "update"
			}
			s.addTarget(target{id: id, path: m.path + use + "/" + n, capability: capability})
		})
	}
	wg.Wait()
}

// normTime rewrites a time attribute as RFC 3339 in UTC when it parses.
func normTime(attrs map[string]string, k string) {
	if t, err := time.Parse(time.RFC3339Nano, attrs[k]); err == nil {
		attrs[k] = t.UTC().Format(time.RFC3339)
	}
}

package vault

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/convene-dev/convene/graph"
)

// bindingFields are the role fields that say who may log in: kept as
// attributes (lists as JSON) so link rules can match service accounts, CI
// jobs and IAM roles to the role.
var bindingFields = map[string][]string{
	"kubernetes": {"bound_service_account_names", "bound_service_account_namespaces",
		"bound_service_account_namespace_selector", "audience", "alias_name_source"},
	"jwt": {"role_type", "bound_audiences", "bound_subject", "bound_claims", "bound_claims_type",
		"user_claim", "groups_claim", "claim_mappings", "allowed_redirect_uris"},
	"approle": {"bind_secret_id", "secret_id_bound_cidrs", "token_bound_cidrs", "secret_id_num_uses",
		"secret_id_ttl"},
	"aws": {"auth_type", "bound_iam_principal_arn", "bound_iam_role_arn", "bound_account_id",
		"bound_ec2_instance_id", "bound_ami_id", "bound_region", "bound_vpc_id", "inferred_entity_type"},
}

// listingOf says where each auth method lists what logs in: roles, or for
// userpass and ldap, users and groups.
var listingOf = map[string][]string{
	"kubernetes": {"role"}, "jwt": {"role"}, "oidc": {"role"}, "approle": {"role"}, "aws": {"role"},
	"userpass": {"users"}, "ldap": {"groups", "users"}, "cert": {"certs"}, "github": {"map/teams"},
}

// authMethod lists and reads the roles of one auth mount.
func (s *scanner) authMethod(ctx context.Context, m mount) {
	for _, sub := range listingOf[m.typ] {
		base := "auth/" + m.path + sub
		names, err := s.c.List(ctx, base)
		if s.failed("LIST", base, err) {
			continue
		}
		slices.Sort(names)
		var wg sync.WaitGroup
		for _, n := range names {
			wg.Go(func() {
				p := base + "/" + n
				s.sem <- struct{}{}
				data, err := s.c.Read(ctx, p)
				<-s.sem
				if !s.failed("READ", p, err) {
					s.authRole(m, sub, n, p, data)
				}
			})
		}
		wg.Wait()
	}
}

// authRole emits one role (or user, group) and its has_policy edges.
func (s *scanner) authRole(m mount, sub, name, p string, data map[string]any) {
	id := s.prefix + "auth/" + m.name() + "/" + sub + "/" + name
	typ := graph.TypeVaultAuthRole
	if sub != "role" {
		typ = "vault-auth-" + strings.TrimSuffix(strings.TrimPrefix(sub, "map/"), "s")
	}
	attrs := map[string]string{"auth_method": m.typ, "mount": m.name()}
	fields := bindingFields[m.typ]
	if m.typ == "oidc" {
		fields = bindingFields["jwt"]
	}
	for _, f := range append(fields, "token_ttl", "token_max_ttl", "token_type", "token_period",
		"token_bound_cidrs", "token_num_uses") {
		setField(attrs, f, data[f])
	}
	pols := policyNames(data["token_policies"], data["policies"], data["value"])
	if len(pols) > 0 {
		attrs["token_policies"] = mustJSON(pols)
	}
	s.node(graph.Node{ID: id, Kind: graph.Identity, Type: typ, Name: name, Attrs: attrs}, p)
	s.edge(id, s.prefix+"sys/auth/"+m.name(), graph.PartOf, p, nil)
	for _, pol := range pols {
		if s.policies != nil && !s.policies[pol] {
			s.diag(p, graph.Warning, "auth role "+name+" names policy "+pol+", which does not exist; a token it issues does not get it")
			continue
		}
		s.edge(id, s.prefix+"sys/policies/acl/"+pol, graph.HasPolicy, p, nil)
	}
}

// policyNames merges token_policies with the legacy policies field (and a
// github team map's comma-separated value), sorted and unique.
func policyNames(vs ...any) []string {
	var out []string
	for _, v := range vs {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				out = append(out, str(e))
			}
		case []string:
			out = append(out, x...)
		case string:
			for _, e := range strings.Split(x, ",") {
				out = append(out, strings.TrimSpace(e))
			}
		}
	}
	out = slices.DeleteFunc(out, func(s string) bool { return s == "" })
	slices.Sort(out)
	return slices.Compact(out)
}

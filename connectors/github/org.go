package github

import (
	"context"
	"slices"
	"strconv"
	"strings"

	gh "github.com/google/go-github/v84/github"

	"github.com/convene-dev/convene/graph"
)

// org reads what an organisation holds for all its repositories: its
// secrets (and the repositories each is shared with), its variables, its
// OIDC subject template and its App installations.
func (s *scanner) org(ctx context.Context, org string) {
	oi := &orgInfo{login: org, vars: map[string]orgVar{}}
	s.orgs[org] = oi
	id := s.orgID(org)
	attrs := map[string]string{"source": "github-api"}
	src := "GET /orgs/" + org + "/actions/secrets"
	for sec, err := range s.c.Actions.ListOrgSecretsIter(ctx, org, &gh.ListOptions{PerPage: 100}) {
		if err != nil {
			s.failed(org, "", "list the organisation's Actions secrets", "organisation Secrets: read", err)
			break
		}
		os := orgSecret{name: sec.Name, visibility: sec.Visibility}
		if sec.Visibility == "selected" {
			for r, err := range s.c.Actions.ListSelectedReposForOrgSecretIter(ctx, org, sec.Name, &gh.ListOptions{PerPage: 100}) {
				if err != nil {
					s.failed(org, "", "list the repositories secret "+sec.Name+" is shared with", "organisation Secrets: read", err)
					break
				}
				os.selected = append(os.selected, r.GetName())
			}
		}
		oi.secrets = append(oi.secrets, os)
		nattrs := secretAttrs(sec, "organization")
		if os.visibility == "selected" {
			nattrs["selected_repositories"] = graph.EncodeList(os.selected)
		}
		sid := id + "/secrets/" + sec.Name
		s.b.AddNode(graph.Node{ID: sid, Kind: graph.Credential, Type: "ci-secret", Name: sec.Name, Attrs: nattrs, Evidence: s.ev(src)})
		s.b.AddEdge(graph.Edge{From: sid, To: id, Kind: graph.PartOf, Evidence: s.ev(src)})
	}
	vars, err := s.variables(ctx, "orgs/"+org+"/actions/variables")
	if err != nil {
		s.failed(org, "", "list the organisation's Actions variables", "organisation Variables: read", err)
	}
	for _, v := range vars {
		ov := orgVar{value: v.value(), visibility: v.Visibility}
		if ov.visibility == "selected" {
			for r, err := range s.c.Actions.ListSelectedReposForOrgVariableIter(ctx, org, v.Name, &gh.ListOptions{PerPage: 100}) {
				if err != nil {
					s.failed(org, "", "list the repositories variable "+v.Name+" is shared with", "organisation Variables: read", err)
					break
				}
				ov.selected = append(ov.selected, r.GetName())
			}
		}
		oi.vars[v.Name] = ov
		attrs["var."+v.Name] = ov.value
	}
	if t, _, err := s.c.Actions.GetOrgOIDCSubjectClaimCustomTemplate(ctx, org); err != nil {
		s.failed(org, "", "read the organisation's OIDC subject template", "organisation Administration: read", err)
	} else if len(t.IncludeClaimKeys) > 0 {
		oi.oidcKeys = graph.EncodeList(t.IncludeClaimKeys)
		attrs[AttrOIDCSubKeys] = oi.oidcKeys
	}
	for inst, err := range s.c.Organizations.ListInstallationsIter(ctx, org, &gh.ListOptions{PerPage: 100}) {
		if err != nil {
			s.failed(org, "", "list the organisation's GitHub App installations", "organisation Administration: read", err)
			break
		}
		s.installation(org, inst)
	}
	for pat, err := range s.c.Organizations.ListFineGrainedPersonalAccessTokensIter(ctx, org, &gh.ListFineGrainedPATOptions{ListOptions: gh.ListOptions{PerPage: 100}}) {
		if err != nil {
			s.failed(org, "", "list the fine-grained tokens approved for the organisation", "organisation Personal access tokens: read", err)
			break
		}
		s.fineGrainedToken(org, pat)
	}
	s.b.AddNode(graph.Node{ID: id, Kind: graph.Location, Type: "git-org", Name: org, Attrs: attrs, Evidence: s.ev("GET /orgs/" + org)})
}

// fineGrainedToken records a fine-grained personal access token approved
// to act on the organisation: a credential its owner holds, with the
// permissions it was granted and when it was last used.
func (s *scanner) fineGrainedToken(org string, pat *gh.PersonalAccessToken) {
	id := s.orgID(org) + "/personal-access-tokens/" + i64(pat.GetTokenID())
	attrs := map[string]string{"token_name": pat.GetTokenName(), "repository_selection": pat.GetRepositorySelection(),
		"access_granted_at": ts(pat.AccessGrantedAt), "token_expires_at": ts(pat.TokenExpiresAt),
		"token_last_used_at": ts(pat.TokenLastUsedAt), "token_expired": strconv.FormatBool(pat.GetTokenExpired())}
	if p := pat.Permissions; p != nil {
		var perms []string
		for scope, m := range map[string]map[string]string{"organization": p.Org, "repository": p.Repo, "other": p.Other} {
			for k, v := range m {
				perms = append(perms, scope+"."+k+":"+v)
			}
		}
		slices.Sort(perms)
		attrs["permissions"] = graph.EncodeList(perms)
	}
	for k, v := range attrs {
		if v == "" {
			delete(attrs, k)
		}
	}
	src := "GET /orgs/" + org + "/personal-access-tokens"
	s.b.AddNode(graph.Node{ID: id, Kind: graph.Credential, Type: "github-fine-grained-token", Name: pat.GetTokenName(), Attrs: attrs, Evidence: s.ev(src)})
	s.b.AddEdge(graph.Edge{From: id, To: s.orgID(org), Kind: graph.PartOf, Evidence: s.ev(src)})
	if login := pat.GetOwner().GetLogin(); login != "" {
		owner := "github-user:" + strings.ToLower(login)
		s.b.AddNode(graph.Node{ID: owner, Kind: graph.Owner, Type: "person", Evidence: s.ev(src)})
		s.b.AddEdge(graph.Edge{From: id, To: owner, Kind: graph.OwnedBy, Attrs: map[string]string{"role": "token-owner"}, Evidence: s.ev(src)})
	}
}

// installation records a GitHub App installed in org: an identity that
// acts on the repositories it was granted, with its permissions.
func (s *scanner) installation(org string, inst *gh.Installation) {
	slug := inst.GetAppSlug()
	id := s.orgID(org) + "/installations/" + slug
	attrs := map[string]string{"app_id": i64(inst.GetAppID()), "installation_id": i64(inst.GetID()),
		"repository_selection": inst.GetRepositorySelection(), "created_at": ts(inst.CreatedAt), "updated_at": ts(inst.UpdatedAt)}
	if inst.SuspendedAt != nil {
		attrs["suspended_at"] = ts(inst.SuspendedAt)
	}
	if p := permissionList(inst.GetPermissions()); p != "" {
		attrs["permissions"] = p
	}
	src := "GET /orgs/" + org + "/installations"
	s.b.AddNode(graph.Node{ID: id, Kind: graph.Identity, Type: "github-app-installation", Name: slug, Attrs: attrs, Evidence: s.ev(src)})
	s.b.AddEdge(graph.Edge{From: id, To: s.orgID(org), Kind: graph.PartOf, Evidence: s.ev(src)})
}

// AttrOIDCSubKeys is the attribute of an organisation or repository node
// that lists the claims its OIDC subject is made of, when customised
// (comma-separated, as include_claim_keys orders them). internal/link's
// oidc-trust rule builds subjects from it.
const AttrOIDCSubKeys = "oidc_sub_claim_keys"

package github

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	gh "github.com/google/go-github/v84/github"

	"github.com/convene-dev/convene/graph"
)

// repoSecrets records the repository's Actions secrets: names and dates.
func (s *scanner) repoSecrets(ctx context.Context, ri *repoInfo) {
	src := "GET /repos/" + ri.owner + "/" + ri.name + "/actions/secrets"
	for sec, err := range s.c.Actions.ListRepoSecretsIter(ctx, ri.owner, ri.name, &gh.ListOptions{PerPage: 100}) {
		if err != nil {
			s.failed(ri.owner, ri.name, "list the repository's Actions secrets", "Secrets: read", err)
			return
		}
		ri.secrets[sec.Name] = true
		sid := ri.id + "/secrets/" + sec.Name
		s.b.AddNode(graph.Node{ID: sid, Kind: graph.Credential, Type: "ci-secret", Name: sec.Name, Attrs: secretAttrs(sec, "repository"), Evidence: s.ev(src)})
		s.b.AddEdge(graph.Edge{From: sid, To: ri.id, Kind: graph.PartOf, Evidence: s.ev(src)})
	}
}

// repoVariables puts the repository's Actions variables on its node as
// var.NAME attributes, over the organisation's of the same name.
func (s *scanner) repoVariables(ctx context.Context, ri *repoInfo) {
	vars, err := s.variables(ctx, "repos/"+ri.owner+"/"+ri.name+"/actions/variables")
	if err != nil {
		s.failed(ri.owner, ri.name, "list the repository's Actions variables", "Variables: read", err)
	}
	for _, v := range vars {
		ri.attrs["var."+v.Name] = v.value()
	}
}

// environments records each deployment environment: who must approve a
// deployment, which branches may deploy, and its own secrets and
// variables.
func (s *scanner) environments(ctx context.Context, r *gh.Repository, ri *repoInfo) {
	src := "GET /repos/" + ri.owner + "/" + ri.name + "/environments"
	for env, err := range s.c.Repositories.ListEnvironmentsIter(ctx, ri.owner, ri.name, &gh.EnvironmentListOptions{ListOptions: gh.ListOptions{PerPage: 100}}) {
		if err != nil {
			s.failed(ri.owner, ri.name, "list the repository's environments", "Environments: read", err)
			return
		}
		name := env.GetName()
		eid := ri.id + "/environments/" + name
		attrs := map[string]string{"repository": ri.owner + "/" + ri.name, "environment": name}
		if env.CanAdminsBypass != nil {
			attrs["can_admins_bypass"] = strconv.FormatBool(env.GetCanAdminsBypass())
		}
		var reviewers []string
		for _, rule := range env.ProtectionRules {
			switch rule.GetType() {
			case "wait_timer":
				attrs["wait_timer_minutes"] = strconv.Itoa(rule.GetWaitTimer())
			case "required_reviewers":
				if rule.PreventSelfReview != nil {
					attrs["prevent_self_review"] = strconv.FormatBool(rule.GetPreventSelfReview())
				}
				for _, rv := range rule.Reviewers {
					if id, typ := reviewerID(ri.owner, rv); id != "" {
						reviewers = append(reviewers, id)
						s.b.AddNode(graph.Node{ID: id, Kind: graph.Owner, Type: typ, Evidence: s.ev(src)})
						s.b.AddEdge(graph.Edge{From: eid, To: id, Kind: graph.OwnedBy,
							Attrs: map[string]string{"role": "required-reviewer"}, Evidence: s.ev(src)})
					}
				}
			}
		}
		if len(reviewers) > 0 {
			slices.Sort(reviewers)
			attrs["required_reviewers"] = graph.EncodeList(reviewers)
		}
		if bp := env.DeploymentBranchPolicy; bp != nil {
			switch {
			case bp.GetProtectedBranches():
				attrs["branch_policy"] = "protected"
			case bp.GetCustomBranchPolicies():
				attrs["branch_policy"] = "custom"
				var pats []string
				for p, err := range s.c.Repositories.ListDeploymentBranchPoliciesIter(ctx, ri.owner, ri.name, name, &gh.ListOptions{PerPage: 100}) {
					if err != nil {
						s.failed(ri.owner, ri.name, "list the branch policies of environment "+name, "Environments: read", err)
						break
					}
					pats = append(pats, p.GetType()+":"+p.GetName())
				}
				attrs["branch_patterns"] = graph.EncodeList(pats)
			}
		} else {
			attrs["branch_policy"] = "any"
		}
		vars, err := s.variables(ctx, "repos/"+ri.owner+"/"+ri.name+"/environments/"+url.PathEscape(name)+"/variables")
		if err != nil {
			s.failed(ri.owner, ri.name, "list the variables of environment "+name, "Environments: read", err)
		}
		for _, v := range vars {
			attrs["var."+v.Name] = v.value()
		}
		s.b.AddNode(graph.Node{ID: eid, Kind: graph.Location, Type: "ci-environment", Name: ri.owner + "/" + ri.name + ":" + name, Attrs: attrs, Evidence: s.ev(src)})
		s.b.AddEdge(graph.Edge{From: eid, To: ri.id, Kind: graph.PartOf, Evidence: s.ev(src)})
		s.envSecrets(ctx, r, ri, name, eid)
	}
}

func (s *scanner) envSecrets(ctx context.Context, r *gh.Repository, ri *repoInfo, env, eid string) {
	src := fmt.Sprintf("GET /repositories/%d/environments/%s/secrets", r.GetID(), env)
	for sec, err := range s.c.Actions.ListEnvSecretsIter(ctx, int(r.GetID()), env, &gh.ListOptions{PerPage: 100}) {
		if err != nil {
			s.failed(ri.owner, ri.name, "list the secrets of environment "+env, "Environments: read and Secrets: read", err)
			return
		}
		ri.envSecrets[sec.Name] = append(ri.envSecrets[sec.Name], env)
		attrs := secretAttrs(sec, "environment")
		attrs["environment"] = env
		sid := eid + "/secrets/" + sec.Name
		s.b.AddNode(graph.Node{ID: sid, Kind: graph.Credential, Type: "ci-secret", Name: sec.Name, Attrs: attrs, Evidence: s.ev(src)})
		s.b.AddEdge(graph.Edge{From: sid, To: eid, Kind: graph.PartOf, Evidence: s.ev(src)})
	}
}

// repoOIDC records the repository's OIDC subject template: its own when it
// does not use the default, else the organisation's.
func (s *scanner) repoOIDC(ctx context.Context, ri *repoInfo) {
	t, _, err := s.c.Actions.GetRepoOIDCSubjectClaimCustomTemplate(ctx, ri.owner, ri.name)
	if err != nil {
		s.failed(ri.owner, ri.name, "read the repository's OIDC subject template", "Administration: read", err)
		return
	}
	if !t.GetUseDefault() && len(t.IncludeClaimKeys) > 0 {
		ri.attrs[AttrOIDCSubKeys] = graph.EncodeList(t.IncludeClaimKeys)
		ri.attrs["oidc_sub_claim_source"] = "repository"
		return
	}
	if t.GetUseDefault() {
		ri.attrs["oidc_sub_claim_source"] = "default"
		return
	}
	// Neither its own template nor use_default: the organisation's applies.
	if org, ok := s.orgs[ri.owner]; ok && org.oidcKeys != "" {
		ri.attrs[AttrOIDCSubKeys] = org.oidcKeys
		ri.attrs["oidc_sub_claim_source"] = "organization"
	}
}

// deployKeys records the repository's deploy keys: SSH credentials that
// read (or write) this repository alone.
func (s *scanner) deployKeys(ctx context.Context, ri *repoInfo) {
	src := "GET /repos/" + ri.owner + "/" + ri.name + "/keys"
	for k, err := range s.c.Repositories.ListKeysIter(ctx, ri.owner, ri.name, &gh.ListOptions{PerPage: 100}) {
		if err != nil {
			s.failed(ri.owner, ri.name, "list the repository's deploy keys", "Administration: read", err)
			return
		}
		id := fmt.Sprintf("%s/deploy-keys/%d", ri.id, k.GetID())
		attrs := map[string]string{"title": k.GetTitle(), "read_only": strconv.FormatBool(k.GetReadOnly()),
			"verified": strconv.FormatBool(k.GetVerified()), "created_at": ts(k.CreatedAt), "added_by": k.GetAddedBy()}
		if k.LastUsed != nil {
			attrs["last_used"] = ts(k.LastUsed)
		}
		s.b.AddNode(graph.Node{ID: id, Kind: graph.Credential, Type: "deploy-key", Name: k.GetTitle(), Attrs: attrs, Evidence: s.ev(src)})
		s.b.AddEdge(graph.Edge{From: id, To: ri.id, Kind: graph.PartOf, Evidence: s.ev(src)})
	}
}

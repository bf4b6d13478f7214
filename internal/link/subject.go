package link

import (
	"strings"

	"github.com/convene-dev/convene/graph"
)

// githubIssuer is GitHub's OIDC issuer as IAM names its provider.
const githubIssuer = "token.actions.githubusercontent.com"

// AttrOIDCSubClaimKeys is the attribute of a git-repo node listing the
// claims its GitHub OIDC subject is made of, when the repository or its
// organisation customised it (the github connector reads it from the API);
// comma-separated, in include_claim_keys order.
const AttrOIDCSubClaimKeys = "oidc_sub_claim_keys"

// AttrIDTokenSubClaimComponents is the attribute of a GitLab project's
// git-repo node listing the components of its ID tokens' sub claim, when
// customised (the gitlab connector reads ci_id_token_sub_claim_components).
const AttrIDTokenSubClaimComponents = "id_token_sub_claim_components"

// templates maps a repository slug (owner/name, a GitLab project's path)
// to its subject's claim keys; GitLab's are keyed "gitlab:" + path.
type templates map[string][]string

func subjectTemplates(g *graph.Graph) templates {
	t := templates{}
	for _, n := range g.Nodes() {
		if n.Type != "git-repo" {
			continue
		}
		if v := n.Attrs[AttrOIDCSubClaimKeys]; v != "" {
			t[strings.ToLower(n.Name)] = graph.DecodeList(v)
		}
		if v := n.Attrs[AttrIDTokenSubClaimComponents]; v != "" {
			t["gitlab:"+strings.ToLower(n.Name)] = graph.DecodeList(v)
		}
	}
	return t
}

// applyGitLab rewrites a default GitLab sub claim
// (project_path:PATH:ref_type:TYPE:ref:REF) into the project's customised
// components, each as key:value; a component convene cannot know from the
// pipeline (user_id, environment_protected, ...) stands as '*'.
func (t templates) applyGitLab(subject string) (out, keys string) {
	rest, ok := strings.CutPrefix(subject, "project_path:")
	if !ok {
		return subject, ""
	}
	path, rest, ok := strings.Cut(rest, ":ref_type:")
	if !ok {
		return subject, ""
	}
	refType, ref, ok := strings.Cut(rest, ":ref:")
	if !ok {
		return subject, ""
	}
	var ks []string
	for _, k := range t["gitlab:"+strings.ToLower(path)] {
		if k = strings.TrimSpace(k); k != "" {
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		return subject, ""
	}
	claims := map[string]string{"project_path": path, "ref_type": refType, "ref": ref}
	parts := make([]string, 0, 2*len(ks))
	for _, k := range ks {
		v, known := claims[k]
		if !known {
			v = "*"
		}
		parts = append(parts, k, v)
	}
	return strings.Join(parts, ":"), strings.Join(ks, ",")
}

// apply rewrites a default-format GitHub subject (repo:OWNER/NAME:CONTEXT)
// into the repository's customised one, as GitHub builds it: each claim
// key followed by its value, joined by ':', where the context claim is
// written as the default subject writes it (environment:NAME,
// ref:REF, pull_request). A claim convene cannot know from the workflow
// (job_workflow_ref, repository_id, actor, ...) stands as '*', so that a
// trust matches it only by a wildcard. keys is "" when the repository uses
// the default format.
func (t templates) apply(subject string) (out, keys string) {
	rest, ok := strings.CutPrefix(subject, "repo:")
	if !ok {
		return subject, ""
	}
	slug, context, ok := strings.Cut(rest, ":")
	if !ok {
		return subject, ""
	}
	var ks []string
	for _, k := range t[strings.ToLower(slug)] {
		if k = strings.TrimSpace(k); k != "" {
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		return subject, ""
	}
	owner, _, _ := strings.Cut(slug, "/")
	claims := map[string]string{"repo": slug, "repository": slug, "repository_owner": owner, "context": context}
	if env, ok := strings.CutPrefix(context, "environment:"); ok {
		claims["environment"] = env
	}
	if ref, ok := strings.CutPrefix(context, "ref:"); ok {
		claims["ref"] = ref
		switch {
		case strings.HasPrefix(ref, "refs/heads/"):
			claims["ref_type"] = "branch"
		case strings.HasPrefix(ref, "refs/tags/"):
			claims["ref_type"] = "tag"
		}
	}
	parts := make([]string, 0, 2*len(ks))
	for _, k := range ks {
		v, known := claims[k]
		if !known {
			v = "*"
		}
		if k == "context" {
			parts = append(parts, v)
			continue
		}
		parts = append(parts, k, v)
	}
	return strings.Join(parts, ":"), strings.Join(ks, ",")
}

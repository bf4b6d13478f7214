package access

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/iampolicy"
)

// ciRules derives can_become edges from repositories (a git-repo node
// stands for everyone who can push a branch to it or open a pull request)
// to the identities their pipelines can obtain without review: an OIDC
// trust or a Vault JWT role that admits any branch or pull requests, and
// pull_request_target workflows that hold secrets.
type ciRules struct{}

func (ciRules) Name() string { return "ci" }

// issuers maps an OIDC issuer to its repository host and how its subject
// for an unreviewed branch and for a pull request is spelled.
// A GitHub environment a workflow names is created on first use, without
// protection rules, so a trust admitting any environment admits writers.
var issuers = map[string]struct {
	host                  string
	branch, env, pr, repo string // fmt patterns over the repository path
}{
	"token.actions.githubusercontent.com": {"github.com", "repo:%s:ref:refs/heads/convene-any-branch", "repo:%s:environment:convene-any-environment", "repo:%s:pull_request", "repository"},
	"gitlab.com":                          {"gitlab.com", "project_path:%s:ref_type:branch:ref:convene-any-branch", "", "", "project_path"},
}

func (r ciRules) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	repos := map[string][]graph.Node{} // host -> repositories
	for _, n := range g.Nodes() {
		if n.Type == "git-repo" {
			host, _, _ := strings.Cut(n.ID, "/")
			repos[host] = append(repos[host], n)
		}
	}
	var out []derived
	for _, e := range g.Edges() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if e.Kind != graph.Assumes {
			continue
		}
		_, issuer, ok := strings.Cut(e.From, ":oidc-provider/")
		is, known := issuers[issuer]
		if !ok || !known {
			continue
		}
		at, _ := g.Node(e.To)
		for _, repo := range repos[is.host] {
			path := strings.TrimPrefix(repo.ID, is.host+"/")
			why := ""
			switch {
			case e.Attrs[graph.AttrOIDCSubCondition] == "none":
				why = fmt.Sprintf("the trust of %s has no sub condition: any repository on %s, this one included", at.Name, issuer)
			case subAdmits(e.Attrs, fmt.Sprintf(is.branch, path)):
				why = fmt.Sprintf("the trust of %s admits any branch of %s (sub %s)", at.Name, path, e.Attrs[graph.AttrConditionSub])
			case is.env != "" && subAdmits(e.Attrs, fmt.Sprintf(is.env, path)):
				why = fmt.Sprintf("the trust of %s admits any environment of %s (sub %s), and a workflow creates an environment by naming it", at.Name, path, e.Attrs[graph.AttrConditionSub])
			case is.pr != "" && subAdmits(e.Attrs, fmt.Sprintf(is.pr, path)):
				why = fmt.Sprintf("the trust of %s admits pull requests of %s (sub %s)", at.Name, path, e.Attrs[graph.AttrConditionSub])
			default:
				continue
			}
			if e.Attrs[graph.AttrOIDCSubCondition] == "none" && !usedBy(g, e.To, is.host+"/"+path) {
				continue // every repository of the issuer could; name those whose pipelines do
			}
			out = append(out, derived{from: repo.ID, to: e.To, rule: "ci-oidc-open-trust", permission: "push a branch", at: at, note: why})
		}
	}
	out = append(out, vaultJWT(g, repos)...)
	out = append(out, pullRequestTarget(g)...)
	emit(g, b, out)
	return nil
}

// subAdmits reports whether a trust edge's sub condition admits subject.
func subAdmits(attrs map[string]string, subject string) bool {
	pats := listAttr(attrs["condition.sub"])
	like := strings.Contains(attrs["condition.sub.operator"], "Like")
	for _, p := range pats {
		if p == subject || like && iampolicy.Match(p, subject, false) {
			return true
		}
	}
	return false
}

// usedBy reports whether a pipeline of the repository acts as the role,
// by an OIDC subject of the repository that assumes it.
func usedBy(g *graph.Graph, role, repo string) bool {
	for e := range g.InSeq(role) {
		if e.Kind == graph.Assumes && strings.HasPrefix(e.From, "oidc:") && strings.Contains(e.From, ":"+strings.SplitN(repo, "/", 2)[1]+":") {
			return true
		}
	}
	return false
}

// vaultJWT: a Vault JWT role bound to a repository alone (no ref,
// environment or protected-ref claim, and no sub claim that pins a ref)
// admits every branch of it.
func vaultJWT(g *graph.Graph, repos map[string][]graph.Node) []derived {
	var out []derived
	for _, n := range g.Nodes() {
		if n.Type != "vault-auth-role" || n.Attrs[graph.AttrAuthMethod] != "jwt" && n.Attrs[graph.AttrAuthMethod] != "oidc" {
			continue
		}
		var claims map[string]any
		if json.Unmarshal([]byte(n.Attrs[graph.AttrBoundClaims]), &claims) != nil {
			continue
		}
		restricted := false
		for _, k := range []string{"ref", "ref_protected", "environment", "job_workflow_ref", "workflow_ref", "ref_path"} {
			if _, ok := claims[k]; ok {
				restricted = true
			}
		}
		if restricted {
			continue
		}
		glob := n.Attrs[graph.AttrBoundClaimsType] == "glob"
		for _, is := range issuers {
			want, ok := claims[is.repo]
			if !ok {
				continue
			}
			for _, repo := range repos[is.host] {
				path := strings.TrimPrefix(repo.ID, is.host+"/")
				if sub, ok := claims["sub"]; ok && !anyGlob(listAny(sub), fmt.Sprintf(is.branch, path), glob) {
					continue // a sub claim that pins the ref
				}
				for _, w := range listAny(want) {
					if w == path || glob && iampolicy.Match(w, path, false) {
						out = append(out, derived{from: repo.ID, to: n.ID, rule: "ci-vault-jwt-open", permission: "push a branch", at: n,
							note: fmt.Sprintf("JWT role %s binds %s %q with no ref, environment or protected-ref claim: any branch's pipeline can log in", n.Name, is.repo, w)})
						break
					}
				}
			}
		}
	}
	return out
}

// pullRequestTarget: a workflow triggered by pull_request_target runs with
// the base repository's secrets and identities for any pull request, from
// forks included.
func pullRequestTarget(g *graph.Graph) []derived {
	var out []derived
	for _, wf := range g.Nodes() {
		if wf.Type != "ci-workflow" || !slices.Contains(graph.DecodeList(wf.Attrs[graph.AttrTriggers]), "pull_request_target") {
			continue
		}
		repo, _, _ := strings.Cut(wf.ID, "/.github/")
		if _, ok := g.Node(repo); !ok {
			continue
		}
		for e := range g.InSeq(wf.ID) { // jobs are part_of their workflow
			if e.Kind != graph.PartOf {
				continue
			}
			for _, je := range g.Out(e.From) {
				switch je.Kind {
				case graph.RunsAs, graph.AuthenticatesAs, graph.Uses, graph.Reads:
					out = append(out, derived{from: repo, to: je.To, rule: "ci-pull-request-target", permission: "open a pull request", at: wf,
						note: fmt.Sprintf("%s runs on pull_request_target with the base repository's access; job %s %s %s", wf.Attrs[graph.AttrPath], e.From, je.Kind, je.To)})
				}
			}
		}
	}
	return out
}

// anyGlob reports whether one of pats admits s (as a glob when glob).
func anyGlob(pats []string, s string, glob bool) bool {
	for _, p := range pats {
		if p == s || glob && iampolicy.Match(p, s, false) {
			return true
		}
	}
	return false
}

func listAttr(s string) []string {
	if strings.HasPrefix(s, "[") {
		var l []string
		if json.Unmarshal([]byte(s), &l) == nil {
			return l
		}
	}
	if s == "" {
		return nil
	}
	return []string{s}
}

func listAny(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

package link

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// VaultAuth links Vault auth roles to what their bindings admit:
//
//   - kubernetes roles to the service accounts whose name and namespace
//     match bound_service_account_names/namespaces (`*` and globs);
//   - jwt/oidc roles to the CI OIDC subjects whose claims match
//     bound_claims (string or glob, per bound_claims_type) and
//     bound_subject; claims a subject does not show (ref_protected, say) are
//     listed on the edge as unverified rather than guessed;
//   - aws roles to the IAM roles matching bound_iam_principal_arn.
//
// A workload that declares it logs in as a role its bindings do not admit
// (vault-action's `role`, a Vault Agent annotation) is a diagnostic: Vault
// would refuse the login.
func VaultAuth() Rule { return vaultAuth{} }

type vaultAuth struct{}

func (vaultAuth) Name() string { return "vault-auth" }

func (r vaultAuth) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	var accounts, subjects, iamRoles []graph.Node
	for _, n := range g.Nodes() {
		switch n.Type {
		case graph.TypeK8sServiceAccount:
			accounts = append(accounts, n)
		case graph.TypeCIOIDCSubject:
			subjects = append(subjects, n)
		case graph.TypeAWSRole:
			iamRoles = append(iamRoles, n)
		}
	}
	for _, role := range g.Nodes() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if role.Type != graph.TypeVaultAuthRole {
			continue
		}
		switch role.Attrs[graph.AttrAuthMethod] {
		case "kubernetes":
			r.kubernetes(role, accounts, b)
		case "jwt", "oidc":
			r.jwt(g, role, subjects, b)
		case "aws":
			r.aws(role, iamRoles, b)
		}
	}
	return nil
}

func (r vaultAuth) add(b *graph.Builder, from string, role graph.Node, note string, attrs map[string]string) {
	if attrs == nil {
		attrs = map[string]string{}
	}
	attrs["rule"] = r.Name()
	evs := []graph.Evidence{{Connector: connector(r), Basis: graph.Configured, Note: note}}
	if len(role.Evidence) > 0 {
		ev := role.Evidence[0]
		ev.Connector, ev.Basis, ev.Note = connector(r), graph.Configured, note
		evs = []graph.Evidence{ev}
	}
	b.AddEdge(graph.Edge{From: from, To: role.ID, Kind: graph.AuthenticatesAs, Attrs: attrs, Evidence: evs})
}

func (r vaultAuth) kubernetes(role graph.Node, accounts []graph.Node, b *graph.Builder) {
	names, spaces := values(role.Attrs[graph.AttrBoundServiceAccountNames]), values(role.Attrs[graph.AttrBoundServiceAccountNamespaces])
	for _, sa := range accounts {
		ns, name := saParts(sa.ID)
		if anyGlob(names, name) && anyGlob(spaces, ns) {
			r.add(b, sa.ID, role, fmt.Sprintf("bound to service account %s in namespace %s", name, ns), nil)
		}
	}
}

func (r vaultAuth) aws(role graph.Node, iamRoles []graph.Node, b *graph.Builder) {
	for _, arn := range values(role.Attrs[graph.AttrBoundIAMPrincipalARN]) {
		for _, ir := range iamRoles {
			if awsLike(arn, ir.ID) {
				r.add(b, ir.ID, role, fmt.Sprintf("bound_iam_principal_arn %q", arn), nil)
			}
		}
	}
}

// anyGlob matches Vault's bindings: "*" admits anything; a value may start
// or end with "*".
func anyGlob(patterns []string, s string) bool {
	return slices.ContainsFunc(patterns, func(p string) bool { return p == "*" || awsLike(p, s) })
}

func (r vaultAuth) jwt(g *graph.Graph, role graph.Node, subjects []graph.Node, b *graph.Builder) {
	var bound map[string]any
	if c := role.Attrs[graph.AttrBoundClaims]; c != "" {
		if err := json.Unmarshal([]byte(c), &bound); err != nil {
			b.Diagnose(diag(r, role, fmt.Sprintf("bound_claims of %s is not a JSON object: %v", role.ID, err)))
			return
		}
	}
	glob := role.Attrs[graph.AttrBoundClaimsType] == "glob"
	subjectBound := role.Attrs[graph.AttrBoundSubject]
	if len(bound) == 0 && subjectBound == "" {
		return // no binding to check against; the role admits any token of its issuer
	}
	admitted := map[string]bool{}
	for _, s := range subjects {
		claims, ok := claimsOf(s.ID)
		if !ok {
			continue
		}
		if subjectBound != "" && subjectBound != claims["sub"] {
			continue
		}
		var unverified []string
		match := true
		for _, k := range sortedKeys(bound) {
			got, known := claims[k]
			if !known {
				unverified = append(unverified, k)
				continue
			}
			if !claimMatches(bound[k], got, glob) {
				match = false
				break
			}
		}
		if !match || len(unverified) == len(bound) && subjectBound == "" {
			continue
		}
		admitted[s.ID] = true
		attrs := map[string]string{}
		note := fmt.Sprintf("claims of %s match bound_claims", strings.TrimPrefix(s.ID, "oidc:"))
		if len(unverified) > 0 {
			attrs["unverified_claims"] = graph.EncodeList(unverified)
			note += "; not shown by the subject, so unverified: " + strings.Join(unverified, ", ")
		}
		r.add(b, s.ID, role, note, attrs)
	}
	// A job that names the role but presents no admitted subject.
	for _, e := range g.In(role.ID) {
		if e.Kind != graph.AuthenticatesAs {
			continue
		}
		job, _ := g.Node(e.From)
		if job.Type != graph.TypeCIJob && job.Type != graph.TypeAIAgent { // a job that runs an agent is a CI job too
			continue
		}
		subs := values(job.Attrs[graph.AttrOIDCSubjects])
		if len(subs) == 0 || slices.ContainsFunc(subs, func(sub string) bool { return admitted[subjectID(job, sub)] }) {
			continue
		}
		b.Diagnose(diag(r, job, fmt.Sprintf("%s logs in to Vault as %s, whose bound_claims admit none of its OIDC subjects (%s); Vault would refuse the login", job.ID, role.ID, strings.Join(subs, ", "))))
	}
}

// subjectID is the node ID of a subject a job presents, by its issuer.
func subjectID(job graph.Node, sub string) string {
	if strings.HasPrefix(sub, "project_path:") {
		return "oidc:gitlab.com:" + sub
	}
	return "oidc:token.actions.githubusercontent.com:" + sub
}

// claimsOf reads the claims a CI token carries from its subject:
// GitHub's repo:O/R:environment:E, repo:O/R:ref:R, repo:O/R:pull_request;
// GitLab's project_path:P:ref_type:T:ref:R.
func claimsOf(id string) (map[string]string, bool) {
	rest := strings.TrimPrefix(id, "oidc:")
	issuer, sub, ok := strings.Cut(rest, ":")
	if !ok {
		return nil, false
	}
	c := map[string]string{"sub": sub}
	switch {
	case strings.HasPrefix(sub, "repo:"):
		parts := strings.SplitN(strings.TrimPrefix(sub, "repo:"), ":", 3)
		c["repository"] = parts[0]
		if owner, _, found := strings.Cut(parts[0], "/"); found {
			c["repository_owner"] = owner
		}
		// GitHub puts environment: in the subject whenever the job has
		// one, so a subject without it is a token without the claim.
		c["environment"] = ""
		if len(parts) >= 3 {
			switch parts[1] {
			case "environment":
				c["environment"] = parts[2]
			case "ref":
				c["ref"] = parts[2]
			}
		}
		if len(parts) == 2 && parts[1] == "pull_request" {
			c["event_name"] = "pull_request"
		}
	case strings.HasPrefix(sub, "project_path:"):
		f := strings.Split(sub, ":")
		for i := 0; i+1 < len(f); i += 2 {
			c[f[i]] = f[i+1]
		}
		if p := c["project_path"]; p != "" {
			if i := strings.LastIndex(p, "/"); i > 0 {
				c["namespace_path"] = p[:i]
			}
		}
	default:
		return nil, false
	}
	_ = issuer
	return c, true
}

func claimMatches(want any, got string, glob bool) bool {
	var options []string
	switch v := want.(type) {
	case string:
		options = []string{v}
	case []any:
		for _, x := range v {
			options = append(options, fmt.Sprint(x))
		}
	default:
		options = []string{fmt.Sprint(v)}
	}
	for _, o := range options {
		if o == got || glob && awsLike(o, got) {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

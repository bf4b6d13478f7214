package link

import (
	"context"
	"fmt"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// OIDCTrust links CI jobs to the IAM roles whose trust admits them: for
// every `assumes` edge from an OIDC provider (GitHub's, GitLab's) to a role,
// each OIDC subject a job presents (identity nodes of type ci-oidc-subject,
// `oidc:<issuer>:<subject>`) that the trust's `sub` condition admits gets an
// `assumes` edge to the role. A trust with no `sub` condition admits every
// subject of its issuer; such edges carry `open_to_any_subject: true`.
func OIDCTrust() Rule { return oidcTrust{} }

type oidcTrust struct{}

func (oidcTrust) Name() string { return "oidc-trust" }

func (r oidcTrust) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	subjects := map[string][]graph.Node{} // issuer -> subjects
	for _, n := range g.Nodes() {
		if n.Type != graph.TypeCIOIDCSubject || !strings.HasPrefix(n.ID, "oidc:") {
			continue
		}
		issuer, subject, ok := strings.Cut(strings.TrimPrefix(n.ID, "oidc:"), ":")
		if ok && subject != "" {
			subjects[issuer] = append(subjects[issuer], n)
		}
	}
	templates := subjectTemplates(g)
	for _, e := range g.Edges() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if e.Kind != graph.Assumes {
			continue
		}
		_, issuer, ok := strings.Cut(e.From, ":oidc-provider/")
		if !ok || strings.HasPrefix(issuer, "oidc.eks.") {
			continue // EKS providers are IRSA's
		}
		open := e.Attrs[graph.AttrOIDCSubCondition] == "none"
		pats := values(e.Attrs[graph.AttrConditionSub])
		for _, s := range subjects[issuer] {
			subject := strings.TrimPrefix(s.ID, "oidc:"+issuer+":")
			keys := ""
			if issuer == githubIssuer {
				subject, keys = templates.apply(subject)
			} else if strings.HasPrefix(subject, "project_path:") {
				subject, keys = templates.applyGitLab(subject)
			}
			matched, ok := matchCondition(e.Attrs[graph.AttrConditionSubOperator], pats, subject)
			if !ok && !open {
				continue
			}
			attrs := map[string]string{"rule": r.Name(), "trust": e.From}
			note := fmt.Sprintf("sub %q admitted by %q", subject, matched)
			if keys != "" {
				attrs["sub_claim_keys"] = graph.EncodeList(strings.Split(keys, ",")) // claim names hold no comma
				attrs["sub"] = subject
				note += fmt.Sprintf(" (the repository's customised subject, claims %s)", keys)
			}
			if open {
				attrs["open_to_any_subject"] = "true"
				note = fmt.Sprintf("trust has no sub condition: any subject of %s, including %q", issuer, subject)
			}
			b.AddEdge(graph.Edge{From: s.ID, To: e.To, Kind: graph.Assumes, Attrs: attrs,
				Evidence: linkEvidence(r, e, note)})
		}
	}
	return nil
}

// IRSA links Kubernetes service accounts to the IAM roles they assume
// through an EKS OIDC provider: the trust's `sub`
// (system:serviceaccount:NS:NAME) admits the account, and the account's
// eks.amazonaws.com/role-arn annotation names the role. Both must agree;
// when one side names the other and the other does not, the link is still
// made from the trust side and the disagreement is a diagnostic.
func IRSA() Rule { return irsa{} }

type irsa struct{}

func (irsa) Name() string { return "irsa" }

const irsaAnnotation = "annotation.eks.amazonaws.com/role-arn"

func (r irsa) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	var accounts []graph.Node
	for _, n := range g.Nodes() {
		if n.Type == graph.TypeK8sServiceAccount {
			accounts = append(accounts, n)
		}
	}
	trusted := map[[2]string]bool{} // (account, role) admitted by a trust
	for _, e := range g.Edges() {
		if err := ctx.Err(); err != nil {
			return err
		}
		_, issuer, ok := strings.Cut(e.From, ":oidc-provider/")
		if e.Kind != graph.Assumes || !ok || !strings.HasPrefix(issuer, "oidc.eks.") {
			continue
		}
		pats := values(e.Attrs[graph.AttrConditionSub])
		for _, sa := range accounts {
			ns, name := saParts(sa.ID)
			subject := "system:serviceaccount:" + ns + ":" + name
			matched, ok := matchCondition(e.Attrs[graph.AttrConditionSubOperator], pats, subject)
			if !ok {
				continue
			}
			trusted[[2]string{sa.ID, e.To}] = true
			b.AddEdge(graph.Edge{From: sa.ID, To: e.To, Kind: graph.Assumes, Attrs: map[string]string{"rule": r.Name(), "trust": e.From},
				Evidence: linkEvidence(r, e, fmt.Sprintf("sub %q admitted by %q", subject, matched))})
			if ann := sa.Attrs[irsaAnnotation]; ann != "" && ann != e.To {
				b.Diagnose(diag(r, sa, fmt.Sprintf("IRSA disagreement: %s's trust admits service account %s, whose annotation names %s instead", e.To, sa.ID, ann)))
			}
		}
	}
	for _, sa := range accounts {
		role := sa.Attrs[irsaAnnotation]
		if role == "" || trusted[[2]string{sa.ID, role}] {
			continue
		}
		if _, known := g.Node(role); !known {
			continue // the role's account was not scanned: nothing to compare
		}
		b.Diagnose(diag(r, sa, fmt.Sprintf("IRSA disagreement: service account %s names %s, whose trust does not admit it; pods using it will fail to assume the role", sa.ID, role)))
	}
	return nil
}

// saParts reads namespace and name from k8s:<cluster>/<ns>/serviceaccount/<name>.
func saParts(id string) (ns, name string) {
	parts := strings.Split(strings.TrimPrefix(id, "k8s:"), "/")
	if len(parts) >= 4 {
		return parts[1], parts[3]
	}
	return "", ""
}

// linkEvidence cites the rule, at the places the matched edge was seen.
func linkEvidence(r Rule, from graph.Edge, note string) []graph.Evidence {
	if len(from.Evidence) == 0 {
		return []graph.Evidence{{Connector: connector(r), Basis: graph.Configured, Note: note}}
	}
	out := make([]graph.Evidence, len(from.Evidence))
	for i, ev := range from.Evidence {
		ev.Connector, ev.Basis, ev.Note = connector(r), graph.Configured, note
		out[i] = ev
	}
	return out
}

func diag(r Rule, n graph.Node, msg string) graph.Diagnostic {
	d := graph.Diagnostic{Connector: connector(r), Severity: graph.Warning, Message: msg}
	if len(n.Evidence) > 0 {
		d.File, d.Line = n.Evidence[0].Source, n.Evidence[0].Line
	}
	return d
}

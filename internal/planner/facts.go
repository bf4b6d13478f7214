package planner

import (
	"fmt"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
)

// staleAfter is how long unused makes a credential worth mentioning.
const staleAfter = 90 * 24 * time.Hour

// facts lists what about a node changes the advice, from the documented
// attributes connectors set (docs/ids.md, the connector docs).
func facts(g *graph.Graph, n graph.Node, now time.Time) []string {
	var out []string
	a := n.Attrs
	if n.Kind == graph.Credential {
		if v, ok := a["rotation_enabled"]; ok && v != "true" {
			out = append(out, "no rotation is configured")
		}
		for _, key := range []string{"last_used", "last_accessed"} {
			if t, ok := parseTime(a[key]); ok && now.Sub(t) > staleAfter {
				out = append(out, fmt.Sprintf("last used %d days ago", int(now.Sub(t).Hours()/24)))
			}
		}
		if a["last_used"] == "never" || a["never_used"] == "true" {
			out = append(out, "has never been used")
		}
		if t, ok := parseTime(a["last_rotated"]); ok && now.Sub(t) > staleAfter {
			out = append(out, fmt.Sprintf("last rotated %d days ago", int(now.Sub(t).Hours()/24)))
		}
		if copies := countIn(g, n.ID, graph.CopyOf); copies > 1 {
			out = append(out, fmt.Sprintf("%d copies exist in other systems", copies))
		}
	}
	out = append(out, certFacts(n, now)...)
	if a["status"] == "Inactive" || a["status"] == "inactive" {
		out = append(out, "is inactive")
	}
	if f := principalFact(g, n); f != "" {
		out = append(out, f)
	}
	for _, u := range graph.DecodeList(a[graph.AttrUnresolved]) {
		out = append(out, fmt.Sprintf("holds an unresolved reference %q", u))
	}
	return out
}

func countIn(g *graph.Graph, id string, kind graph.EdgeKind) int {
	n := 0
	for _, e := range g.In(id) {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

func parseTime(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// principalFact says who a trust principal stands for, since it is not a
// workload a reader would recognise.
func principalFact(g *graph.Graph, n graph.Node) string {
	switch n.Type {
	case graph.TypeAWSAccountRoot:
		// arn:PARTITION:iam::ACCOUNT:root
		acct := n.Name
		if parts := strings.Split(n.ID, ":"); len(parts) == 6 {
			acct = parts[4]
		}
		f := fmt.Sprintf("trust principal: the root of account %s, i.e. every identity that account's IAM allows to assume the role", acct)
		if a, ok := g.Node("aws-account:" + acct); !ok || a.Attrs[graph.AttrIAMRead] != "true" {
			f += "; that account's IAM was not scanned"
		}
		return f
	case graph.TypeAWSSAMLProvider:
		return fmt.Sprintf("trust principal: SAML provider %s; the people who sign in through it lose the role", n.Name)
	case graph.TypeAWSOIDCProvider, graph.TypeAWSWebIdentityProvider:
		return fmt.Sprintf("trust principal: OIDC provider %s; the workloads federating through it lose the role", n.Name)
	case graph.TypeAWSService:
		return fmt.Sprintf("trust principal: AWS service %s; what the service runs as the role (instances, functions, tasks) loses it", n.Name)
	case graph.TypeAWSAnyone:
		return "trust principal: anyone (*); every AWS identity the trust's conditions admit loses the role"
	}
	return ""
}

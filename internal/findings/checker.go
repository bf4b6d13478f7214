package findings

import (
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners"
)

// checker holds what the rules share: the graph, thresholds and lookups.
type checker struct {
	g      *graph.Graph
	th     Thresholds
	owners *owners.Resolver
	// cand, when set, marks by index the only nodes nodes returns: the
	// subjects a scoped run checks for the current rule.
	cand []bool
	// scope, when set, is the IDs a scoped run reports findings on.
	scope []string
	ids   map[string]bool
}

func (c *checker) nodes(pred func(graph.Node) bool) []graph.Node {
	var out []graph.Node
	for i, n := range c.g.Nodes() {
		if (c.cand == nil || c.cand[i]) && pred(n) {
			out = append(out, n)
		}
	}
	return out
}

// hasAny reports whether any node of the whole graph matches pred.
func (c *checker) hasAny(pred func(graph.Node) bool) bool {
	for _, n := range c.g.Nodes() {
		if pred(n) {
			return true
		}
	}
	return false
}

func (c *checker) in(id string, kinds ...graph.EdgeKind) []graph.Edge {
	var out []graph.Edge
	for e := range c.g.InSeq(id) {
		for _, k := range kinds {
			if e.Kind == k {
				out = append(out, e)
			}
		}
	}
	return out
}

func (c *checker) out(id string, kinds ...graph.EdgeKind) []graph.Edge {
	var out []graph.Edge
	for _, e := range c.g.Out(id) {
		for _, k := range kinds {
			if e.Kind == k {
				out = append(out, e)
			}
		}
	}
	return out
}

// owned reports whether a node has an owner, its own or inherited, as
// internal/owners resolves it (the same answer the planner and show give).
func (c *checker) owned(id string) bool {
	no := c.owners.Of(id)
	return no != nil && len(no.Owners) > 0
}

func (c *checker) node(id string) graph.Node {
	n, _ := c.g.Node(id)
	return n
}

// age returns how long ago an RFC 3339 (or date) attribute was, and whether
// it held a time.
func (c *checker) age(attr string) (time.Duration, bool) {
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, attr); err == nil {
			return c.th.Now.Sub(t), true
		}
	}
	return 0, false
}

func days(d time.Duration) int { return int(d.Hours() / 24) }

// isNonHuman reports whether an identity is a machine identity: roles,
// service accounts, auth roles, service users.
func isNonHuman(n graph.Node) bool {
	if n.Kind != graph.Identity {
		return false
	}
	switch n.Type {
	case graph.TypeAWSRole, graph.TypeK8sServiceAccount, graph.TypeVaultAuthRole, graph.TypeCIOIDCSubject, graph.TypeAWSService, graph.TypeAWSProfile:
		return true
	case graph.TypeAWSUser:
		return true // IAM users used by machines are the common case; humans belong in SSO
	}
	return false
}

func isCIWorkload(n graph.Node) bool {
	return n.Kind == graph.Workload && (n.Type == graph.TypeCIJob || n.Type == graph.TypeCIWorkflow || (n.Type == graph.TypeAIAgent && n.Attrs[graph.AttrWorkflow] != ""))
}

func isScheduled(n graph.Node) bool {
	// A GitLab job that runs in scheduled pipelines carries
	// runs_on_schedule: its timetable lives in the project's settings.
	// A Jenkins pipeline triggered only by pollSCM runs on changes, not
	// on a timetable.
	if n.Attrs[graph.AttrScheduleKind] == "pollSCM" && !strings.Contains(n.Attrs[graph.AttrSchedules], `"cron `) {
		return false
	}
	return n.Kind == graph.Workload && (n.Schedule != nil || n.Attrs[graph.AttrRunsOnSchedule] == "true" ||
		n.Type == graph.TypeCronJob || n.Type == graph.TypeSystemdService || n.Type == graph.TypeSystemdTimer)
}

// evidence gathers the evidence of edges, then of nodes, without repeats.
func evidence(edges []graph.Edge, nodes ...graph.Node) []graph.Evidence {
	var out []graph.Evidence
	seen := map[graph.Evidence]bool{}
	add := func(evs []graph.Evidence) {
		for _, ev := range evs {
			if !seen[ev] {
				seen[ev] = true
				out = append(out, ev)
			}
		}
	}
	for _, e := range edges {
		add(e.Evidence)
	}
	for _, n := range nodes {
		add(n.Evidence)
	}
	return out
}

// holdsAWSKey reports whether a credential a workload uses through e is an
// AWS access key: the key itself, a CI secret the connector marked
// (aws_access_key) or named for one, or a copy of a key.
func (c *checker) holdsAWSKey(e graph.Edge, cred graph.Node) bool {
	if cred.Type == graph.TypeAWSAccessKey || e.Attrs[graph.AttrAWSAccessKey] == "true" {
		return true
	}
	name := strings.ToUpper(cred.Name + " " + strings.Join(graph.DecodeList(e.Attrs[graph.AttrEnv]), " "))
	if strings.Contains(name, "AWS_ACCESS_KEY_ID") || strings.Contains(name, "AWS_SECRET_ACCESS_KEY") {
		return true
	}
	for _, cp := range c.out(cred.ID, graph.CopyOf) {
		if t := c.node(cp.To).Type; t == graph.TypeAWSAccessKey || t == graph.TypeUnresolvedAWSAccessKey {
			return true
		}
	}
	return false
}

// longLived reports whether a credential a scheduled job uses is a static,
// long-lived one: an access key, an env file, a CLI profile, a Jenkins
// credential, or a CI secret or variable (GitLab variables are ci-secret
// nodes too) holding a cloud key.
func (c *checker) longLived(e graph.Edge, cred graph.Node) bool {
	switch cred.Type {
	case graph.TypeAWSAccessKey, graph.TypeEnvFile, graph.TypeAWSProfile, graph.TypeJenkinsCredential:
		return true
	case graph.TypeCISecret:
		return c.holdsAWSKey(e, cred)
	}
	return strings.HasPrefix(cred.Type, "static")
}

// young reports whether a never-used identity or credential is still within
// the grace period (Thresholds.NeverUsedGrace) since it was created; one
// whose creation is unknown is not.
func (c *checker) young(n graph.Node) bool {
	for _, k := range []string{"created", "last_rotated", "user_creation_time"} {
		if a, ok := c.age(n.Attrs[k]); ok {
			return a < c.th.NeverUsedGrace
		}
	}
	return false
}

// accountOf is the account of an IAM ARN (arn:aws:iam::ACCOUNT:...), or "".
func accountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 5 {
		return ""
	}
	return parts[4]
}

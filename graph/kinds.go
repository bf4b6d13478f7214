package graph

import "fmt"

// NodeKind is the broad class of a node. The concrete thing a node stands
// for is named by its Type (for example "aws-role" or "vault-kv-secret").
type NodeKind string

// The node kinds.
const (
	// Identity is something that can act: an IAM role or user, a Kubernetes
	// service account, a Vault auth role, a CI OIDC subject.
	Identity NodeKind = "identity"
	// Credential is a secret that proves an identity or opens a resource:
	// a Vault secret, an AWS access key, a CI secret, a certificate.
	Credential NodeKind = "credential"
	// Policy is a set of permissions held by identities.
	Policy NodeKind = "policy"
	// Workload is something that runs: a service, a Lambda, a CI workflow
	// or job, a cron job, a Kubernetes workload, a schedule.
	Workload NodeKind = "workload"
	// Owner is a team or a person answerable for other nodes.
	Owner NodeKind = "owner"
	// Location is where things live: an AWS account, a Vault mount, a
	// Kubernetes namespace, a Git repository, a host.
	Location NodeKind = "location"
)

// NodeKinds lists every node kind in a fixed order.
var NodeKinds = []NodeKind{Identity, Credential, Policy, Workload, Owner, Location}

// Valid reports whether k is one of the defined node kinds.
func (k NodeKind) Valid() bool {
	for _, v := range NodeKinds {
		if k == v {
			return true
		}
	}
	return false
}

// EdgeKind says how the source of an edge depends on its target.
type EdgeKind string

// The edge kinds. In each, the edge A -> B means A depends on B.
const (
	// Assumes: A obtains B's permissions (sts:AssumeRole, OIDC federation,
	// IRSA).
	Assumes EdgeKind = "assumes"
	// RunsAs: workload A executes as identity B.
	RunsAs EdgeKind = "runs_as"
	// AuthenticatesAs: A logs in to Vault as auth role B.
	AuthenticatesAs EdgeKind = "authenticates_as"
	// HasPolicy: identity A holds policy B.
	HasPolicy EdgeKind = "has_policy"
	// Grants: policy A allows reading credential B.
	Grants EdgeKind = "grants"
	// Reads: A fetches credential B at run time from its store.
	Reads EdgeKind = "reads"
	// Uses: A consumes a stored copy of credential B.
	Uses EdgeKind = "uses"
	// CopyOf: credential A is a copy of credential B.
	CopyOf EdgeKind = "copy_of"
	// KeyOf: credential A authenticates as identity B.
	KeyOf EdgeKind = "key_of"
	// DependsOn: service A calls service B.
	DependsOn EdgeKind = "depends_on"
	// Triggers: scheduler A starts workload B.
	Triggers EdgeKind = "triggers"
	// OwnedBy: A is owned by owner B.
	OwnedBy EdgeKind = "owned_by"
	// PartOf: A lives in location B.
	PartOf EdgeKind = "part_of"
	// CanBecome: A can obtain B's access by a path the configuration
	// allows without naming it (an escalation); always basis Derived.
	CanBecome EdgeKind = "can_become"
)

// EdgeKinds lists every edge kind in a fixed order.
var EdgeKinds = []EdgeKind{
	Assumes, RunsAs, AuthenticatesAs, HasPolicy, Grants, Reads, Uses,
	CopyOf, KeyOf, DependsOn, Triggers, OwnedBy, PartOf,
	CanBecome,
}

// Valid reports whether k is one of the defined edge kinds.
func (k EdgeKind) Valid() bool {
	for _, v := range EdgeKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Basis says how strongly a piece of evidence supports a claim.
type Basis string

// The evidence bases, from weakest to strongest.
const (
	// Configured: a policy or manifest says it may happen.
	Configured Basis = "configured"
	// Declared: a file says it does happen.
	Declared Basis = "declared"
	// Observed: a log or usage record shows it happened.
	Observed Basis = "observed"
	// Derived: a rule over other evidence concludes it (an escalation
	// path); the evidence's note names the rule and the permission.
	Derived Basis = "derived"
)

// Valid reports whether b is one of the defined bases.
func (b Basis) Valid() bool {
	return b == Configured || b == Declared || b == Observed || b == Derived
}

// Dialect names the syntax a Schedule's expression is written in.
type Dialect string

// The schedule dialects.
const (
	// Cron is the five-field cron syntax, with the @ shorthands.
	Cron Dialect = "cron"
	// Systemd is systemd's OnCalendar= calendar syntax.
	Systemd Dialect = "systemd"
	// AWS is EventBridge's rate(), cron() and at() syntax.
	AWS Dialect = "aws"
	// Jenkins is Jenkins' cron syntax with the H hash token.
	Jenkins Dialect = "jenkins"
)

func checkKinds(n Node) error {
	if !n.Kind.Valid() {
		return fmt.Errorf("node %q: unknown kind %q", n.ID, n.Kind)
	}
	return nil
}

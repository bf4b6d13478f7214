package planner

import (
	"slices"

	"github.com/convene-dev/convene/graph"
)

// Class says what a change does to an impacted node.
type Class string

// The impact classes, from worst to mildest.
const (
	// Breaks: loses access when the change is made.
	Breaks Class = "breaks"
	// MayBreak: may lose access, depending on what the modification
	// removes.
	MayBreak Class = "may-break"
	// UpdateCopy: holds a static copy of a rotated credential that someone
	// must update by hand; its consumers break until then.
	UpdateCopy Class = "update-copy"
	// Restart: reads the credential at start-up only; picks up a new one
	// after a restart.
	Restart Class = "restart"
	// Orphaned: left with no consumer after a decommission.
	Orphaned Class = "orphaned"
	// Indirect: affected because something it triggers or calls is.
	Indirect Class = "indirect"
	// Auto: fetches the credential at run time or has it re-synced; no
	// action needed.
	Auto Class = "auto"
)

// Classes lists the classes from worst to mildest.
var Classes = []Class{Breaks, MayBreak, UpdateCopy, Restart, Orphaned, Indirect, Auto}

// worse reports whether a is worse than b.
func worse(a, b Class) bool { return slices.Index(Classes, a) < slices.Index(Classes, b) }

// Delivery says how a consumer gets a credential: the edge attribute
// "delivery" set by connectors and link rules, or a default by consumer
// type (see defaultDelivery).
type Delivery string

// The deliveries.
const (
	// PerRun: fetched on every run (CI jobs, cron jobs, Vault Agent
	// templates that re-render, CSI with rotation).
	PerRun Delivery = graph.DeliveryPerRun
	// AtStart: injected when the workload starts (env vars from
	// secretKeyRef, ECS valueFrom, Lambda environment).
	AtStart Delivery = graph.DeliveryAtStart
)

// mode is how the walk reached a node, which decides how its consumers are
// classed.
type mode int

const (
	// fresh: the node carries the changed value (the target, or a copy a
	// controller re-syncs).
	fresh mode = iota
	// stale: a static copy of a rotated credential, not yet updated.
	stale
	// lost: the node lost access (revoke, disable, delete).
	lost
	// loosened: the node's access may change (modify).
	loosened
	// affected: reached only through triggers or depends_on.
	affected
)

// step decides whether the walk follows edge e backwards — from the node
// it reached in mode m (e.To) to the consumer e.From — and how the
// consumer is classed and reached. It is the rule table of docs/planner.md.
func step(a Action, m mode, e graph.Edge, consumer, dep graph.Node) (Class, mode, bool) {
	if trustPrincipal(consumer.Type) {
		// An identity provider, an account root or a service named in
		// a trust policy is not a workload, but it loses the ability to
		// assume the role: impact in its own right (facts say who it
		// is). What uses it is reached through its own edges (OIDC
		// subjects, workloads), so the walk stops here.
		if e.Kind == graph.Assumes {
			switch m {
			case lost:
				return Breaks, affected, true
			case loosened:
				return MayBreak, affected, true
			}
		}
		return "", 0, false
	}
	if e.Kind == graph.Reads && e.Attrs[graph.AttrVia] == "rbac" {
		return rbacReaderStep(m)
	}
	// Every action: what triggers or calls an impacted node is affected,
	// and so on up the chain.
	if e.Kind == graph.Triggers || e.Kind == graph.DependsOn {
		return Indirect, affected, true
	}
	switch m {
	case affected:
		return "", 0, false
	case lost:
		// Whatever lost access takes down what depends on it: a revoked
		// role, or a profile whose key went stale in a rotation.
		if e.Kind == graph.HasPolicy && a != Rotate {
			// Holders lose what the policy gave, which other policies
			// may also give.
			return MayBreak, loosened, true
		}
		switch e.Kind {
		case graph.Assumes, graph.RunsAs, graph.AuthenticatesAs, graph.KeyOf, graph.Reads, graph.Uses, graph.CopyOf:
			return Breaks, lost, true
		}
		return "", 0, false
	case loosened:
		return modifyStep(e)
	}
	return rotateStep(m, e, consumer, dep)
}

// rbacReaderStep classes a subject that Kubernetes RBAC lets read a Secret
// (get, list or watch): a permission, not a known use. It is named in the
// plan, since it may read the Secret, but the walk stops there: what runs
// as the subject is not known to read this Secret. A rotation reaches it
// through the API on its next read (auto); a revoke or delete may break
// it, as may a copy left stale.
func rbacReaderStep(m mode) (Class, mode, bool) {
	switch m {
	case fresh:
		return Auto, affected, true
	case stale, lost:
		return MayBreak, affected, true
	}
	return "", 0, false
}

func rotateStep(m mode, e graph.Edge, consumer, dep graph.Node) (Class, mode, bool) {
	if c, next, ok := certStep(m, e, dep); ok {
		return c, next, true
	}
	switch e.Kind {
	case graph.CopyOf:
		if m == stale {
			return UpdateCopy, stale, true // a copy of a stale copy is stale too
		}
		if csiSynced(e) {
			// Re-created only when a pod mounting the class starts.
			return Restart, fresh, true
		}
		if e.Attrs[graph.AttrSyncedBy] != "" || e.Attrs[graph.AttrRefreshInterval] != "" {
			return Auto, fresh, true
		}
		return UpdateCopy, stale, true
	case graph.Reads, graph.Uses:
		if consumer.Type == observedClient {
			// A client known only from an audit trail: nothing says how
			// it holds the credential, so a rotation breaks it until its
			// runner is found.
			return Breaks, lost, true
		}
		if m == stale {
			return Breaks, lost, true // until the copy is updated
		}
		if e.Kind == graph.Uses && !inPlaceStore(dep.Type) {
			// A stored copy of a key or secret the graph does not
			// show (a credentials file, a pasted value): stale until
			// someone updates it, and what depends on the consumer
			// fails with it.
			return Breaks, lost, true
		}
		if deliveryOf(e, consumer) == AtStart {
			return Restart, affected, true
		}
		return Auto, affected, true
	}
	return "", 0, false
}

// deliveryOf reads the edge's delivery attribute, else guesses from the
// consumer's type: things that run to completion fetch per run; long-running
// services get their credentials at start.
func deliveryOf(e graph.Edge, consumer graph.Node) Delivery {
	if d := graph.DeliveryOf(e); d != "" {
		return Delivery(d)
	}
	switch {
	case consumer.Attrs[graph.AttrKind] == "CronJob" || consumer.Attrs[graph.AttrKind] == "Job":
		return PerRun // every run starts new pods
	case e.Attrs[graph.AttrRefresh] == "start": // Vault Agent pre-populate only
		return AtStart
	case e.Attrs[graph.AttrVia] == "vault-agent":
		// The agent re-renders the file, but only a command it runs
		// (agent-inject-command) makes the application re-read it.
		if e.Attrs[graph.AttrReload] != "" {
			return PerRun
		}
		return AtStart
	case consumer.Attrs[graph.AttrKind] == "ExternalSecret" || consumer.Attrs[graph.AttrKind] == "ClusterExternalSecret":
		return PerRun // the operator re-reads every refresh interval
	}
	return defaultDelivery(consumer.Type)
}

// defaultDelivery guesses by type. A Kubernetes CronJob or Job is a
// k8s-workload whose kind attribute deliveryOf reads; there is no node type
// of its own.
func defaultDelivery(typ string) Delivery {
	if graph.ScheduledConsumer(typ) {
		return PerRun
	}
	return AtStart
}

// inPlaceStore reports whether consumers that use a credential of this type
// read it from the store the rotation updates (a CI secret, a Kubernetes
// Secret, a Jenkins credential, an env file), rather than from a copy of
// their own.
func inPlaceStore(typ string) bool { return graph.InPlaceStore(typ) }

// trustPrincipal reports whether a node type stands for a principal named in
// a trust policy rather than something that runs.
func trustPrincipal(typ string) bool { return graph.TrustPrincipal(typ) }

func modifyStep(e graph.Edge) (Class, mode, bool) {
	switch e.Kind {
	case graph.HasPolicy, graph.Assumes, graph.RunsAs, graph.AuthenticatesAs, graph.KeyOf:
		return MayBreak, loosened, true
	}
	return "", 0, false
}

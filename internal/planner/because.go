package planner

import (
	"strings"

	"github.com/convene-dev/convene/graph"
)

// csiSynced reports whether a copy_of edge is a Kubernetes Secret synced
// by the Secrets Store CSI driver without rotation recorded: the driver
// writes it when a pod mounting the class starts, and never again unless
// the driver runs with --enable-secret-rotation.
func csiSynced(e graph.Edge) bool {
	return strings.Contains(e.Attrs[graph.AttrSyncedBy], "/secretproviderclass/") && e.Attrs[graph.AttrRotation] != "true"
}

// because names the assumption an impact's class rests on, from the edge
// that reached it: how the consumer gets the credential and what makes it
// pick up a new one.
func because(a Action, im Impact) string {
	if len(im.Path) == 0 || a != Rotate {
		return ""
	}
	e := im.Path[0]
	n := im.Node
	kind := n.Attrs[graph.AttrKind]
	job := kind == "CronJob" || kind == "Job"
	switch im.Class {
	case Auto, Restart:
	case UpdateCopy:
		return "a static copy: nothing syncs it from the source"
	case Breaks:
		if e.Kind == graph.Uses && im.Depth == 1 {
			return "holds its own copy of the value, which the rotation does not update"
		}
		return ""
	default:
		return ""
	}
	switch {
	case e.Kind == graph.CopyOf && csiSynced(e):
		return "synced by the Secrets Store CSI driver only when a pod mounting the class starts: without rotation enabled on the driver it never updates"
	case e.Kind == graph.CopyOf && e.Attrs[graph.AttrRefreshInterval] != "":
		return strings.TrimSpace("re-synced "+by(e)) + " every " + e.Attrs[graph.AttrRefreshInterval]
	case e.Kind == graph.CopyOf:
		return strings.TrimSpace("kept in sync " + by(e))
	case job && e.Attrs[graph.AttrVia] != "":
		return "every run starts new pods, which read the current value"
	case e.Attrs[graph.AttrDelivery] != "":
		return "the connector records delivery " + e.Attrs[graph.AttrDelivery]
	case e.Attrs[graph.AttrRefresh] == "start":
		return "Vault Agent runs pre-populate-only: the file is written once, at pod start"
	case e.Attrs[graph.AttrVia] == "vault-agent" && e.Attrs[graph.AttrReload] != "":
		return "Vault Agent re-renders the file and runs the agent-inject-command, so the application re-reads it"
	case e.Attrs[graph.AttrVia] == "vault-agent":
		return "Vault Agent re-renders the file, but without agent-inject-command or a reload signal the application keeps the value it read at start"
	case e.Attrs[graph.AttrVia] == "secrets-store-csi":
		return "the CSI driver updates the mounted file only with rotation enabled, and the application must re-read it"
	case n.Attrs[graph.AttrKind] == "ExternalSecret" || n.Attrs[graph.AttrKind] == "ClusterExternalSecret":
		return "the operator re-reads the source every refresh interval"
	case e.Kind == graph.Uses && strings.Contains(e.Attrs[graph.AttrVia], "env"):
		return "environment variables from a Secret keep the old value until the pod restarts"
	case e.Kind == graph.Uses && strings.Contains(e.Attrs[graph.AttrVia], "volume"):
		return "the mounted Secret file is updated, but the application must re-read it"
	case im.Class == Auto:
		return "a " + n.Type + " fetches the credential on every run"
	}
	return "a " + n.Type + " reads the credential when it starts"
}

func by(e graph.Edge) string {
	if e.Attrs[graph.AttrSyncedBy] == "" {
		return ""
	}
	return "by " + e.Attrs[graph.AttrSyncedBy]
}

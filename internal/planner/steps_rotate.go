package planner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// UpdateAttrs are the attributes connectors set for when a credential's
// value last changed: CI secret updated_at, Vault KV metadata
// updated_time, Secrets Manager LastChangedDate.
var UpdateAttrs = []string{"updated_at", "updated_time", "last_changed"}

// rotate drafts the steps of rotating one credential: create the new
// version, update each static copy, restart what reads at start, wait for
// scheduled runs and synced copies, confirm the old version is unused,
// retire it.
func (c *ctx) rotate(t graph.Node) {
	create := "create:" + t.ID
	c.d.add(create, Step{Kind: StepCreate, Action: createText(c.g, t), Nodes: []string{t.ID},
		Owners: c.targetOwners(t.ID), Verify: createVerify(c.g, t)})
	done := []string{create}
	for i := range c.p.Impacted {
		im := &c.p.Impacted[i]
		if len(im.Path) == 0 || im.Path[len(im.Path)-1].To != t.ID {
			continue
		}
		id := im.Node.ID
		via := im.Path[0]
		// A consumer waits for the update or re-sync of every copy on its
		// path (keys with no step are dropped when the steps are ordered).
		prev := []string{create}
		for _, e := range im.Path[:len(im.Path)-1] {
			prev = append(prev, "copy:"+e.To, "wait:"+e.To)
		}
		owners, fallback := c.stepOwners(im, t.ID)
		base := Step{Nodes: []string{id, t.ID}, Owners: owners, OwnerFallback: fallback}
		switch {
		case im.Class == UpdateCopy:
			s := base
			s.Kind, s.Action = StepUpdateCopy, fmt.Sprintf("Update the static copy %s with the new value of %s", label(im.Node), t.ID)
			s.Verify = updatedVerify(im.Node)
			c.d.add("copy:"+id, s, prev...)
			done = append(done, "copy:"+id)
		case im.Class == Breaks && im.Node.Type == "observed-client":
			// A consumer seen only in an audit trail: nobody knows where
			// its copy lives, so the proof is that its use of the old
			// value stops.
			s := base
			s.Kind, s.Action = StepUpdateCopy, fmt.Sprintf("Find who runs %s (seen only in an audit trail) and give them the new value of %s", label(im.Node), t.ID)
			s.Verify = Verify{Fact: FactOldUnused, Node: id, Target: t.ID,
				Text: fmt.Sprintf("a later audit trail shows no use of the old %s by %s after the window", t.ID, id)}
			c.d.add("copy:"+id, s, prev...)
			done = append(done, "copy:"+id)
		case im.Class == Breaks && !c.stale(via.To):
			// A consumer holding its own copy (a credentials file).
			s := base
			s.Kind, s.Action = StepUpdateCopy, fmt.Sprintf("Put the new value of %s into the copy %s holds (%s)", t.ID, label(im.Node), via.Kind)
			s.Verify = Verify{Fact: FactUnreferenced, Node: id, Target: t.ID,
				Text: fmt.Sprintf("a later scan no longer shows %s using %s", id, t.ID)}
			c.d.add("copy:"+id, s, prev...)
			done = append(done, "copy:"+id)
		case im.Node.Kind == graph.Workload && (im.Class == Restart || (im.Class == Breaks && deliveryOf(via, im.Node) == AtStart && im.Node.Schedule == nil)):
			s := base
			s.Kind, s.Action = StepRestart, fmt.Sprintf("Restart %s so that it reads the new value", label(im.Node))
			if im.Because != "" {
				s.Action += " (" + im.Because + ")"
			}
			s.Verify = Verify{Fact: FactNone, Node: id,
				Text: "cannot be verified from data: a scan records no restarts; the observed-use check of the old version covers it where audit data exists"}
			c.d.add("restart:"+id, s, prev...)
			done = append(done, "restart:"+id)
		case im.Class == Auto && via.Kind == graph.CopyOf && via.Attrs[graph.AttrRefreshInterval] != "":
			s := base
			s.Kind = StepWait
			s.Action = fmt.Sprintf("Wait for %s to be re-synced (refresh interval %s)", label(im.Node), via.Attrs[graph.AttrRefreshInterval])
			if b := by(via); b != "" {
				s.Action = fmt.Sprintf("Wait for %s to be re-synced %s (refresh interval %s)", label(im.Node), b, via.Attrs[graph.AttrRefreshInterval])
			}
			s.Window = "within " + via.Attrs[graph.AttrRefreshInterval] + " of the new version"
			s.Verify = updatedVerify(im.Node)
			c.d.add("wait:"+id, s, prev...)
			done = append(done, "wait:"+id)
		}
		if im.Node.Schedule != nil && im.Class != Indirect {
			s := base
			s.Kind, s.Window = StepWait, runWindow(im)
			if len(im.Runs) > 0 {
				s.Action = fmt.Sprintf("Wait for the first run of %s in the window and check it succeeds with the new value", label(im.Node))
			} else {
				s.Action = fmt.Sprintf("%s does not run in the window: keep the old version until its next run has succeeded, or run it by hand now", label(im.Node))
			}
			s.Verify = Verify{Fact: FactNone, Node: id, Text: "cannot be verified from data: a scan records no run results"}
			after := append([]string{}, prev...)
			if _, ok := c.d.byKey["copy:"+id]; ok {
				after = append(after, "copy:"+id)
			}
			c.d.add("run:"+id, s, after...)
			done = append(done, "run:"+id)
		}
	}
	confirm := Step{Kind: StepConfirm, Nodes: []string{t.ID}, Owners: c.targetOwners(t.ID),
		Action: fmt.Sprintf("Confirm that nothing uses the old version of %s any more", t.ID),
		Verify: Verify{Fact: FactOldUnused, Node: t.ID, Target: t.ID,
			Text: fmt.Sprintf("observed use (CloudTrail, Vault audit log) of %s ends before the window; unknown where the scan holds no audit data", t.ID)}}
	if !c.observed(t.ID) {
		confirm.Verify.Text = fmt.Sprintf("cannot be verified from the plan's data: no audit log (CloudTrail, Vault audit) shows who uses %s; a later scan with one can", t.ID)
	}
	c.d.add("confirm:"+t.ID, confirm, done...)
	c.d.add("retire:"+t.ID, retireStep(c.g, t, c.targetOwners(t.ID)), "confirm:"+t.ID)
}

// stale reports whether the plan has a node as a stale copy (its consumers
// wait for its update).
func (c *ctx) stale(id string) bool {
	im := impactOf(c.p, id)
	return im != nil && (im.Class == UpdateCopy || (im.Class == Breaks && c.p.Change.Action == Rotate))
}

// observed reports whether any edge into id carries observed evidence.
func (c *ctx) observed(id string) bool {
	for _, e := range c.g.In(id) {
		for _, ev := range e.Evidence {
			if ev.Basis == graph.Observed || ev.Observed != nil {
				return true
			}
		}
	}
	return false
}

// keyUser returns the identity a key belongs to.
func keyUser(g *graph.Graph, key string) string {
	for _, e := range g.Out(key) {
		if e.Kind == graph.KeyOf {
			return e.To
		}
	}
	return ""
}

// keysOf lists an identity's keys.
func keysOf(g *graph.Graph, user string) []string {
	var keys []string
	for _, e := range g.In(user) {
		if e.Kind == graph.KeyOf {
			keys = append(keys, e.From)
		}
	}
	slices.Sort(keys)
	return keys
}

// createText says how to create the new version, naming the
// dual-credential window the source supports.
func createText(g *graph.Graph, t graph.Node) string {
	switch t.Type {
	case "aws-access-key":
		user := keyUser(g, t.ID)
		s := fmt.Sprintf("Create a second access key for %s (IAM allows two per user): the old and the new key both work until the old one is deactivated", user)
		var others []string
		for _, k := range keysOf(g, user) {
			if k != t.ID {
				n, _ := g.Node(k)
				others = append(others, fmt.Sprintf("%s, %s", k, strings.ToLower(cmpOr(n.Attrs[graph.AttrStatus], "status unknown"))))
			}
		}
		if len(others) > 0 {
			s = fmt.Sprintf("%s already has another key (%s), and inactive keys count toward the two IAM allows: delete it first. ", user, strings.Join(others, "; ")) + s
		}
		return s
	case "vault-kv-secret":
		return fmt.Sprintf("Write a new version of %s: KV v2 keeps the old version readable by number while readers of the latest get the new one", t.ID)
	case "aws-secret":
		return fmt.Sprintf("Put the new value of %s staged AWSPENDING, test it, then move AWSCURRENT to it: the old value stays readable as AWSPREVIOUS", t.ID)
	case "vault-dynamic-role":
		return fmt.Sprintf("Rotate the root credential of %s: leases already issued stay valid until they expire", t.ID)
	}
	return fmt.Sprintf("Create the new value of %s: %s keeps no second version the graph knows of, so the old value stops working when it is replaced; keep the next steps close together", t.ID, t.Type)
}

func createVerify(g *graph.Graph, t graph.Node) Verify {
	if t.Type == "aws-access-key" {
		if u := keyUser(g, t.ID); u != "" {
			return Verify{Fact: FactNewKey, Node: u, Was: strings.Join(keysOf(g, u), ","),
				Text: fmt.Sprintf("a later scan shows a key of %s that it did not have", u)}
		}
	}
	v := updatedVerify(t)
	if t.Attrs[graph.AttrCurrentVersion] != "" {
		v.Attr, v.Was = "current_version", t.Attrs[graph.AttrCurrentVersion]
		v.Text = fmt.Sprintf("a later scan shows a current version of %s other than %s", t.ID, v.Was)
	}
	return v
}

// updatedVerify proves a copy or a credential updated by its update time.
func updatedVerify(n graph.Node) Verify {
	v := Verify{Fact: FactUpdated, Node: n.ID,
		Text: fmt.Sprintf("a later scan shows %s updated after the window started (%s)", n.ID, strings.Join(UpdateAttrs, ", "))}
	for _, a := range UpdateAttrs {
		if n.Attrs[a] != "" {
			v.Attr, v.Was = a, n.Attrs[a]
			break
		}
	}
	if v.Attr == "" {
		v.Text += "; the scan before the change recorded none for it"
	}
	return v
}

func retireStep(g *graph.Graph, t graph.Node, owners []Owner) Step {
	s := Step{Kind: StepRetire, Nodes: []string{t.ID}, Owners: owners}
	switch t.Type {
	case "aws-access-key":
		s.Action = fmt.Sprintf("Deactivate the old key %s, watch for failures, then delete it", t.ID)
		s.Verify = Verify{Fact: FactInactive, Node: t.ID, Text: fmt.Sprintf("a later scan shows %s inactive or gone", t.ID)}
		return s
	case "vault-kv-secret":
		s.Action = fmt.Sprintf("Destroy the old version of %s (vault kv destroy -versions=N)", t.ID)
	case "aws-secret":
		s.Action = fmt.Sprintf("Remove the AWSPREVIOUS label from the old version of %s (or let the next rotation drop it)", t.ID)
	default:
		s.Action = fmt.Sprintf("Retire the old value of %s", t.ID)
	}
	s.Verify = Verify{Fact: FactNone, Node: t.ID, Text: "cannot be verified from data: the scan records no destroyed versions"}
	return s
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

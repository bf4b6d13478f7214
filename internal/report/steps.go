package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/convene-dev/convene/internal/duration"
	"github.com/convene-dev/convene/internal/planner"
)

// stepOwners names a step's owners, marking those standing in for an
// unowned node.
func stepOwners(s planner.Step) string {
	if len(s.Owners) == 0 {
		return "NO OWNER"
	}
	ids := make([]string, len(s.Owners))
	for i, o := range s.Owners {
		ids[i] = o.ID
	}
	out := strings.Join(ids, ", ")
	if s.OwnerFallback {
		out += " (owner of what changes: " + s.Nodes[0] + " has no owner)"
	}
	return out
}

func afterString(s planner.Step) string {
	if len(s.After) == 0 {
		return ""
	}
	parts := make([]string, len(s.After))
	for i, a := range s.After {
		parts[i] = fmt.Sprint(a)
	}
	return "after step " + strings.Join(parts, ", ")
}

// verifyString says how a step is proved done.
func verifyString(v planner.Verify) string {
	if v.Fact == planner.FactNone || v.Fact == "" {
		return v.Text
	}
	return v.Text + " [" + string(v.Fact) + "]"
}

// writeSteps writes the plan's steps as a section of the text or Markdown
// report.
func writeSteps(w io.Writer, p *planner.Plan, md bool) {
	for _, s := range p.Steps {
		if md {
			fmt.Fprintf(w, "%d. **%s** %s\n", s.Order, s.Kind, mdEscape(s.Action))
			fmt.Fprintf(w, "   - owners: %s\n", mdEscape(stepOwners(s)))
			if a := afterString(s); a != "" {
				fmt.Fprintf(w, "   - %s\n", a)
			}
			if s.Window != "" {
				fmt.Fprintf(w, "   - when: %s\n", mdEscape(s.Window))
			}
			fmt.Fprintf(w, "   - verify: %s\n", mdEscape(verifyString(s.Verify)))
			continue
		}
		fmt.Fprintf(w, "%2d. [%s] %s\n", s.Order, s.Kind, s.Action)
		fmt.Fprintf(w, "    owners: %s\n", stepOwners(s))
		if a := afterString(s); a != "" {
			fmt.Fprintf(w, "    %s\n", a)
		}
		if s.Window != "" {
			fmt.Fprintf(w, "    when:   %s\n", s.Window)
		}
		fmt.Fprintf(w, "    verify: %s\n", verifyString(s.Verify))
	}
}

// planRunbook writes the steps as a Markdown checklist to paste into the
// change ticket.
func planRunbook(w io.Writer, p *planner.Plan) error {
	ch := p.Change
	fmt.Fprintf(w, "# Runbook: %s %s\n\n", ch.Action, mdEscape(targetIDs(p)))
	if ch.Ticket != "" {
		fmt.Fprintf(w, "Ticket: %s  \n", mdEscape(ch.Ticket))
	}
	if ch.Window != nil {
		fmt.Fprintf(w, "Window: %s for %s  \n", ch.Window.Start.Format(time.RFC3339), duration.Format(ch.Window.Duration))
	}
	fmt.Fprintf(w, "Risk: %s\n\n", strings.ToUpper(string(p.Risk.Tier)))
	if len(p.Steps) == 0 {
		fmt.Fprintln(w, "Nothing to do: nothing in the graph depends on the target.")
		return nil
	}
	for _, s := range p.Steps {
		fmt.Fprintf(w, "- [ ] **%d. %s** %s\n", s.Order, s.Kind, mdEscape(s.Action))
		fmt.Fprintf(w, "  - owners: %s\n", mdEscape(stepOwners(s)))
		if a := afterString(s); a != "" {
			fmt.Fprintf(w, "  - %s\n", a)
		}
		if s.Window != "" {
			fmt.Fprintf(w, "  - when: %s\n", mdEscape(s.Window))
		}
		fmt.Fprintf(w, "  - verify: %s\n", mdEscape(verifyString(s.Verify)))
	}
	fmt.Fprintf(w, "\nAfter the window: `convene verify --plan PLAN.json` (the plan in JSON) reports each step done, not done or unknown.\n")
	return nil
}

// The JSON shapes of a plan's steps; docs/planner.md documents them.
type (
	planStep struct {
		Order         int         `json:"order"`
		Kind          string      `json:"kind"`
		Action        string      `json:"action"`
		Nodes         []string    `json:"nodes"`
		Owners        []planOwner `json:"owners"`
		OwnerFallback bool        `json:"owner_fallback,omitempty"`
		After         []int       `json:"after"`
		Window        string      `json:"window,omitempty"`
		Verify        planVerify  `json:"verify"`
	}
	planVerify struct {
		Fact   string `json:"fact"`
		Node   string `json:"node,omitempty"`
		Target string `json:"target,omitempty"`
		Attr   string `json:"attr,omitempty"`
		Was    string `json:"was,omitempty"`
		Text   string `json:"text"`
	}
)

func jsonSteps(p *planner.Plan) []planStep {
	out := []planStep{}
	for _, s := range p.Steps {
		ps := planStep{Order: s.Order, Kind: string(s.Kind), Action: s.Action, Nodes: s.Nodes, Owners: []planOwner{},
			OwnerFallback: s.OwnerFallback, After: s.After, Window: s.Window,
			Verify: planVerify{string(s.Verify.Fact), s.Verify.Node, s.Verify.Target, s.Verify.Attr, s.Verify.Was, s.Verify.Text}}
		if ps.After == nil {
			ps.After = []int{}
		}
		for _, o := range s.Owners {
			ps.Owners = append(ps.Owners, planOwner{o.ID, o.Via})
		}
		out = append(out, ps)
	}
	return out
}

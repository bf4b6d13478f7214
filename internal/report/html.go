package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/duration"
	"github.com/convene-dev/convene/internal/export"
	"github.com/convene-dev/convene/internal/findings"
	"github.com/convene-dev/convene/internal/planner"
)

//go:embed templates/plan.html
var templates embed.FS

var planTemplate = template.Must(template.ParseFS(templates, "templates/plan.html"))

type (
	htmlPlan struct {
		Title, Risk, Reasons, Ticket, Window string
		Environment, TargetOwner, Impact     string
		ChangeNotes, NoContact               string
		Provenance                           Provenance
		Notes                                []string
		Legend                               []htmlLegend
		Picture                              template.HTML
		Impacted                             []htmlImpact
		Invite                               []htmlInvite
		Steps                                []htmlStep
		Unowned                              []string
		Findings                             []string
	}
	htmlLegend struct{ Class, Colour string }
	htmlImpact struct {
		Class, Colour, ID, Type, Owners, Path, Runs string
		Evidence, Facts                             []string
	}
	htmlInvite struct {
		Who, Roles, Contacts string
		ReferencedOnly       bool
		Why, Questions       []string
	}
	htmlStep struct {
		Order                                     int
		Kind, Action, Owners, After, When, Verify string
	}
)

// planHTML writes one self-contained HTML file: no scripts, no external
// resources, the picture inline as SVG. It carries everything the Markdown
// plan does, and where it came from.
func planHTML(w io.Writer, p *planner.Plan, g *graph.Graph, fs []findings.Finding, prov Provenance) error {
	v := htmlPlan{
		Title:       fmt.Sprintf("Change plan: %s %s", p.Change.Action, targetIDs(p)),
		Risk:        string(p.Risk.Tier),
		Reasons:     strings.Join(p.Risk.Reasons, "; "),
		Ticket:      p.Change.Ticket,
		Environment: p.Change.Environment,
		TargetOwner: ownerList(p.TargetOwners),
		Impact:      impactCounts(p),
		ChangeNotes: p.Change.Notes,
		NoContact:   planner.NoContact,
		Provenance:  prov,
		Notes:       p.Notes,
		Picture:     picture(p, g),
		Unowned:     p.Unowned,
	}
	if v.Provenance.Generated.IsZero() {
		v.Provenance.Generated = p.Made
	}
	for _, f := range fs {
		v.Findings = append(v.Findings, fmt.Sprintf("[%s] %s: %s", f.Severity, f.RuleID, f.Message))
	}
	if p.Change.Window != nil {
		v.Window = p.Change.Window.Start.Format(time.RFC3339) + " for " + duration.Format(p.Change.Window.Duration)
	}
	v.Legend = append(v.Legend, htmlLegend{"target", targetColour})
	for _, c := range planner.Classes {
		v.Legend = append(v.Legend, htmlLegend{string(c), classColours[c]})
	}
	for _, im := range p.Impacted {
		hi := htmlImpact{Class: string(im.Class), Colour: classColours[im.Class], ID: im.Node.ID, Type: im.Node.Type,
			Owners: ownerList(im.Owners), Path: pathString(im.Path), Runs: runsString(im), Facts: im.Facts}
		if im.Because != "" {
			hi.Facts = append([]string{"because: " + im.Because}, hi.Facts...)
		}
		for _, e := range im.Path {
			for _, ev := range e.Evidence {
				hi.Evidence = append(hi.Evidence, string(e.Kind)+": "+ev.String())
			}
		}
		v.Impacted = append(v.Impacted, hi)
	}
	for _, st := range p.Steps {
		v.Steps = append(v.Steps, htmlStep{Order: st.Order, Kind: string(st.Kind), Action: st.Action, Owners: stepOwners(st),
			After: afterString(st), When: st.Window, Verify: verifyString(st.Verify)})
	}
	for _, inv := range p.Invite {
		roles := make([]string, len(inv.Roles))
		for i, r := range inv.Roles {
			roles[i] = string(r)
		}
		who := inv.Owner
		if inv.Name != "" {
			who += " (" + inv.Name + ")"
		}
		v.Invite = append(v.Invite, htmlInvite{Who: who, Roles: strings.Join(roles, ", "), Contacts: contactList(inv.Contacts),
			ReferencedOnly: inv.ReferencedOnly, Why: inv.Why, Questions: inv.Questions})
	}
	return planTemplate.Execute(w, v)
}

// planDOT writes the impacted subgraph through the DOT exporter, each node
// labelled with its impact class.
func planDOT(w io.Writer, p *planner.Plan, g *graph.Graph) error {
	return export.DOT(w, planGraph(p, g), export.DOTOptions{Title: planTitle(p)})
}

// planMermaid draws the same picture as planDOT as a Mermaid flowchart,
// for a Markdown ticket.
func planMermaid(w io.Writer, p *planner.Plan, g *graph.Graph) error {
	return export.Mermaid(w, planGraph(p, g), planTitle(p))
}

func planTitle(p *planner.Plan) string { return fmt.Sprintf("%s %s", p.Change.Action, targetIDs(p)) }

// planGraph is the part of g a plan explains: the targets, the impacted
// nodes and the paths that explain them, each impacted node's name marked
// with its class, without evidence.
func planGraph(p *planner.Plan, g *graph.Graph) *graph.Graph {
	b := graph.NewBuilder()
	class := map[string]string{}
	for _, t := range p.Targets {
		class[t.ID] = "target"
	}
	for _, im := range p.Impacted {
		class[im.Node.ID] = string(im.Class)
		for _, e := range im.Path {
			b.AddEdge(e)
			for _, id := range []string{e.From, e.To} {
				if _, ok := class[id]; !ok {
					class[id] = ""
				}
			}
		}
	}
	for id, c := range class {
		n, _ := g.Node(id)
		n.Evidence = nil
		name := n.Name
		if name == "" {
			name = lastSegment(n.ID)
		}
		if c != "" {
			n.Name = name + " [" + c + "]"
		}
		b.AddNode(n)
	}
	return b.Build()
}

package report

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/duration"
	"github.com/convene-dev/convene/internal/findings"
	"github.com/convene-dev/convene/internal/planner"
	"github.com/convene-dev/convene/schemas"
)

// PlanFormats lists the formats a plan renders to.
var PlanFormats = []string{"text", "md", "json", "html", "dot", "mermaid", "runbook"}

// Provenance says where a report came from; the HTML plan prints it.
type Provenance struct {
	// Version is convene's version.
	Version string
	// Graph is the graph file or snapshot the report was made from.
	Graph string
	// Generated is when the report was made; zero means the plan's Made.
	Generated time.Time
}

// Plan writes an impact plan in the given format, with the findings that
// touch the targets or the impacted nodes.
func Plan(w io.Writer, format string, p *planner.Plan, g *graph.Graph, fs []findings.Finding) error {
	return PlanWith(w, format, p, g, fs, Provenance{})
}

// PlanWith is Plan with the report's provenance, which the HTML plan
// shows.
func PlanWith(w io.Writer, format string, p *planner.Plan, g *graph.Graph, fs []findings.Finding, prov Provenance) error {
	return checked(w, func(w io.Writer) error {
		switch format {
		case "text":
			return planText(w, p, fs, false)
		case "md":
			return planText(w, p, fs, true)
		case "json":
			return planJSON(w, p, fs)
		case "html":
			return planHTML(w, p, g, fs, prov)
		case "dot":
			return planDOT(w, p, g)
		case "mermaid":
			return planMermaid(w, p, g)
		case "runbook":
			return planRunbook(w, p)
		}
		return fmt.Errorf("unknown format %q; choose one of: %s", format, strings.Join(PlanFormats, ", "))
	})
}

func targetIDs(p *planner.Plan) string {
	ids := make([]string, len(p.Targets))
	for i, t := range p.Targets {
		ids[i] = t.ID
	}
	return strings.Join(ids, ", ")
}

func ownerList(os []planner.Owner) string {
	if len(os) == 0 {
		return "NO OWNER"
	}
	parts := make([]string, len(os))
	for i, o := range os {
		parts[i] = o.ID
		if o.Via != "direct" {
			parts[i] += " (" + o.Via + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// impactCounts counts the impacted nodes by class, worst first: "2 breaks,
// 1 update-copy".
func impactCounts(p *planner.Plan) string {
	counts := map[planner.Class]int{}
	for _, im := range p.Impacted {
		counts[im.Class]++
	}
	var cs []string
	for _, c := range planner.Classes {
		if counts[c] > 0 {
			cs = append(cs, fmt.Sprintf("%d %s", counts[c], c))
		}
	}
	if len(cs) == 0 {
		return "nothing depends on the target"
	}
	return strings.Join(cs, ", ")
}

// contactList is an invitee's contacts, "email a@b, slack #c", by kind.
func contactList(contacts map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(contacts)) {
		parts = append(parts, k+" "+contacts[k])
	}
	return strings.Join(parts, ", ")
}

func pathString(path []graph.Edge) string {
	if len(path) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.WriteString(path[0].From)
	for _, e := range path {
		fmt.Fprintf(&sb, " -%s-> %s", e.Kind, e.To)
	}
	return sb.String()
}

func runsString(im planner.Impact) string {
	var parts []string
	for _, r := range im.Runs {
		parts = append(parts, r.UTC().Format("2006-01-02 15:04 MST"))
	}
	s := ""
	if len(parts) > 0 {
		s = "runs in the window: " + strings.Join(parts, ", ")
	} else if im.NextRun != nil {
		s = "no run in the window"
	}
	if im.NextRun != nil {
		s += "; next run after it: " + im.NextRun.UTC().Format("2006-01-02 15:04 MST")
	}
	return s
}

func planText(w io.Writer, p *planner.Plan, fs []findings.Finding, md bool) error {
	ch := p.Change
	title := fmt.Sprintf("Change plan: %s %s", ch.Action, targetIDs(p))
	if md {
		fmt.Fprintf(w, "# %s\n\n", mdEscape(title))
	} else {
		fmt.Fprintf(w, "%s\n%s\n", title, strings.Repeat("=", len([]rune(title))))
	}
	field := func(k, v string) {
		if v == "" {
			return
		}
		if md {
			fmt.Fprintf(w, "- **%s:** %s\n", k, mdEscape(v))
		} else {
			fmt.Fprintf(w, "%-12s %s\n", k+":", v)
		}
	}
	field("Ticket", ch.Ticket)
	if ch.Window != nil {
		field("Window", ch.Window.Start.Format(time.RFC3339)+" for "+duration.Format(ch.Window.Duration))
	}
	field("Environment", ch.Environment)
	field("Risk", fmt.Sprintf("%s — %s", strings.ToUpper(string(p.Risk.Tier)), strings.Join(p.Risk.Reasons, "; ")))
	field("Target owner", ownerList(p.TargetOwners))
	field("Impact", impactCounts(p))
	field("Notes", ch.Notes)
	for _, n := range p.Notes {
		field("Note", n)
	}
	fmt.Fprintln(w)

	section := func(s string) {
		if md {
			fmt.Fprintf(w, "## %s\n\n", s)
		} else {
			fmt.Fprintf(w, "%s\n%s\n", s, strings.Repeat("-", len([]rune(s))))
		}
	}
	section("Impacted")
	if len(p.Impacted) == 0 {
		fmt.Fprintln(w, "Nothing in the graph depends on the target.")
	}
	for _, im := range p.Impacted {
		if md {
			fmt.Fprintf(w, "- **%s** `%s` (%s)\n", im.Class, mdEscape(im.Node.ID), im.Node.Type)
			fmt.Fprintf(w, "  - owners: %s\n", mdEscape(ownerList(im.Owners)))
			fmt.Fprintf(w, "  - why: `%s`\n", mdEscape(pathString(im.Path)))
			for _, e := range im.Path {
				for _, ev := range e.Evidence {
					fmt.Fprintf(w, "    - %s: %s\n", e.Kind, mdEscape(ev.String()))
				}
			}
			if s := runsString(im); s != "" {
				fmt.Fprintf(w, "  - %s\n", s)
			}
			if im.Because != "" {
				fmt.Fprintf(w, "  - because: %s\n", mdEscape(im.Because))
			}
			for _, f := range im.Facts {
				fmt.Fprintf(w, "  - note: %s\n", mdEscape(f))
			}
			continue
		}
		fmt.Fprintf(w, "[%s] %s (%s)\n", im.Class, im.Node.ID, im.Node.Type)
		fmt.Fprintf(w, "    owners: %s\n", ownerList(im.Owners))
		fmt.Fprintf(w, "    why:    %s\n", pathString(im.Path))
		for _, e := range im.Path {
			for _, ev := range e.Evidence {
				fmt.Fprintf(w, "            %s: %s\n", e.Kind, ev)
			}
		}
		if s := runsString(im); s != "" {
			fmt.Fprintf(w, "    %s\n", s)
		}
		if im.Because != "" {
			fmt.Fprintf(w, "    because: %s\n", im.Because)
		}
		for _, f := range im.Facts {
			fmt.Fprintf(w, "    note:   %s\n", f)
		}
	}
	if len(p.Steps) > 0 {
		fmt.Fprintln(w)
		section("Steps")
		writeSteps(w, p, md)
	}
	fmt.Fprintln(w)
	section("Invite")
	for _, inv := range p.Invite {
		roles := make([]string, len(inv.Roles))
		for i, r := range inv.Roles {
			roles[i] = string(r)
		}
		who := inv.Owner
		if inv.Name != "" {
			who += " (" + inv.Name + ")"
		}
		contacts := contactList(inv.Contacts)
		if md {
			fmt.Fprintf(w, "- **%s** — %s\n", mdEscape(who), strings.Join(roles, ", "))
			if contacts != "" {
				fmt.Fprintf(w, "  - contact: %s\n", mdEscape(contacts))
			}
			if inv.ReferencedOnly {
				fmt.Fprintf(w, "  - note: %s\n", planner.NoContact)
			}
			for _, why := range inv.Why {
				fmt.Fprintf(w, "  - why: %s\n", mdEscape(why))
			}
			for _, q := range inv.Questions {
				fmt.Fprintf(w, "  - [ ] %s\n", q)
			}
			continue
		}
		fmt.Fprintf(w, "%s — %s\n", who, strings.Join(roles, ", "))
		if contacts != "" {
			fmt.Fprintf(w, "    contact: %s\n", contacts)
		}
		if inv.ReferencedOnly {
			fmt.Fprintf(w, "    note: %s\n", planner.NoContact)
		}
		for _, why := range inv.Why {
			fmt.Fprintf(w, "    why: %s\n", why)
		}
		for _, q := range inv.Questions {
			fmt.Fprintf(w, "    ask: %s\n", q)
		}
	}
	if len(fs) > 0 {
		fmt.Fprintln(w)
		section("Findings on what the change touches")
		for _, f := range fs {
			if md {
				fmt.Fprintf(w, "- **%s** %s: %s\n", f.Severity, f.RuleID, mdEscape(f.Message))
			} else {
				fmt.Fprintf(w, "[%s] %s: %s\n", f.Severity, f.RuleID, f.Message)
			}
		}
	}
	if len(p.Unowned) > 0 {
		fmt.Fprintln(w)
		section("Unowned")
		for _, id := range p.Unowned {
			if md {
				fmt.Fprintf(w, "- `%s`\n", mdEscape(id))
			} else {
				fmt.Fprintf(w, "%s\n", id)
			}
		}
	}
	return nil
}

// The JSON shapes of a plan; docs/planner.md documents them. Field names
// are stable within a version.
type (
	planDoc struct {
		Schema      string        `json:"$schema"`
		Format      string        `json:"format"`
		Version     int           `json:"version"`
		Change      planChange    `json:"change"`
		Targets     []string      `json:"targets"`
		Risk        planRisk      `json:"risk"`
		Impacted    []planImpact  `json:"impacted"`
		Steps       []planStep    `json:"steps"`
		Invite      []planInvite  `json:"invite"`
		Unowned     []string      `json:"unowned"`
		Findings    []planFinding `json:"findings"`
		Diagnostics []string      `json:"diagnostics"`
		MaxDepth    int           `json:"max_depth"`
		Truncated   bool          `json:"truncated"`
	}
	planChange struct {
		Action      string   `json:"action"`
		Targets     []string `json:"targets"`
		WindowStart string   `json:"window_start,omitempty"`
		WindowEnd   string   `json:"window_end,omitempty"`
		Environment string   `json:"environment,omitempty"`
		Ticket      string   `json:"ticket,omitempty"`
		Notes       string   `json:"notes,omitempty"`
	}
	planRisk struct {
		Tier    string   `json:"tier"`
		Reasons []string `json:"reasons"`
	}
	planImpact struct {
		ID      string      `json:"id"`
		Kind    string      `json:"kind"`
		Type    string      `json:"type"`
		Name    string      `json:"name,omitempty"`
		Impact  string      `json:"impact"`
		Depth   int         `json:"depth"`
		Path    []planEdge  `json:"path"`
		Owners  []planOwner `json:"owners"`
		Runs    []string    `json:"runs,omitempty"`
		NextRun string      `json:"next_run,omitempty"`
		Facts   []string    `json:"facts,omitempty"`
		Because string      `json:"because,omitempty"`
	}
	planEdge struct {
		From     string   `json:"from"`
		To       string   `json:"to"`
		Kind     string   `json:"kind"`
		Evidence []string `json:"evidence"`
	}
	planFinding struct {
		Rule     string   `json:"rule"`
		Severity string   `json:"severity"`
		Message  string   `json:"message"`
		Nodes    []string `json:"nodes"`
	}
	planOwner struct {
		ID  string `json:"id"`
		Via string `json:"via"`
	}
	planInvite struct {
		Owner     string            `json:"owner"`
		Name      string            `json:"name,omitempty"`
		Roles     []string          `json:"roles"`
		Why       []string          `json:"why"`
		Questions []string          `json:"questions"`
		Contacts  map[string]string `json:"contacts,omitempty"`
		// ReferencedOnly marks an owner only hints name: not in the
		// owners file, no contact known.
		ReferencedOnly bool `json:"referenced_only,omitempty"`
	}
)

func planJSON(w io.Writer, p *planner.Plan, fs []findings.Finding) error {
	ch := p.Change
	doc := planDoc{Schema: schemas.Plan, Format: "convene-plan", Version: 1, MaxDepth: p.MaxDepth, Truncated: p.Truncated,
		Change:  planChange{Action: string(ch.Action), Targets: ch.Targets, Environment: ch.Environment, Ticket: ch.Ticket, Notes: ch.Notes},
		Risk:    planRisk{Tier: string(p.Risk.Tier), Reasons: p.Risk.Reasons},
		Unowned: nonNil(p.Unowned), Diagnostics: nonNil(p.Notes), Impacted: []planImpact{}, Invite: []planInvite{}, Findings: []planFinding{}, Steps: jsonSteps(p)}
	for _, f := range fs {
		doc.Findings = append(doc.Findings, planFinding{f.RuleID, string(f.Severity), f.Message, f.Nodes})
	}
	if ch.Window != nil {
		doc.Change.WindowStart = ch.Window.Start.Format(time.RFC3339)
		doc.Change.WindowEnd = ch.Window.End().Format(time.RFC3339)
	}
	for _, t := range p.Targets {
		doc.Targets = append(doc.Targets, t.ID)
	}
	for _, im := range p.Impacted {
		pi := planImpact{ID: im.Node.ID, Kind: string(im.Node.Kind), Type: im.Node.Type, Name: im.Node.Name,
			Impact: string(im.Class), Depth: im.Depth, Facts: im.Facts, Owners: []planOwner{}, Because: im.Because}
		for _, e := range im.Path {
			pe := planEdge{From: e.From, To: e.To, Kind: string(e.Kind), Evidence: []string{}}
			for _, ev := range e.Evidence {
				pe.Evidence = append(pe.Evidence, ev.String())
			}
			pi.Path = append(pi.Path, pe)
		}
		for _, o := range im.Owners {
			pi.Owners = append(pi.Owners, planOwner{o.ID, o.Via})
		}
		for _, r := range im.Runs {
			pi.Runs = append(pi.Runs, r.UTC().Format(time.RFC3339))
		}
		if im.NextRun != nil {
			pi.NextRun = im.NextRun.UTC().Format(time.RFC3339)
		}
		doc.Impacted = append(doc.Impacted, pi)
	}
	for _, inv := range p.Invite {
		pv := planInvite{Owner: inv.Owner, Name: inv.Name, Why: inv.Why, Questions: inv.Questions, Contacts: inv.Contacts, ReferencedOnly: inv.ReferencedOnly}
		for _, r := range inv.Roles {
			pv.Roles = append(pv.Roles, string(r))
		}
		doc.Invite = append(doc.Invite, pv)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

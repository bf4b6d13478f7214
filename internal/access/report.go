package access

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/schemas"
)

// Report answers `convene access`: who can become an identity, and what it
// can become.
type Report struct {
	Target  string  `json:"target"`
	Type    string  `json:"type"`
	Who     []Chain `json:"who_can_become"`
	Becomes []Chain `json:"can_become"`
}

// NewReport builds the report for the node target of g.
func NewReport(g *graph.Graph, target graph.Node) Report {
	r := Report{Target: target.ID, Type: target.Type, Who: Who(g, target.ID), Becomes: Becomes(g, target.ID)}
	if r.Becomes == nil {
		r.Becomes = []Chain{} // an empty list in JSON, not null
	}
	return r
}

// Write renders r as text, md or json.
func (r Report) Write(w io.Writer, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Schema string `json:"$schema"`
			Report
		}{schemas.Access, r})
	case "md":
		return r.write(w, "## ", "- ", "  - ", "`")
	case "", "text":
		return r.write(w, "", "  ", "      ", "")
	}
	return fmt.Errorf("unknown format %q: use text, md or json", format)
}

func (r Report) write(w io.Writer, h, item, step, code string) error {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%saccess of %s%s%s (%s)\n\n", h, code, r.Target, code, r.Type)
	section := func(title string, chains []Chain, from bool) {
		fmt.Fprintf(&sb, "%s%s (%d)\n", h, title, len(chains))
		if h != "" || len(chains) == 0 {
			sb.WriteString("\n")
		}
		for _, c := range chains {
			fmt.Fprintf(&sb, "%s%s%s%s (%s), %d step(s)\n", item, code, c.Node, code, c.Type, len(c.Steps))
			for _, s := range c.Steps {
				fmt.Fprintf(&sb, "%s%s -%s-> %s", step, s.From, s.Kind, s.To)
				if s.Why != "" {
					fmt.Fprintf(&sb, ": %s", s.Why)
				}
				sb.WriteString("\n")
			}
		}
		if len(chains) > 0 {
			sb.WriteString("\n")
		}
	}
	section("who can become it, shortest chain first", r.Who, true)
	section("what it can become", r.Becomes, false)
	_, err := io.WriteString(w, strings.TrimRight(sb.String(), "\n")+"\n")
	return err
}

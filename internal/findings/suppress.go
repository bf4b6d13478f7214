package findings

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/convene-dev/convene/graph"
)

// suppressionAttr is one entry of the "suppressions" attribute the owners
// file puts on the owner who accepted the risk (connectors/ownership's
// SuppressionAttr; a test keeps the two in step).
type suppressionAttr struct {
	Rule    string   `json:"rule"`
	IDs     []string `json:"ids"`
	Reason  string   `json:"reason"`
	Expires string   `json:"expires"`
	File    string   `json:"file"`
	Line    int      `json:"line"`
}

// SuppressionsFrom reads the suppressions the owners file declared, from
// the owner nodes that accepted them. A suppression expires at the end of
// its day (UTC). The reason shown names the owner and where it was written.
// An attribute that cannot be read is returned as an error for the caller
// to report; the others still apply.
func SuppressionsFrom(g *graph.Graph) ([]Suppression, []error) {
	var out []Suppression
	var errs []error
	for _, n := range g.Nodes() {
		raw := n.Attrs[graph.AttrSuppressions]
		if n.Kind != graph.Owner || raw == "" {
			continue
		}
		var list []suppressionAttr
		if err := json.Unmarshal([]byte(raw), &list); err != nil {
			errs = append(errs, fmt.Errorf("suppressions of %s: %w", n.ID, err))
			continue
		}
		for _, s := range list {
			expires, err := time.Parse("2006-01-02", s.Expires)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s:%d: suppression expiry %q: %w", s.File, s.Line, s.Expires, err))
				continue
			}
			globs := s.IDs
			out = append(out, Suppression{
				RuleID:  s.Rule,
				Match:   func(id string) bool { return matchAny(globs, id) },
				Reason:  fmt.Sprintf("%s, accepted by %s until %s (%s:%d)", s.Reason, n.ID, s.Expires, s.File, s.Line),
				Expires: expires.Add(24 * time.Hour),
			})
		}
	}
	return out, errs
}

func matchAny(globs []string, id string) bool {
	for _, g := range globs {
		if ok, _ := doublestar.Match(g, id); ok {
			return true
		}
	}
	return false
}

package ownership

import (
	"slices"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
)

// Suppression silences one findings rule on nodes matching its globs, with
// the reason an owner accepted the risk, until it expires. Every
// suppression names who accepted it, so no finding is silenced
// anonymously or forever.
type Suppression struct {
	Rule    string
	IDs     []string
	Reason  string
	Expires string // YYYY-MM-DD
	// Owner is the node ID of the team or person who accepted the risk.
	Owner string
	Line  int
}

// SuppressionAttr is one entry of the AttrSuppressions attribute, on the
// accepting owner's node; internal/findings reads it.
type SuppressionAttr struct {
	Rule    string   `json:"rule"`
	IDs     []string `json:"ids"`
	Reason  string   `json:"reason"`
	Expires string   `json:"expires"`
	File    string   `json:"file"`
	Line    int      `json:"line"`
}

// AttrSuppressions holds, on an owner node, the suppressions it accepted,
// as a JSON list of SuppressionAttr.
const AttrSuppressions = "suppressions"

var suppressionKeys = []string{"rule", "ids", "reason", "expires", "owner"}

func (p *parser) parseSuppressions(raw *yaml.Node) {
	for _, item := range p.list(raw, "suppressions") {
		fields, ok := p.mapping(item, "a suppression", suppressionKeys)
		if !ok {
			continue
		}
		s := Suppression{Line: yamlnode.Line(item, 1), Rule: p.str(fields["rule"], "suppression rule"),
			Reason: p.str(fields["reason"], "suppression reason"), Expires: p.str(fields["expires"], "suppression expiry")}
		if s.Rule == "" {
			p.errorf(item, "suppression has no rule; name the finding's rule ID, e.g. \"rule: NHI-UNOWNED\"")
		}
		if s.Reason == "" {
			p.errorf(item, "suppression has no reason; say why the risk is accepted")
		}
		if _, err := time.Parse("2006-01-02", s.Expires); err != nil {
			p.errorf(item, "suppression needs \"expires: YYYY-MM-DD\"; a suppression that never ends is a finding nobody will look at again")
		}
		for _, g := range p.strs(fields["ids"], "suppression ids") {
			if msg := checkGlob(g.val); msg != "" {
				p.errorAt(g.line, "%s", msg)
				continue
			}
			if !slices.Contains(s.IDs, g.val) {
				s.IDs = append(s.IDs, g.val)
			}
		}
		if len(s.IDs) == 0 {
			p.errorf(item, "suppression selects nothing; give \"ids: [<glob over node IDs>]\"")
		}
		owners := p.strs(fields["owner"], "suppression owner")
		if len(owners) != 1 {
			p.errorf(item, "suppression needs one owner: the team or person who accepted the risk")
		} else {
			s.Owner = p.owner(owners[0])
		}
		p.f.Suppressions = append(p.f.Suppressions, s)
	}
}

package ownership

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// NormalizeAlias is how aliases are compared: without case and surrounding
// space. internal/owners compares raw owner names the same way.
func NormalizeAlias(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// aliases reads the aliases of an owner. An alias that another owner of
// the file already claims is an error: a raw name must map to one owner.
func (p *parser) aliases(raw *yaml.Node, what, owner string) []string {
	var out []string
	for _, a := range p.strs(raw, what+" aliases") {
		key := NormalizeAlias(a.val)
		switch prev, taken := p.aliasOf[key]; {
		case key == "":
			p.errorAt(a.line, "empty alias in %s; remove it", what)
		case taken && prev.val != owner:
			p.errorAt(a.line, "alias %q of %s is already an alias of %s (line %d); an alias names one owner: remove one", a.val, what, prev.val, prev.line)
		case !slices.Contains(out, key):
			p.aliasOf[key] = scalar{owner, a.line}
			out = append(out, key)
		}
	}
	slices.Sort(out)
	return out
}

package ownership

import (
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
)

func (p *parser) parseTeams(items []*yaml.Node) {
	for _, item := range items {
		fields, ok := p.mapping(item, "a team", teamKeys)
		if !ok {
			continue
		}
		t := Team{Line: yamlnode.Line(item, 1)}
		errsBefore := len(p.errs)
		t.ID = p.str(fields["id"], "team id")
		switch {
		case t.ID == "" && len(p.errs) > errsBefore:
			continue
		case t.ID == "":
			p.errorf(item, "team has no id; add \"id: <team id>\", for example \"id: payments\"")
			continue
		case !teamIDPattern.MatchString(t.ID):
			p.errorf(fields["id"], "team id %q is not valid: use lower-case letters, digits, \".\", \"_\" and \"-\", starting with a letter or digit", t.ID)
			continue
		}
		if prev, dup := p.teams[t.ID]; dup {
			p.errorf(fields["id"], "team id %q is already declared at line %d; give each team a unique id", t.ID, p.f.Teams[prev.idx].Line)
			continue
		}
		what := "team " + strconv.Quote(t.ID)
		t.Name = p.str(fields["name"], what+" name")
		t.Handle = p.str(fields["handle"], what+" handle")
		t.Parent = p.str(fields["parent"], what+" parent")
		t.Roles = p.roles(fields["roles"], what+" roles")
		t.Contacts = p.contacts(fields["contacts"], what)
		t.Aliases = p.aliases(fields["aliases"], what, t.NodeID())
		t.Members = p.members(fields["members"], t.ID, what)
		if len(t.Members) == 0 && t.Contacts == (Contacts{}) {
			p.warnf(t.Line, "%s has no members and no contacts, so nobody can be invited for it; add contacts or members", what)
		}
		p.teams[t.ID] = &teamAcc{idx: len(p.f.Teams), parentLine: yamlnode.Line(fields["parent"], 1)}
		p.f.Teams = append(p.f.Teams, t)
	}
}

func (p *parser) contacts(raw *yaml.Node, what string) Contacts {
	if yamlnode.IsNull(p.deref(raw)) {
		return Contacts{}
	}
	fields, ok := p.mapping(raw, what+" contacts", contactKeys)
	if !ok {
		return Contacts{}
	}
	c := Contacts{
		Email: p.str(fields["email"], what+" contact email"),
		Slack: p.str(fields["slack"], what+" slack"),
		Pager: p.str(fields["pager"], what+" pager"),
	}
	if c.Email != "" && !validEmail(c.Email) {
		p.errorf(fields["email"], "%s contact email %q is not an e-mail address", what, c.Email)
	}
	return c
}

// members reads a team's members: each an e-mail address, or a mapping of
// email, name and handle.
func (p *parser) members(raw *yaml.Node, team, what string) []string {
	var out []string
	for _, item := range p.list(raw, what+" members") {
		n := p.deref(item)
		var email scalar
		var name, handle string
		switch {
		case n != nil && n.Kind == yaml.ScalarNode && !yamlnode.IsNull(n):
			email = scalar{strings.TrimSpace(n.Value), yamlnode.Line(item, 1)}
		case n != nil && n.Kind == yaml.MappingNode:
			fields, _ := p.mapping(item, "a member of "+what, memberKeys)
			email = scalar{p.str(fields["email"], "member email"), yamlnode.Line(fields["email"], 1)}
			name, handle = p.str(fields["name"], "member name"), p.str(fields["handle"], "member handle")
			if email.val == "" && fields != nil && fields["email"] == nil {
				p.errorf(item, "member of %s has no email; add \"email: <address>\": people are identified by e-mail", what)
			}
			if email.val == "" {
				continue
			}
		default:
			p.errorf(item, "each member of %s must be an e-mail address or a mapping of %s, not %s", what, strings.Join(memberKeys, ", "), yamlnode.Describe(n))
			continue
		}
		per := p.person(email, name, handle, yamlnode.Line(item, 1))
		if per == nil {
			continue
		}
		if !slices.Contains(per.Teams, team) {
			per.Teams = append(per.Teams, team)
			out = append(out, per.Email)
		}
	}
	return out
}

// checkParents makes sure every parent is a team of the file and that
// parents form no cycle.
func (p *parser) checkParents() {
	for i, t := range p.f.Teams {
		if t.Parent == "" {
			continue
		}
		line := p.teams[t.ID].parentLine
		if _, ok := p.teams[t.Parent]; !ok {
			if !p.broken {
				p.errorAt(line, "parent %q of team %q is not a team declared in this file%s; declare it under teams or fix the spelling",
					t.Parent, t.ID, didYouMean(t.Parent, p.teamIDs()))
			}
			continue
		}
		// Walk up; report a cycle once, at the first team of it in the file.
		path := []string{t.ID}
		for cur, steps := t.Parent, 0; cur != "" && steps <= len(p.f.Teams); steps++ {
			path = append(path, cur)
			if cur == t.ID {
				if p.firstOfCycle(i, path) {
					p.errorAt(line, "teams %s form a cycle of parents; a team cannot be its own ancestor", strings.Join(path, " -> "))
				}
				break
			}
			acc, ok := p.teams[cur]
			if !ok {
				break
			}
			cur = p.f.Teams[acc.idx].Parent
		}
	}
}

func (p *parser) firstOfCycle(i int, cycle []string) bool {
	for _, id := range cycle {
		if p.teams[id].idx < i {
			return false
		}
	}
	return true
}

func (p *parser) teamIDs() []string {
	ids := make([]string, 0, len(p.f.Teams))
	for _, t := range p.f.Teams {
		ids = append(ids, t.ID)
	}
	return ids
}

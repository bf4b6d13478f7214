package ownership

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// The attributes of owner nodes (docs/owners-file.md describes them).
const (
	// AttrEmail, AttrSlack and AttrPager are a team's contacts; AttrEmail is
	// also a person's address.
	AttrEmail = "email"
	AttrSlack = "slack"
	AttrPager = "pager"
	// AttrHandle is a team's or person's handle, such as a GitHub @login.
	AttrHandle = "handle"
	// AttrParent is the id of the team a team belongs to.
	AttrParent = "parent"
	// AttrRoles lists the functional roles filled, a sorted JSON list.
	AttrRoles = graph.AttrRoles
	// AttrMembers is a team's members' e-mail addresses as a sorted JSON
	// list.
	AttrMembers = "members"
	// AttrTeams lists the ids of the teams a person is a member of, a
	// sorted JSON list.
	AttrTeams = "teams"
	// AttrAliases is the owner's aliases, normalised, as a sorted JSON
	// list.
	AttrAliases = "aliases"
	// AttrOwnerRules holds the rules that make the node an owner, as a JSON
	// list of RuleAttr. internal/link applies them once every connector ran.
	AttrOwnerRules = "owner_rules"
)

// RuleAttr is one entry of the AttrOwnerRules attribute. internal/link reads
// the same JSON; the two must change together.
type RuleAttr struct {
	IDs      []string `json:"ids,omitempty"`
	Kind     string   `json:"kind,omitempty"`
	Type     string   `json:"type,omitempty"`
	TagKey   string   `json:"tag_key,omitempty"`
	TagValue string   `json:"tag_value,omitempty"`
	File     string   `json:"file"`
	Line     int      `json:"line"`
}

// emit writes the owners of every file into b. A team or person declared in
// several files is reported once per file, and the builder merges the
// reports; the rules and team memberships gathered from all files are given
// whole to every report, so they merge without conflict.
func emit(files []*File, b *graph.Builder) {
	sups := make(map[string][]SuppressionAttr)
	for _, f := range files {
		for _, s := range f.Suppressions {
			if s.Owner != "" {
				sups[s.Owner] = append(sups[s.Owner], SuppressionAttr{Rule: s.Rule, IDs: s.IDs, Reason: s.Reason, Expires: s.Expires, File: f.attrName(), Line: s.Line})
			}
		}
	}
	for _, f := range files {
		emitCopies(f, b)
	}
	rules := make(map[string][]RuleAttr)
	teamsOf := make(map[string][]string)
	for _, f := range files {
		for _, r := range f.Rules {
			a := RuleAttr{IDs: r.IDs, Kind: r.Kind, Type: r.Type, TagKey: r.TagKey, TagValue: r.TagValue, File: f.attrName(), Line: r.Line}
			for _, o := range r.Owners {
				rules[o] = append(rules[o], a)
			}
		}
		for _, per := range f.People {
			teamsOf[per.Email] = append(teamsOf[per.Email], per.Teams...)
		}
	}
	for _, rs := range rules {
		slices.SortStableFunc(rs, func(a, b RuleAttr) int {
			return cmp.Or(strings.Compare(a.File, b.File), a.Line-b.Line)
		})
	}
	for _, f := range files {
		for _, t := range f.Teams {
			attrs := map[string]string{}
			set(attrs, AttrEmail, t.Contacts.Email)
			set(attrs, AttrSlack, t.Contacts.Slack)
			set(attrs, AttrPager, t.Contacts.Pager)
			set(attrs, AttrHandle, t.Handle)
			set(attrs, AttrParent, t.Parent)
			set(attrs, AttrRoles, joinRoles(t.Roles))
			if len(t.Aliases) > 0 {
				attrs[AttrAliases] = graph.EncodeList(t.Aliases)
			}
			if len(t.Members) > 0 {
				attrs[AttrMembers] = graph.EncodeList(slices.Sorted(slices.Values(t.Members)))
			}
			if rs := rules[t.NodeID()]; len(rs) > 0 {
				attrs[AttrOwnerRules] = toJSON(rs)
			}
			if ss := sups[t.NodeID()]; len(ss) > 0 {
				attrs[AttrSuppressions] = toJSON(ss)
			}
			b.AddNode(graph.Node{ID: t.NodeID(), Kind: graph.Owner, Type: graph.TypeTeam, Name: t.Name,
				Attrs: attrs, Evidence: evidence(f.Path, t.Line)})
		}
		for _, per := range f.People {
			attrs := map[string]string{AttrEmail: per.Email}
			set(attrs, AttrHandle, per.Handle)
			set(attrs, AttrRoles, joinRoles(per.Roles))
			if len(per.Aliases) > 0 {
				attrs[AttrAliases] = graph.EncodeList(per.Aliases)
			}
			teams := slices.Compact(slices.Sorted(slices.Values(teamsOf[per.Email])))
			if len(teams) > 0 {
				attrs[AttrTeams] = graph.EncodeList(teams)
			}
			if rs := rules[per.NodeID()]; len(rs) > 0 {
				attrs[AttrOwnerRules] = toJSON(rs)
			}
			if ss := sups[per.NodeID()]; len(ss) > 0 {
				attrs[AttrSuppressions] = toJSON(ss)
			}
			b.AddNode(graph.Node{ID: per.NodeID(), Kind: graph.Owner, Type: graph.TypePerson, Name: per.Name,
				Attrs: attrs, Evidence: evidence(f.Path, per.Line)})
		}
	}
}

// attrName is how attributes cite the file: relative to the scanned root.
func (f *File) attrName() string {
	if f.Name != "" {
		return f.Name
	}
	return f.Path
}

func evidence(path string, line int) []graph.Evidence {
	return []graph.Evidence{{Connector: Name, Source: path, Line: line, Basis: graph.Declared}}
}

func set(attrs map[string]string, k, v string) {
	if v != "" {
		attrs[k] = v
	}
}

func joinRoles(roles []Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	return graph.EncodeList(names)
}

// toJSON encodes v compactly, leaving <, > and & as they are so globs read
// as written.
func toJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("ownership: encode attribute: " + err.Error()) // strings and ints always encode
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

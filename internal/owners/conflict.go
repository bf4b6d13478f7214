package owners

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// conflicts explains where the sources of a node's owners disagree:
//   - within one source, two claims (two owners-file rules, two tags, two
//     catalog entities) that name different owners;
//   - between sources, a weaker source naming owners the strongest does
//     not, or leaving out some it names.
//
// Nothing is resolved away: the strongest source's owners are effective,
// and every disagreement is kept for a reviewer.
func conflicts(owners []Owner) []string {
	bySource := map[Source]map[string]bool{}
	claims := map[Source]map[string]map[string]bool{} // source -> claim -> owners
	var order []Source
	for _, o := range owners {
		if o.Source == Inherited {
			continue
		}
		if bySource[o.Source] == nil {
			bySource[o.Source] = map[string]bool{}
			claims[o.Source] = map[string]map[string]bool{}
			order = append(order, o.Source)
		}
		bySource[o.Source][o.ID] = true
		for _, ev := range o.Evidence {
			c := claimOf(o.Source, ev)
			if claims[o.Source][c] == nil {
				claims[o.Source][c] = map[string]bool{}
			}
			claims[o.Source][c][o.ID] = true
		}
	}
	var out []string
	for _, src := range order {
		cs := claims[src]
		if len(cs) < 2 {
			continue
		}
		keys := slices.Sorted(maps.Keys(cs))
		first := setString(cs[keys[0]])
		for _, k := range keys[1:] {
			if setString(cs[k]) != first {
				var parts []string
				for _, k := range keys {
					parts = append(parts, fmt.Sprintf("%s says %s", k, setString(cs[k])))
				}
				out = append(out, fmt.Sprintf("%s disagrees with itself: %s", src, strings.Join(parts, "; ")))
				break
			}
		}
	}
	if len(order) > 1 {
		best := setString(bySource[order[0]])
		for _, src := range order[1:] {
			if s := setString(bySource[src]); s != best {
				out = append(out, fmt.Sprintf("%s names %s, but %s (which takes precedence) names %s", src, s, order[0], best))
			}
		}
	}
	return out
}

// claimOf names the statement a piece of evidence makes, so that two
// rules of one file are two claims but the sections of one CODEOWNERS
// file are one.
func claimOf(src Source, ev graph.Evidence) string {
	switch src {
	case CodeOwners:
		return ev.Source
	case Tag:
		return ev.Note // the tag and its value
	}
	if ev.Line > 0 {
		return fmt.Sprintf("%s:%d", ev.Source, ev.Line)
	}
	if ev.Note != "" {
		return ev.Source + " (" + ev.Note + ")"
	}
	return ev.Source
}

func setString(s map[string]bool) string {
	return strings.Join(slices.Sorted(maps.Keys(s)), ", ")
}

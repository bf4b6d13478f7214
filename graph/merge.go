package graph

import (
	"fmt"
	"maps"
	"slices"
)

func sortReports[T any](reports []T, evidence func(T) []Evidence) {
	if len(reports) < 2 {
		return
	}
	slices.SortStableFunc(reports, func(a, b T) int {
		ea, eb := evidence(a), evidence(b)
		for i := 0; i < len(ea) && i < len(eb); i++ {
			if c := compareEvidence(ea[i], eb[i]); c != 0 {
				return c
			}
		}
		return len(ea) - len(eb)
	})
}

func mergeNodes(reports []Node) Node {
	if len(reports) == 1 {
		n := reports[0]
		n.Evidence = normEvidence(n.Evidence)
		return n
	}
	sortReports(reports, func(n Node) []Evidence { return n.Evidence })
	out := Node{ID: reports[0].ID}
	var evs []Evidence
	for _, r := range reports {
		evs = append(evs, r.Evidence...)
		by := firstEvidence(r.Evidence)
		mergeField(&out.Kind, r.Kind, "kind", by, &evs)
		mergeField(&out.Type, r.Type, "type", by, &evs)
		mergeField(&out.Name, r.Name, "name", by, &evs)
		out.Attrs = mergeAttrs(out.Attrs, r.Attrs, by, &evs)
		switch {
		case r.Schedule == nil:
		case out.Schedule == nil:
			s := *r.Schedule
			out.Schedule = &s
		case *out.Schedule != *r.Schedule:
			evs = append(evs, conflict(by, "schedule", r.Schedule.Expr, out.Schedule.Expr))
		}
	}
	out.Evidence = normEvidence(evs)
	return out
}

func mergeEdges(reports []Edge) Edge {
	if len(reports) == 1 {
		e := reports[0]
		e.Evidence = normEvidence(e.Evidence)
		return e
	}
	sortReports(reports, func(e Edge) []Evidence { return e.Evidence })
	out := Edge{From: reports[0].From, To: reports[0].To, Kind: reports[0].Kind}
	var evs []Evidence
	for _, r := range reports {
		evs = append(evs, r.Evidence...)
		out.Attrs = mergeAttrs(out.Attrs, r.Attrs, firstEvidence(r.Evidence), &evs)
	}
	out.Evidence = normEvidence(evs)
	return out
}

func mergeField[T ~string](dst *T, v T, field string, by Evidence, evs *[]Evidence) {
	switch {
	case v == "" || v == *dst:
	case *dst == "":
		*dst = v
	default:
		*evs = append(*evs, conflict(by, field, string(v), string(*dst)))
	}
}

func mergeAttrs(dst, src map[string]string, by Evidence, evs *[]Evidence) map[string]string {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = make(map[string]string, len(src))
	}
	for _, k := range slices.Sorted(maps.Keys(src)) {
		v := src[k]
		old, ok := dst[k]
		switch {
		case !ok:
			dst[k] = v
		case old != v:
			*evs = append(*evs, conflict(by, "attribute "+k, v, old))
		}
	}
	return dst
}

// conflict records a value that lost to an earlier report as evidence.
func conflict(by Evidence, field, value, kept string) Evidence {
	by.Note = fmt.Sprintf("conflicting %s %q (kept %q)", field, value, kept)
	return by
}

func firstEvidence(evs []Evidence) Evidence {
	if len(evs) == 0 {
		return Evidence{}
	}
	return evs[0]
}

// normEvidence sorts evidence and removes repeats. It leaves a slice that is
// already in order alone and otherwise works on a copy, because connectors
// may share one evidence slice between several nodes and edges.
func normEvidence(evs []Evidence) []Evidence {
	if len(evs) < 2 {
		return evs
	}
	inOrder := true
	for i := 1; i < len(evs); i++ {
		if compareEvidence(evs[i-1], evs[i]) >= 0 {
			inOrder = false
			break
		}
	}
	if inOrder {
		return evs
	}
	evs = slices.Clone(evs)
	slices.SortFunc(evs, compareEvidence)
	return slices.CompactFunc(evs, equalEvidence)
}

func cloneNode(n Node) Node {
	n.Attrs = maps.Clone(n.Attrs)
	n.Evidence = slices.Clone(n.Evidence)
	if n.Schedule != nil {
		s := *n.Schedule
		n.Schedule = &s
	}
	return n
}

func cloneEdge(e Edge) Edge {
	e.Attrs = maps.Clone(e.Attrs)
	e.Evidence = slices.Clone(e.Evidence)
	return e
}

package graph

// interner shares equal values between the nodes and edges of one graph,
// so that a million edges with the same evidence hold one copy of it. Items
// of a Graph are read-only, so sharing is safe.
type interner struct {
	strs map[string]string
	evs  map[Evidence][]Evidence
	// shared says every item's evidence went through evidence already.
	shared bool
}

func newInterner() *interner {
	return &interner{strs: make(map[string]string), evs: make(map[Evidence][]Evidence)}
}

// str returns the graph's copy of s.
func (in *interner) str(s string) string {
	if s == "" {
		return ""
	}
	if t, ok := in.strs[s]; ok {
		return t
	}
	in.strs[s] = s
	return s
}

// bytes returns the graph's copy of the string b holds, allocating only
// for a value not met before.
func (in *interner) bytes(b []byte) string {
	if t, ok := in.strs[string(b)]; ok {
		return t
	}
	t := string(b)
	in.strs[t] = t
	return t
}

// evidence returns a shared copy of a one-item evidence list, the common
// case; longer lists and observed evidence are kept as they are. The shared
// slice has its capacity cut to its length, so an append by a reader copies.
func (in *interner) evidence(evs []Evidence) []Evidence {
	if len(evs) != 1 || evs[0].Observed != nil {
		return evs
	}
	if s, ok := in.evs[evs[0]]; ok {
		return s
	}
	evs = evs[:1:1]
	in.evs[evs[0]] = evs
	return evs
}

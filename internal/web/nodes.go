package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners"
)

// The API's JSON shapes for nodes. They translate graph types; the graph
// carries no output tags.
type (
	nodeSummary struct {
		ID   string `json:"id"`
		Kind string `json:"kind"`
		Type string `json:"type"`
		Name string `json:"name,omitempty"`
	}
	nodeList struct {
		Nodes     []nodeSummary `json:"nodes"`
		Truncated bool          `json:"truncated"`
	}
	evidenceDoc struct {
		Connector string          `json:"connector"`
		Source    string          `json:"source,omitempty"`
		Line      int             `json:"line,omitempty"`
		Basis     string          `json:"basis,omitempty"`
		Note      string          `json:"note,omitempty"`
		Observed  *observationDoc `json:"observed,omitempty"`
		Text      string          `json:"text"`
	}
	observationDoc struct {
		FirstSeen time.Time `json:"first_seen"`
		LastSeen  time.Time `json:"last_seen"`
		Count     int64     `json:"count"`
		Sources   []string  `json:"sources,omitempty"`
	}
	ownerDoc struct {
		ID        string        `json:"id"`
		Name      string        `json:"name,omitempty"`
		Raw       string        `json:"raw,omitempty"`
		Source    string        `json:"source"`
		Effective bool          `json:"effective"`
		Via       string        `json:"via,omitempty"`
		Evidence  []evidenceDoc `json:"evidence"`
	}
	edgeDoc struct {
		From     string            `json:"from"`
		To       string            `json:"to"`
		Kind     string            `json:"kind"`
		Attrs    map[string]string `json:"attributes,omitempty"`
		Evidence []evidenceDoc     `json:"evidence"`
		// Peer is the node at the other end, for drawing it.
		Peer nodeSummary `json:"peer"`
	}
	nodeDoc struct {
		nodeSummary
		Attrs     map[string]string `json:"attributes"`
		Schedule  *scheduleDoc      `json:"schedule,omitempty"`
		Evidence  []evidenceDoc     `json:"evidence"`
		Ownable   bool              `json:"ownable"`
		Owners    []ownerDoc        `json:"owners"`
		Conflicts []string          `json:"owner_conflicts,omitempty"`
		Out       []edgeDoc         `json:"out"`
		In        []edgeDoc         `json:"in"`
	}
	scheduleDoc struct {
		Expr     string `json:"expr"`
		Dialect  string `json:"dialect,omitempty"`
		TimeZone string `json:"time_zone,omitempty"`
	}
)

func summary(n graph.Node) nodeSummary {
	return nodeSummary{ID: n.ID, Kind: string(n.Kind), Type: n.Type, Name: n.Name}
}

func evidence(evs []graph.Evidence) []evidenceDoc {
	out := make([]evidenceDoc, 0, len(evs))
	for _, ev := range evs {
		d := evidenceDoc{Connector: ev.Connector, Source: ev.Source, Line: ev.Line, Basis: string(ev.Basis), Note: ev.Note, Text: ev.String()}
		if o := ev.Observed; o != nil {
			d.Observed = &observationDoc{FirstSeen: o.FirstSeen, LastSeen: o.LastSeen, Count: o.Count, Sources: o.Sources}
		}
		out = append(out, d)
	}
	return out
}

// searchNodes answers GET /api/v1/nodes?q=&kind=&limit=. Matches rank an
// exact ID first, then an exact name, an ID suffix after a separator, an
// ID prefix, and any other ID or name containing q, without case.
func (h *Handler) searchNodes(w http.ResponseWriter, r *http.Request) {
	s := h.state(w, r)
	if s == nil {
		return
	}
	q := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("q")))
	kind := r.URL.Query().Get("kind")
	if kind != "" && !slices.Contains(graph.NodeKinds, graph.NodeKind(kind)) {
		problem(w, r, http.StatusBadRequest, "kind "+strconv.Quote(kind)+": choose one of "+kindList())
		return
	}
	limit := 20
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			problem(w, r, http.StatusBadRequest, "limit "+strconv.Quote(v)+": give a number from 1 to 500")
			return
		}
		limit = n
	}
	type hit struct {
		rank int
		n    graph.Node
	}
	var hits []hit
	for _, n := range s.Graph.Nodes() {
		if kind != "" && string(n.Kind) != kind {
			continue
		}
		if rank := matchRank(n, q); rank >= 0 {
			hits = append(hits, hit{rank, n})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(a.rank, b.rank) })
	out := nodeList{Nodes: []nodeSummary{}, Truncated: len(hits) > limit}
	for _, h := range hits[:min(limit, len(hits))] {
		out.Nodes = append(out.Nodes, summary(h.n))
	}
	writeJSON(w, out)
}

func matchRank(n graph.Node, q string) int {
	if q == "" {
		return 5
	}
	id, name := strings.ToLower(n.ID), strings.ToLower(n.Name)
	switch {
	case id == q:
		return 0
	case name == q:
		return 1
	case strings.HasSuffix(id, q) && len(id) > len(q) && strings.ContainsRune("/:@.", rune(id[len(id)-len(q)-1])):
		return 2
	case strings.HasPrefix(id, q):
		return 3
	case strings.Contains(id, q), strings.Contains(name, q):
		return 4
	}
	return -1
}

func kindList() string {
	names := make([]string, len(graph.NodeKinds))
	for i, k := range graph.NodeKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// node answers GET /api/v1/nodes/{id}: the node, its owners with where
// each came from, and its edges both ways with their evidence. The ID may
// also be a unique suffix or a name, as on the command line.
func (h *Handler) node(w http.ResponseWriter, r *http.Request) {
	s := h.state(w, r)
	if s == nil {
		return
	}
	// PathValue is unescaped already: %2F is a slash of the ID, and the
	// ID's own slashes may also be sent as they are.
	n, err := s.Graph.Resolve(r.PathValue("id"))
	if err != nil {
		errorProblem(w, r, err)
		return
	}
	d := nodeDoc{nodeSummary: summary(n), Attrs: n.Attrs, Evidence: evidence(n.Evidence), Owners: []ownerDoc{},
		Ownable: owners.Ownable(n), Out: []edgeDoc{}, In: []edgeDoc{}}
	if d.Attrs == nil {
		d.Attrs = map[string]string{}
	}
	if sc := n.Schedule; sc != nil {
		d.Schedule = &scheduleDoc{Expr: sc.Expr, Dialect: string(sc.Dialect), TimeZone: sc.TimeZone}
	}
	if no := s.Owners.Of(n.ID); no != nil {
		for _, o := range no.Owners {
			d.Owners = append(d.Owners, ownerDoc{ID: o.ID, Name: o.Name, Raw: o.Raw, Source: string(o.Source),
				Effective: o.Effective, Via: o.Via, Evidence: evidence(o.Evidence)})
		}
		d.Conflicts = no.Conflicts
	}
	edge := func(e graph.Edge, peer string) edgeDoc {
		p, _ := s.Graph.Node(peer)
		return edgeDoc{From: e.From, To: e.To, Kind: string(e.Kind), Attrs: e.Attrs, Evidence: evidence(e.Evidence), Peer: summary(p)}
	}
	for _, e := range s.Graph.Out(n.ID) {
		d.Out = append(d.Out, edge(e, e.To))
	}
	for _, e := range s.Graph.In(n.ID) {
		d.In = append(d.In, edge(e, e.From))
	}
	writeJSON(w, d)
}

package link

import (
	"fmt"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

const observedRule = "link/observed"

// obsMatcher holds what matching needs of the linked graph.
type obsMatcher struct {
	g   *graph.Graph
	obs config.Observed
	// secretsByName maps a Secrets Manager secret's name to its ARNs.
	secretsByName map[string][]string
	// hostAddrs maps an address to the host whose etc/hosts gives it.
	hostAddrs map[string]string
}

func newObsMatcher(g *graph.Graph, obs config.Observed) *obsMatcher {
	m := &obsMatcher{g: g, obs: obs, secretsByName: map[string][]string{}, hostAddrs: map[string]string{}}
	for _, n := range g.Nodes() {
		switch {
		case n.Type == graph.TypeAWSSecret && n.Name != "":
			m.secretsByName[n.Name] = append(m.secretsByName[n.Name], n.ID)
		case n.Type == graph.TypeHost && n.Attrs[graph.AttrAddresses] != "":
			for _, a := range graph.DecodeList(n.Attrs[graph.AttrAddresses]) {
				m.hostAddrs[a] = n.ID
			}
		}
	}
	return m
}

// hostOf returns the node ID of the host an address belongs to: the
// configuration's observed.addresses first, then the hosts' own etc/hosts.
func (m *obsMatcher) hostOf(addr string) string {
	if h := m.obs.HostOf(addr); h != "" {
		return "host:" + h
	}
	return m.hostAddrs[addr]
}

// resolve adds one use to b: observed evidence on the configured edges it
// matches, else an observed client.
func (m *obsMatcher) resolve(n graph.Node, b *graph.Builder) {
	u := readUse(n)
	if u.object == "" || u.client == "" || !u.kind.Valid() {
		return
	}
	u.object = m.objectID(u)
	if _, ok := m.g.Node(u.object); !ok {
		// What the trail shows exists, though no source listed it.
		b.AddNode(graph.Node{ID: u.object, Kind: kindOf(u.objectType), Type: u.objectType, Name: nameOf(u.object),
			Evidence: u.evidence("named by an audit trail; no inventory listed it")})
	}
	if edges, why := m.configured(u); len(edges) > 0 {
		for _, e := range edges {
			b.AddEdge(graph.Edge{From: e.From, To: e.To, Kind: e.Kind,
				Evidence: u.evidence(fmt.Sprintf("%s: %s", observedRule, why))})
		}
		return
	}
	m.client(u, b)
}

// objectID resolves a secret named by name to the secret of that name the
// inventory lists, when there is exactly one.
func (m *obsMatcher) objectID(u observedUse) string {
	if name, ok := strings.CutPrefix(u.object, "aws-secretsmanager:"); ok {
		if arns := m.secretsByName[name]; len(arns) == 1 {
			return arns[0]
		}
	}
	if strings.HasPrefix(u.object, "arn:aws:secretsmanager:") {
		// A partial ARN (no random suffix) names the secret it prefixes.
		if _, ok := m.g.Node(u.object); !ok {
			if _, name, ok := strings.Cut(u.object, ":secret:"); ok {
				for _, arn := range m.secretsByName[name] {
					if strings.HasPrefix(arn, u.object) {
						return arn
					}
				}
			}
		}
	}
	return u.object
}

// consumerKinds are the configured edges into a credential or role that an
// observed use of each kind can confirm.
var consumerKinds = map[graph.EdgeKind][]graph.EdgeKind{
	graph.Reads:           {graph.Reads, graph.Uses},
	graph.Uses:            {graph.Uses, graph.Reads},
	graph.Assumes:         {graph.Assumes},
	graph.AuthenticatesAs: {graph.AuthenticatesAs},
}

// configured returns the configured edges into the object that the use
// confirms, and why.
func (m *obsMatcher) configured(u observedUse) ([]graph.Edge, string) {
	var cands []graph.Edge
	for _, e := range m.g.In(u.object) {
		if slices.Contains(consumerKinds[u.kind], e.Kind) && !observedOnly(e) {
			cands = append(cands, e)
		}
	}
	if len(cands) == 0 {
		return nil, ""
	}
	// By identity: the consumer is the subject, holds the subject's
	// account root trust, or reaches the subject by runs_as,
	// authenticates_as, assumes, uses or key_of.
	if u.subject != "" {
		var hit []graph.Edge
		for _, e := range cands {
			if e.From == u.subject || e.From == accountRoot(u.subject) && u.kind == graph.Assumes || m.reaches(e.From, u.subject) {
				hit = append(hit, e)
			}
		}
		if sa := u.node.Attrs[graph.AttrServiceAccount]; sa != "" && len(hit) > 1 {
			hit = m.narrowToAccount(hit, sa)
		}
		switch {
		case len(hit) == 1 && u.kind != graph.Uses:
			return hit, fmt.Sprintf("the trail's principal %s is how this consumer authenticates", u.subject)
		case len(hit) > 1 && u.kind != graph.Uses:
			return hit, fmt.Sprintf("the trail's principal %s is how %d consumers authenticate; the trail cannot tell them apart", u.subject, len(hit))
		}
	}
	// By host: the use came from an address of a host, and the consumer
	// lives on that host.
	for _, addr := range u.addresses() {
		host := m.hostOf(addr)
		if host == "" {
			continue
		}
		var hit []graph.Edge
		for _, e := range cands {
			if m.onHost(e.From, host) {
				hit = append(hit, e)
			}
		}
		if len(hit) > 0 {
			return hit, fmt.Sprintf("used from %s, an address of %s, where this consumer runs", addr, host)
		}
	}
	return nil, ""
}

// observedOnly reports whether every piece of an edge's evidence is
// observed: such an edge is itself a finding of this rule, not a
// configured dependency.
func observedOnly(e graph.Edge) bool {
	for _, ev := range e.Evidence {
		if ev.Basis != graph.Observed {
			return false
		}
	}
	return len(e.Evidence) > 0
}

// identityEdges are the edges by which a consumer presents an identity.
var identityEdges = []graph.EdgeKind{graph.RunsAs, graph.AuthenticatesAs, graph.Assumes, graph.Uses, graph.KeyOf, graph.CopyOf}

// reaches reports whether from reaches to within three identity steps.
func (m *obsMatcher) reaches(from, to string) bool {
	for _, s := range m.g.Walk(from, graph.Dependencies, 3, func(e graph.Edge) bool { return slices.Contains(identityEdges, e.Kind) }) {
		if s.Node.ID == to {
			return true
		}
	}
	return false
}

// onHost reports whether a consumer lives on host: part_of it, or used by
// something that is.
func (m *obsMatcher) onHost(id, host string) bool {
	for _, e := range m.g.Out(id) {
		if e.Kind == graph.PartOf && e.To == host {
			return true
		}
	}
	return false
}

// narrowToAccount keeps the consumers that are, or run as, the Kubernetes
// service account ns/name the login named.
func (m *obsMatcher) narrowToAccount(edges []graph.Edge, sa string) []graph.Edge {
	ns, name, _ := strings.Cut(sa, "/")
	suffix := "/" + ns + "/serviceaccount/" + name
	var out []graph.Edge
	for _, e := range edges {
		if strings.HasSuffix(e.From, suffix) {
			out = append(out, e)
			continue
		}
		for _, r := range m.g.Out(e.From) {
			if r.Kind == graph.RunsAs && strings.HasSuffix(r.To, suffix) {
				out = append(out, e)
				break
			}
		}
	}
	if len(out) == 0 {
		return edges
	}
	return out
}

// accountRoot is the account principal of an IAM ARN.
func accountRoot(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" || parts[4] == "" {
		return ""
	}
	return "arn:aws:iam::" + parts[4] + ":root"
}

func kindOf(typ string) graph.NodeKind {
	switch typ {
	case graph.TypeAWSRole, graph.TypeVaultAuthRole, graph.TypeVaultAuthUser, graph.TypeAWSUser:
		return graph.Identity
	}
	return graph.Credential
}

func nameOf(id string) string {
	if i := strings.LastIndexAny(id, "/:"); i >= 0 && i < len(id)-1 {
		return id[i+1:]
	}
	return id
}

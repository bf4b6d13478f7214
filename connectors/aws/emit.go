package aws

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/iampolicy"
)

// emitter turns inventories into nodes and edges. References to secrets,
// parameters and roles are resolved after every inventory is in, so that a
// Lambda read from one file meets the secret listed in another.
type emitter struct {
	b *graph.Builder

	// roles maps account -> role name -> role ARN (with its path), to
	// resolve assumed-role session ARNs.
	roles map[string]map[string]string
	// users maps a user name to the ARNs of users so named, to link
	// access keys, which name only the user.
	users map[string][]string
	// secrets maps a listed secret's ARN to its name; params holds the
	// ARNs of parameters and unlisted secrets that consumers read.
	secrets map[string]string
	params  map[string]bool
	// policies are kept for grants, which need every secret known.
	policies []policyDoc
	// attachedIn maps a policy ARN to the accounts whose principals
	// attach it.
	attachedIn map[string]map[string]bool
	reads      []pendingRead
	// accounts already given a node, per source.
	accounts map[string]bool
	// iamRead are the accounts whose IAM was read (authorization details,
	// live), marked iam_read in finish.
	iamRead map[string]*source
	// listed maps a user ARN to the keys ListAccessKeys gave for it;
	// reportKeys are the credential reports' key slots, met with them in
	// finish.
	listed     map[string][]listedKey
	reportKeys []reportKey
}

type policyDoc struct {
	id string
	// accounts are those whose identities hold the policy: its own for
	// customer-managed and inline policies, the attaching ones for
	// AWS-managed policies, which one node stands for in every account.
	accounts map[string]bool
	doc      iampolicy.Policy
	src      *source
	line     int
}

type pendingRead struct {
	from, ref string
	attrs     map[string]string
	src       *source
	line      int
}

func newEmitter(b *graph.Builder) *emitter {
	return &emitter{
		b: b, roles: make(map[string]map[string]string), users: make(map[string][]string), secrets: make(map[string]string),
		params: make(map[string]bool), accounts: make(map[string]bool),
		attachedIn: make(map[string]map[string]bool),
		iamRead:    make(map[string]*source), listed: make(map[string][]listedKey),
	}
}

func (e *emitter) evidence(src *source, line int, basis graph.Basis) []graph.Evidence {
	return []graph.Evidence{{Connector: Name, Source: src.name, Line: line, Basis: basis}}
}

// node reports n with evidence, and its part_of edge to its account.
func (e *emitter) node(n graph.Node, src *source, basis graph.Basis) {
	e.nodeAt(n, src, src.line(n.ID), basis)
}

// nodeAt is node with the line given, for IDs that differ from the text
// the source wrote (a task definition without its revision).
func (e *emitter) nodeAt(n graph.Node, src *source, line int, basis graph.Basis) {
	n.Evidence = e.evidence(src, line, basis)
	e.b.AddNode(n)
	if a, ok := parseARN(n.ID); ok && accountID.MatchString(a.Account) {
		e.account(a.Account, src)
		e.b.AddEdge(graph.Edge{From: n.ID, To: accountNodeID(a.Account), Kind: graph.PartOf,
			Evidence: e.evidence(src, line, graph.Declared)})
	}
}

// ref reports a node met only as a reference, so that edges to it land.
func (e *emitter) ref(id string, src *source, line int) {
	n := refNode(id)
	n.Evidence = e.evidence(src, line, graph.Declared)
	e.b.AddNode(n)
}

func (e *emitter) account(id string, src *source) {
	key := id + "\x00" + src.name
	if e.accounts[key] {
		return
	}
	e.accounts[key] = true
	e.b.AddNode(graph.Node{ID: accountNodeID(id), Kind: graph.Location, Type: "aws-account", Name: id,
		Attrs:    map[string]string{"account_id": id},
		Evidence: e.evidence(src, 0, graph.Declared)})
}

func (e *emitter) edge(from, to string, kind graph.EdgeKind, attrs map[string]string, src *source, line int, basis graph.Basis) {
	if len(attrs) == 0 {
		attrs = nil
	}
	e.b.AddEdge(graph.Edge{From: from, To: to, Kind: kind, Attrs: attrs, Evidence: e.evidence(src, line, basis)})
}

// emit writes one inventory. Call finish once every inventory is emitted.
func (e *emitter) emit(inv *inventory) {
	for _, a := range inv.authz {
		e.indexRoles(a.v)
	}
	for _, s := range inv.secrets {
		e.secrets[s.v.ARN] = s.v.Name
	}
	for _, a := range inv.authz {
		e.emitAuthz(a.v, a.src)
	}
	for _, s := range inv.secrets {
		e.emitSecret(s.v, s.src)
	}
	for _, f := range inv.lambdas {
		e.emitLambda(f.v, f.src)
	}
	for _, t := range inv.tasks {
		e.emitTask(t.v, t.src)
	}
	for _, s := range inv.schedules {
		e.emitSchedule(s.v, s.src)
	}
	for _, k := range inv.keys {
		e.emitKey(k.v, k.src)
	}
	for _, r := range inv.reports {
		e.emitReport(r.v, r.src)
	}
	for _, c := range inv.certificates {
		e.emitACM(c.v, c.src)
	}
	for _, c := range inv.serverCerts {
		e.emitServerCertificate(c.v, c.src)
	}
}

func (e *emitter) indexRoles(a authzDetails) {
	for _, u := range a.UserDetailList {
		e.users[u.UserName] = appendNew(e.users[u.UserName], u.Arn)
	}
	for _, r := range a.RoleDetailList {
		p, ok := parseARN(r.Arn)
		if !ok {
			continue
		}
		if e.roles[p.Account] == nil {
			e.roles[p.Account] = make(map[string]string)
		}
		e.roles[p.Account][r.RoleName] = r.Arn
	}
}

// userARN finds the user an access key belongs to: in the source's own
// account when it is known (the live path, or a 12-digit folder in the
// file's path), else the only user of that name read.
func (e *emitter) userARN(name string, src *source) string {
	if src.account != "" {
		for _, u := range e.users[name] {
			if a, _ := parseARN(u); a.Account == src.account {
				return u
			}
		}
		return "arn:aws:iam::" + src.account + ":user/" + name
	}
	if len(e.users[name]) == 1 {
		return e.users[name][0]
	}
	return ""
}

// readLists are the list-valued attributes of a read edge, which merged
// reads add to; injected is one value per consumer.
var readLists = map[string]bool{"env": true, "container": true}

// finish resolves references and writes the grants. Reads of one
// credential by one consumer (two variables from one secret) make one edge
// listing every variable.
func (e *emitter) finish() {
	type key struct{ from, to string }
	merged := map[key]*pendingRead{}
	var order []key
	for _, r := range e.reads {
		k := key{r.from, e.resolveCredential(r.ref)}
		m := merged[k]
		if m == nil {
			merged[k] = &pendingRead{from: r.from, ref: k.to, attrs: r.attrs, src: r.src, line: r.line}
			order = append(order, k)
			continue
		}
		for a, v := range r.attrs {
			if readLists[a] {
				graph.AppendList(m.attrs, a, graph.DecodeList(v)...)
			}
		}
	}
	for _, k := range order {
		r := merged[k]
		e.ref(r.ref, r.src, r.line)
		e.edge(r.from, r.ref, graph.Reads, r.attrs, r.src, r.line, graph.Declared)
		if _, listed := e.secrets[r.ref]; !listed {
			e.params[r.ref] = true // unlisted secrets and parameters, for grants
		}
	}
	e.emitGrants()
	e.emitReportKeys()
	e.emitIAMRead()
}

// resolveCredential maps a secret reference to the listed secret it names:
// a partial ARN (no random suffix) or one with ECS's JSON-key suffix.
func (e *emitter) resolveCredential(ref string) string {
	ref = secretARNBase(ref)
	if _, ok := e.secrets[ref]; ok {
		return ref
	}
	a, ok := parseARN(ref)
	if !ok || a.Service != "secretsmanager" {
		return ref
	}
	name := strings.TrimPrefix(a.Resource, "secret:")
	for _, id := range slices.Sorted(maps.Keys(e.secrets)) {
		s, _ := parseARN(id)
		if s.Account == a.Account && s.Region == a.Region && e.secrets[id] == name {
			return id
		}
	}
	return ref
}

// tags stores tags as tag.<key>.
func tags(attrs map[string]string, ts []tag) {
	for _, t := range ts {
		attrs["tag."+t.Key] = t.Value
	}
}

// set stores v under k when it is not empty.
func set(attrs map[string]string, k, v string) {
	if v != "" {
		attrs[k] = v
	}
}

func setInt(attrs map[string]string, k string, v int64) {
	if v != 0 {
		attrs[k] = strconv.FormatInt(v, 10)
	}
}

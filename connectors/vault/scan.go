package vault

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/convene-dev/convene/connectors/internal/vaultref"
	"github.com/convene-dev/convene/graph"
)

// scanner reads one cluster through a guarded Client and writes its nodes,
// edges and diagnostics into a builder.
type scanner struct {
	c       *guard
	b       *graph.Builder
	prefix  string // "vault:" or "vault@NAME:"
	workers int
	// sem bounds the requests in flight across the whole cluster.
	sem chan struct{}
	// source names where responses come from in evidence: the address for
	// a live Vault, the file for a recorded inventory.
	source string
	// recorded is true when source is a recording: evidence then notes the
	// API path inside it.
	recorded bool

	mu       sync.Mutex
	targets  []target           // what policies may grant
	policies map[string]bool    // known policy names; nil when not listable
	parsed   map[string]*Policy // policies that parsed
	denied   map[string]string  // path -> message, reported once
}

// target is something a policy can grant: a credential and the request
// path (and capability) that reaches its value.
type target struct {
	id, path, capability string
}

func newScanner(c Client, b *graph.Builder, cluster, source string, recorded bool, workers int) *scanner {
	workers = max(workers, 1)
	return &scanner{c: newGuard(c), b: b, prefix: vaultref.Prefix(cluster), workers: workers, sem: make(chan struct{}, workers),
		source: source, recorded: recorded, denied: map[string]string{}}
}

// ev is the evidence of a claim read from the API path p.
func (s *scanner) ev(p string) []graph.Evidence {
	e := graph.Evidence{Connector: Name, Source: s.source + "/v1/" + p, Basis: graph.Configured}
	if s.recorded {
		e.Source, e.Note = s.source, "recorded response of "+p
	}
	return []graph.Evidence{e}
}

// diag records a problem with path p.
func (s *scanner) diag(p string, sev graph.Severity, msg string) {
	file := s.source + "/v1/" + p
	if s.recorded {
		file, msg = s.source, p+": "+msg
	}
	s.b.Diagnose(graph.Diagnostic{Connector: Name, File: file, Severity: sev, Message: msg})
}

// failed turns a request error into a diagnostic and reports whether there
// was one. Permission denied says which capability the token lacks.
func (s *scanner) failed(op, p string, err error) bool {
	if err == nil {
		return false
	}
	switch status(err) {
	case 403:
		s.diag(p, graph.Warning, fmt.Sprintf("permission denied on %s %s; grant the token %q on it (see convene-reader.hcl) or accept that this part is not mapped", op, p, strings.ToLower(op)))
	default:
		s.diag(p, graph.Error, fmt.Sprintf("%s %s failed: %v; this part is not mapped", op, p, err))
	}
	return true
}

func (s *scanner) node(n graph.Node, p string) {
	n.Evidence = s.ev(p)
	s.b.AddNode(n)
}

func (s *scanner) edge(from, to string, kind graph.EdgeKind, p string, attrs map[string]string) {
	s.b.AddEdge(graph.Edge{From: from, To: to, Kind: kind, Attrs: attrs, Evidence: s.ev(p)})
}

func (s *scanner) addTarget(t target) {
	s.mu.Lock()
	s.targets = append(s.targets, t)
	s.mu.Unlock()
}

// mount is one secrets engine or auth method.
type mount struct {
	path      string // "secret/" as Vault lists it
	typ       string
	kvVersion int
}

func (m mount) name() string { return strings.TrimSuffix(m.path, "/") }

// internalMount are the mounts every Vault has and no policy hands out a
// stored secret through; mapping them would only add noise.
var internalMount = map[string]bool{"system": true, "identity": true, "cubbyhole": true, "token": true}

// scan reads the whole cluster. It returns an error only when the first
// request (the mount table) cannot be made at all.
func (s *scanner) scan(ctx context.Context) error {
	secrets, err := s.mounts(ctx, "sys/mounts")
	if err != nil {
		return err
	}
	auths, _ := s.mounts(ctx, "sys/auth")
	s.readPolicies(ctx) // first, so roles know which policies exist
	var wg sync.WaitGroup
	for _, m := range secrets {
		wg.Go(func() { s.secretsEngine(ctx, m) })
	}
	for _, m := range auths {
		wg.Go(func() { s.authMethod(ctx, m) })
	}
	wg.Wait()
	s.emitGrants()
	return ctx.Err()
}

// mounts reads a mount table and emits its mounts as locations.
func (s *scanner) mounts(ctx context.Context, p string) ([]mount, error) {
	data, err := s.c.Read(ctx, p)
	if err != nil {
		if p == "sys/auth" {
			s.failed("READ", p, err)
			return nil, nil
		}
		if status(err) == 403 {
			return nil, fmt.Errorf("%w; check the token, and that it holds convene-reader.hcl", err)
		}
		return nil, err
	}
	var out []mount
	for _, k := range slices.Sorted(maps.Keys(data)) {
		v, ok := data[k].(map[string]any)
		if !ok || !strings.HasSuffix(k, "/") {
			continue
		}
		m := mount{path: k, typ: str(v["type"])}
		if internalMount[m.typ] {
			continue
		}
		if m.typ == "kv" || m.typ == "generic" {
			m.kvVersion = 1
			if opts, _ := v["options"].(map[string]any); opts != nil && str(opts["version"]) == "2" {
				m.kvVersion = 2
			}
		}
		if p == "sys/mounts" {
			s.c.setMount(k, m.kvVersion)
		}
		kind := "mounts"
		if p == "sys/auth" {
			kind = "auth"
		}
		attrs := map[string]string{"engine": m.typ, "path": k}
		setStr(attrs, "description", v["description"])
		if m.kvVersion > 0 {
			attrs["kv_version"] = fmt.Sprint(m.kvVersion)
		}
		s.node(graph.Node{ID: s.prefix + "sys/" + kind + "/" + m.name(), Kind: graph.Location, Type: graph.TypeVaultMount,
			Name: m.name(), Attrs: attrs}, p)
		out = append(out, m)
	}
	return out, nil
}

// secretsEngine maps one secrets mount by its type.
func (s *scanner) secretsEngine(ctx context.Context, m mount) {
	switch {
	case m.kvVersion > 0:
		s.walkKV(ctx, m)
	case m.typ == "database":
		s.roles(ctx, m, "roles", "vault-dynamic-role", "creds")
		s.roles(ctx, m, "static-roles", "vault-dynamic-role", "static-creds")
	case m.typ == "aws":
		s.roles(ctx, m, "roles", "vault-dynamic-role", "creds")
	case m.typ == "pki":
		s.roles(ctx, m, "roles", "certificate", "issue")
	}
}

// emitGrants adds a grants edge from each policy to every target whose
// value-reading path it allows.
func (s *scanner) emitGrants() {
	s.mu.Lock()
	defer s.mu.Unlock()
	sort.Slice(s.targets, func(i, j int) bool { return s.targets[i].id < s.targets[j].id })
	for _, name := range slices.Sorted(maps.Keys(s.parsed)) {
		pol := s.parsed[name]
		id := s.prefix + "sys/policies/acl/" + name
		for _, t := range s.targets {
			if pol.Allows(t.path, t.capability) {
				s.edge(id, t.id, graph.Grants, "sys/policies/acl/"+name, map[string]string{
					"path": t.path, graph.AttrCapabilities: graph.EncodeList(pol.Capabilities(t.path)),
				})
			}
		}
	}
}

// str renders a JSON scalar as text ("" for nil).
func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%f", x), "0"), ".")
	case bool:
		return fmt.Sprint(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// setStr sets attrs[k] to v's text when it is not empty.
func setStr(attrs map[string]string, k string, v any) {
	if t := str(v); t != "" && t != "[]" && t != "{}" && t != "null" {
		attrs[k] = t
	}
}

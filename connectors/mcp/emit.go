package mcp

import (
	"path"
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/mcpconf"
	"github.com/convene-dev/convene/connectors/internal/secretlit"
	"github.com/convene-dev/convene/graph"
)

// emitter writes one configuration's servers and what they are given.
type emitter struct {
	b     *graph.Builder
	pl    place
	file  string // as the scan named it, for evidence
	cfg   *mcpconf.Config
	warns []mcpconf.Warning
}

func (e *emitter) ev(line int) []graph.Evidence {
	return []graph.Evidence{{Connector: Name, Source: e.file, Line: max(line, 1), Basis: graph.Declared}}
}

func (e *emitter) warnf(line int, msg string) {
	e.warns = append(e.warns, mcpconf.Warning{Line: line, Msg: msg})
}

// emit writes the location and every server.
func (e *emitter) emit() {
	e.b.AddNode(graph.Node{ID: e.pl.LocID, Kind: graph.Location, Type: e.pl.LocType, Name: e.pl.LocName,
		Attrs: map[string]string{"identified_by": e.pl.IdentifiedBy}, Evidence: e.ev(1)})
	seen := map[string]bool{}
	for _, s := range e.cfg.Servers {
		if seen[s.Name] {
			e.warnf(s.Line, "server "+s.Name+" is defined twice; the client uses the last definition")
		}
		seen[s.Name] = true
		e.server(s)
	}
}

// server collects what one server is given, then writes it.
func (e *emitter) server(s mcpconf.Server) {
	sv := &serverFacts{e: e, s: s, id: e.pl.ConfigID() + "#" + s.Name, edges: map[string]*credEdge{}}
	for _, p := range s.Env {
		sv.env(p)
	}
	for _, p := range s.Headers {
		sv.header(p)
	}
	args := make([]string, len(s.Args))
	for i, a := range s.Args {
		prev := ""
		if i > 0 {
			prev = s.Args[i-1].Val
		}
		args[i] = sv.arg(a, prev)
	}
	if s.URL.Val != "" {
		sv.url(s.URL)
	}
	if s.EnvFile.Val != "" {
		sv.envFile(s.EnvFile)
	}
	attrs := map[string]string{
		"client":    client(e.pl.Rel, e.cfg.Layout),
		"config":    e.pl.Rel,
		"scope":     e.pl.Scope,
		"transport": s.Transport(),
	}
	if e.pl.LocType == "git-repo" {
		attrs["repository"] = e.pl.LocName
	} else {
		attrs["host"] = e.pl.LocName
	}
	if s.Command.Val != "" {
		attrs["command"] = sv.mask(s.Command.Val)
		vals := make([]string, len(s.Args))
		for i, a := range s.Args {
			vals[i] = a.Val
		}
		l := identifyLaunch(s.Command.Val, vals)
		attrs["runner"] = l.runner
		if l.pkg != "" {
			attrs["package"] = sv.mask(l.pkg)
		}
	}
	if len(args) > 0 {
		attrs["args"] = graph.EncodeList(args)
	}
	if sv.cleanURL != "" {
		attrs["url"] = sv.cleanURL
		if local(sv.cleanURL) {
			attrs["url_local"] = "true"
		}
	}
	if s.Disabled {
		attrs["disabled"] = "true"
	}
	put := func(k string, vs []string) {
		if len(vs) > 0 {
			slices.Sort(vs)
			attrs[k] = graph.EncodeList(slices.Compact(vs))
		}
	}
	put("env", sv.envNames)
	put("headers", sv.headerNames)
	put("inputs", sv.inputs)
	put("env_refs", sv.envRefs)
	put("credential_placeholders", sv.placeholders)
	if len(sv.dataStores) > 0 {
		slices.Sort(sv.dataStores)
		attrs["data_stores"] = graph.EncodeList(slices.Compact(sv.dataStores))
	}
	for k, v := range sv.cloud {
		attrs[k] = v
	}
	if len(sv.inline) > 0 {
		attrs["hardcoded_credentials"] = inlineAttr(e.pl.Rel, sv.inline) // the file as the repository or host names it
	}
	e.b.AddNode(graph.Node{ID: sv.id, Kind: graph.Workload, Type: graph.TypeMCPServer, Name: s.Name, Attrs: attrs, Evidence: e.ev(s.Line)})
	e.b.AddEdge(graph.Edge{From: sv.id, To: e.pl.LocID, Kind: graph.PartOf, Evidence: e.ev(s.Line)})
	for _, k := range sv.order {
		ce := sv.edges[k]
		e.b.AddNode(ce.node)
		if ce.partOf {
			e.b.AddEdge(graph.Edge{From: ce.node.ID, To: e.pl.LocID, Kind: graph.PartOf, Evidence: ce.node.Evidence})
		}
		attrs := map[string]string{}
		for k, vs := range ce.attrs {
			slices.Sort(vs)
			if vs = slices.Compact(vs); k == graph.AttrDelivery {
				attrs[k] = vs[0] // one way a server is given its credentials: at start
			} else {
				attrs[k] = graph.EncodeList(vs) // where, env, header: lists
			}
		}
		e.b.AddEdge(graph.Edge{From: sv.id, To: ce.node.ID, Kind: ce.kind, Attrs: attrs, Evidence: ce.evs})
	}
}

// inlineValue is a credential written into the file: only its fingerprint
// is kept.
type inlineValue struct {
	key, fingerprint string
	line             int
}

// inlineAttr records credentials written into the file by fingerprint
// only, as the CI connectors do: a JSON list of {key, fingerprint, file,
// line}.
func inlineAttr(file string, vs []inlineValue) string {
	recs := make([]secretlit.Record, 0, len(vs))
	for _, v := range vs {
		recs = append(recs, secretlit.Record{Key: v.key, Fingerprint: v.fingerprint, File: file, Line: v.line})
	}
	return secretlit.Encode(recs)
}

// envFileRel resolves an envFile value to a path in the repository:
// ${workspaceFolder}/.env is .env. ok is false for a path outside it.
func envFileRel(v string) (string, bool) {
	for _, p := range []string{"${workspaceFolder}/", "${workspaceRoot}/", "./"} {
		if rest, ok := strings.CutPrefix(v, p); ok {
			return path.Clean(rest), true
		}
	}
	if !strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "$") && !strings.HasPrefix(v, "~") {
		return path.Clean(v), true
	}
	return "", false
}

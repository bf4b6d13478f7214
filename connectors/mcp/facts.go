package mcp

import (
	"fmt"
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/mcpconf"
	"github.com/convene-dev/convene/connectors/internal/secretlit"
	"github.com/convene-dev/convene/connectors/internal/shellcmd"
	"github.com/convene-dev/convene/graph"
)

// serverFacts gathers what one server is given.
type serverFacts struct {
	e  *emitter
	s  mcpconf.Server
	id string

	edges map[string]*credEdge
	order []string

	inline       []inlineValue
	envNames     []string
	headerNames  []string
	inputs       []string
	envRefs      []string
	placeholders []string
	dataStores   []string
	cloud        map[string]string
	cleanURL     string
	// secrets are the inline values found, to mask them wherever they
	// appear in the attributes.
	secrets []string
}

// credEdge is an edge from the server to a credential it is given.
type credEdge struct {
	kind   graph.EdgeKind
	node   graph.Node
	partOf bool
	attrs  map[string][]string
	evs    []graph.Evidence
}

// env reads one environment variable given to the server.
func (sv *serverFacts) env(p mcpconf.Pair) {
	sv.envNames = append(sv.envNames, p.Key)
	switch p.Key {
	case "AWS_PROFILE", "AWS_DEFAULT_PROFILE":
		sv.setCloud("aws_profile", p.Val)
	case "AWS_ROLE_ARN":
		if strings.HasPrefix(p.Val, "arn:") {
			sv.role(p.Val, p.Line)
		}
	case "GOOGLE_APPLICATION_CREDENTIALS":
		sv.setCloud("gcp_credentials_file", p.Val)
	}
	if strings.HasPrefix(p.Key, "AWS_") {
		sv.setCloud("cloud", "aws")
	}
	// A reference under a credential's name, an access key's ID
	// included, reads a credential; a literal is an inline secret only
	// under a secret's name (secretlit).
	if refs := refsIn(p.Val); len(refs) > 0 {
		for _, r := range refs {
			sv.ref(r, secretlit.CredentialName(p.Key), p.Line, "env", p.Key)
		}
		return
	}
	if u, ok := parseURL(p.Val); ok {
		sv.urlValue(u, "env."+p.Key, p.Line)
		return
	}
	sv.literal("env."+p.Key, p.Val, secretlit.Name(p.Key), p.Line)
}

// header reads one HTTP header sent to a remote server.
func (sv *serverFacts) header(p mcpconf.Pair) {
	sv.headerNames = append(sv.headerNames, p.Key)
	if refs := refsIn(p.Val); len(refs) > 0 {
		for _, r := range refs {
			sv.ref(r, secretlit.CredentialName(p.Key), p.Line, "header", p.Key)
		}
		return
	}
	sv.literal("header."+p.Key, authValue(p.Val), secretlit.Name(p.Key), p.Line)
}

// arg reads one argument and returns it as the graph may show it: a
// credential in it is replaced by its fingerprint.
func (sv *serverFacts) arg(a mcpconf.Value, prev string) string {
	flag := ""
	if strings.HasPrefix(prev, "-") && !strings.Contains(prev, "=") {
		flag = strings.TrimLeft(prev, "-")
	}
	if refs := refsIn(a.Val); len(refs) > 0 {
		for _, r := range refs {
			sv.ref(r, flag != "" && secretlit.CredentialName(flag), a.Line, "args", "")
		}
		return a.Val
	}
	if u, ok := parseURL(a.Val); ok {
		sv.urlValue(u, "arg", a.Line)
		return sv.mask(a.Val)
	}
	switch k, v, ok := strings.Cut(a.Val, "="); {
	case ok && strings.HasPrefix(k, "-") && secretlit.Name(strings.TrimLeft(k, "-")):
		sv.literal("arg "+k, v, true, a.Line)
	case ok && !strings.HasPrefix(k, "-") && !strings.ContainsAny(k, " /") && secretlit.Name(k):
		sv.literal("arg "+k, v, true, a.Line)
	case flag != "" && secretlit.Name(flag):
		sv.literal("arg --"+flag, a.Val, true, a.Line)
	default:
		sv.literal("arg", a.Val, false, a.Line)
	}
	return sv.mask(a.Val)
}

// url reads a remote server's URL.
func (sv *serverFacts) url(v mcpconf.Value) {
	for _, r := range refsIn(v.Val) {
		sv.ref(r, false, v.Line, "url", "")
	}
	if u, ok := parseURL(v.Val); ok {
		sv.urlValue(u, "url", v.Line)
		sv.cleanURL = sv.mask(u.clean)
		return
	}
	sv.cleanURL = sv.mask(v.Val)
}

// urlValue records what a URL written anywhere in the server's definition
// says: a data store it reaches, and credentials written into it.
func (sv *serverFacts) urlValue(u urlFacts, where string, line int) {
	for _, s := range u.secrets {
		sv.addInline(where+" "+s.key, s.val, line)
	}
	if u.data {
		sv.dataStores = append(sv.dataStores, sv.mask(u.clean))
	}
}

// envFile records the env file the client loads into the server's
// environment: a stored copy of whatever credentials it holds.
func (sv *serverFacts) envFile(v mcpconf.Value) {
	rel, ok := envFileRel(v.Val)
	if !ok || sv.e.pl.Scope != "repository" {
		sv.setCloud("env_file", v.Val)
		return
	}
	id := sv.e.pl.LocID + "/" + rel
	sv.edge(graph.Uses, graph.Node{ID: id, Kind: graph.Credential, Type: graph.TypeEnvFile, Name: rel,
		Attrs: map[string]string{"path": rel}}, true, v.Line, map[string]string{"where": "envFile", "delivery": "at-start"})
}

// literal records a value written into the file: an inline credential
// when its name or its form says it is one, a placeholder when it only
// stands for one.
func (sv *serverFacts) literal(key, v string, sensitive bool, line int) {
	if ms := secretlit.Shaped(v); len(ms) > 0 {
		for _, m := range ms {
			sv.addInline(m.Key(key), m.Value, line) // an access key's ID: aws-access-key-id
		}
		return
	}
	if !sensitive {
		return
	}
	if placeholder(v) {
		sv.placeholders = append(sv.placeholders, strings.TrimPrefix(strings.TrimPrefix(key, "env."), "header."))
		return
	}
	if secretValue(v) {
		sv.addInline(key, v, line)
	}
}

func (sv *serverFacts) addInline(key, v string, line int) {
	fp := shellcmd.Fingerprint(v)
	sv.secrets = append(sv.secrets, v)
	// A finding, not a diagnostic: the file is valid, and the findings
	// rules (NHI-MCP-INLINE-TOKEN, NHI-INLINE-SECRET) report it with its
	// fingerprint and line.
	sv.inline = append(sv.inline, inlineValue{key: key, fingerprint: fp, line: line})
}

// mask replaces every inline credential found so far in v by its
// fingerprint.
func (sv *serverFacts) mask(v string) string {
	for _, s := range sv.secrets {
		if s != "" {
			v = strings.ReplaceAll(v, s, shellcmd.Fingerprint(s))
		}
	}
	return v
}

// ref records a reference. An environment variable or input is a
// credential when the place it fills says so (an Authorization header, a
// *_TOKEN variable), when its own name does, or when it is a password
// input; other references stay attributes.
func (sv *serverFacts) ref(r ref, sensitive bool, line int, where, key string) {
	attrs := map[string]string{"where": where, "delivery": "at-start"}
	switch where {
	case "env":
		attrs["env"] = key
	case "header":
		attrs["header"] = key
	}
	pl := sv.e.pl
	switch r.kind {
	case "input":
		in, declared := sv.e.input(r.name)
		if !declared {
			sv.e.warnf(line, fmt.Sprintf("MCP server %s uses ${input:%s}, which inputs does not declare; the client cannot prompt for it", sv.s.Name, r.name))
		}
		if !sensitive && !in.Password && !secretlit.CredentialName(r.name) {
			sv.inputs = append(sv.inputs, r.name)
			return
		}
		typ := graph.TypePromptedInput
		nattrs := map[string]string{"input": r.name, "prompted": "true", "password": fmt.Sprint(in.Password), "config": pl.Rel}
		if in.Password {
			typ = graph.TypePromptedSecret
			nattrs["stored"] = "client secret storage"
		}
		if in.Description != "" {
			nattrs["description"] = in.Description
		}
		n := graph.Node{ID: pl.ConfigID() + "#input:" + r.name, Kind: graph.Credential, Type: typ, Name: r.name, Attrs: nattrs}
		if declared {
			n.Evidence = sv.e.ev(in.Line) // where the input is declared, however many servers use it
		}
		sv.edge(graph.Reads, n, true, line, attrs)
	case "env":
		if !sensitive && !secretlit.CredentialName(r.name) {
			sv.envRefs = append(sv.envRefs, r.name)
			return
		}
		scope := pl.LocID
		if pl.Scope == "user" {
			scope = pl.LocID + homeOf(pl.Rel)
		}
		sv.edge(graph.Reads, graph.Node{ID: scope + "/env/" + r.name, Kind: graph.Credential, Type: graph.TypeEnvVar, Name: r.name,
			Attrs: map[string]string{"variable": r.name, "source": "the environment the client starts in"}}, true, line, attrs)
	}
}

// role records a role the server assumes with the credentials it has.
func (sv *serverFacts) role(arn string, line int) {
	name := arn[strings.LastIndex(arn, "/")+1:]
	sv.edge(graph.Assumes, graph.Node{ID: arn, Kind: graph.Identity, Type: graph.TypeAWSRole, Name: name}, false, line,
		map[string]string{"where": "env", "env": "AWS_ROLE_ARN"})
}

func (sv *serverFacts) edge(kind graph.EdgeKind, n graph.Node, partOf bool, line int, attrs map[string]string) {
	key := string(kind) + " " + n.ID
	ce := sv.edges[key]
	ev := sv.e.ev(line)[0]
	if ce == nil {
		if n.Evidence == nil {
			n.Evidence = sv.e.ev(line)
		}
		ce = &credEdge{kind: kind, node: n, partOf: partOf, attrs: map[string][]string{}}
		sv.edges[key] = ce
		sv.order = append(sv.order, key)
	}
	for k, v := range attrs {
		if !slices.Contains(ce.attrs[k], v) {
			ce.attrs[k] = append(ce.attrs[k], v)
		}
	}
	if !slices.Contains(ce.evs, ev) {
		ce.evs = append(ce.evs, ev)
	}
}

func (sv *serverFacts) setCloud(k, v string) {
	if sv.cloud == nil {
		sv.cloud = map[string]string{}
	}
	sv.cloud[k] = v
}

// input returns the declared input id.
func (e *emitter) input(id string) (mcpconf.Input, bool) {
	for _, in := range e.cfg.Inputs {
		if in.ID == id {
			return in, true
		}
	}
	return mcpconf.Input{}, false
}

// homeOf returns the home folder of a path on a host: /home/ana for
// /home/ana/.cursor/mcp.json.
func homeOf(onHost string) string {
	parts := strings.SplitN(strings.TrimPrefix(onHost, "/"), "/", 3)
	if parts[0] == "root" {
		return "/root"
	}
	if len(parts) >= 2 {
		return "/" + parts[0] + "/" + parts[1]
	}
	return ""
}

package shellcmd

import (
	"os"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/secretlit"
	"github.com/convene-dev/convene/graph"
)

// Consumer is the workload whose command the facts came from, and what
// the edges it depends on need to know.
type Consumer struct {
	// ID is the workload's node ID, the edges' From.
	ID string
	// Host is the host the command runs on; zero for a container, where
	// profile and env-file facts name no host file.
	Host Host
	// User is the account the command runs as; "" means root.
	User string
	// Connector and Source are the evidence's connector and file.
	Connector, Source string
	// File names Source in inline-secret records: relative to the
	// repository for a manifest in one. "" means relative to Host's root
	// (Host.Rel) for a host file, else Source as given.
	File string
}

// recordFile is the file c's inline-secret records name.
func (c Consumer) recordFile() string {
	switch {
	case c.File != "":
		return c.File
	case c.Host.Root != "":
		return c.Host.Rel(c.Source)
	}
	return c.Source
}

// Sink collects what facts imply: edges and their end nodes go into the
// builder; attributes for the consumer node are gathered in Attrs.
type Sink struct {
	B     *graph.Builder
	Attrs map[string]string
}

var roleARN = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:role/`)

// Emit turns facts found at line into edges from c, with their end
// nodes; facts that name nothing resolvable become attributes (unresolved,
// credential_env), and inline secrets become records of
// hardcoded_credentials (graph.InlineSecret: the name, the value's
// fingerprint, c's file and line).
func (s *Sink) Emit(c Consumer, facts []Fact, line int) {
	if s.Attrs == nil {
		s.Attrs = map[string]string{}
	}
	ev := []graph.Evidence{{Connector: c.Connector, Source: c.Source, Line: line, Basis: graph.Declared}}
	for _, f := range DropShadowedDefaults(facts) {
		switch f.Kind {
		case VaultRead, VaultWrite:
			if f.Unresolved {
				graph.AppendList(s.Attrs, "unresolved", f.Value)
				continue
			}
			typ := f.VaultType
			if typ == "" {
				typ = graph.TypeVaultKVSecret
				if p := strings.Split(f.Value, "/"); len(p) == 3 && (p[1] == "roles" || p[1] == "static-roles") {
					typ = graph.TypeVaultDynamicRole
				}
			}
			attrs := map[string]string{"via": "command"}
			if f.Kind == VaultWrite {
				attrs["vault_op"] = "write"
			}
			if f.Field != "" {
				attrs["field"] = f.Field
			}
			name := f.Value
			if typ == "certificate" { // a PKI role, named as the Vault connector names it
				name = path.Base(name)
			}
			s.edge(c.ID, graph.Node{ID: f.VaultID, Kind: graph.Credential, Type: typ, Name: name}, graph.Reads, attrs, ev)
		case VaultLogin:
			graph.AppendList(s.Attrs, "vault_login", f.Method+"@"+f.Mount)
			if f.Role != "" && !strings.Contains(f.Role, "$") {
				id := "vault:auth/" + strings.Trim(f.Mount, "/") + "/role/" + f.Role
				s.edge(c.ID, graph.Node{ID: id, Kind: graph.Identity, Type: graph.TypeVaultAuthRole, Name: f.Role}, graph.AuthenticatesAs, nil, ev)
			}
		case AWSProfile:
			if f.Unresolved || c.Host.Name == "" {
				graph.AppendList(s.Attrs, "unresolved", "aws profile "+f.Value)
				continue
			}
			id := ProfileID(c.Host, c.User, f.Value)
			attrs := map[string]string{}
			if f.Implicit {
				attrs["implicit"] = "true"
			}
			s.edge(c.ID, graph.Node{ID: id, Kind: graph.Identity, Type: graph.TypeAWSProfile, Name: f.Value}, graph.Uses, attrs, ev)
		case AssumeRole:
			if f.Unresolved || !roleARN.MatchString(f.Value) {
				graph.AppendList(s.Attrs, "unresolved", f.Value)
				continue
			}
			s.edge(c.ID, graph.Node{ID: f.Value, Kind: graph.Identity, Type: graph.TypeAWSRole, Name: path.Base(f.Value)}, graph.Assumes, nil, ev)
		case AccessKeyID:
			s.edge(c.ID, graph.Node{ID: "aws-access-key:" + f.Value, Kind: graph.Credential, Type: graph.TypeAWSAccessKey, Name: f.Value}, graph.Uses, map[string]string{"inline": "true"}, ev)
		case Source:
			s.EnvFile(c, f.Value, f.Unresolved, "source", ev)
		case CredentialEnv:
			graph.AppendList(s.Attrs, "credential_env", f.Name)
		case InlineSecret:
			s.addSecret(secretlit.Record{Key: f.Name, Fingerprint: f.Fingerprint, File: c.recordFile(), Line: line})
		}
	}
}

// SplitSecrets parts facts into inline secrets and the rest, so that a
// caller can record a secret at the line that writes it (a variable set
// above a cron job, a unit's Environment=) and the rest where it applies.
func SplitSecrets(facts []Fact) (rest, secrets []Fact) {
	for _, f := range facts {
		if f.Kind == InlineSecret {
			secrets = append(secrets, f)
		} else {
			rest = append(rest, f)
		}
	}
	return rest, secrets
}

// EnvFile records that c uses the env file at onHost (sourced, or systemd's
// EnvironmentFile=). When the file is in the scanned tree its variable
// names (never values) go on the node.
func (s *Sink) EnvFile(c Consumer, onHost string, unresolved bool, via string, ev []graph.Evidence) {
	if unresolved || !strings.HasPrefix(onHost, "/") || c.Host.Name == "" {
		graph.AppendList(s.Attrs, "unresolved", onHost)
		return
	}
	onHost = path.Clean(onHost)
	n := graph.Node{ID: c.Host.NodeID(onHost), Kind: graph.Credential, Type: graph.TypeEnvFile, Name: path.Base(onHost),
		Attrs: map[string]string{"path": onHost}}
	if vars, ok := readEnvNames(c.Host.File(onHost)); ok {
		n.Attrs["variables"] = graph.EncodeList(vars)
		n.Evidence = []graph.Evidence{{Connector: c.Connector, Source: c.Host.File(onHost), Basis: graph.Declared}}
	}
	s.edge(c.ID, n, graph.Uses, map[string]string{"via": via}, ev)
}

// maxEnvFile is the largest env file read for names; larger ones are not
// env files.
const maxEnvFile = 1 << 20

func readEnvNames(p string) ([]string, bool) {
	info, err := os.Stat(p)
	if err != nil || !info.Mode().IsRegular() || info.Size() > maxEnvFile {
		return nil, false
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	var names []string
	for _, v := range EnvFile(data) {
		if !slices.Contains(names, v.Name) {
			names = append(names, v.Name)
		}
	}
	return names, true
}

// ProfileID is the node ID of AWS profile name as user's commands see it:
// host:<host>/<home>/.aws/config#profile <name>, whether the profile is
// defined in config or credentials.
func ProfileID(h Host, user, name string) string {
	return h.NodeID(Home(user) + "/.aws/config#profile " + name)
}

func (s *Sink) edge(from string, to graph.Node, kind graph.EdgeKind, attrs map[string]string, ev []graph.Evidence) {
	if len(to.Evidence) == 0 {
		to.Evidence = slices.Clone(ev)
	}
	s.B.AddNode(to)
	s.B.AddEdge(graph.Edge{From: from, To: to.ID, Kind: kind, Attrs: attrs, Evidence: slices.Clone(ev)})
}

// addSecret adds an inline-secret record to the hardcoded_credentials
// attribute, once.
func (s *Sink) addSecret(r secretlit.Record) {
	k := string(graph.AttrHardcodedCredentials)
	s.Attrs[k] = secretlit.Encode(append(graph.DecodeInlineSecrets(s.Attrs[k]), r))
}

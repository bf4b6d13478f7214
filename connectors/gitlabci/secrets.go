package gitlabci

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/vaultref"
	"github.com/convene-dev/convene/graph"
)

// target is a node a job's secrets: reach and the edge that reaches it.
type target struct {
	id, typ, name string
	kind          graph.NodeKind
	edge          graph.EdgeKind
	attrs         map[string]string
	file          string
	line          int
}

// secrets writes the job's secrets: — reads edges to Vault paths and other
// secret managers' entries — and the Vault role it logs in as. It returns
// what it could not resolve, for the job's unresolved attribute.
func (e *emitter) secrets(p *pipeline, j *job, jobID string) (unresolved []string) {
	var ts []target
	vaultUsed, vaultLine, vaultFile, vaultRole := false, 0, "", ""
	for _, s := range j.secrets {
		n := p.deref(s.val)
		if n == nil || n.Kind != yaml.MappingNode {
			unresolved = append(unresolved, "secret "+s.name+": not a mapping")
			continue
		}
		base := map[string]string{"variable": s.name}
		if s.cond != "" {
			base["condition"] = s.cond
		}
		if f := str(p.get(n, "file")); f == "false" {
			base["file"] = "false"
		} else {
			base["file"] = "true" // GitLab's default: the secret lands in a file
		}
		switch {
		case p.get(n, "vault") != nil:
			vaultUsed, vaultLine, vaultFile = true, s.line, s.file
			t, role, u := p.vaultTarget(p.get(n, "vault"), base)
			if role != "" {
				vaultRole = role
			}
			if u != "" {
				unresolved = append(unresolved, "secret "+s.name+": "+u)
				continue
			}
			tok, why := whichToken(j, str(p.get(n, "token")))
			if tok != nil {
				t.attrs["id_token"] = tok.name
				if len(tok.aud) > 0 {
					t.attrs["aud"] = graph.EncodeList(tok.aud)
				}
			} else {
				unresolved = append(unresolved, "secret "+s.name+": "+why)
			}
			t.file, t.line = s.file, s.line
			ts = append(ts, t)
		case p.get(n, "aws_secrets_manager") != nil:
			t := p.awsTarget(p.get(n, "aws_secrets_manager"), j, base)
			t.file, t.line = s.file, s.line
			ts = append(ts, t)
			if arn := first(str(p.get(p.get(n, "aws_secrets_manager"), "role_arn")), varValue(j, "AWS_ROLE_ARN")); strings.HasPrefix(arn, "arn:aws") && !strings.Contains(arn, "$") {
				ts = append(ts, target{id: arn, typ: graph.TypeAWSRole, kind: graph.Identity, edge: graph.Assumes, name: arn[strings.LastIndex(arn, "/")+1:],
					attrs: map[string]string{"via": "aws_secrets_manager"}, file: s.file, line: s.line})
			}
		case p.get(n, "gcp_secret_manager") != nil:
			g := p.get(n, "gcp_secret_manager")
			name, proj := str(p.get(g, "name")), varValue(j, "GCP_PROJECT_NUMBER")
			t := target{typ: graph.TypeGCPSecret, kind: graph.Credential, edge: graph.Reads, name: name, attrs: base, file: s.file, line: s.line}
			if proj != "" && !strings.Contains(proj, "$") {
				t.id = "gcp-secret:projects/" + proj + "/secrets/" + name
			} else {
				t.id, t.attrs["unresolved"] = "gcp-secret:"+name, graph.EncodeList([]string{"GCP_PROJECT_NUMBER not set in the file"})
			}
			ts = append(ts, t)
		case p.get(n, "azure_key_vault") != nil:
			a := p.get(n, "azure_key_vault")
			name, url := str(p.get(a, "name")), varValue(j, "AZURE_KEY_VAULT_SERVER_URL")
			t := target{typ: graph.TypeAzureKeyVaultSecret, kind: graph.Credential, edge: graph.Reads, name: name, attrs: base, file: s.file, line: s.line}
			if host := strings.TrimSuffix(strings.TrimPrefix(url, "https://"), "/"); host != "" && !strings.Contains(host, "$") {
				t.id = "azure-key-vault:" + host + "/secrets/" + name
			} else {
				t.id, t.attrs["unresolved"] = "azure-key-vault:"+name, graph.EncodeList([]string{"AZURE_KEY_VAULT_SERVER_URL not set in the file"})
			}
			ts = append(ts, t)
		default:
			unresolved = append(unresolved, "secret "+s.name+": provider not recognised")
		}
	}
	if vaultUsed {
		if r := first(vaultRole, varValue(j, "VAULT_AUTH_ROLE")); r != "" && !strings.Contains(r, "$") {
			path := strings.Trim(first(varValue(j, "VAULT_AUTH_PATH"), "jwt"), "/")
			attrs := map[string]string{"method": "jwt"}
			if u := varValue(j, "VAULT_SERVER_URL"); u != "" {
				attrs["vault_url"] = u
			}
			line, file := vaultLine, vaultFile
			if v, ok := findVar(j.vars, "VAULT_AUTH_ROLE"); ok && vaultRole == "" {
				line, file = v.line, v.file
			}
			ts = append(ts, target{id: "vault:auth/" + path + "/role/" + r, typ: graph.TypeVaultAuthRole, kind: graph.Identity, edge: graph.AuthenticatesAs,
				name: r, attrs: attrs, file: file, line: line})
		} else {
			unresolved = append(unresolved, "vault role: VAULT_AUTH_ROLE not set in the file or held in a variable (without it Vault uses the auth method's default role)")
		}
	}
	for _, t := range ts {
		na := map[string]string{}
		if u := t.attrs["unresolved"]; u != "" {
			na["unresolved"] = u
		}
		e.node(t.id, t.kind, t.typ, t.name, na, ev(t.file, t.line))
		e.edge(jobID, t.id, t.edge, t.attrs, ev(t.file, t.line))
	}
	return unresolved
}

// vaultTarget reads secrets:NAME:vault in either form. The short form is
// path/to/secret/field@mount (mount kv-v2 when absent); the long form has
// engine: {name, path}, path and field.
func (p *pipeline) vaultTarget(n *yaml.Node, base map[string]string) (t target, role, unresolved string) {
	attrs := map[string]string{}
	for k, v := range base {
		attrs[k] = v
	}
	var mount, path, field string
	engine := "kv-v2"
	if n.Kind == yaml.ScalarNode {
		spec := str(n)
		body, m, found := strings.Cut(spec, "@")
		mount = "kv-v2"
		if found {
			mount = m
		}
		i := strings.LastIndex(body, "/")
		if i <= 0 {
			return t, "", "vault " + spec + ": expected path/to/secret/field@mount"
		}
		path, field = body[:i], body[i+1:]
	} else {
		path, field = str(p.get(n, "path")), str(p.get(n, "field"))
		if en := p.get(n, "engine"); en != nil {
			engine, mount = first(str(p.get(en, "name")), engine), str(p.get(en, "path"))
		}
		mount = first(mount, "kv-v2")
		role = str(p.get(n, "role"))
	}
	ref := vaultref.Parse("", strings.Trim(mount, "/")+"/"+strings.Trim(path, "/"))
	if ref.Unresolved || path == "" {
		return t, role, "vault path " + mount + "/" + path + " holds a variable"
	}
	attrs["field"], attrs["engine"] = field, engine
	typ := graph.TypeVaultKVSecret
	if ref.Dynamic || (engine != "kv-v2" && engine != "kv-v1" && engine != "generic") {
		typ = graph.TypeVaultDynamicRole
	}
	return target{id: ref.ID, typ: typ, kind: graph.Credential, edge: graph.Reads, name: ref.Path, attrs: attrs}, role, ""
}

// whichToken applies GitLab's rule for the ID token Vault authentication
// presents: the one secrets:token names ($NAME); else the job's only ID
// token; with several and no token: GitLab cannot choose, and with none
// (GitLab 17 removed CI_JOB_JWT) the job cannot authenticate.
func whichToken(j *job, token string) (*idToken, string) {
	if token != "" {
		name := strings.Trim(strings.TrimPrefix(token, "$"), "{}")
		for i := range j.idTokens {
			if j.idTokens[i].name == name {
				return &j.idTokens[i], ""
			}
		}
		return nil, "token " + token + " names no id_tokens entry of the job"
	}
	switch len(j.idTokens) {
	case 1:
		return &j.idTokens[0], ""
	case 0:
		return nil, "no id_tokens: the job has no token to log in to Vault with"
	}
	return nil, "several id_tokens and no secrets:token to choose one"
}

// awsTarget reads secrets:NAME:aws_secrets_manager, a secret ID string or
// {secret_id, version_id, version_stage, region, role_arn}.
func (p *pipeline) awsTarget(n *yaml.Node, j *job, base map[string]string) target {
	id := str(n)
	if n.Kind == yaml.MappingNode {
		id = str(p.get(n, "secret_id"))
		if f := str(p.get(n, "field")); f != "" {
			base["field"] = f
		}
	}
	t := target{typ: graph.TypeAWSSecret, kind: graph.Credential, edge: graph.Reads, name: id, attrs: base}
	if strings.HasPrefix(id, "arn:aws") && !strings.Contains(id, "$") {
		t.id = id
		if parts := strings.Split(id, ":"); len(parts) >= 7 {
			t.name = strings.Join(parts[6:], ":")
		}
		return t
	}
	t.id = "aws-secret:" + id
	t.attrs["unresolved"] = graph.EncodeList([]string{"secret named without its ARN (account and region not in the file)"})
	return t
}

// varValue is the value a variable has for the job, from the file.
func varValue(j *job, name string) string {
	v, _ := findVar(j.vars, name)
	return v.value
}

func first(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

package githubactions

import (
	"strings"

	"github.com/convene-dev/convene/connectors/internal/vaultref"
	"github.com/convene-dev/convene/graph"
)

// actionName returns the owner/name of a `uses:` reference, lower case,
// without the @ref: "aws-actions/configure-aws-credentials".
func actionName(uses string) string {
	u, _, _ := strings.Cut(uses, "@")
	return strings.ToLower(u)
}

// analyzeStep turns a step that logs in or fetches credentials into the
// job's edges. slug is the repository's owner/name.
func analyzeStep(s *step, file, slug string) facts {
	var f facts
	switch name := actionName(s.uses); {
	case name == "aws-actions/configure-aws-credentials":
		awsStep(s, file, &f)
	case name == "hashicorp/vault-action":
		vaultStep(s, file, &f)
	case strings.HasPrefix(name, "grafana/shared-workflows/actions/get-vault-secrets"):
		grafanaVaultStep(s, file, slug, &f)
	case name == "google-github-actions/auth":
		gcpStep(s, file, &f)
	case name == "azure/login":
		azureStep(s, file, &f)
	}
	agentStep(s, file, &f)
	pkiStep(s, file, &f)
	return f
}

// literal returns an input's value when it is known before the run.
func literal(s *step, key string) (scalar, bool) {
	v, ok := s.with[key]
	if !ok || v.val == "" || hasExpr(v.val) {
		return v, false
	}
	return v, true
}

func awsStep(s *step, file string, f *facts) {
	role, has := s.with["role-to-assume"]
	if !has || role.val == "" {
		if _, static := s.with["aws-access-key-id"]; static {
			f.setAttr("aws_static_keys", "true")
		}
		return
	}
	attrs := map[string]string{"action": "aws-actions/configure-aws-credentials", "step": s.name}
	for _, k := range []string{"audience", "role-chaining", "aws-region", "role-session-name", "role-duration-seconds"} {
		if v, ok := literal(s, k); ok {
			attrs[k] = v.val
		}
	}
	_, static := s.with["aws-access-key-id"]
	_, webIDFile := s.with["web-identity-token-file"]
	if !static && !webIDFile {
		// Without keys or a token file the action federates with the
		// job's GitHub OIDC token.
		f.oidc = true
		attrs["via"] = "github-oidc"
	}
	switch {
	case hasExpr(role.val):
		f.setAttr("unresolved", "role-to-assume: "+role.val)
	case strings.HasPrefix(role.val, "arn:"):
		f.targets = append(f.targets, target{edge: "assumes", id: role.val, kind: "identity", typ: "aws-role",
			name: role.val[strings.LastIndex(role.val, "/")+1:], attrs: attrs, file: file, line: role.line})
	default:
		// A bare role name is completed with the account of the
		// credentials in hand, which the file does not say.
		f.setAttr("unresolved", "role-to-assume: "+role.val+" (no account; aws-region "+s.with["aws-region"].val+")")
	}
}

// vaultStep reads hashicorp/vault-action: the auth role it logs in as and
// the secrets its secrets: input fetches.
func vaultStep(s *step, file string, f *facts) {
	attrs := map[string]string{"action": "hashicorp/vault-action", "step": s.name}
	if u, ok := s.with["url"]; ok {
		attrs["vault_url"] = u.val
	}
	method := strings.TrimSpace(s.with["method"].val)
	_, hasToken := s.with["token"]
	role, hasRole := s.with["role"]
	if method == "" {
		// vault-action's default is token; a role with no token can
		// only work with jwt, the method the role is meant for.
		method = "token"
		if hasRole && !hasToken {
			method, attrs["method_inferred"] = "jwt", "true"
		}
	}
	attrs["method"] = method
	path := strings.Trim(strings.TrimSpace(s.with["path"].val), "/")
	if path == "" {
		path = method
	}
	if _, signed := s.with["jwtPrivateKey"]; method == "jwt" && !signed {
		// Without a key of its own, jwt login presents the job's GitHub
		// OIDC token.
		f.oidc = true
	}
	if hasRole && method != "token" {
		switch {
		case hasExpr(role.val) || hasExpr(path):
			f.setAttr("unresolved", "vault role: "+path+"/"+role.val)
		default:
			rf := file
			if role.file != "" {
				rf = role.file
			}
			f.targets = append(f.targets, target{edge: "authenticates_as", id: "vault:auth/" + path + "/role/" + role.val,
				kind: "identity", typ: "vault-auth-role", name: role.val, attrs: attrs, file: rf, line: role.line})
		}
	}
	if sec, ok := s.with["secrets"]; ok {
		vaultSecrets(sec, s.name, file, attrs["vault_url"], f)
	}
}

// vaultSecrets reads vault-action's secrets: mini-language: entries
// separated by ';' or new lines, each `path key [| OUTPUT]`, where key may be
// '*' or '**' (every key, with a prefix after |).
func vaultSecrets(sec scalar, stepName, file, url string, f *facts) {
	line := sec.line
	if sec.file != "" {
		file = sec.file
	}
	if strings.Contains(sec.val, "\n") {
		line++ // a block scalar's text starts on the next line
	}
	for i, ln := range strings.Split(sec.val, "\n") {
		for _, entry := range strings.Split(ln, ";") {
			entry = strings.TrimSpace(entry)
			if entry == "" || strings.HasPrefix(entry, "#") {
				continue
			}
			if hasExpr(entry) {
				f.setAttr("unresolved", "vault secrets: "+entry)
				continue
			}
			spec, out, _ := strings.Cut(entry, "|")
			fields := strings.Fields(spec)
			if len(fields) == 0 {
				continue
			}
			path, key := fields[0], ""
			if len(fields) > 1 {
				key = fields[len(fields)-1]
			}
			ref := vaultref.Parse("", path)
			typ := ref.Type()
			attrs := map[string]string{"action": "hashicorp/vault-action", "step": stepName}
			graph.AppendList(attrs, "key", key)
			if o := strings.TrimSpace(out); o != "" {
				graph.AppendList(attrs, graph.AttrEnv, o)
			} else if key != "" && key != "*" && key != "**" {
				graph.AppendList(attrs, graph.AttrEnv, strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(key)))
			}
			if url != "" {
				attrs["vault_url"] = url
			}
			if ref.Unresolved {
				f.setAttr("unresolved", "vault secrets: "+entry)
				continue
			}
			f.targets = append(f.targets, target{edge: "reads", id: ref.ID, kind: "credential", typ: typ,
				attrs: attrs, file: file, line: line + i})
		}
	}
}

// grafanaVaultStep reads grafana/shared-workflows' get-vault-secrets, a
// composite wrapper around vault-action whose inputs name secrets as
// ENV=path:key under ci/common/ and ci/repo/<owner>/<repo>/.
func grafanaVaultStep(s *step, file, slug string, f *facts) {
	attrs := map[string]string{"action": "grafana/shared-workflows/actions/get-vault-secrets", "step": s.name, "method": "jwt"}
	f.oidc = true
	f.targets = append(f.targets, target{edge: "authenticates_as", id: "vault:auth/github-actions-oidc/role/vault-github-actions",
		kind: "identity", typ: "vault-auth-role", name: "vault-github-actions", attrs: attrs, file: file, line: s.line})
	for input, prefix := range map[string]string{"common_secrets": "ci/common/", "repo_secrets": "ci/repo/" + slug + "/"} {
		v, ok := s.with[input]
		if !ok {
			continue
		}
		line := v.line
		if strings.Contains(v.val, "\n") {
			line++
		}
		for i, ln := range strings.Split(v.val, "\n") {
			env, spec, ok := strings.Cut(strings.TrimSpace(ln), "=")
			if !ok || hasExpr(ln) {
				continue
			}
			path, key, _ := strings.Cut(spec, ":")
			ref := vaultref.Parse("", prefix+strings.Trim(path, "/"))
			ta := map[string]string{"action": attrs["action"], "step": s.name}
			graph.AppendList(ta, "key", key)
			graph.AppendList(ta, graph.AttrEnv, env)
			f.targets = append(f.targets, target{edge: "reads", id: ref.ID, kind: "credential", typ: "vault-kv-secret",
				attrs: ta, file: file, line: line + i})
		}
	}
}

func gcpStep(s *step, file string, f *facts) {
	attrs := map[string]string{"action": "google-github-actions/auth", "step": s.name}
	if p, ok := s.with["workload_identity_provider"]; ok {
		f.oidc = true
		if hasExpr(p.val) {
			f.setAttr("unresolved", "workload_identity_provider: "+p.val)
		} else {
			f.targets = append(f.targets, target{edge: "assumes", id: "gcp:" + strings.TrimPrefix(p.val, "//iam.googleapis.com/"),
				kind: "identity", typ: "gcp-workload-identity-provider", name: p.val[strings.LastIndex(p.val, "/")+1:], attrs: attrs, file: file, line: p.line})
		}
	}
	if sa, ok := s.with["service_account"]; ok {
		if hasExpr(sa.val) {
			f.setAttr("unresolved", "service_account: "+sa.val)
		} else {
			f.targets = append(f.targets, target{edge: "assumes", id: "gcp:serviceAccount:" + sa.val,
				kind: "identity", typ: "gcp-service-account", name: sa.val, attrs: attrs, file: file, line: sa.line})
		}
	}
}

func azureStep(s *step, file string, f *facts) {
	attrs := map[string]string{"action": "azure/login", "step": s.name}
	client, hasClient := s.with["client-id"]
	if !hasClient {
		return // creds: ${{ secrets.X }} is a stored service principal secret, recorded as a use
	}
	f.oidc = true
	tenant := s.with["tenant-id"]
	if hasExpr(client.val) || hasExpr(tenant.val) || tenant.val == "" {
		f.setAttr("unresolved", "azure client-id: "+client.val+" tenant-id: "+tenant.val)
		return
	}
	if sub, ok := literal(s, "subscription-id"); ok {
		attrs["subscription_id"] = sub.val
	}
	f.targets = append(f.targets, target{edge: "assumes", id: "azure:" + tenant.val + "/" + client.val,
		kind: "identity", typ: "azure-app", name: client.val, attrs: attrs, file: file, line: client.line})
}

package gitlabci

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
)

func TestSecretish(t *testing.T) {
	tests := map[string]bool{
		"DB_PASSWORD": true, "NPM_TOKEN": true, "AWS_SECRET_ACCESS_KEY": true, "api_key": true,
		"VAULT_AUTH_ROLE": false, "TOKEN_URL": false, "RUBY_VERSION": false, "KEYSTORE": false,
		"DOCKER_AUTH_CONFIG": true, "SSH_PRIVATE_KEY": true, "VAULT_SERVER_URL": false,
	}
	got := map[string]bool{}
	for name := range tests {
		got[name] = secretish(name)
	}
	if diff := cmp.Diff(tests, got); diff != "" {
		t.Errorf("secretish (-want +got):\n%s", diff)
	}
}

func TestRefs(t *testing.T) {
	got := refs(`echo $A ${B_C} $$ESCAPED "$A" ${d}`)
	if diff := cmp.Diff([]string{"A", "B_C", "d"}, got); diff != "" {
		t.Errorf("refs (-want +got):\n%s", diff)
	}
}

// TestVaultTarget checks both forms of secrets:vault against GitLab's
// documented examples.
func TestVaultTarget(t *testing.T) {
	type out struct{ ID, Field, Engine, Unresolved string }
	tests := []struct {
		yaml string
		want out
	}{
		{`ledger/db/password@secret`, out{"vault:secret/ledger/db", "password", "kv-v2", ""}},
		{`production/db/password@ops`, out{"vault:ops/production/db", "password", "kv-v2", ""}},
		{`production/db/password`, out{"vault:kv-v2/production/db", "password", "kv-v2", ""}},
		{`{engine: {name: kv-v1, path: kv}, path: a/b, field: f}`, out{"vault:kv/a/b", "f", "kv-v1", ""}},
		{`{path: a/b, field: f}`, out{"vault:kv-v2/a/b", "f", "kv-v2", ""}},
		{`nofield`, out{Unresolved: "vault nofield: expected path/to/secret/field@mount"}},
		{`$ENV/db/password@secret`, out{Unresolved: "vault path secret/$ENV/db holds a variable"}},
	}
	for _, tt := range tests {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(tt.yaml), &doc); err != nil {
			t.Fatal(err)
		}
		p := &pipeline{walk: yamlnode.NewWalker(maxNodes)}
		tg, _, u := p.vaultTarget(yamlnode.Root(&doc), map[string]string{})
		got := out{tg.id, tg.attrs["field"], tg.attrs["engine"], u}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("vaultTarget(%s) (-want +got):\n%s", tt.yaml, diff)
		}
	}
}

// TestWhichToken checks GitLab's rule for the ID token Vault gets.
func TestWhichToken(t *testing.T) {
	one := &job{idTokens: []idToken{{name: "A"}}}
	two := &job{idTokens: []idToken{{name: "A"}, {name: "B"}}}
	tests := []struct {
		j     *job
		token string
		want  string
	}{
		{one, "", "A"},
		{two, "$B", "B"},
		{two, "${A}", "A"},
		{two, "", ""},
		{&job{}, "", ""},
		{one, "$C", ""},
	}
	for _, tt := range tests {
		tok, _ := whichToken(tt.j, tt.token)
		got := ""
		if tok != nil {
			got = tok.name
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("whichToken(%d tokens, %q) (-want +got):\n%s", len(tt.j.idTokens), tt.token, diff)
		}
	}
}

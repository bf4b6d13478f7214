package mcp

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/internal/mcpconf"
	"github.com/convene-dev/convene/graph"
)

// TestNameRule shows which names the server's inline-secret records and
// credential reads take from secretlit: a secret name's literal is a
// record, an access key ID's is not (its reference is a credential read),
// and names that only contain a secret word (HAS_PATCH, secretKeyRef) are
// neither.
func TestNameRule(t *testing.T) {
	const cfg = `{"mcpServers": {"s": {"command": "srv", "env": {
		"PGPASSWORD": "pg-not-a-real-pass",
		"GHTOKEN": "gh-not-a-real-token",
		"AWS_ACCESS_KEY_ID": "not-a-key-id-form",
		"HAS_PATCH": "patch-value-not-secret",
		"SECRET_KEY_REF": "ref-value-not-secret",
		"KEY_ID_REF": "${AWS_ACCESS_KEY_ID}",
		"OTHER": "${GITHUB_PAT}",
		"PLAIN": "${HAS_PATCH}"
	}, "args": ["--api-key", "api-not-a-real-key", "--key-id", "id-not-a-secret-x"]}}}`
	c, err := mcpconf.Parse([]byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	b := graph.NewBuilder()
	pl := place{LocID: "github.com/acme/names", LocName: "acme/names", LocType: "git-repo", Rel: ".mcp.json", Scope: "repository"}
	e := &emitter{b: b, pl: pl, file: "names/.mcp.json", cfg: c}
	e.emit()
	g := b.Build()
	var keys, reads []string
	for _, n := range g.Nodes() {
		for _, r := range graph.DecodeInlineSecrets(n.Attrs[graph.AttrHardcodedCredentials]) {
			keys = append(keys, r.Key)
		}
		if n.Type == graph.TypeEnvVar {
			reads = append(reads, n.Name)
		}
	}
	if diff := cmp.Diff([]string{"env.GHTOKEN", "env.PGPASSWORD", "arg --api-key"}, keys); diff != "" {
		t.Errorf("inline-secret keys (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"AWS_ACCESS_KEY_ID", "GITHUB_PAT"}, reads); diff != "" {
		t.Errorf("credential reads (-want +got):\n%s", diff)
	}
	for _, v := range []string{"pg-not-a-real-pass", "gh-not-a-real-token", "api-not-a-real-key"} {
		if strings.Contains(g.String(), v) {
			t.Errorf("the graph holds the value %q", v)
		}
	}
}

package mcp

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/internal/mcpconf"
	"github.com/convene-dev/convene/connectors/internal/secretlit"
	"github.com/convene-dev/convene/graph"
)

// TestShapedForms checks that a credential told by its form is recorded
// under whatever name holds it, an access key's ID always as
// aws-access-key-id, and a placeholder not at all.
func TestShapedForms(t *testing.T) {
	const (
		ghp  = "ghp_R4nd0mL00kingT0kenN0tIssued12345678"
		akia = "AKIAZNWCIDEPLOY00001"
	)
	cfg := `{"mcpServers": {"s": {"command": "srv", "env": {
		"DEPLOY": "` + ghp + `",
		"AWS_ACCESS_KEY_ID": "` + akia + `",
		"NOTE": "sk-your-key-here"
	}}}}`
	c, err := mcpconf.Parse([]byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	b := graph.NewBuilder()
	pl := place{LocID: "github.com/acme/shapes", LocName: "acme/shapes", LocType: "git-repo", Rel: ".mcp.json", Scope: "repository"}
	e := &emitter{b: b, pl: pl, file: "shapes/.mcp.json", cfg: c}
	e.emit()
	g := b.Build()
	got := map[string]string{}
	for _, n := range g.Nodes() {
		for _, r := range graph.DecodeInlineSecrets(n.Attrs[graph.AttrHardcodedCredentials]) {
			got[r.Key] = r.Fingerprint
		}
	}
	want := map[string]string{"env.DEPLOY": secretlit.Fingerprint(ghp), "aws-access-key-id": secretlit.Fingerprint(akia)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("inline-secret records (-want +got):\n%s", diff)
	}
	for _, v := range []string{ghp, akia} {
		if strings.Contains(g.String(), v) {
			t.Errorf("the graph holds the value %q", v)
		}
	}
}

package shellcmd

import (
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/google/go-cmp/cmp"
)

// TestEmitListAttrs checks that the consumer's list attributes are JSON
// arrays (graph.EncodeList), each value once, whatever the values hold.
func TestEmitListAttrs(t *testing.T) {
	tests := []struct {
		name, cmd string
		want      map[string]string
	}{
		{"one unresolved", "vault kv get secret/${ENV}/db",
			map[string]string{"unresolved": `["secret/${ENV}/db"]`}},
		{"two unresolved, one repeated", "vault kv get secret/${A},x; vault kv get secret/${B}; vault kv get secret/${A},x",
			map[string]string{"unresolved": `["secret/${A},x","secret/${B}"]`}},
		{"credential env", "export PGPASSWORD=$(vault read -field=password database/creds/${R})",
			map[string]string{"credential_env": `["PGPASSWORD"]`, "unresolved": `["database/roles/${R}"]`}},
	}
	for _, tc := range tests {
		s := Sink{B: graph.NewBuilder()}
		s.Emit(Consumer{ID: "job", Connector: "test", Source: "f"}, Scan(tc.cmd), 1)
		if diff := cmp.Diff(tc.want, s.Attrs); diff != "" {
			t.Errorf("%s: attrs (-want +got):\n%s", tc.name, diff)
		}
	}
}

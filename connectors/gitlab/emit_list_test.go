package gitlab

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// TestVariableLists checks that a key set in several environment scopes is
// one node whose scopes and types are JSON arrays, and that a key whose
// scope GitLab leaves out keeps no scope.
func TestVariableLists(t *testing.T) {
	s := &scanner{b: graph.NewBuilder()}
	s.variables("gitlab.com/g/p", "", "project", []variable{
		{Key: "DB", EnvironmentScope: "production", VariableType: "env_var"},
		{Key: "DB", EnvironmentScope: "review/*,x", VariableType: "file"},
		{Key: "DB", EnvironmentScope: "production", VariableType: "env_var"},
		{Key: "BARE"},
	}, "api")
	g := s.b.Build()
	tests := []struct{ id, key, want string }{
		{"gitlab.com/g/p/variables/DB", "environment_scope", `["production","review/*,x"]`},
		{"gitlab.com/g/p/variables/DB", "variable_type", `["env_var","file"]`},
		{"gitlab.com/g/p/variables/BARE", "environment_scope", ""},
	}
	for _, tc := range tests {
		n, _ := g.Node(tc.id)
		if diff := cmp.Diff(tc.want, n.Attrs[tc.key]); diff != "" {
			t.Errorf("%s %s (-want +got):\n%s", tc.id, tc.key, diff)
		}
	}
}

package yamlerr

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

type target struct {
	Name  string   `yaml:"name"`
	Items []string `yaml:"items"`
	Count int      `yaml:"count"`
}

func TestExplain(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []Problem
	}{
		{"unclosed flow sequence", "name: x\nitems: [a, b\ncount: 2\n",
			[]Problem{{Line: 2, Msg: "invalid YAML: a flow sequence [ … ] is not closed (did not find expected ',' or ']')"}}},
		// On line 1, yaml/v3 gives the problem's line instead: still right.
		{"unclosed flow sequence on line 1", "items: [a, b\ncount: 2\n",
			[]Problem{{Line: 2, Msg: "invalid YAML: a flow sequence [ … ] is not closed (did not find expected ',' or ']')"}}},
		{"unclosed flow mapping", "name: x\n\nitems: {a: b\ncount: 2\n",
			[]Problem{{Line: 3, Msg: "invalid YAML: a flow mapping { … } is not closed (did not find expected ',' or '}')"}}},
		{"scanner error keeps its line", "name: x\ncount: @2\n",
			[]Problem{{Line: 2, Msg: "invalid YAML: found character that cannot start any token"}}},
		{"misspelt key", "name: x\ncoutn: 2\n",
			[]Problem{{Line: 2, Msg: `unknown key "coutn"`, UnknownKey: "coutn", InType: "target"}}},
		{"wrong type", "count: many\n",
			[]Problem{{Line: 1, Msg: "cannot unmarshal !!str `many` into int"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec := yaml.NewDecoder(stringsReader(tt.doc))
			dec.KnownFields(true)
			var v target
			got := Explain(dec.Decode(&v))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }

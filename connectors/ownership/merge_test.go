package ownership

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMergeKeys: a mapping of the owners file may merge others (<<: *name,
// <<: [*a, *b]): its own keys win, then the first merged mapping to set a
// key, as YAML 1.1 says.
func TestMergeKeys(t *testing.T) {
	const in = `version: 1
teams:
  - &base
    id: payments
    contacts: &contacts {slack: "#payments", pager: "pagerduty:P"}
    members: [ana@example.com]
  - <<: *base
    id: refunds
  - id: sre
    contacts:
      <<: [{email: sre@example.com}, *contacts]
      slack: "#sre"
rules:
  - &rule {ids: ["vault:secret/payments/**"], owners: [payments]}
  - <<: *rule
    owners: [refunds]
`
	f, err := Parse("f.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := &File{
		Path: "f.yaml", Version: 1,
		Teams: []Team{
			{ID: "payments", Contacts: Contacts{Slack: "#payments", Pager: "pagerduty:P"}, Members: []string{"ana@example.com"}, Line: 3},
			{ID: "refunds", Contacts: Contacts{Slack: "#payments", Pager: "pagerduty:P"}, Members: []string{"ana@example.com"}, Line: 7},
			{ID: "sre", Contacts: Contacts{Email: "sre@example.com", Slack: "#sre", Pager: "pagerduty:P"}, Line: 9},
		},
		People: []Person{{Email: "ana@example.com", Teams: []string{"payments", "refunds"}, Line: 6}},
		Rules: []Rule{
			{IDs: []string{"vault:secret/payments/**"}, Owners: []string{"team:payments"}, Line: 14},
			{IDs: []string{"vault:secret/payments/**"}, Owners: []string{"team:refunds"}, Line: 15},
		},
	}
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
}

// TestMergeKeyErrors: merged keys are checked like the mapping's own, each
// problem once at the line it is written on; a merge of something else
// than mappings is an error.
func TestMergeKeyErrors(t *testing.T) {
	const head = "version: 1\nteams:\n"
	tests := []struct {
		name, in string
		want     []string
	}{
		{"unknown key in a merged mapping", head + "  - &t {id: a, slack: x}\n  - {<<: *t, id: b}\n",
			[]string{`f.yaml:3: unknown key "slack" in a team; a team takes id, name, handle, aliases, parent, roles, contacts, members (see docs/owners-file.md)`}},
		{"duplicate own key", head + "  - <<: {name: A}\n    id: a\n    id: b\n",
			[]string{`f.yaml:5: key "id" appears twice in a team (first at line 4); keep one`}},
		{"merge of a string", head + "  - id: a\n    <<: x\n",
			[]string{`f.yaml:4: "<<" in a team merges mappings (<<: *name or <<: [*a, *b]), not a string`}},
		{"merge of a list of strings", head + "  - id: a\n    <<: [x]\n",
			[]string{`f.yaml:4: each item of "<<" in a team must be a mapping to merge (*name), not a string`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("f.yaml", []byte(tc.in))
			if err == nil {
				t.Fatalf("Parse accepted the file: %+v", f)
			}
			if diff := cmp.Diff(tc.want, messages(t, err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

package ownership

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseFull(t *testing.T) {
	data, err := os.ReadFile("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse("full.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	want := &File{
		Path:    "full.yaml",
		Version: 1,
		Teams: []Team{
			{ID: "payments", Name: "Payments Engineering", Handle: "@northwind/payments",
				Contacts: Contacts{Email: "payments@example.com", Slack: "#payments", Pager: "pagerduty:PAYMENTS"},
				Members:  []string{"ana@example.com", "ben@example.com"}, Line: 11},
			{ID: "sre", Parent: "platform", Roles: []Role{RoleAdministrators, RoleIncidentResponse},
				Contacts: Contacts{Pager: "pagerduty:SRE"}, Members: []string{"ben@example.com"}, Line: 21},
			{ID: "platform", Name: "Platform", Roles: []Role{RoleInfrastructure, RolePlatform},
				Members: []string{"ciso@example.com"}, Line: 26},
			{ID: "dormant", Line: 30},
		},
		People: []Person{
			{Email: "ciso@example.com", Name: "Grace Hopper", Handle: "@ghopper", Roles: []Role{RoleSecurity}, Teams: []string{"platform"}, Line: 5},
			{Email: "ana@example.com", Teams: []string{"payments"}, Line: 19},
			{Email: "ben@example.com", Name: "Ben Okafor", Handle: "@bokafor", Teams: []string{"payments", "sre"}, Line: 20},
		},
		Rules: []Rule{
			{IDs: []string{"vault:secret/payments/**"}, Owners: []string{"team:payments"}, Line: 33},
			{IDs: []string{"arn:aws:iam::111122223333:role/payments-*"}, Kind: "identity", Type: "aws-role",
				Owners: []string{"team:payments", "team:sre", "person:ciso@example.com"}, Line: 35},
			{TagKey: "team", TagValue: "payments", Owners: []string{"team:payments"}, Line: 41},
			{IDs: []string{"host:*/**"}, TagKey: "env", TagValue: "prod", Owners: []string{"team:sre"}, Line: 43},
			{IDs: []string{"vault:secret/data/payments/db"}, Owners: []string{"team:payments"}, Line: 46},
		},
		Warnings: ErrorList{
			{File: "full.yaml", Line: 30, Msg: `team "dormant" has no members and no contacts, so nobody can be invited for it; add contacts or members`},
			{File: "full.yaml", Line: 46, Msg: `glob "vault:secret/data/payments/db" names a Vault KV v2 API path; convene's Vault IDs leave out "data/" and "metadata/" (vault:secret/payments/db), so this glob matches nothing: write "vault:secret/payments/db"`},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
}

// TestParseErrors checks one problem at a time; testdata/err-*.yaml hold
// files with many.
func TestParseErrors(t *testing.T) {
	const head = "version: 1\nteams:\n  - id: payments\n    contacts: {slack: \"#p\"}\n"
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", []string{`f.yaml:1: the file is empty; an owners file starts with "version: 1"`}},
		{"comments only", "# nothing yet\n", []string{`f.yaml:1: the file is empty; an owners file starts with "version: 1"`}},
		{"not a mapping", "- a\n", []string{`f.yaml:1: the owners file must be a mapping of version, teams, people, rules, suppressions, copies, not a list`}},
		{"missing version", "teams: []\n", []string{`f.yaml:1: no version; start the file with "version: 1"`}},
		{"unsupported version", "\nversion: 3\n", []string{`f.yaml:2: version 3 is not supported: this convene reads owners files of version 1; upgrade convene or write "version: 1"`}},
		{"version not a number", "version: one\n", []string{`f.yaml:1: version "one" is not a whole number: write "version: 1"`}},
		{"two documents", "version: 1\n---\nversion: 1\n", []string{`f.yaml:2: a second YAML document starts here; an owners file holds one document: remove the "---" or split the file`}},
		{"syntax", "version: 1\nteams:\n\t- id: x\n", []string{`f.yaml:3: invalid YAML: found character that cannot start any token`}},
		{"unknown top key", "version: 1\ninvite: {}\n", []string{`f.yaml:2: unknown key "invite" in the owners file; the owners file takes version, teams, people, rules, suppressions, copies (see docs/owners-file.md)`}},
		{"unknown team key", head + "    slack: x\n", []string{`f.yaml:5: unknown key "slack" in a team; a team takes id, name, handle, aliases, parent, roles, contacts, members (see docs/owners-file.md)`}},
		{"wrong type", head + "    name: {first: a}\n", []string{`f.yaml:5: team "payments" name must be a string, not a mapping (key: value)`}},
		{"team without id", "version: 1\nteams:\n  - name: Payments\n", []string{`f.yaml:3: team has no id; add "id: <team id>", for example "id: payments"`}},
		{"duplicate team", head + "  - id: payments\n", []string{`f.yaml:5: team id "payments" is already declared at line 3; give each team a unique id`}},
		{"unknown role", head + "    roles: [security, admins]\n", []string{`f.yaml:5: unknown role "admins"; roles are: administrators, iam, incident-response, infrastructure, platform, security`}},
		{"self parent", head + "    parent: payments\n", []string{`f.yaml:5: teams payments -> payments form a cycle of parents; a team cannot be its own ancestor`}},
		{"bad member", head + "    members: [not-an-address]\n", []string{`f.yaml:5: "not-an-address" is not an e-mail address; people are identified by e-mail, as in "ana.lima@example.com"`}},
		{"member conflict", head + "    members:\n      - {email: a@example.com, name: Ana}\n  - id: sre\n    members:\n      - {email: A@example.com, name: Anna}\n",
			[]string{`f.yaml:9: person "a@example.com" has name "Anna" here but "Ana" at line 6; give one name or leave it out in one place`}},
		{"duplicate person", "version: 1\npeople:\n  - email: a@example.com\n  - email: A@example.com\n", []string{`f.yaml:4: person "A@example.com" is already listed at line 3; list each person once`}},
		{"unknown team owner", head + "rules:\n  - ids: [\"host:*\"]\n    owners: [paymnets]\n",
			[]string{`f.yaml:7: owner "paymnets" is not a team declared in this file (did you mean "payments"?); declare it under teams, fix the spelling, or give a person's e-mail`}},
		{"unknown person owner", head + "rules:\n  - ids: [\"host:*\"]\n    owners: [ana@example.com]\n",
			[]string{`f.yaml:7: owner "ana@example.com" is not a person of this file; list them under people (or as a team member) or fix the spelling`}},
		{"malformed glob", head + "rules:\n  - ids: [\"vault:secret/{a,b\"]\n    owners: [payments]\n",
			[]string{`f.yaml:6: glob "vault:secret/{a,b" is malformed: every "[" and "{" needs its closing "]" or "}", and "\" must escape a character (write \[ for a literal [)`}},
		{"half globstar", head + "rules:\n  - ids: [\"vault:secret/pay**\"]\n    owners: [payments]\n",
			[]string{`f.yaml:6: glob "vault:secret/pay**": "**" matches across "/" only as a whole segment, as in "role/**" or "**/deploy"; here it would match like "*". Write "*" to stay within one segment, or put "**" between slashes`}},
		{"three stars", head + "rules:\n  - ids: [\"host:***\"]\n    owners: [payments]\n",
			[]string{`f.yaml:6: glob "host:***" has 3 stars in a row; write "*" for any run within one "/" segment or "**" for any number of segments`}},
		{"too many alternatives", head + "rules:\n  - ids: [\"{a,b,c}{a,b,c}{a,b,c}{a,b,c}\"]\n    owners: [payments]\n",
			[]string{`f.yaml:6: glob "{a,b,c}{a,b,c}{a,b,c}{a,b,c}" expands to more than 64 alternatives; their product multiplies the cost of matching: list the alternatives as separate globs in ids`}},
		{"too many alternations", head + "rules:\n  - ids: [\"{a,b}{a,b}{a,b}{a,b}{a,b}\"]\n    owners: [payments]\n",
			[]string{`f.yaml:6: glob "{a,b}{a,b}{a,b}{a,b}{a,b}" has 5 {…} alternations; at most 4 are allowed, since each multiplies the cost of matching: list the alternatives as separate globs in ids`}},
		{"tag without value", head + "rules:\n  - tag: {key: team}\n    owners: [payments]\n",
			[]string{`f.yaml:6: tag "team" has no value; write "tag: {key: team, value: <value>}"`}},
		{"rule without owners", head + "rules:\n  - ids: [\"host:*\"]\n",
			[]string{`f.yaml:6: rule has no owners; add "owners: [<team id or e-mail>]"`}},
		{"alias of two owners", head + "    aliases: [\"@northwind/payments\"]\n  - id: data\n    aliases: [\"@Northwind/Payments\", data]\n",
			[]string{`f.yaml:7: alias "@Northwind/Payments" of team "data" is already an alias of team:payments (line 5); an alias names one owner: remove one`}},
		{"cyclic alias", "version: 1\nteams: &t [*t]\n", []string{`f.yaml:2: a team must be a mapping of id, name, handle, aliases, parent, roles, contacts, members, not a list`}},
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

func messages(t *testing.T, err error) []string {
	t.Helper()
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v is not an ErrorList", err)
	}
	var out []string
	for _, e := range list {
		out = append(out, e.Error())
	}
	return out
}

func TestParseAcceptsAliases(t *testing.T) {
	in := `version: 1
teams:
  - id: payments
    members: &people [a@example.com, b@example.com]
  - id: sre
    members: *people
rules:
  - ids: ["host:*"]
    owners: &owners [payments, sre]
  - ids: ["vault:secret/**"]
    owners: *owners
`
	f, err := Parse("f.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"team:payments", "team:sre"}, f.Rules[1].Owners); diff != "" {
		t.Errorf("owners through an alias (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"payments", "sre"}, f.People[0].Teams); diff != "" {
		t.Errorf("teams of a member named through an alias (-want +got):\n%s", diff)
	}
}

func TestSuppressions(t *testing.T) {
	good := "version: 1\nteams:\n  - id: security\n    name: Security\n    contacts: {email: s@example.com}\nsuppressions:\n  - rule: NHI-UNOWNED\n    ids: [\"jenkins-credential:*\"]\n    reason: Jenkins credentials move to Vault in Q1 (SEC-88)\n    expires: 2027-03-31\n    owner: security\n"
	f, err := Parse("o.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	want := []Suppression{{Rule: "NHI-UNOWNED", IDs: []string{"jenkins-credential:*"}, Reason: "Jenkins credentials move to Vault in Q1 (SEC-88)",
		Expires: "2027-03-31", Owner: "team:security", Line: 7}}
	if diff := cmp.Diff(want, f.Suppressions); diff != "" {
		t.Errorf("suppressions (-want +got):\n%s", diff)
	}
	bad := "version: 1\nsuppressions:\n  - rule: NHI-UNOWNED\n    ids: [x]\n    expires: someday\n    owner: nobody\n"
	_, err = Parse("o.yaml", []byte(bad))
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("err = %v, want an ErrorList", err)
	}
	var all []string
	for _, e := range list {
		all = append(all, e.Error())
	}
	joined := strings.Join(all, "\n")
	for _, msg := range []string{"o.yaml:3: suppression has no reason", `o.yaml:3: suppression needs "expires: YYYY-MM-DD"`, `owner "nobody" is not a team declared in this file`} {
		if !strings.Contains(joined, msg) {
			t.Errorf("errors:\n%s\nwant %q", joined, msg)
		}
	}
}

func TestCopies(t *testing.T) {
	f, err := Parse("o.yaml", []byte("version: 1\ncopies:\n  - copy: repo/secrets/AWS_ACCESS_KEY_ID\n    of: aws-access-key:AKIA1\n    note: pasted in 2019\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Copy{{Copy: "repo/secrets/AWS_ACCESS_KEY_ID", Of: "aws-access-key:AKIA1", Note: "pasted in 2019", Line: 3}}
	if diff := cmp.Diff(want, f.Copies); diff != "" {
		t.Errorf("copies (-want +got):\n%s", diff)
	}
	if _, err := Parse("o.yaml", []byte("version: 1\ncopies:\n  - copy: x\n")); err == nil || !strings.Contains(err.Error(), `o.yaml:3: a copy needs both`) {
		t.Errorf("err = %v", err)
	}
}

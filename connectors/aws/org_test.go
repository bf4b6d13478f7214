package aws

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// orgFake is an organization of four accounts in two pages: a
// production account two OUs deep with owner tags, a sandbox, a suspended
// account (never assumed) and one whose role cannot be assumed.
func orgFake() *fakeAWS {
	f := &fakeAWS{account: "111122223333", pageSize: 2, throttle: map[string]int{}, denied: map[string]bool{},
		orgAccounts: []map[string]any{
			{"Id": "222233334444", "Name": "payments-prod", "State": "ACTIVE", "Status": "ACTIVE"},
			{"Id": "333344445555", "Name": "sandbox", "State": "ACTIVE"},
			{"Id": "444455556666", "Name": "legacy", "State": "ACTIVE"},
			{"Id": "555566667777", "Name": "closing", "State": "SUSPENDED"},
		},
		parents: map[string]string{"222233334444": "ou-prod", "ou-prod": "ou-workloads", "ou-workloads": "r-root",
			"333344445555": "r-root", "444455556666": "r-root"},
		ous:         map[string]string{"ou-prod": "Prod", "ou-workloads": "Workloads"},
		orgTags:     map[string]map[string]string{"222233334444": {"owner": "team-payments", "environment": "production"}},
		deniedRoles: map[string]bool{"arn:aws:iam::444455556666:role/convene-read": true},
	}
	return f
}

func TestOrganization(t *testing.T) {
	f := orgFake()
	srv := f.start(t)
	cfg := config.AWS{Organization: config.AWSOrganization{RoleName: "convene-read", ExternalID: "convene-ext-42", Concurrency: 2}}
	b := graph.NewBuilder()
	if err := liveConnector(cfg, srv.URL).Discover(context.Background(), nil, b); err != nil {
		t.Fatalf("Discover: %v", err)
	}
	g := b.Build()
	n, ok := g.Node("aws-account:222233334444")
	if !ok {
		t.Fatal("no node for the production account")
	}
	want := map[string]string{"account_id": "222233334444", "account_name": "payments-prod", "ou_path": "Root/Workloads/Prod",
		"tag.owner": "team-payments", "tag.environment": "production"}
	got := map[string]string{}
	for k := range want {
		got[k] = n.Attrs[k]
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("account attrs (-want +got):\n%s", diff)
	}
	if _, ok := g.Node("aws-account:555566667777"); ok {
		t.Error("the suspended account was listed")
	}
	// Three active accounts assumed (the suspended one never), each with
	// the external ID; the denied one is one diagnostic.
	if got := f.count("AssumeRole"); got != 3 {
		t.Errorf("AssumeRole called %d times, want 3", got)
	}
	for _, id := range f.externalIDs {
		if id != "convene-ext-42" {
			t.Errorf("AssumeRole external ID %q", id)
		}
	}
	var failed []string
	for _, d := range g.Diagnostics() {
		failed = append(failed, d.File)
		if d.File == "aws:444455556666" && !strings.Contains(d.Message, "account not read") {
			t.Errorf("diagnostic: %s", d.Message)
		}
	}
	if diff := cmp.Diff([]string{"aws:444455556666"}, failed); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if got := f.count("GetCallerIdentity"); got != 2 {
		t.Errorf("GetCallerIdentity called %d times, want 2 (the reachable accounts)", got)
	}
}

// TestOrganizationDenied: credentials that cannot list the organization
// are one diagnostic, and the configured accounts are still read.
func TestOrganizationDenied(t *testing.T) {
	f := orgFake()
	f.denied["ListAccounts"] = true
	srv := f.start(t)
	cfg := config.AWS{Enabled: true, Organization: config.AWSOrganization{RoleName: "convene-read"}}
	b := graph.NewBuilder()
	if err := liveConnector(cfg, srv.URL).Discover(context.Background(), nil, b); err != nil {
		t.Fatalf("Discover: %v", err)
	}
	g := b.Build()
	var msgs []string
	for _, d := range g.Diagnostics() {
		msgs = append(msgs, d.File+": "+d.Message)
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], "aws:organizations: organization accounts not listed") {
		t.Errorf("diagnostics:\n%s", strings.Join(msgs, "\n"))
	}
	if _, ok := g.Node("aws-account:111122223333"); !ok {
		t.Error("the default credentials' own account was not read")
	}
}

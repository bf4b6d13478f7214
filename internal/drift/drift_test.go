package drift_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/drift"
)

// Versions returns two versions of a small estate: a week apart, a key was
// deactivated, trust was widened, an owner vanished, a role appeared and a
// job went away.
func Versions() (old, new *graph.Graph) {
	build := func(v2 bool) *graph.Graph {
		b := graph.NewBuilder()
		ev := []graph.Evidence{{Connector: "test", Source: "estate", Line: 1}}
		if v2 {
			ev[0].Line = 9 // evidence moving is not a change
		}
		node := func(id string, k graph.NodeKind, typ string, attrs map[string]string) {
			b.AddNode(graph.Node{ID: id, Kind: k, Type: typ, Attrs: attrs, Evidence: ev})
		}
		status := "Active"
		sub := "repo:northwind/payments-api:environment:production"
		if v2 {
			status, sub = "Inactive", "repo:northwind/*"
		}
		node("team:payments", graph.Owner, "team", nil)
		node("arn:aws:iam::111122223333:user/svc-backup", graph.Identity, "aws-user", nil)
		node("aws-access-key:AKIAEXAMPLE", graph.Credential, "aws-access-key", map[string]string{"status": status})
		node("arn:aws:iam::111122223333:role/payments-deploy", graph.Identity, "aws-role", nil)
		node("github.com/northwind/payments-api/.github/workflows/deploy.yml#deploy", graph.Workload, "ci-job", nil)
		b.AddEdge(graph.Edge{From: "aws-access-key:AKIAEXAMPLE", To: "arn:aws:iam::111122223333:user/svc-backup", Kind: graph.KeyOf})
		b.AddEdge(graph.Edge{From: "github.com/northwind/payments-api/.github/workflows/deploy.yml#deploy", To: "arn:aws:iam::111122223333:role/payments-deploy",
			Kind: graph.Assumes, Attrs: map[string]string{"condition.sub": sub}})
		if !v2 {
			b.AddEdge(graph.Edge{From: "arn:aws:iam::111122223333:role/payments-deploy", To: "team:payments", Kind: graph.OwnedBy})
			b.AddNode(graph.Node{ID: "host:batch-01/etc/cron.d/old#root:backup.sh", Kind: graph.Workload, Type: "cron-job", Name: "old#root:backup.sh",
				Attrs:    map[string]string{"command": "/usr/local/bin/backup.sh --full", "user": "root", "env": "MAILTO"},
				Schedule: &graph.Schedule{Expr: "30 2 * * *", Dialect: graph.Cron}, Evidence: ev})
		} else {
			node("arn:aws:iam::111122223333:role/new-admin", graph.Identity, "aws-role", nil)
			b.AddEdge(graph.Edge{From: "arn:aws:iam::111122223333:role/new-admin", To: "team:payments", Kind: graph.OwnedBy})
		}
		return b.Build()
	}
	return build(false), build(true)
}

func TestCompare(t *testing.T) {
	old, new := Versions()
	got := drift.Compare(old, new)
	want := &drift.Report{
		AddedNodes: []drift.NodeChange{{ID: "arn:aws:iam::111122223333:role/new-admin", Kind: graph.Identity, Type: "aws-role", Owners: []string{"team:payments"},
			Details: []drift.Detail{{Field: "file", Value: "estate:9"}}}},
		RemovedNodes: []drift.NodeChange{{ID: "host:batch-01/etc/cron.d/old#root:backup.sh", Kind: graph.Workload, Type: "cron-job", Name: "old#root:backup.sh",
			Details: []drift.Detail{{Field: "schedule", Value: "30 2 * * * (cron)"}, {Field: "command", Value: "/usr/local/bin/backup.sh --full"},
				{Field: "user", Value: "root"}, {Field: "file", Value: "estate:1"}}}},
		ChangedNodes: []drift.NodeChange{
			{ID: "arn:aws:iam::111122223333:role/payments-deploy", Kind: graph.Identity, Type: "aws-role",
				Changes: []drift.Change{{Field: "owners", Old: "team:payments", New: ""}}},
			{ID: "aws-access-key:AKIAEXAMPLE", Kind: graph.Credential, Type: "aws-access-key",
				Changes: []drift.Change{{Field: "attrs.status", Old: "Active", New: "Inactive"}}},
		},
		AddedEdges:   []drift.EdgeChange{{From: "arn:aws:iam::111122223333:role/new-admin", To: "team:payments", Kind: graph.OwnedBy}},
		RemovedEdges: []drift.EdgeChange{{From: "arn:aws:iam::111122223333:role/payments-deploy", To: "team:payments", Kind: graph.OwnedBy}},
		ChangedEdges: []drift.EdgeChange{{From: "github.com/northwind/payments-api/.github/workflows/deploy.yml#deploy", To: "arn:aws:iam::111122223333:role/payments-deploy", Kind: graph.Assumes,
			Changes: []drift.Change{{Field: "attrs.condition.sub", Old: "repo:northwind/payments-api:environment:production", New: "repo:northwind/*"}}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Compare (-want +got):\n%s", diff)
	}
	if !drift.Compare(new, new).Empty() {
		t.Error("a graph differs from itself")
	}
}

// TestLinesAreProvenance checks that a record's line inside a JSON
// attribute is not a change, while what the record says is.
func TestLinesAreProvenance(t *testing.T) {
	graphOf := func(rules string) *graph.Graph {
		b := graph.NewBuilder()
		b.AddNode(graph.Node{ID: "team:payments", Kind: graph.Owner, Type: "team", Attrs: map[string]string{"owner_rules": rules}})
		return b.Build()
	}
	base := graphOf(`[{"ids":["vault:secret/payments/**"],"file":"convene-owners.yaml","line":8}]`)
	for name, tc := range map[string]struct {
		rules   string
		changed bool
	}{
		"line moved":        {`[{"ids":["vault:secret/payments/**"],"file":"convene-owners.yaml","line":9}]`, false},
		"members reordered": {`[{"file":"convene-owners.yaml","ids":["vault:secret/payments/**"],"line":8}]`, false},
		"rule changed":      {`[{"ids":["vault:secret/**"],"file":"convene-owners.yaml","line":8}]`, true},
		"file changed":      {`[{"ids":["vault:secret/payments/**"],"file":"teams/owners.yaml","line":8}]`, true},
	} {
		t.Run(name, func(t *testing.T) {
			r := drift.Compare(base, graphOf(tc.rules))
			if got := len(r.ChangedNodes) > 0; got != tc.changed {
				t.Errorf("changed = %v, want %v: %+v", got, tc.changed, r.ChangedNodes)
			}
		})
	}
}

// TestInlineSecretLinesAreProvenance checks that an inline-secret record
// whose line moved is not a change, while another fingerprint or file is.
func TestInlineSecretLinesAreProvenance(t *testing.T) {
	graphOf := func(recs string) *graph.Graph {
		b := graph.NewBuilder()
		b.AddNode(graph.Node{ID: "host:b1/etc/cron.d/x#root:psql", Kind: graph.Workload, Type: graph.TypeCronJob, Attrs: map[string]string{graph.AttrHardcodedCredentials: recs}})
		return b.Build()
	}
	base := graphOf(`[{"key":"PGPASSWORD","fingerprint":"sha256:60747b44977c","file":"etc/cron.d/x","line":4}]`)
	for name, tc := range map[string]struct {
		recs    string
		changed bool
	}{
		"line moved":    {`[{"key":"PGPASSWORD","fingerprint":"sha256:60747b44977c","file":"etc/cron.d/x","line":5}]`, false},
		"another value": {`[{"key":"PGPASSWORD","fingerprint":"sha256:0123456789ab","file":"etc/cron.d/x","line":4}]`, true},
		"another file":  {`[{"key":"PGPASSWORD","fingerprint":"sha256:60747b44977c","file":"etc/cron.d/y","line":4}]`, true},
	} {
		t.Run(name, func(t *testing.T) {
			r := drift.Compare(base, graphOf(tc.recs))
			if got := len(r.ChangedNodes) > 0; got != tc.changed {
				t.Errorf("changed = %v, want %v: %+v", got, tc.changed, r.ChangedNodes)
			}
		})
	}
}

// TestListReencoding: a snapshot from before list attributes were JSON
// arrays holds "a,b"; the same list written now is ["a","b"] and is not a
// change, while a different list still is.
func TestListReencoding(t *testing.T) {
	graphOf := func(teams string) *graph.Graph {
		b := graph.NewBuilder()
		b.AddNode(graph.Node{ID: "person:ana@example.com", Kind: graph.Owner, Type: "person", Attrs: map[string]string{"teams": teams}})
		return b.Build()
	}
	for name, tc := range map[string]struct {
		old, new string
		changed  bool
	}{
		"re-encoded":         {"payments,sre", `["payments","sre"]`, false},
		"re-encoded single":  {"payments", `["payments"]`, false},
		"member added":       {"payments", `["payments","sre"]`, true},
		"both JSON, reorder": {`["sre","payments"]`, `["payments","sre"]`, true},
		"JSON back to text":  {`["payments"]`, "payments", true},
		"newline-joined":     {"a, b\nc", `["a, b","c"]`, false},
		"semicolon-joined":   {"x: a; y", `["x: a","y"]`, false},
		"free text":          {"dataFrom.find: a, b", `["dataFrom.find: a, b"]`, false},
		"text changed":       {"a\nb", `["a","c"]`, true},
	} {
		t.Run(name, func(t *testing.T) {
			r := drift.Compare(graphOf(tc.old), graphOf(tc.new))
			if got := len(r.ChangedNodes) > 0; got != tc.changed {
				t.Errorf("changed = %v, want %v: %+v", got, tc.changed, r.ChangedNodes)
			}
		})
	}
}

func TestDescribeLists(t *testing.T) {
	n := graph.Node{ID: "host:h/etc/systemd/system/x.service", Type: "systemd-service",
		Attrs: map[string]string{"exec_start": `["/bin/a, b","/bin/c > d"]`, "images": "old,comma"}}
	want := []drift.Detail{{Field: "exec_start", Value: "/bin/a, b; /bin/c > d"}, {Field: "images", Value: "old; comma"}}
	if diff := cmp.Diff(want, drift.Describe(n)); diff != "" {
		t.Errorf("Describe (-want +got):\n%s", diff)
	}
}

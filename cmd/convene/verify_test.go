package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// graphDoc is a graph file as loose JSON, so a test can edit it.
type graphDoc map[string]any

func readGraphDoc(t *testing.T, path string) graphDoc {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d graphDoc
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func (d graphDoc) write(t *testing.T, path string) {
	t.Helper()
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func (d graphDoc) addNode(n map[string]any) { d["nodes"] = append(d["nodes"].([]any), n) }
func (d graphDoc) addEdge(e map[string]any) { d["edges"] = append(d["edges"].([]any), e) }

// setAttr sets an attribute of a node.
func (d graphDoc) setAttr(t *testing.T, id, key, value string) {
	t.Helper()
	for _, n := range d["nodes"].([]any) {
		n := n.(map[string]any)
		if n["id"] == id {
			attrs, _ := n["attrs"].(map[string]any)
			if attrs == nil {
				attrs = map[string]any{}
				n["attrs"] = attrs
			}
			attrs[key] = value
			return
		}
	}
	t.Fatalf("no node %s", id)
}

// deleteNode removes a node and its edges.
func (d graphDoc) deleteNode(t *testing.T, id string) {
	t.Helper()
	keep := func(list []any, drop func(map[string]any) bool) []any {
		var out []any
		for _, x := range list {
			if !drop(x.(map[string]any)) {
				out = append(out, x)
			}
		}
		return out
	}
	d["nodes"] = keep(d["nodes"].([]any), func(n map[string]any) bool { return n["id"] == id })
	d["edges"] = keep(d["edges"].([]any), func(e map[string]any) bool { return e["from"] == id || e["to"] == id })
}

func declared(src string) []any {
	return []any{map[string]any{"connector": "test", "source": src, "line": 1, "basis": "declared"}}
}

// TestVerifyAfterRotation plans the rotation of the payments database
// secret and the legacy key (a static CI copy, a Vault Agent consumer, a
// scheduled job) on the sample estate with a second static copy of the key
// in Jenkins, then verifies it against a scan taken after the window: the
// new KV version, the second key and the CI copy landed, the Jenkins copy
// was not updated and an unknown client still used the old key after the
// window. Exactly those two steps are not done, and verify exits 3.
func TestVerifyAfterRotation(t *testing.T) {
	dir := t.TempDir()
	scanned := filepath.Join(dir, "scanned.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", scanned); code != 0 {
		t.Fatal(stderr)
	}
	const key = "aws-access-key:AKIAZNWLEGACYKEY0001"
	const jenkins = "jenkins-credential:legacy-reporting-aws"
	before := readGraphDoc(t, scanned)
	before.addNode(map[string]any{"id": jenkins, "kind": "credential", "type": "jenkins-credential", "name": "legacy-reporting-aws",
		"attrs": map[string]any{"updated_at": "2025-03-01T09:00:00Z"}, "evidence": declared("jenkins/credentials.xml")})
	before.addEdge(map[string]any{"from": jenkins, "to": key, "kind": "copy_of", "evidence": declared("convene-owners.yaml")})
	before.addEdge(map[string]any{"from": jenkins, "to": "team:release", "kind": "owned_by", "evidence": declared("convene-owners.yaml")})
	beforeFile := filepath.Join(dir, "before.json")
	before.write(t, beforeFile)

	planFile := filepath.Join(dir, "plan.json")
	stdout, stderr, code := runAt(t, "plan", "--change", "cmd/convene/testdata/changes/rotate-runbook.yaml", "--graph", beforeFile, "--format", "json")
	if code != 0 {
		t.Fatal(stderr)
	}
	if err := os.WriteFile(planFile, []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}

	after := readGraphDoc(t, beforeFile)
	after.setAttr(t, "vault:secret/payments/db", "current_version", "2")
	after.setAttr(t, "vault:secret/payments/db", "updated_time", "2026-12-01T22:05:00Z")
	after.deleteNode(t, "aws-access-key:AKIAZNWLEGACYKEY0002") // the inactive second key, deleted to make room
	after.addNode(map[string]any{"id": "aws-access-key:AKIAZNWLEGACYKEY0003", "kind": "credential", "type": "aws-access-key",
		"attrs": map[string]any{"created": "2026-12-01T22:03:00Z", "status": "Active"}, "evidence": declared("aws/iam-list-access-keys.json")})
	after.addEdge(map[string]any{"from": "aws-access-key:AKIAZNWLEGACYKEY0003", "to": "arn:aws:iam::111122223333:user/svc-payments-legacy", "kind": "key_of", "evidence": declared("aws/iam-list-access-keys.json")})
	after.setAttr(t, "github.com/northwind/payments-api/secrets/AWS_ACCESS_KEY_ID", "updated_at", "2026-12-01T22:10:00Z")
	after.setAttr(t, key, "status", "Inactive")
	after.addNode(map[string]any{"id": "observed-client:198.51.100.23", "kind": "workload", "type": "observed-client", "evidence": declared("cloudtrail")})
	after.addEdge(map[string]any{"from": "observed-client:198.51.100.23", "to": key, "kind": "uses", "evidence": []any{map[string]any{
		"connector": "cloudtrail", "source": "cloudtrail/2026-12-02.json", "basis": "observed",
		"observed": map[string]any{"first_seen": "2026-11-02T03:10:00Z", "last_seen": "2026-12-02T03:10:00Z", "count": 31, "sources": []any{"198.51.100.23"}}}}})
	afterFile := filepath.Join(dir, "after.json")
	after.write(t, afterFile)

	for _, format := range []string{"text", "json"} {
		stdout, stderr, code = runAt(t, "verify", "--plan", planFile, "--graph", afterFile, "--format", format)
		if code != 3 {
			t.Fatalf("%s: exit %d, want 3\n%s%s", format, code, stdout, stderr)
		}
		goldenFile(t, "verify-rotate."+format, strings.ReplaceAll(stdout, afterFile, "AFTER"))
	}
	var doc struct {
		Steps []struct {
			Kind   string   `json:"kind"`
			Status string   `json:"status"`
			Nodes  []string `json:"nodes"`
			Action string   `json:"action"`
		} `json:"steps"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	var notDone []string
	for _, s := range doc.Steps {
		if s.Status == "not-done" {
			notDone = append(notDone, s.Kind+" "+s.Action)
		}
	}
	want := []string{
		"update-copy Update the static copy " + jenkins + " (jenkins-credential) with the new value of " + key,
		"confirm Confirm that nothing uses the old version of " + key + " any more",
	}
	if strings.Join(notDone, "\n") != strings.Join(want, "\n") {
		t.Errorf("not done:\n%s\nwant:\n%s", strings.Join(notDone, "\n"), strings.Join(want, "\n"))
	}

	// Once the Jenkins copy is updated and the unknown client is gone,
	// every step data can prove is done: exit 0.
	after.setAttr(t, jenkins, "updated_at", "2026-12-01T23:30:00Z")
	after.deleteNode(t, "observed-client:198.51.100.23")
	after.write(t, afterFile)
	if out, stderr, code := runAt(t, "verify", "--plan", planFile, "--graph", afterFile, "--format", "md"); code != 0 || !strings.Contains(out, "0 not done") {
		t.Errorf("all done: exit %d, want 0\n%s%s", code, out, stderr)
	}

	// The estate as it was before the change: the copies are not updated.
	if _, _, code := runAt(t, "verify", "--plan", planFile, "--graph", beforeFile); code != 3 {
		t.Errorf("verify before the change: exit %d, want 3", code)
	}
	// Errors exit 1 or 2.
	if _, _, code := runAt(t, "verify", "--plan", filepath.Join(dir, "missing.json"), "--graph", afterFile); code != 1 {
		t.Errorf("missing plan: exit %d, want 1", code)
	}
	if _, _, code := runAt(t, "verify", "--graph", afterFile); code != 2 {
		t.Errorf("no --plan: exit %d, want 2", code)
	}
}

// TestDisableKeyObservedRunbook: disabling the backup key, which a cron job
// uses and — as only CloudTrail shows — an unknown client too. Every
// consumer moves before the key is disabled, each with an owner (the
// client, owned by no one, under the key's owners, marked).
func TestDisableKeyObservedRunbook(t *testing.T) {
	dir := t.TempDir()
	scanned := filepath.Join(dir, "scanned.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", scanned); code != 0 {
		t.Fatal(stderr)
	}
	d := readGraphDoc(t, scanned)
	d.addNode(map[string]any{"id": "observed-client:203.0.113.40", "kind": "workload", "type": "observed-client", "evidence": declared("cloudtrail")})
	d.addEdge(map[string]any{"from": "observed-client:203.0.113.40", "to": "aws-access-key:AKIAZNWBACKUPKEY0001", "kind": "uses", "evidence": []any{map[string]any{
		"connector": "cloudtrail", "source": "cloudtrail/2026-11-28.json", "basis": "observed",
		"observed": map[string]any{"first_seen": "2026-10-01T08:00:00Z", "last_seen": "2026-11-28T09:12:00Z", "count": 57, "sources": []any{"203.0.113.40"}}}}})
	graphFile := filepath.Join(dir, "observed.json")
	d.write(t, graphFile)
	stdout, stderr, code := runAt(t, "plan", "disable", "aws-access-key:AKIAZNWBACKUPKEY0001", "--graph", graphFile, "--window", "2026-12-01T22:00Z/4h", "--format", "runbook")
	if code != 0 {
		t.Fatal(stderr)
	}
	goldenFile(t, "disable-backup-key-observed-runbook.md", stdout)
}

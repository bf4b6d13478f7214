package aws

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// discoverText writes each name -> content pair to a temporary folder and
// discovers them together, as one scan.
func discoverText(t *testing.T, files map[string]string) *graph.Graph {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, filepath.ToSlash(p))
	}
	return discover(t, paths...)
}

// attr is a node's attribute, "(no node)" when the node is missing.
func attr(g *graph.Graph, id, key string) string {
	n, ok := g.Node(id)
	if !ok {
		return "(no node)"
	}
	return n.Attrs[key]
}

func TestRoleLastUsed(t *testing.T) {
	g := discoverText(t, map[string]string{"authz.json": `{"RoleDetailList": [
  {"RoleName": "never", "Arn": "arn:aws:iam::111122223333:role/never", "RoleLastUsed": {}},
  {"RoleName": "used", "Arn": "arn:aws:iam::111122223333:role/used", "RoleLastUsed": {"LastUsedDate": "2026-01-02T03:04:05Z", "Region": "eu-west-1"}},
  {"RoleName": "unknown", "Arn": "arn:aws:iam::111122223333:role/unknown"}
]}`})
	got := map[string]string{}
	for _, r := range []string{"never", "used", "unknown"} {
		got[r] = attr(g, "arn:aws:iam::111122223333:role/"+r, "last_used")
	}
	want := map[string]string{"never": "never", "used": "2026-01-02T03:04:05Z", "unknown": ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("last_used (-want +got):\n%s", diff)
	}
}

// TestAccountIAMRead: only accounts whose authorization details were read
// carry iam_read; an account named only in a trust policy or an ARN does
// not.
func TestAccountIAMRead(t *testing.T) {
	g := discoverText(t, map[string]string{
		"authz.json": `{"RoleDetailList": [{"RoleName": "audit", "Arn": "arn:aws:iam::111122223333:role/audit",
  "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sts:AssumeRole"}]}}]}`,
		"lambda.json": `{"Functions": [{"FunctionName": "f", "FunctionArn": "arn:aws:lambda:eu-west-1:555566667777:function:f",
  "Role": "arn:aws:iam::555566667777:role/f"}]}`,
	})
	got := map[string]string{}
	for _, a := range []string{"111122223333", "999988887777", "555566667777"} {
		got[a] = attr(g, "aws-account:"+a, "iam_read")
	}
	want := map[string]string{"111122223333": "true", "999988887777": "", "555566667777": ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("iam_read (-want +got):\n%s", diff)
	}
}

const reportHeader = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active," +
	"access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
	"access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service," +
	"cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n"

// TestCredentialReportKeys: each key slot the report shows in use becomes an
// access-key node, key_of its user; a slot whose last rotation is the
// CreateDate of a key ListAccessKeys gives for the same user meets that key.
func TestCredentialReportKeys(t *testing.T) {
	report := reportHeader +
		"<root_account>,arn:aws:iam::111122223333:root,2019-01-07T09:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n" +
		"ci,arn:aws:iam::111122223333:user/ci,2019-06-02T16:40:03+00:00,true,2026-11-01T00:00:00+00:00,N/A,N/A,false,true,2019-06-02T16:41:12+00:00,2026-11-27T06:15:00+00:00,eu-west-1,s3,false,2019-06-02T16:45:30+00:00,N/A,N/A,N/A,false,N/A,false,N/A\n" +
		"listed,arn:aws:iam::111122223333:user/listed,2019-06-02T16:40:03+00:00,false,N/A,N/A,N/A,false,true,2020-01-01T00:00:00+00:00,2026-11-27T06:15:00+00:00,eu-west-1,sts,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"
	g := discoverText(t, map[string]string{
		"111122223333/report.csv": report,
		"111122223333/keys.json": `{"AccessKeyMetadata": [{"UserName": "listed", "AccessKeyId": "AKIAZLISTEDKEY000001", "Status": "Active",
  "CreateDate": "2020-01-01T00:00:00+00:00"}]}`,
	})
	type key struct{ ID, Status, LastRotated, LastUsed, NeverUsed, Slot, KeyOf string }
	var got []key
	for _, n := range g.Nodes() {
		if n.Type != "aws-access-key" {
			continue
		}
		k := key{ID: n.ID, Status: n.Attrs["status"], LastRotated: n.Attrs["last_rotated"], LastUsed: n.Attrs["last_used"],
			NeverUsed: n.Attrs["never_used"], Slot: n.Attrs["report_slot"]}
		for _, e := range g.Out(n.ID) {
			if e.Kind == graph.KeyOf {
				k.KeyOf = e.To
			}
		}
		got = append(got, k)
	}
	want := []key{
		{ID: "arn:aws:iam::111122223333:user/ci/access-key-1", Status: "Active", LastRotated: "2019-06-02T16:41:12Z",
			LastUsed: "2026-11-27T06:15:00Z", Slot: "1", KeyOf: "arn:aws:iam::111122223333:user/ci"},
		{ID: "arn:aws:iam::111122223333:user/ci/access-key-2", Status: "Inactive", LastRotated: "2019-06-02T16:45:30Z",
			NeverUsed: "true", Slot: "2", KeyOf: "arn:aws:iam::111122223333:user/ci"},
		{ID: "aws-access-key:AKIAZLISTEDKEY000001", Status: "Active",
			LastUsed: "2026-11-27T06:15:00Z", Slot: "1", KeyOf: "arn:aws:iam::111122223333:user/listed"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("access keys (-want +got):\n%s", diff)
	}
	if n, _ := g.Node("arn:aws:iam::111122223333:user/ci"); n.Attrs["password_enabled"] != "true" {
		t.Errorf("password_enabled = %q, want true", n.Attrs["password_enabled"])
	}
	for _, d := range g.Diagnostics() {
		if strings.Contains(d.Message, "conflicting") {
			t.Errorf("diagnostic: %v", d)
		}
	}
	for _, n := range g.Nodes() {
		for _, ev := range n.Evidence {
			if strings.Contains(ev.Note, "conflicting") {
				t.Errorf("%s: %s", n.ID, ev.Note)
			}
		}
	}
}

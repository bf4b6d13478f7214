package aws

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// syntheticAccount is a large account: roles trusted by OIDC or a service,
// each with an inline policy and two managed ones; users with two keys.
// Pages are 100 items, the IAM API's default.
func syntheticAccount(roles, users, policies int) *fakeAWS {
	f := &fakeAWS{account: "111122223333", pageSize: 100, throttle: map[string]int{}, denied: map[string]bool{}}
	for i := range policies {
		f.policies = append(f.policies, fakePolicy{
			arn: fmt.Sprintf("arn:aws:iam::111122223333:policy/team-%d/policy-%d", i%50, i), name: fmt.Sprintf("policy-%d", i),
			document: fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket-%d/*"},{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:*:111122223333:secret:team-%d/*"}]}`, i, i%50),
		})
	}
	for i := range roles {
		trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
		if i%3 == 0 {
			trust = fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:northwind/service-%d:environment:production"}}}]}`, i)
		}
		f.roles = append(f.roles, fakeRole{
			name: fmt.Sprintf("role-%d", i), path: fmt.Sprintf("/team-%d/", i%50), trust: trust,
			inline:  map[string]string{"inline": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}`},
			managed: []string{f.policies[(2*i)%policies].arn, f.policies[(2*i+1)%policies].arn},
		})
	}
	for i := range users {
		f.users = append(f.users, fakeUser{name: fmt.Sprintf("svc-%d", i),
			keys: []string{fmt.Sprintf("AKIAS%015d", 2*i), fmt.Sprintf("AKIAS%015d", 2*i+1)}})
	}
	return f
}

// BenchmarkLiveSynthetic reads a 5,000-role, 2,000-user (two keys each),
// 10,000-policy account through the real SDK clients and a local server,
// and reports the API calls one scan makes.
func BenchmarkLiveSynthetic(b *testing.B) {
	f := syntheticAccount(5000, 2000, 10000)
	srv := f.start(b)
	cfg := config.AWS{Accounts: []config.AWSAccount{{ID: "111122223333"}}, Regions: []string{"eu-west-1"}}
	c := liveConnector(cfg, srv.URL)
	b.ReportAllocs()
	var nodes, edges int
	for b.Loop() {
		gb := graph.NewBuilder()
		if err := c.Discover(context.Background(), nil, gb); err != nil {
			b.Fatal(err)
		}
		g := gb.Build()
		nodes, edges = g.Len(), len(g.Edges())
	}
	b.Logf("calls by operation over %d scans: %v", b.N, f.calls)
	b.ReportMetric(float64(f.total())/float64(b.N), "calls/op")
	b.ReportMetric(float64(f.count("GetAccountAuthorizationDetails"))/float64(b.N), "authz-pages/op")
	b.ReportMetric(float64(nodes), "nodes")
	b.ReportMetric(float64(edges), "edges")
}

// BenchmarkOfflineEstate reads the sample estate's exports.
func BenchmarkOfflineEstate(b *testing.B) {
	files := estateFiles(b)
	b.ReportAllocs()
	for b.Loop() {
		discover(b, files...)
	}
}

// BenchmarkOfflineSynthetic reads the synthetic account as the files an
// offline export gives: one get-account-authorization-details file and one
// list-access-keys file per user.
func BenchmarkOfflineSynthetic(b *testing.B) {
	f := syntheticAccount(5000, 2000, 10000)
	dir := filepath.Join(b.TempDir(), "111122223333")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	var a struct {
		UserDetailList []map[string]any
		RoleDetailList []map[string]any
		Policies       []map[string]any
	}
	for _, u := range f.users {
		a.UserDetailList = append(a.UserDetailList, map[string]any{"UserName": u.name, "Path": "/", "Arn": "arn:aws:iam::111122223333:user/" + u.name})
	}
	for _, r := range f.roles {
		inline := []map[string]any{}
		for n, d := range r.inline {
			inline = append(inline, map[string]any{"PolicyName": n, "PolicyDocument": json.RawMessage(d)})
		}
		managed := []map[string]any{}
		for _, p := range r.managed {
			managed = append(managed, map[string]any{"PolicyArn": p, "PolicyName": p[strings.LastIndexByte(p, '/')+1:]})
		}
		a.RoleDetailList = append(a.RoleDetailList, map[string]any{"RoleName": r.name, "Path": r.path,
			"Arn": "arn:aws:iam::111122223333:role" + r.path + r.name, "CreateDate": "2023-01-18T11:02:37+00:00",
			"AssumeRolePolicyDocument": json.RawMessage(r.trust), "RolePolicyList": inline, "AttachedManagedPolicies": managed})
	}
	for _, p := range f.policies {
		a.Policies = append(a.Policies, map[string]any{"PolicyName": p.name, "Arn": p.arn, "DefaultVersionId": "v1",
			"PolicyVersionList": []any{map[string]any{"Document": json.RawMessage(p.document), "VersionId": "v1", "IsDefaultVersion": true}}})
	}
	data, _ := json.MarshalIndent(a, "", "    ")
	files := []string{filepath.Join(dir, "authz.json")}
	if err := os.WriteFile(files[0], data, 0o644); err != nil {
		b.Fatal(err)
	}
	for _, u := range f.users {
		var keys []map[string]any
		for _, k := range u.keys {
			keys = append(keys, map[string]any{"UserName": u.name, "AccessKeyId": k, "Status": "Active", "CreateDate": "2024-02-19T10:03:55+00:00"})
		}
		p := filepath.Join(dir, "keys-"+u.name+".json")
		kd, _ := json.Marshal(map[string]any{"AccessKeyMetadata": keys})
		if err := os.WriteFile(p, kd, 0o644); err != nil {
			b.Fatal(err)
		}
		files = append(files, p)
	}
	b.ReportAllocs()
	var nodes int
	for b.Loop() {
		nodes = discover(b, files...).Len()
	}
	b.ReportMetric(float64(len(data))/(1<<20), "authz-MiB")
	b.ReportMetric(float64(nodes), "nodes")
}

package aws

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// liveConnector is the connector with real SDK clients pointed at srv, with
// static fake credentials and no retry back-off.
func liveConnector(cfg config.AWS, endpoint string) *Connector {
	c := New(&config.Config{AWS: cfg})
	c.newClients = sdkClients(cfg, sdkOptions{
		endpoint:    endpoint,
		credentials: credentials.NewStaticCredentialsProvider("AKIAFAKETESTKEY00001", "fake-secret-for-tests", ""),
		noBackoff:   true,
	})
	return c
}

// northwindFake is a small production account: an OIDC-trusted deploy
// role, a Lambda reading a secret, a task definition, a schedule, a user
// with keys. Pages hold two items so every paginator turns.
func northwindFake() *fakeAWS {
	const acct = "111122223333"
	secretARN := "arn:aws:secretsmanager:eu-west-1:" + acct + ":secret:payments/stripe-api-key-a1B2c3"
	return &fakeAWS{
		account: acct, pageSize: 2,
		users: []fakeUser{{name: "svc-backup", keys: []string{"AKIAZNWBACKUPKEY0001"}}, {name: "svc-payments-legacy", keys: []string{"AKIAZNWLEGACYKEY0001", "AKIAZNWLEGACYKEY0002"}}},
		roles: []fakeRole{
			{name: "payments-deploy", trust: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"repo:northwind/payments-api:environment:production"}}}]}`,
				managed: []string{"arn:aws:iam::111122223333:policy/payments-deploy"}},
			{name: "payments-settlement-lambda", trust: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
				inline: map[string]string{"read-stripe-api-key": `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/stripe-api-key-*"}}`}},
			{name: "scheduler-invoke", trust: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"scheduler.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
				neverUsed: true},
		},
		policies: []fakePolicy{{arn: "arn:aws:iam::111122223333:policy/payments-deploy", name: "payments-deploy",
			document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:*","Resource":"*"}]}`}},
		lambdas: map[string][]map[string]any{"eu-west-1": {{
			"FunctionName": "payments-settlement", "FunctionArn": "arn:aws:lambda:eu-west-1:" + acct + ":function:payments-settlement",
			"Runtime": "python3.12", "Role": "arn:aws:iam::" + acct + ":role/payments-settlement-lambda", "Handler": "settlement.handler",
			"LastModified": "2026-10-14T09:31:22.118+0000", "PackageType": "Zip",
			"Environment": map[string]any{"Variables": map[string]string{"STRIPE_API_KEY_SECRET_ARN": secretARN, "STRIPE_WEBHOOK_TOKEN": "whsec_do-not-store-me"}},
		}}},
		secrets: map[string][]map[string]any{"eu-west-1": {{
			"ARN": secretARN, "Name": "payments/stripe-api-key", "RotationEnabled": true,
			"RotationLambdaARN": "arn:aws:lambda:eu-west-1:" + acct + ":function:payments-rotate-stripe",
			"RotationRules":     map[string]any{"AutomaticallyAfterDays": 30},
			"LastRotatedDate":   1.7614692124e9, "Tags": []any{map[string]string{"Key": "team", "Value": "payments"}},
		}, {
			"ARN": "arn:aws:secretsmanager:eu-west-1:" + acct + ":secret:ledger/db-Zx9Yw8", "Name": "ledger/db", "RotationEnabled": false,
			"LastChangedDate": 1.704804271e9,
		}, {
			"ARN": "arn:aws:secretsmanager:eu-west-1:" + acct + ":secret:payments/stripe-webhook-Q1w2E3", "Name": "payments/stripe-webhook",
		}}},
		taskDefs: map[string][]map[string]any{"eu-west-1": {{
			"taskDefinitionArn": "arn:aws:ecs:eu-west-1:" + acct + ":task-definition/ledger-worker:14", "family": "ledger-worker", "revision": 14,
			"taskRoleArn": "arn:aws:iam::" + acct + ":role/ledger-worker", "status": "ACTIVE", "registeredAt": 1.762186929e9,
			"containerDefinitions": []any{map[string]any{"name": "ledger-worker", "secrets": []any{
				map[string]string{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:eu-west-1:" + acct + ":secret:ledger/db-Zx9Yw8:password::"},
				map[string]string{"name": "FEATURE_FLAGS", "valueFrom": "/ledger/feature-flags"},
			}}},
		}}},
		schedules: map[string][]map[string]any{"eu-west-1": {{
			"Arn": "arn:aws:scheduler:eu-west-1:" + acct + ":schedule/default/nightly-settlement", "Name": "nightly-settlement", "GroupName": "default",
			"State": "ENABLED", "ScheduleExpression": "cron(30 1 * * ? *)", "ScheduleExpressionTimezone": "Europe/Dublin",
			"Target": map[string]any{"Arn": "arn:aws:lambda:eu-west-1:" + acct + ":function:payments-settlement", "RoleArn": "arn:aws:iam::" + acct + ":role/scheduler-invoke"},
		}}},
		throttle: map[string]int{"ListFunctions": 1, "GetAccountAuthorizationDetails": 1},
		denied:   map[string]bool{},
	}
}

// TestLive runs the live path against the local server: AssumeRole with an
// external ID, paginated IAM, throttled calls the retryer retries, one
// denied API that becomes a diagnostic while the rest of the account lands.
func TestLive(t *testing.T) {
	f := northwindFake()
	f.denied["ListSchedules"] = true
	srv := f.start(t)
	cfg := config.AWS{
		Accounts: []config.AWSAccount{{ID: "111122223333", RoleName: "convene-read", ExternalID: "northwind-convene"}},
		Regions:  []string{"eu-west-1", "us-east-1"},
	}
	b := graph.NewBuilder()
	if err := liveConnector(cfg, srv.URL).Discover(context.Background(), nil, b); err != nil {
		t.Fatal(err)
	}
	g := b.Build()
	got := g.String()
	checkGolden(t, filepath.Join("testdata", "live.out"), got)

	if strings.Contains(got, "whsec_do-not-store-me") {
		t.Error("a Lambda environment value that is not a secret ARN reached the graph")
	}
	if f.count("GetSecretValue") != 0 {
		t.Error("GetSecretValue was called")
	}
	if len(f.externalIDs) == 0 || f.externalIDs[0] != "northwind-convene" {
		t.Errorf("AssumeRole external IDs = %q, want northwind-convene", f.externalIDs)
	}
	// 6 items at 2 per page: 3 pages, plus the one throttled attempt.
	if n := f.count("GetAccountAuthorizationDetails"); n != 4 {
		t.Errorf("GetAccountAuthorizationDetails called %d times, want 4 (3 pages + 1 retry)", n)
	}
	if n := f.count("ListFunctions"); n != 3 {
		t.Errorf("ListFunctions called %d times, want 3 (2 regions + 1 retry)", n)
	}
	if n := f.count("ListSecrets"); n != 3 {
		t.Errorf("ListSecrets called %d times, want 3 (2 pages in eu-west-1, 1 in us-east-1)", n)
	}
	var denied bool
	for _, d := range g.Diagnostics() {
		if strings.Contains(d.Message, "scheduler:ListSchedules denied") {
			denied = true
		}
	}
	if !denied {
		t.Errorf("no diagnostic for the denied ListSchedules; got %v", g.Diagnostics())
	}
	if _, ok := g.Node("arn:aws:lambda:eu-west-1:111122223333:function:payments-settlement"); !ok {
		t.Error("the Lambda did not land beside the denied API")
	}
}

// TestLiveDefaultAccount finds the account with GetCallerIdentity when none
// is listed.
func TestLiveDefaultAccount(t *testing.T) {
	f := northwindFake()
	f.throttle = map[string]int{}
	srv := f.start(t)
	b := graph.NewBuilder()
	if err := liveConnector(config.AWS{Enabled: true, Regions: []string{"eu-west-1"}}, srv.URL).Discover(context.Background(), nil, b); err != nil {
		t.Fatal(err)
	}
	if f.count("GetCallerIdentity") != 1 || f.count("AssumeRole") != 0 {
		t.Errorf("calls = %v", f.calls)
	}
	g := b.Build()
	if _, ok := g.Node("aws-account:111122223333"); !ok {
		t.Error("no account node")
	}
	const sched = "arn:aws:scheduler:eu-west-1:111122223333:schedule/default/nightly-settlement"
	n, ok := g.Node(sched)
	if !ok || n.Schedule == nil {
		t.Fatalf("schedule %s missing or without its timetable: %+v", sched, n)
	}
	want := graph.Schedule{Expr: "cron(30 1 * * ? *)", Dialect: graph.AWS, TimeZone: "Europe/Dublin"}
	if *n.Schedule != want {
		t.Errorf("schedule = %+v, want %+v", *n.Schedule, want)
	}
	var triggers, assumes bool
	for _, e := range g.Out(sched) {
		triggers = triggers || (e.Kind == graph.Triggers && e.To == "arn:aws:lambda:eu-west-1:111122223333:function:payments-settlement")
		assumes = assumes || (e.Kind == graph.Assumes && e.To == "arn:aws:iam::111122223333:role/scheduler-invoke")
	}
	if !triggers || !assumes {
		t.Errorf("schedule edges: triggers=%v assumes=%v", triggers, assumes)
	}
}

// TestLiveAllDenied: an account where every call is denied is diagnosed and
// Discover fails, since nothing could be read.
func TestLiveUnreachable(t *testing.T) {
	f := northwindFake()
	f.denied = map[string]bool{"AssumeRole": true}
	srv := f.start(t)
	cfg := config.AWS{Accounts: []config.AWSAccount{{ID: "111122223333", RoleName: "convene-read"}}, Regions: []string{"eu-west-1"}, MaxAttempts: 1}
	b := graph.NewBuilder()
	err := liveConnector(cfg, srv.URL).Discover(context.Background(), nil, b)
	if err == nil {
		t.Fatal("Discover succeeded with no account readable")
	}
	if len(b.Build().Diagnostics()) == 0 {
		t.Error("no diagnostic")
	}
}

// TestOfflineNeverLive: the default configuration never calls AWS.
func TestOfflineNeverLive(t *testing.T) {
	c := New(config.Default())
	c.newClients = func(context.Context, config.AWSAccount, string) (*clients, error) {
		t.Fatal("the live path ran with the default configuration")
		return nil, nil
	}
	if err := c.Discover(context.Background(), nil, graph.NewBuilder()); err != nil {
		t.Fatal(err)
	}
}

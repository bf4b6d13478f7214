package access

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func allow(action, resource string) string {
	return `{"Statement":[{"Effect":"Allow","Action":"` + action + `","Resource":"` + resource + `"}]}`
}

const (
	trustAccount = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}`
	trustLambda  = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	trustEC2     = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
)

func TestAWSRules(t *testing.T) {
	tests := []struct {
		name  string
		build func(*estate)
		want  []string
	}{
		{"assume: the trust admits the account and the policy allows", func(e *estate) {
			e.user("dev", allow("sts:AssumeRole", acct+"role/deploy")).role("deploy", trustAccount, "")
		}, []string{acct + "user/dev -> " + acct + "role/deploy aws-assume-role"}},
		{"assume: the trust admits the account but no policy allows", func(e *estate) {
			e.user("dev", allow("s3:GetObject", "*")).role("deploy", trustAccount, "")
		}, nil},
		{"assume: the policy allows but the trust admits a service only", func(e *estate) {
			e.user("dev", allow("sts:AssumeRole", "*")).role("fn", trustLambda, "")
		}, nil},
		{"assume: a trust naming the principal is an assumes edge already", func(e *estate) {
			e.user("dev", allow("sts:AssumeRole", "*")).role("deploy", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"`+acct+`user/dev"},"Action":"sts:AssumeRole"}]}`, "")
			e.edge(acct+"user/dev", acct+"role/deploy", graph.Assumes, nil)
		}, nil},
		{"passrole with lambda create and invoke", func(e *estate) {
			e.user("dev", `{"Statement":[{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction","lambda:InvokeFunction"],"Resource":"*"}]}`).role("fn", trustLambda, "")
		}, []string{acct + "user/dev -> " + acct + "role/fn aws-passrole"}},
		{"passrole without a way to run code", func(e *estate) {
			e.user("dev", allow("iam:PassRole", "*")).role("fn", trustLambda, "")
		}, nil},
		{"passrole limited to another service by condition", func(e *estate) {
			e.user("dev", `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}},
			 {"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}`).role("box", trustEC2, "")
		}, nil},
		{"passrole for EC2 with RunInstances", func(e *estate) {
			e.user("dev", `{"Statement":[{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"*"}]}`).role("box", trustEC2, "")
		}, []string{acct + "user/dev -> " + acct + "role/box aws-passrole"}},
		{"create an access key for another user", func(e *estate) {
			e.user("ops", allow("iam:CreateAccessKey", acct+"user/*")).user("svc", "")
		}, []string{acct + "user/ops -> " + acct + "user/svc aws-user-credentials"}},
		{"create an access key for oneself only", func(e *estate) {
			e.user("ops", allow("iam:CreateAccessKey", acct+"user/${aws:username}")).user("svc", "")
		}, nil},
		{"update login profile", func(e *estate) {
			e.user("ops", allow("iam:UpdateLoginProfile", "*")).user("svc", "")
		}, []string{acct + "user/ops -> " + acct + "user/svc aws-user-credentials"}},
		{"update a role's trust", func(e *estate) {
			e.user("ops", allow("iam:UpdateAssumeRolePolicy", acct+"role/prod-*")).role("prod-db", trustEC2, "").role("dev-db", trustEC2, "")
		}, []string{acct + "user/ops -> " + acct + "role/prod-db aws-update-trust"}},
		{"a user who may put a policy on itself becomes every user and account-trusting role", func(e *estate) {
			e.user("ci", allow("iam:PutUserPolicy", acct+"user/ci")).user("svc", "").role("admin", trustAccount, "").role("fn", trustLambda, "")
		}, []string{acct + "user/ci -> " + acct + "role/admin aws-admin", acct + "user/ci -> " + acct + "user/svc aws-admin"}},
		{"attach a policy to a role one can assume", func(e *estate) {
			e.user("ci", allow("iam:AttachRolePolicy", acct+"role/deployer")).role("deployer", trustLambda, "").role("admin", trustAccount, "")
			e.edge(acct+"user/ci", acct+"role/deployer", graph.Assumes, nil)
		}, []string{acct + "user/ci -> " + acct + "role/admin aws-modify-assumable-role"}},
		{"an explicit deny in a boundary-free policy set stops it", func(e *estate) {
			e.user("ops", `{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"iam:CreateAccessKey","Resource":"*"},{"Effect":"Deny","Action":["iam:*LoginProfile","iam:Put*","iam:Attach*","iam:CreatePolicyVersion","iam:UpdateAssumeRolePolicy"],"Resource":"*"}]}`).user("svc", "")
		}, nil},
		{"a permissions boundary stops it", func(e *estate) {
			e.user("ops", allow("iam:CreateAccessKey", "*")).user("svc", "")
			e.node(acct+"policy/boundary", "aws-managed-policy", "boundary", map[string]string{"document": allow("s3:*", "*")})
			e.edge(acct+"user/ops", acct+"policy/boundary", graph.HasPolicy, map[string]string{"via": "permissions-boundary"})
		}, nil},
		{"replace a Lambda function's code", func(e *estate) {
			e.user("dev", allow("lambda:UpdateFunctionCode", "arn:aws:lambda:eu-west-1:111122223333:function:billing")).role("billing-fn", trustLambda, "").role("other-fn", trustLambda, "")
			e.node("arn:aws:lambda:eu-west-1:111122223333:function:billing", "lambda", "billing", nil)
			e.edge("arn:aws:lambda:eu-west-1:111122223333:function:billing", acct+"role/billing-fn", graph.RunsAs, nil)
			e.node("arn:aws:lambda:eu-west-1:111122223333:function:other", "lambda", "other", nil)
			e.edge("arn:aws:lambda:eu-west-1:111122223333:function:other", acct+"role/other-fn", graph.RunsAs, nil)
		}, []string{acct + "user/dev -> " + acct + "role/billing-fn aws-lambda-update-code"}},
		{"add oneself to a group", func(e *estate) {
			e.user("dev", allow("iam:AddUserToGroup", acct+"group/admins"))
			e.node(acct+"group/admins", "aws-group", "admins", nil)
		}, []string{acct + "user/dev -> " + acct + "group/admins aws-add-to-group"}},
		{"group policies count", func(e *estate) {
			e.user("ops", "").user("svc", "")
			e.node(acct+"group/admins", "aws-group", "admins", nil)
			e.node(acct+"group/admins/inline-policy/p", "aws-inline-policy", "p", map[string]string{"document": allow("iam:CreateLoginProfile", "*")})
			e.edge(acct+"group/admins", acct+"group/admins/inline-policy/p", graph.HasPolicy, map[string]string{"via": "inline"})
			e.edge(acct+"user/ops", acct+"group/admins", graph.HasPolicy, map[string]string{"via": "group-membership"})
		}, []string{acct + "user/ops -> " + acct + "user/svc aws-user-credentials"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEstate()
			tt.build(e)
			_, got := e.derive(t)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("can_become (-want +got):\n%s", diff)
			}
		})
	}
}

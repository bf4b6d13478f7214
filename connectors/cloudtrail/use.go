package cloudtrail

import (
	"strings"

	"github.com/convene-dev/convene/connectors/internal/observe"
	"github.com/convene-dev/convene/graph"
)

// count records what one event shows: the role it assumed, the secrets or
// parameters it read, and the long-term key it was signed with. Failed
// calls (an errorCode) are not uses.
func count(agg *observe.Aggregator, r *record) {
	if r.ErrorCode != "" || r.EventName == "" {
		return
	}
	who := caller(r)
	if who.client == "" {
		return
	}
	t := r.time()
	ua := UAFamily(r.UserAgent)
	ip := r.SourceIPAddress
	if ip == r.UserAgent || strings.HasSuffix(ip, ".amazonaws.com") {
		ip = "" // a service calling on its own behalf has no address
	}
	add := func(kind graph.EdgeKind, object, typ string) {
		agg.Add(observe.Key{Kind: kind, Object: object, Subject: who.subject, Client: who.client}, typ, t, 0,
			func() map[string]string { return who.describe(r, ua) }, ip, ua)
	}
	if k := r.UserIdentity.AccessKeyID; strings.HasPrefix(k, "AKIA") {
		// A call signed with a long-term key is a use of the key, from
		// this address and this client.
		key := "aws-access-key:" + k
		kc := key + "@" + orNone(ip) + "/" + orNone(ua)
		agg.Add(observe.Key{Kind: graph.Uses, Object: key, Subject: key, Client: kc}, "aws-access-key", t, 0,
			func() map[string]string { return who.describe(r, ua) }, ip, ua)
	}
	p := &r.RequestParameters
	switch r.EventName {
	case "AssumeRole", "AssumeRoleWithWebIdentity", "AssumeRoleWithSAML":
		if p.RoleARN != "" {
			add(graph.Assumes, p.RoleARN, "aws-role")
		}
	case "GetSecretValue":
		if p.SecretID != "" {
			add(graph.Reads, secretID(p.SecretID, r), "aws-secret")
		}
	case "BatchGetSecretValue":
		for _, s := range p.SecretIDList {
			add(graph.Reads, secretID(s, r), "aws-secret")
		}
	case "GetParameter":
		if p.Name != "" {
			add(graph.Reads, parameterID(p.Name, r), "aws-ssm-parameter")
		}
	case "GetParameters":
		for _, n := range p.Names {
			add(graph.Reads, parameterID(n, r), "aws-ssm-parameter")
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// secretID names a secret as the aws connector does: its ARN as given, or
// for a name, aws-secretsmanager:<name>, which the link rule resolves to
// the secret of that name in the account.
func secretID(ref string, r *record) string {
	if strings.HasPrefix(ref, "arn:") {
		return ref
	}
	return "aws-secretsmanager:" + ref
}

// parameterID is the ARN of a parameter named by name or ARN, in the
// event's region and account.
func parameterID(name string, r *record) string {
	if strings.HasPrefix(name, "arn:") {
		return name
	}
	acct := r.RecipientAccountID
	if acct == "" {
		acct = r.UserIdentity.AccountID
	}
	return "arn:aws:ssm:" + r.AWSRegion + ":" + acct + ":parameter/" + strings.TrimPrefix(name, "/")
}

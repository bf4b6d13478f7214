package cloudtrail

import "strings"

// principal is who made a call: the node ID of the identity (subject) and
// the stable key of the client.
type principal struct {
	subject, client string
}

// caller names the principal of an event as the graph names it.
func caller(r *record) principal {
	u := &r.UserIdentity
	switch u.Type {
	case "WebIdentityUser":
		// The token's subject (repo:org/repo:ref:refs/heads/main) at its
		// issuer, as CI connectors name OIDC subjects.
		iss := u.IdentityProvider
		if i := strings.Index(iss, ":oidc-provider/"); i >= 0 {
			iss = iss[i+len(":oidc-provider/"):]
		}
		if iss == "" || u.UserName == "" {
			return principal{}
		}
		id := "oidc:" + iss + ":" + u.UserName
		return principal{id, id}
	case "SAMLUser":
		if u.IdentityProvider == "" {
			return principal{}
		}
		return principal{u.IdentityProvider, u.IdentityProvider + "#" + u.UserName}
	case "AssumedRole":
		if a := u.SessionContext.SessionIssuer.ARN; a != "" {
			return principal{a, a}
		}
	case "IAMUser":
		if u.ARN != "" {
			return principal{u.ARN, u.ARN}
		}
	case "AWSService":
		if u.InvokedBy != "" {
			id := "aws-service:" + u.InvokedBy
			return principal{id, id}
		}
	case "AWSAccount":
		if u.AccountID != "" {
			id := "arn:aws:iam::" + u.AccountID + ":root"
			return principal{id, id}
		}
	case "FederatedUser":
		if u.ARN != "" {
			return principal{u.ARN, u.ARN}
		}
	}
	return principal{}
}

// describe is what an observed client is shown with: never a credential.
func (p principal) describe(r *record, ua string) map[string]string {
	attrs := map[string]string{"source_log": "cloudtrail", "identity_type": r.UserIdentity.Type}
	set := func(k, v string) {
		if v != "" {
			attrs[k] = v
		}
	}
	set("user_agent_family", ua)
	set("aws_region", r.AWSRegion)
	set("account", r.RecipientAccountID)
	if k := r.UserIdentity.AccessKeyID; strings.HasPrefix(k, "AKIA") {
		set("access_key_id", k)
	}
	if ip := r.SourceIPAddress; ip != "" && !strings.HasSuffix(ip, ".amazonaws.com") {
		set("source_address", ip)
	}
	return attrs
}

// UAFamily reduces a user agent to the client that sent it, without
// versions, hosts or session IDs: aws-cli, Boto3, aws-sdk-go-v2, console,
// or a service's own name.
func UAFamily(ua string) string {
	ua = strings.TrimSpace(strings.Trim(ua, "[]"))
	if ua == "" {
		return ""
	}
	switch {
	case strings.HasPrefix(ua, "Mozilla/"):
		return "browser"
	case strings.HasSuffix(ua, ".amazonaws.com"):
		return ua
	case ua == "AWS Internal":
		return ua
	}
	first, _, _ := strings.Cut(ua, " ")
	first, _, _ = strings.Cut(first, "/")
	// Tools that append a run ID (name_<uuid>) name one client.
	if i := strings.IndexByte(first, '_'); i > 0 && len(first)-i > 8 {
		first = first[:i]
	}
	return first
}

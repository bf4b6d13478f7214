package aws

import (
	"encoding/json"
	"fmt"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/iampolicy"
)

// emitAuthz writes the users, groups, roles and policies of one
// get-account-authorization-details result.
func (e *emitter) emitAuthz(a authzDetails, src *source) {
	groupARN := make(map[string]string, len(a.GroupDetailList))
	for _, g := range a.GroupDetailList {
		groupARN[g.GroupName] = g.Arn
	}
	e.markIAMRead(a, src)
	for _, p := range a.Policies {
		e.emitManagedPolicy(p, src)
	}
	for _, g := range a.GroupDetailList {
		attrs := map[string]string{}
		set(attrs, "path", g.Path)
		set(attrs, "id", g.GroupId)
		set(attrs, "created", string(g.CreateDate))
		e.node(graph.Node{ID: g.Arn, Kind: graph.Identity, Type: "aws-group", Name: g.GroupName, Attrs: attrs}, src, graph.Declared)
		e.attachments(g.Arn, g.AttachedManagedPolicies, g.GroupPolicyList, nil, src)
	}
	for _, u := range a.UserDetailList {
		attrs := map[string]string{}
		set(attrs, "path", u.Path)
		set(attrs, "id", u.UserId)
		set(attrs, "created", string(u.CreateDate))
		tags(attrs, u.Tags)
		e.node(graph.Node{ID: u.Arn, Kind: graph.Identity, Type: "aws-user", Name: u.UserName, Attrs: attrs}, src, graph.Declared)
		e.attachments(u.Arn, u.AttachedManagedPolicies, u.UserPolicyList, u.PermissionsBoundary, src)
		line := src.line(u.Arn)
		for _, gname := range u.GroupList {
			g, ok := groupARN[gname]
			if !ok {
				p, _ := parseARN(u.Arn)
				g = fmt.Sprintf("arn:%s:iam::%s:group/%s", p.Partition, p.Account, gname)
				e.ref(g, src, line)
			}
			// Membership is has_policy: the user holds what the group
			// holds, so a change to the group's policies reaches it.
			e.edge(u.Arn, g, graph.HasPolicy, map[string]string{"via": "group-membership"}, src, line, graph.Declared)
		}
	}
	for _, r := range a.RoleDetailList {
		e.emitRole(r, src)
	}
}

func (e *emitter) emitRole(r roleDetail, src *source) {
	attrs := map[string]string{}
	set(attrs, "path", r.Path)
	set(attrs, "id", r.RoleId)
	set(attrs, "created", string(r.CreateDate))
	if r.RoleLastUsed != nil {
		// An empty RoleLastUsed is AWS saying the role was not used in
		// the period it tracks (400 days); absent, the export predates
		// the field and nothing is known.
		set(attrs, "last_used", string(r.RoleLastUsed.LastUsedDate))
		set(attrs, "last_used_region", r.RoleLastUsed.Region)
		if attrs["last_used"] == "" {
			attrs["last_used"] = "never"
		}
	}
	if r.PermissionsBoundary != nil {
		set(attrs, "permissions_boundary", r.PermissionsBoundary.PermissionsBoundaryArn)
	}
	tags(attrs, r.Tags)
	line := src.line(r.Arn)
	doc, err := iampolicy.Parse(r.AssumeRolePolicyDocument)
	if err != nil {
		e.b.Diagnose(graph.Diagnostic{Connector: Name, File: src.name, Line: line, Severity: graph.Warning,
			Message: fmt.Sprintf("role %s: trust policy skipped: %v", r.Arn, err)})
	} else if len(r.AssumeRolePolicyDocument) > 0 {
		set(attrs, "trust_policy", compactDoc(r.AssumeRolePolicyDocument))
	}
	e.node(graph.Node{ID: r.Arn, Kind: graph.Identity, Type: "aws-role", Name: r.RoleName, Attrs: attrs}, src, graph.Declared)
	e.attachments(r.Arn, r.AttachedManagedPolicies, r.RolePolicyList, r.PermissionsBoundary, src)
	e.emitTrust(r.Arn, doc, src, line)
	for _, ip := range r.InstanceProfileList {
		ipAttrs := map[string]string{}
		set(ipAttrs, "path", ip.Path)
		e.node(graph.Node{ID: ip.Arn, Kind: graph.Identity, Type: "aws-instance-profile", Name: ip.InstanceProfileName, Attrs: ipAttrs}, src, graph.Declared)
		// EC2 instances launched with the profile act as the role.
		e.edge(ip.Arn, r.Arn, graph.Assumes, map[string]string{"via": "instance-profile"}, src, src.line(ip.Arn), graph.Declared)
	}
}

// attachments writes has_policy edges to managed policies, inline policy
// nodes and the permissions boundary of one principal.
func (e *emitter) attachments(principal string, managed []attachedPolicy, inline []inlinePolicy, pb *boundary, src *source) {
	line := src.line(principal)
	pa, _ := parseARN(principal)
	for _, m := range managed {
		if e.attachedIn[m.PolicyArn] == nil {
			e.attachedIn[m.PolicyArn] = make(map[string]bool)
		}
		e.attachedIn[m.PolicyArn][pa.Account] = true
		e.ref(m.PolicyArn, src, src.line(m.PolicyArn))
		e.edge(principal, m.PolicyArn, graph.HasPolicy, map[string]string{"via": "managed"}, src, line, graph.Declared)
	}
	if pb != nil && pb.PermissionsBoundaryArn != "" {
		e.ref(pb.PermissionsBoundaryArn, src, line)
		e.edge(principal, pb.PermissionsBoundaryArn, graph.HasPolicy, map[string]string{"via": "permissions-boundary"}, src, line, graph.Declared)
	}
	for _, ip := range inline {
		id := principal + "/inline-policy/" + ip.PolicyName
		attrs := map[string]string{"principal": principal}
		doc, err := iampolicy.Parse(ip.PolicyDocument)
		if err != nil {
			e.b.Diagnose(graph.Diagnostic{Connector: Name, File: src.name, Line: line, Severity: graph.Warning,
				Message: fmt.Sprintf("inline policy %s: document skipped: %v", id, err)})
		} else {
			set(attrs, "document", compactDoc(ip.PolicyDocument))
			e.policies = append(e.policies, policyDoc{id: id, accounts: map[string]bool{pa.Account: true}, doc: doc, src: src, line: line})
		}
		e.b.AddNode(graph.Node{ID: id, Kind: graph.Policy, Type: "aws-inline-policy", Name: ip.PolicyName, Attrs: attrs,
			Evidence: e.evidence(src, line, graph.Declared)})
		e.edge(principal, id, graph.HasPolicy, map[string]string{"via": "inline"}, src, line, graph.Declared)
	}
}

func (e *emitter) emitManagedPolicy(p managedPolicy, src *source) {
	attrs := map[string]string{}
	set(attrs, "path", p.Path)
	set(attrs, "id", p.PolicyId)
	set(attrs, "default_version", p.DefaultVersionId)
	set(attrs, "created", string(p.CreateDate))
	set(attrs, "updated", string(p.UpdateDate))
	line := src.line(p.Arn)
	for _, v := range p.PolicyVersionList {
		if !v.IsDefaultVersion && v.VersionId != p.DefaultVersionId {
			continue
		}
		doc, err := iampolicy.Parse(v.Document)
		if err != nil {
			e.b.Diagnose(graph.Diagnostic{Connector: Name, File: src.name, Line: line, Severity: graph.Warning,
				Message: fmt.Sprintf("policy %s version %s: document skipped: %v", p.Arn, v.VersionId, err)})
			break
		}
		set(attrs, "document", compactDoc(v.Document))
		e.policies = append(e.policies, policyDoc{id: p.Arn, doc: doc, src: src, line: line})
		break
	}
	e.node(graph.Node{ID: p.Arn, Kind: graph.Policy, Type: "aws-managed-policy", Name: p.PolicyName, Attrs: attrs}, src, graph.Declared)
}

// compactDoc is a policy document as compact JSON, decoded from the
// URL-encoded form when the API gave it so.
func compactDoc(raw json.RawMessage) string {
	text, err := iampolicy.Text(raw)
	if err != nil {
		return ""
	}
	var v any
	if err := json.Unmarshal(text, &v); err != nil {
		return ""
	}
	out, _ := json.Marshal(v)
	return string(out)
}

// markIAMRead records the accounts whose IAM this authorization details
// result shows: the source's own, and those of the principals and
// policies it lists. An account only named elsewhere (a trust policy, a
// Lambda's role) is referenced, not read.
func (e *emitter) markIAMRead(a authzDetails, src *source) {
	mark := func(id string) {
		if p, ok := parseARN(id); ok && accountID.MatchString(p.Account) && e.iamRead[p.Account] == nil {
			e.iamRead[p.Account] = src
		}
	}
	if accountID.MatchString(src.account) && e.iamRead[src.account] == nil {
		e.iamRead[src.account] = src
	}
	for _, u := range a.UserDetailList {
		mark(u.Arn)
	}
	for _, g := range a.GroupDetailList {
		mark(g.Arn)
	}
	for _, r := range a.RoleDetailList {
		mark(r.Arn)
	}
	for _, p := range a.Policies {
		mark(p.Arn)
	}
}

// emitIAMRead marks the accounts whose IAM was read with iam_read=true.
func (e *emitter) emitIAMRead() {
	for _, acct := range sortedKeys(e.iamRead) {
		src := e.iamRead[acct]
		e.b.AddNode(graph.Node{ID: accountNodeID(acct), Kind: graph.Location, Type: "aws-account", Name: acct,
			Attrs:    map[string]string{"account_id": acct, "iam_read": "true"},
			Evidence: e.evidence(src, 0, graph.Declared)})
	}
}

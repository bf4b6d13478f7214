package aws

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/iampolicy"
)

// uniqueID is an IAM unique ID (AROA… role, AIDA… user, …): what a trust
// policy shows once the principal it named was deleted.
var uniqueID = regexp.MustCompile(`^A[A-Z0-9]{3}[A-Z0-9]{12,}$`)

// webIdentityProviders are the public identity providers a trust policy
// may name bare; they are not IAM providers in any account.
var webIdentityProviders = map[string]bool{
	"cognito-identity.amazonaws.com": true, "accounts.google.com": true,
	"graph.facebook.com": true, "www.amazon.com": true,
}

// trustEdge gathers what the statements of one trust policy say about one
// principal, so that two statements naming it make one edge.
type trustEdge struct {
	principalType, raw string
	actions, sids      []string
	conds              []json.RawMessage
	subs, subOps       []string
	auds, audOps       []string
	externalIDs        []string
	oidc, noSub, wild  bool
}

// emitTrust writes an assumes edge from every principal an Allow statement
// of role's trust policy names. No principal is dropped: one convene cannot
// place becomes an unknown-principal node.
func (e *emitter) emitTrust(role string, doc iampolicy.Policy, src *source, line int) {
	ra, _ := parseARN(role)
	edges := map[string]*trustEdge{}
	var order []string
	for _, st := range doc.Statements {
		if st.NotPrincipal != nil && strings.EqualFold(st.Effect, "Allow") {
			// Allow with NotPrincipal trusts nearly everyone; IAM rejects it
			// in trust policies, so an export holding one is worth a look.
			e.b.Diagnose(graph.Diagnostic{Connector: Name, File: src.name, Line: line, Severity: graph.Warning,
				Message: "role " + role + ": trust statement with Allow and NotPrincipal not modelled; review the trust policy"})
		}
		if !strings.EqualFold(st.Effect, "Allow") || len(st.Principal) == 0 {
			continue
		}
		for _, ptype := range sortedKeys(st.Principal) {
			for _, raw := range st.Principal[ptype] {
				id, node := e.principal(ptype, raw, ra)
				te := edges[id]
				if te == nil {
					te = &trustEdge{principalType: ptype, raw: raw}
					edges[id] = te
					order = append(order, id)
					node.Evidence = e.evidence(src, line, graph.Configured)
					e.b.AddNode(node)
					if pa, ok := parseARN(id); ok && accountID.MatchString(pa.Account) {
						e.account(pa.Account, src)
						e.edge(id, accountNodeID(pa.Account), graph.PartOf, nil, src, line, graph.Declared)
					}
				}
				te.add(st, node.Type)
			}
		}
	}
	for _, id := range order {
		e.edge(id, role, graph.Assumes, edges[id].attrs(), src, line, graph.Configured)
	}
}

func (te *trustEdge) add(st iampolicy.Statement, nodeType string) {
	te.actions = appendNew(te.actions, st.Action...)
	if st.Sid != "" {
		te.sids = appendNew(te.sids, st.Sid)
	}
	if c := st.ConditionText(); c != "" {
		te.conds = append(te.conds, json.RawMessage(c))
	}
	te.oidc = te.oidc || nodeType == "aws-oidc-provider" || nodeType == "aws-web-identity-provider"
	hasSub := false
	for _, op := range sortedKeys(st.Condition) {
		kv := st.Condition[op]
		for _, k := range sortedKeys(kv) {
			vs := kv[k]
			lk := strings.ToLower(k)
			switch {
			case strings.HasSuffix(lk, ":sub"):
				hasSub = true
				te.subs = appendNew(te.subs, vs...)
				te.subOps = appendNew(te.subOps, op)
				if strings.Contains(op, "Like") && slices.ContainsFunc(vs, func(v string) bool { return strings.Contains(v, "*") }) {
					te.wild = true
				}
			case strings.HasSuffix(lk, ":aud") || lk == "saml:aud":
				te.auds = appendNew(te.auds, vs...)
				te.audOps = appendNew(te.audOps, op)
			case lk == "sts:externalid":
				te.externalIDs = appendNew(te.externalIDs, vs...)
			}
		}
	}
	if !hasSub {
		te.noSub = true
	}
}

func (te *trustEdge) attrs() map[string]string {
	a := map[string]string{"principal_type": te.principalType, "principal": te.raw}
	graph.AppendList(a, "action", te.actions...)
	graph.AppendList(a, "sid", te.sids...)
	switch len(te.conds) {
	case 0:
	case 1:
		a["condition"] = string(te.conds[0])
	default:
		b, _ := json.Marshal(te.conds)
		a["condition"] = string(b)
	}
	set(a, "condition.sub", oneOrList(te.subs))
	set(a, "condition.sub.operator", strings.Join(te.subOps, ","))
	set(a, "condition.aud", oneOrList(te.auds))
	set(a, "condition.aud.operator", strings.Join(te.audOps, ","))
	set(a, "condition.external_id", oneOrList(te.externalIDs))
	if te.oidc {
		switch {
		case te.noSub:
			a["oidc_sub_condition"] = "none"
		case te.wild:
			a["oidc_sub_condition"] = "wildcard"
		default:
			a["oidc_sub_condition"] = "exact"
		}
	}
	return a
}

// principal maps one principal as written to its node ID and node.
func (e *emitter) principal(ptype, raw string, role arn) (string, graph.Node) {
	unknown := func(reason string) (string, graph.Node) {
		id := "aws-principal:" + raw
		return id, graph.Node{ID: id, Kind: graph.Identity, Type: "unknown-principal", Name: raw,
			Attrs: map[string]string{"reason": reason}}
	}
	switch ptype {
	case "*":
		return e.anyone()
	case "Service":
		id := "aws-service:" + raw
		return id, graph.Node{ID: id, Kind: graph.Identity, Type: "aws-service", Name: raw}
	case "Federated":
		if webIdentityProviders[raw] {
			id := "aws-federated:" + raw
			return id, graph.Node{ID: id, Kind: graph.Identity, Type: "aws-web-identity-provider", Name: raw}
		}
		if a, ok := parseARN(raw); ok && a.Service == "iam" {
			return raw, refNode(raw)
		}
		if strings.Contains(raw, ".") && !strings.ContainsAny(raw, " :") {
			// A bare issuer host (token.actions.githubusercontent.com,
			// oidc.eks.<region>.amazonaws.com/id/<id>) names the IAM OIDC
			// provider for that issuer in the role's own account.
			id := "arn:" + role.Partition + ":iam::" + role.Account + ":oidc-provider/" + raw
			return id, refNode(id)
		}
		return unknown("federated principal convene cannot place")
	case "AWS":
		if raw == "*" {
			return e.anyone()
		}
		if accountID.MatchString(raw) {
			id := rootARN(role.Partition, raw)
			return id, refNode(id)
		}
		if uniqueID.MatchString(raw) {
			return unknown("unique ID: the principal was deleted or renamed")
		}
		a, ok := parseARN(raw)
		if !ok {
			return unknown("not an ARN, account ID or unique ID")
		}
		switch {
		case a.Service == "iam" && (a.Resource == "root" || strings.HasPrefix(a.Resource, "role/") ||
			strings.HasPrefix(a.Resource, "user/") || strings.HasPrefix(a.Resource, "group/")):
			return raw, refNode(raw)
		case a.Service == "sts" && strings.HasPrefix(a.Resource, "assumed-role/"):
			parts := strings.Split(a.Resource, "/")
			if len(parts) >= 2 {
				id := e.roles[a.Account][parts[1]]
				if id == "" {
					id = "arn:" + a.Partition + ":iam::" + a.Account + ":role/" + parts[1]
				}
				return id, refNode(id)
			}
		}
		return unknown("principal ARN of a kind convene does not model")
	}
	return unknown("principal type " + ptype)
}

func (e *emitter) anyone() (string, graph.Node) {
	id := "aws-principal:*"
	return id, graph.Node{ID: id, Kind: graph.Identity, Type: "aws-anyone", Name: "anyone (*)",
		Attrs: map[string]string{"reason": "wildcard principal: any AWS identity, subject only to conditions"}}
}

func appendNew(list []string, vs ...string) []string {
	for _, v := range vs {
		if !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}

// oneOrList is a single value as it is, several as a JSON array.
func oneOrList(vs []string) string {
	switch len(vs) {
	case 0:
		return ""
	case 1:
		return vs[0]
	}
	return graph.EncodeList(vs)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

package aws

import (
	"fmt"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// listedKey is an access key ListAccessKeys gave, for meeting the
// credential report's slot of the same key.
type listedKey struct {
	id, created string
	lastUsed    bool
}

// reportKey is a key slot of one credential report row, resolved in finish
// once every ListAccessKeys source is in.
type reportKey struct {
	user  string
	slot  string
	attrs map[string]string
	src   *source
}

func (e *emitter) emitKey(k accessKey, src *source) {
	if k.AccessKeyId == "" {
		return
	}
	id := "aws-access-key:" + k.AccessKeyId
	attrs := map[string]string{"user": k.UserName}
	set(attrs, "status", k.Status)
	set(attrs, "created", string(k.CreateDate))
	if lu := k.AccessKeyLastUsed; lu != nil {
		set(attrs, "last_used", string(lu.LastUsedDate))
		if lu.ServiceName != "N/A" {
			set(attrs, "last_used_service", lu.ServiceName)
		}
		if lu.Region != "N/A" {
			set(attrs, "last_used_region", lu.Region)
		}
	}
	line := src.line(k.AccessKeyId)
	e.b.AddNode(graph.Node{ID: id, Kind: graph.Credential, Type: "aws-access-key", Name: k.AccessKeyId, Attrs: attrs,
		Evidence: e.evidence(src, line, graph.Declared)})
	user := e.userARN(k.UserName, src)
	if user == "" {
		e.b.Diagnose(graph.Diagnostic{Connector: Name, File: src.name, Line: line, Severity: graph.Warning,
			Message: "access key " + k.AccessKeyId + " of user " + k.UserName + ": the user's account is unknown; export get-account-authorization-details beside it to link the key"})
		return
	}
	e.listed[user] = append(e.listed[user], listedKey{id: id, created: string(k.CreateDate), lastUsed: attrs["last_used"] != ""})
	e.ref(user, src, line)
	e.edge(id, user, graph.KeyOf, nil, src, line, graph.Declared)
	if a, ok := parseARN(user); ok {
		e.account(a.Account, src)
		e.edge(id, accountNodeID(a.Account), graph.PartOf, nil, src, line, graph.Declared)
	}
}

// emitReport writes the users (and account roots) of a credential report
// with their password, MFA and certificate facts. Each access key slot in
// use becomes a key, written in finish (emitReportKeys).
func (e *emitter) emitReport(rows []credentialRow, src *source) {
	for _, r := range rows {
		kind := "aws-user"
		if r.User == "<root_account>" {
			kind = "aws-account-root"
		}
		n := refNode(r.Arn)
		n.Type = kind
		n.Attrs = map[string]string{}
		for k, v := range r.Attrs {
			if !strings.HasPrefix(k, "access_key_") {
				n.Attrs[k] = v
			}
		}
		e.node(n, src, graph.Observed)
		for _, slot := range []string{"1", "2"} {
			p := "access_key_" + slot + "_"
			active, rotated := r.Attrs[p+"active"], r.Attrs[p+"last_rotated"]
			if active != "true" && rotated == "" {
				continue // the slot holds no key
			}
			attrs := map[string]string{"user": r.User, "report_slot": slot, "status": "Inactive"}
			if active == "true" {
				attrs["status"] = "Active"
			}
			set(attrs, "last_rotated", rotated)
			set(attrs, "last_used", r.Attrs[p+"last_used_date"])
			set(attrs, "last_used_region", r.Attrs[p+"last_used_region"])
			set(attrs, "last_used_service", r.Attrs[p+"last_used_service"])
			if attrs["last_used"] == "" {
				// The report writes N/A for a key never used.
				attrs["never_used"] = "true"
			}
			e.reportKeys = append(e.reportKeys, reportKey{user: r.Arn, slot: slot, attrs: attrs, src: src})
		}
	}
}

// emitReportKeys writes the credential report's key slots. The report
// names no key ID: a slot whose last rotation is the CreateDate of a key
// ListAccessKeys gave for the same user is that key, and its facts join the
// aws-access-key:<ID> node; any other slot is the key
// <user ARN>/access-key-<slot>.
func (e *emitter) emitReportKeys() {
	for _, k := range e.reportKeys {
		line := k.src.line(k.user)
		var met *listedKey
		for i, l := range e.listed[k.user] {
			if l.created != "" && l.created == k.attrs["last_rotated"] {
				met = &e.listed[k.user][i]
				break
			}
		}
		if met != nil {
			// ListAccessKeys is authoritative for status and dates;
			// the report adds when the key was last used.
			attrs := map[string]string{"report_slot": k.slot}
			if !met.lastUsed {
				for _, a := range []string{"last_used", "last_used_region", "last_used_service", "never_used"} {
					set(attrs, a, k.attrs[a])
				}
			}
			e.b.AddNode(graph.Node{ID: met.id, Kind: graph.Credential, Type: "aws-access-key", Attrs: attrs,
				Evidence: e.evidence(k.src, line, graph.Observed)})
			continue
		}
		id := k.user + "/access-key-" + k.slot
		name := k.attrs["user"] + " access key " + k.slot
		if a, ok := parseARN(k.user); ok && k.attrs["user"] == "<root_account>" {
			name = fmt.Sprintf("%s root access key %s", a.Account, k.slot)
		}
		e.nodeAt(graph.Node{ID: id, Kind: graph.Credential, Type: "aws-access-key", Name: name, Attrs: k.attrs}, k.src, line, graph.Observed)
		e.edge(id, k.user, graph.KeyOf, map[string]string{"via": "credential-report"}, k.src, line, graph.Observed)
	}
}

package aws

import (
	"maps"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/iampolicy"
)

// readActions are the actions that read a credential's value, by the
// service that stores it.
var readActions = map[string][]string{
	"secretsmanager": {"secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue"},
	"ssm":            {"ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"},
}

// emitGrants writes a grants edge from each policy to every known secret
// and parameter one of its Allow statements lets a holder read. Statements
// with NotAction or NotResource are not expanded (they would grant nearly
// everything); conditions are kept on the edge, not evaluated.
func (e *emitter) emitGrants() {
	creds := slices.Sorted(maps.Keys(e.secrets))
	for _, p := range slices.Sorted(maps.Keys(e.params)) {
		if _, ok := e.secrets[p]; !ok {
			creds = append(creds, p)
		}
	}
	if len(creds) == 0 {
		return
	}
	for _, p := range e.policies {
		accounts := p.accounts
		if accounts == nil {
			if pa, _ := parseARN(p.id); accountID.MatchString(pa.Account) {
				accounts = map[string]bool{pa.Account: true}
			} else {
				accounts = e.attachedIn[p.id]
			}
		}
		for _, c := range creds {
			a, _ := parseARN(c)
			if attrs := grantAttrs(p.doc, readActions[a.Service], c, a.Account, accounts); attrs != nil {
				e.edge(p.id, c, graph.Grants, attrs, p.src, p.line, graph.Configured)
			}
		}
	}
}

// grantAttrs returns the edge attributes when doc allows one of actions on
// resource, else nil. An identity policy reaches resources of its holders'
// accounts; another account's resource only when a pattern names that
// account (the resource's own policy must then allow it too).
func grantAttrs(doc iampolicy.Policy, actions []string, resource, account string, accounts map[string]bool) map[string]string {
	var acts, res, sids, conds []string
	for _, st := range doc.Statements {
		if !strings.EqualFold(st.Effect, "Allow") || len(st.NotAction) > 0 || len(st.NotResource) > 0 {
			continue
		}
		var matched []string
		for _, a := range actions {
			if matchesAny(st.Action, a) {
				matched = append(matched, a)
			}
		}
		if len(matched) == 0 {
			continue
		}
		var hit []string
		for _, r := range st.Resource {
			if iampolicy.Match(r, resource, false) && (accounts[account] || strings.Contains(r, account)) {
				hit = append(hit, r)
			}
		}
		if len(hit) == 0 {
			continue
		}
		acts = appendNew(acts, matched...)
		res = appendNew(res, hit...)
		if st.Sid != "" {
			sids = appendNew(sids, st.Sid)
		}
		if c := st.ConditionText(); c != "" {
			conds = append(conds, c)
		}
	}
	if len(acts) == 0 {
		return nil
	}
	attrs := map[string]string{"actions": graph.EncodeList(acts), "resource": oneOrList(res)}
	graph.AppendList(attrs, "sid", sids...)
	set(attrs, "condition", oneOrList(conds))
	return attrs
}

// matchesAny reports whether any action pattern names action; IAM matches
// actions without regard to case.
func matchesAny(patterns []string, action string) bool {
	for _, p := range patterns {
		if iampolicy.Match(p, action, true) {
			return true
		}
	}
	return false
}

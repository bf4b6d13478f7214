package findings

import (
	"fmt"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/usage"
)

// observedClient is the node type of a consumer known only from an audit
// trail (docs/observed.md).
const observedClient = "observed-client"

// observedRules are the rules over observed use: what audit trails show
// that configuration does not, and what configuration grants that the
// trails never show used.
func observedRules() []Rule {
	return []Rule{
		{ID: "NHI-HIDDEN-CONSUMER", Title: "Credential used by a consumer no configuration names", Severity: High,
			Description: "An audit trail (Vault audit log, CloudTrail) shows a credential, auth role or role used by a client that no repository, manifest, host file or inventory mentions: a rotation or revocation breaks it in production, and nobody knows to ask.",
			Remediation: "Find who runs it (the finding names the address and client), record it in configuration or the owners file, or move it to its own identity; then revoke what it should not hold.",
			Mapping:     Mapping{OWASP: []string{"NHI9", "NHI2"}, NIST: []string{"ID.AM-02", "DE.CM-03"}, MAESTRO: []string{"L5 evaluation and observability"}}, check: hiddenConsumer},
		{ID: "NHI-CONFIGURED-UNUSED", Title: "Configured access never seen used", Severity: Low,
			Description: "A credential has configured consumers, and an audit trail of at least 30 days that covers it shows no use at all: standing access that can likely be removed.",
			Remediation: "Confirm with the owner, then remove the consumers' access and the credential; convene plan delete ID shows what still refers to it.",
			Mapping:     Mapping{OWASP: []string{"NHI1", "NHI5"}, NIST: []string{"PR.AA-05", "ID.AM-08"}}, check: configuredUnused},
		{ID: "NHI-KEY-UNKNOWN-HOST", Title: "Long-term key used from outside known hosts", Severity: High,
			Description: "CloudTrail shows an IAM access key (AKIA…) used from an address that belongs to no host the estate knows (etc/hosts, observed.addresses): a copy of the key lives somewhere unrecorded.",
			Remediation: "Find the machine behind the address, move it to a role or short-lived credentials, and rotate the key.",
			Mapping:     Mapping{OWASP: []string{"NHI7", "NHI2"}, NIST: []string{"PR.AA-01", "DE.CM-03"}}, check: keyUnknownHost},
		{ID: "NHI-OIDC-WILDCARD-USED", Title: "Role assumed by an OIDC subject its trust was not meant for", Severity: Critical,
			Description: "CloudTrail shows a role assumed through web identity by a subject (repository, branch) that no CI configuration in the estate presents, through a trust with no `sub` condition or a wildcard one: the open trust is in use.",
			Remediation: "Narrow the trust's `sub` condition to the repositories and branches meant; review what the subject did with the role.",
			Mapping:     Mapping{OWASP: []string{"NHI6", "NHI4"}, NIST: []string{"PR.AA-05", "DE.CM-03"}, MAESTRO: []string{"L4 deployment and infrastructure"}}, check: oidcWildcardUsed},
	}
}

func hiddenConsumer(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(func(n graph.Node) bool { return n.Type == observedClient }) {
		for _, e := range c.out(n.ID, graph.Reads, graph.Uses, graph.Assumes) {
			out = append(out, Finding{
				Message:  fmt.Sprintf("%s is %s by %s, which no configuration names%s", e.To, verb(e.Kind), n.Name, lastSeen(e)),
				Nodes:    []string{n.ID, e.To},
				Evidence: evidence([]graph.Edge{e})})
		}
	}
	return out
}

func verb(k graph.EdgeKind) string {
	switch k {
	case graph.Reads:
		return "read"
	case graph.Assumes:
		return "assumed"
	}
	return "used"
}

// lastSeen renders ", last seen 2026-11-27" from an edge's observations.
func lastSeen(e graph.Edge) string {
	var last time.Time
	for _, ev := range e.Evidence {
		if ev.Observed != nil && ev.Observed.LastSeen.After(last) {
			last = ev.Observed.LastSeen
		}
	}
	if last.IsZero() {
		return ""
	}
	return ", last seen " + last.UTC().Format(time.DateOnly)
}

// unusedTypes are the credentials whose every use a trail records: a
// read of a Vault secret, a call signed with a key, a secret or parameter
// fetched. Roles are left out: CloudTrail records their assumption in the
// account of the caller's choosing, which a scan may not hold.
var unusedTypes = map[string]bool{"vault-kv-secret": true, "vault-dynamic-role": true, "aws-access-key": true,
	"aws-secret": true, "aws-ssm-parameter": true}

func configuredUnused(c *checker) []Finding {
	cov := usage.Covered(c.g)
	var out []Finding
	for _, n := range c.nodes(func(n graph.Node) bool { return unusedTypes[n.Type] }) {
		if n.Attrs[graph.AttrStatus] == "Inactive" {
			continue
		}
		consumers := c.in(n.ID, graph.Reads, graph.Uses, graph.CopyOf)
		if len(consumers) == 0 {
			continue
		}
		w, ok := cov.Covers(c.g, n)
		if !ok {
			continue
		}
		if _, used := usage.Of(c.g, n.ID); used {
			continue
		}
		var who []string
		for _, e := range consumers {
			who = append(who, e.From)
		}
		out = append(out, Finding{
			Message: fmt.Sprintf("%s is configured for %s but not used in the %d days the audit trail covers (%s to %s)",
				n.ID, strings.Join(who, ", "), w.Days(), w.From.UTC().Format(time.DateOnly), w.To.UTC().Format(time.DateOnly)),
			Nodes: []string{n.ID}, Evidence: evidence(consumers, n)})
	}
	return out
}

func keyUnknownHost(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(func(n graph.Node) bool { return n.Type == observedClient && n.Attrs[graph.AttrHost] == "" }) {
		for _, e := range c.out(n.ID, graph.Uses) {
			if c.node(e.To).Type != graph.TypeAWSAccessKey || n.Attrs[graph.AttrAddresses] == "" {
				continue
			}
			out = append(out, Finding{
				Message:  fmt.Sprintf("long-term key %s is used from %s, an address of no known host%s", e.To, strings.Join(graph.DecodeList(n.Attrs[graph.AttrAddresses]), ", "), lastSeen(e)),
				Nodes:    []string{e.To, n.ID},
				Evidence: evidence([]graph.Edge{e})})
		}
	}
	return out
}

func oidcWildcardUsed(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(func(n graph.Node) bool {
		return n.Type == observedClient && strings.HasPrefix(strings.TrimPrefix(n.ID, "observed-client:"), "oidc:")
	}) {
		for _, e := range c.out(n.ID, graph.Assumes) {
			for _, t := range c.in(e.To, graph.Assumes) {
				if !strings.Contains(t.From, ":oidc-provider/") {
					continue
				}
				sub := t.Attrs[graph.AttrConditionSub]
				if t.Attrs[graph.AttrOIDCSubCondition] != "none" && !strings.ContainsAny(sub, "*?") {
					continue
				}
				how := "a trust with no sub condition"
				if sub != "" {
					how = fmt.Sprintf("the trust's sub pattern %s", sub)
				}
				subject := strings.TrimPrefix(n.ID, "observed-client:")
				out = append(out, Finding{
					Message:  fmt.Sprintf("%s was assumed by %s, which no CI configuration in the estate presents, through %s%s", e.To, subject, how, lastSeen(e)),
					Nodes:    []string{e.To, n.ID},
					Evidence: evidence([]graph.Edge{e, t})})
			}
		}
	}
	return out
}

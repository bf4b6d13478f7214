package findings

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
)

// certRules are the rules about certificates (docs/certificates.md):
// cert-manager Certificates, ACM and IAM server certificates, and the
// Vault PKI roles that issue certificates. A private key committed with a
// manifest is reported by NHI-INLINE-SECRET, as every inline secret is.
func certRules() []Rule {
	return []Rule{
		{ID: "NHI-CERT-EXPIRY", Title: "Certificate expired or expiring soon", Severity: High,
			Description: "A certificate's NotAfter is past, or within `findings.certificate_expiry_days` (30). For a certificate something renews automatically (cert-manager, ACM), it means the renewal is failing: ACM starts 60 days before expiry, cert-manager at renewBefore.",
			Remediation: "Renew it now (convene plan rotate ID lists what presents it and must pick the new one up), then find out why the automation did not.",
			Mapping:     Mapping{OWASP: []string{"NHI7"}, NIST: []string{"PR.AA-01", "ID.AM-08"}}, check: certExpiry},
		{ID: "NHI-CERT-MANUAL-RENEWAL", Title: "Certificate renewed by hand, with no automation", Severity: Medium,
			Description: "A certificate imported into ACM or uploaded as an IAM server certificate: nothing renews it, so it lasts as long as its issuer allowed and breaks what presents it on the day it expires unless someone remembers.",
			Remediation: "Issue it from ACM (DNS validation) or cert-manager so renewal is automatic; until then, record its owner and a renewal date.",
			Mapping:     Mapping{OWASP: []string{"NHI7"}, NIST: []string{"PR.AA-01", "ID.AM-08"}}, check: certManual},
		{ID: "NHI-CERT-WILDCARD-SHARED", Title: "Wildcard certificate presented by unrelated services", Severity: Medium,
			Description: "One wildcard certificate (a `*.` name) is presented by services in several namespaces or accounts, or by three or more resources: its private key sits in all of them, so a leak in one lets an attacker impersonate every name it covers, and a renewal touches them all.",
			Remediation: "Issue each service a certificate for its own names; keep wildcards to one edge that terminates TLS for them.",
			Mapping:     Mapping{OWASP: []string{"NHI9"}, NIST: []string{"PR.AA-05"}}, check: certWildcard},
		{ID: "NHI-PKI-BROAD-ROLE", Title: "PKI role that issues certificates for too many names", Severity: High,
			Description: "A Vault PKI role allows any name (`allow_any_name`), or a wildcard or top-level domain in `allowed_domains` with subdomains or globs allowed: whoever may issue from it can obtain a certificate trusted for names it does not own.",
			Remediation: "List the domains the role's consumers serve in `allowed_domains`, turn off `allow_any_name`, and give each consumer its own role.",
			Mapping:     Mapping{OWASP: []string{"NHI5"}, NIST: []string{"PR.AA-05"}}, check: pkiBroadRole},
	}
}

// isCert reports a certificate (not a PKI role, which issues them).
func isCert(n graph.Node) bool {
	return n.Kind == graph.Credential && n.Type == "certificate" && n.Attrs[graph.AttrEngine] != "pki"
}

func certExpiry(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(isCert) {
		t, err := time.Parse(time.RFC3339, n.Attrs[graph.AttrNotAfter])
		if err != nil {
			continue
		}
		left := t.Sub(c.th.Now)
		if left > c.th.CertificateExpiry || renewalPending(n, t, c.th.Now) {
			continue
		}
		msg := fmt.Sprintf("%s expires on %s (in %d days)", n.ID, t.Format(time.RFC3339), int(left.Hours()/24))
		if left <= 0 {
			msg = fmt.Sprintf("%s expired on %s (%d days ago)", n.ID, t.Format(time.RFC3339), int(-left.Hours()/24))
		}
		if n.Attrs[graph.AttrRenewal] == "automatic" {
			msg += "; its automatic renewal has not happened"
		}
		if p := presenters(c, n.ID); len(p) > 0 {
			msg += fmt.Sprintf("; presented by %d resource(s)", len(p))
		}
		out = append(out, Finding{Message: msg, Nodes: []string{n.ID}, Evidence: evidence(nil, n)})
	}
	return out
}

// renewalPending reports a cert-manager certificate whose renewal is still
// to come (its renewalTime, or renewBefore before expiry, is in the
// future): the automation has not been due yet, so nearing expiry is
// expected.
func renewalPending(n graph.Node, notAfter, now time.Time) bool {
	if n.Attrs[graph.AttrCertSource] != "cert-manager" || n.Attrs[graph.AttrRenewal] != "automatic" || !notAfter.After(now) {
		return false
	}
	if t, err := time.Parse(time.RFC3339, n.Attrs[graph.AttrRenewalTime]); err == nil {
		return t.After(now)
	}
	if d, err := time.ParseDuration(n.Attrs[graph.AttrRenewBefore]); err == nil {
		return notAfter.Add(-d).After(now)
	}
	return false
}

func certManual(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(isCert) {
		if n.Attrs[graph.AttrRenewal] != "manual" {
			continue
		}
		how := "imported into ACM"
		if n.Attrs[graph.AttrCertSource] == "iam-server-certificate" {
			how = "an IAM server certificate"
		} else if n.Attrs[graph.AttrCertSource] != "acm" {
			how = "renewed by hand"
		}
		msg := fmt.Sprintf("%s is %s: nothing renews it", n.ID, how)
		if n.Attrs[graph.AttrNotAfter] != "" {
			msg += " before " + n.Attrs[graph.AttrNotAfter]
		}
		out = append(out, Finding{Message: msg, Nodes: []string{n.ID}, Evidence: evidence(nil, n)})
	}
	return out
}

func certWildcard(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(isCert) {
		if !slices.ContainsFunc(graph.DecodeList(n.Attrs[graph.AttrDNSNames]), func(d string) bool { return strings.HasPrefix(strings.TrimSpace(d), "*.") }) {
			continue
		}
		ps := presenters(c, n.ID)
		places := map[string]bool{}
		for _, p := range ps {
			loc, _ := c.place(p.From)
			places[loc] = true
		}
		if len(places) < 2 && len(ps) < wildcardPresenters {
			continue
		}
		ids := []string{n.ID}
		for _, p := range ps {
			ids = append(ids, p.From)
		}
		msg := fmt.Sprintf("wildcard certificate %s is presented by %d resources", n.ID, len(ps))
		if len(places) > 1 {
			msg += fmt.Sprintf(" in %d places", len(places))
		}
		out = append(out, Finding{Message: msg,
			Nodes: ids, Evidence: evidence(ps, n)})
	}
	return out
}

// wildcardPresenters is how many presenters make a wildcard certificate
// shared even within one namespace or account.
const wildcardPresenters = 3

// presenters are the uses edges of what presents a certificate: directly,
// or through a Secret that is a copy of it.
func presenters(c *checker, id string) []graph.Edge {
	out := c.in(id, graph.Uses)
	for _, cp := range c.in(id, graph.CopyOf) {
		out = append(out, c.in(cp.From, graph.Uses)...)
	}
	return out
}

func pkiBroadRole(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(func(n graph.Node) bool { return n.Type == "certificate" && n.Attrs[graph.AttrEngine] == "pki" }) {
		var why []string
		if n.Attrs[graph.AttrAllowAnyName] == "true" {
			why = append(why, "allow_any_name is set")
		}
		sub := n.Attrs[graph.AttrAllowSubdomains] == "true" || n.Attrs[graph.AttrAllowGlobDomains] == "true"
		for _, d := range graph.DecodeList(n.Attrs[graph.AttrAllowedDomains]) {
			switch {
			case d == "*" || strings.HasPrefix(d, "*.") && !strings.Contains(d[2:], "."):
				why = append(why, fmt.Sprintf("allowed_domains holds %q", d))
			case sub && !strings.Contains(d, "."):
				why = append(why, fmt.Sprintf("allowed_domains holds the top-level domain %q with subdomains allowed", d))
			}
		}
		if len(why) == 0 {
			continue
		}
		out = append(out, Finding{Message: fmt.Sprintf("PKI role %s issues for too many names: %s", n.ID, strings.Join(why, "; ")),
			Nodes: []string{n.ID}, Evidence: evidence(nil, n)})
	}
	return out
}

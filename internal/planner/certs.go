package planner

import (
	"fmt"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
)

// Certificates (docs/certificates.md) are credentials of type certificate:
// cert-manager Certificates, ACM and IAM server certificates, and Vault PKI
// roles (attribute engine=pki), which issue them. What renewing one
// touches depends on how it is delivered, which the attributes say:
// renewal (automatic or manual), cert_source, and the edges' delivery.

// isCertificate reports whether n is a certificate rather than a PKI role
// that issues certificates.
func isCertificate(n graph.Node) bool {
	return n.Type == "certificate" && n.Attrs[graph.AttrEngine] != "pki"
}

// certStep classes what presents a rotated certificate. A resource that
// uses an ACM certificate ACM renews itself is redeployed with it (auto);
// one that uses an imported or IAM server certificate keeps the old one
// until someone imports or uploads the new one and points it there
// (update-copy). A keystore baked into an image (delivery: image) is
// rebuilt and restarted.
func certStep(m mode, e graph.Edge, dep graph.Node) (Class, mode, bool) {
	if m != fresh || (e.Kind != graph.Uses && e.Kind != graph.Reads) {
		return "", 0, false
	}
	if e.Attrs[graph.AttrDelivery] == "image" {
		return Restart, affected, true
	}
	if e.Kind != graph.Uses || !isCertificate(dep) {
		return "", 0, false
	}
	if dep.Attrs[graph.AttrRenewal] == "automatic" {
		return Auto, affected, true
	}
	return UpdateCopy, stale, true
}

// certFacts says when a certificate expires and whether anything renews
// it.
func certFacts(n graph.Node, now time.Time) []string {
	if n.Type != "certificate" {
		return nil
	}
	if n.Attrs[graph.AttrEngine] == "pki" {
		return pkiRoleFacts(n)
	}
	var out []string
	if t, ok := parseTime(n.Attrs[graph.AttrNotAfter]); ok {
		days := int(t.Sub(now).Hours() / 24)
		switch {
		case !t.After(now):
			out = append(out, fmt.Sprintf("expired on %s (%d days ago)", t.Format(time.RFC3339), -days))
		default:
			out = append(out, fmt.Sprintf("expires on %s (in %d days)", t.Format(time.RFC3339), days))
		}
	}
	out = append(out, renewalFact(n))
	if ks := strings.Join(graph.DecodeList(n.Attrs[graph.AttrKeystores]), " and "); ks != "" {
		out = append(out, fmt.Sprintf("its Secret also holds a %s keystore, which a JVM loads at start: what mounts it restarts after each renewal", ks))
	}
	return out
}

// renewalFact says who renews a certificate.
func renewalFact(n graph.Node) string {
	a := n.Attrs
	switch a["cert_source"] {
	case "cert-manager":
		rb := a["renew_before"]
		if rb == "" {
			rb = "a third of its lifetime"
		}
		next := ""
		if t, ok := parseTime(a["renewal_time"]); ok {
			next = " (next on " + t.Format(time.RFC3339) + ")"
		}
		return fmt.Sprintf("renewal is automatic: cert-manager renews it %s before expiry%s and rewrites its Secret", rb, next)
	case "acm":
		switch a["renewal"] {
		case "automatic":
			return "renewal is automatic: ACM renews it and redeploys it to the resources that use it"
		case "manual":
			return "renewal is manual: imported into ACM, nobody renews it; re-import a renewed certificate into the same ARN before it expires"
		}
		return fmt.Sprintf("ACM will not renew it (renewal eligibility %s): it must be in use and validated", orNone(a["renewal_eligibility"]))
	case "iam-server-certificate":
		return "renewal is manual: upload a new IAM server certificate and point each load balancer at it before this one expires"
	}
	if a["renewal"] == "automatic" {
		return "renewal is automatic"
	}
	return "no renewal automation is known"
}

// pkiRoleFacts says what re-keying or revoking a Vault PKI role leaves.
func pkiRoleFacts(n graph.Node) []string {
	var out []string
	if n.Attrs[graph.AttrAllowAnyName] == "true" {
		out = append(out, "issues certificates for any name (allow_any_name)")
	}
	return out
}

// certNotes are the plan-wide facts of a change to certificates: expiry,
// renewal, and whether the window falls inside the renewal window.
func certNotes(ch Change, targets []graph.Node, now time.Time) []string {
	var out []string
	for _, t := range targets {
		if t.Type != "certificate" {
			continue
		}
		if t.Attrs[graph.AttrEngine] == "pki" {
			if ch.Action == Rotate || ch.Action == Revoke || ch.Action == Delete || ch.Action == Disable {
				out = append(out, fmt.Sprintf("%s is a Vault PKI role: certificates already issued from it stay valid until they expire; revoke them in Vault if they must stop working", t.ID))
			}
			continue
		}
		for _, f := range certFacts(t, now) {
			out = append(out, t.ID+" "+f)
		}
		if t.Attrs[graph.AttrIsCA] == "true" && ch.Action == Rotate {
			out = append(out, fmt.Sprintf("%s is a CA: the certificates signed with it chain to it, and clients that trust or pin it need the new CA in their trust bundles before the old one is removed", t.ID))
		}
		if ch.Window != nil {
			out = append(out, windowNotes(t, *ch.Window)...)
		}
	}
	return out
}

// windowNotes compares the change window with the certificate's expiry and
// cert-manager's renewal window (renewBefore before expiry).
func windowNotes(t graph.Node, w Window) []string {
	notAfter, ok := parseTime(t.Attrs[graph.AttrNotAfter])
	if !ok {
		return nil
	}
	var out []string
	if w.End().After(notAfter) {
		out = append(out, fmt.Sprintf("the window ends after %s expires (%s): renew before it", t.ID, notAfter.Format(time.RFC3339)))
	}
	if t.Attrs[graph.AttrCertSource] != "cert-manager" {
		return out
	}
	opens, ok := renewalOpens(t.Attrs, notAfter)
	if ok && w.Start.Before(opens) {
		out = append(out, fmt.Sprintf("the window falls outside renewBefore: cert-manager renews %s from %s, after the window opens; trigger the renewal by hand (cmctl renew %s)",
			t.ID, opens.Format(time.RFC3339), t.Name))
	}
	return out
}

// renewalOpens is when cert-manager renews a certificate: its status's
// renewalTime, else renewBefore before expiry.
func renewalOpens(a map[string]string, notAfter time.Time) (time.Time, bool) {
	if t, ok := parseTime(a["renewal_time"]); ok {
		return t, true
	}
	if d, err := time.ParseDuration(a["renew_before"]); err == nil {
		return notAfter.Add(-d), true
	}
	return time.Time{}, false
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "unknown"
	}
	return s
}

package findings

import (
	"fmt"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// Rules returns every rule. docs/findings.md documents them; the agent
// rules (agents.go), the observed-use rules (observed.go) and the
// certificate rules (certs.go) and the single-point rule (spof.go) come last.
func Rules() []Rule {
	return append(append(append(append(baseRules(), agentRules()...), observedRules()...), certRules()...), spofRules()...)
}

func baseRules() []Rule {
	return []Rule{
		{ID: "NHI-CI-STATIC-KEY", Title: "CI uses a static cloud key", Severity: High,
			Description: "A CI job authenticates to the cloud with a long-lived access key stored as a CI secret, where OIDC federation is available.",
			Remediation: "Federate the pipeline with OIDC (a role trusted for this repository and branch or environment), then delete the key and the CI secret.",
			Mapping:     Mapping{OWASP: []string{"NHI6", "NHI7"}, NIST: []string{"PR.AA-01", "PR.AA-05"}}, check: ciStaticKey},
		{ID: "NHI-OIDC-NO-SUB", Title: "OIDC trust without a subject condition", Severity: Critical,
			Description: "A role trusts an OIDC provider (GitHub, GitLab, EKS) without a `sub` condition, or with one whose wildcard admits other repositories or branches, so any workflow of the provider's tenants that can get a token may assume it.",
			Remediation: "Add a StringEquals (or a narrow StringLike) condition on the token's `sub`, naming the repository and the branch or environment allowed.",
			Mapping:     Mapping{OWASP: []string{"NHI6"}, NIST: []string{"PR.AA-05", "GV.SC-07"}}, check: oidcNoSub},
		{ID: "NHI-SCHEDULED-STATIC-CRED", Title: "Long-lived credential used by a scheduled job", Severity: Medium,
			Description: "A cron job, timer or scheduled pipeline uses a static credential (an access key, an env file of secrets, a Jenkins credential, a CI secret holding a cloud key); it breaks silently at 03:00 on the next rotation and keeps working after offboarding.",
			Remediation: "Give the job a short-lived credential (an instance or workload role, Vault dynamic credentials) and record its owner.",
			Mapping:     Mapping{OWASP: []string{"NHI7"}, NIST: []string{"PR.AA-01"}}, check: scheduledStatic},
		{ID: "NHI-KEY-OLD", Title: "Access key older than the allowed age", Severity: Medium,
			Description: "An active IAM access key was created longer ago than `findings.access_key_max_age_days`.",
			Remediation: "Rotate the key (convene plan rotate KEY shows what must be updated), or replace it with a role.",
			Mapping:     Mapping{OWASP: []string{"NHI7"}, NIST: []string{"PR.AA-01"}}, check: keyOld},
		{ID: "NHI-NO-ROTATION", Title: "Secret without rotation", Severity: Medium,
			Description: "A Secrets Manager secret has rotation off, or a Vault static database role has no rotation period.",
			Remediation: "Turn on rotation with an interval that fits the consumers (convene plan rotate shows who must restart).",
			Mapping:     Mapping{OWASP: []string{"NHI7"}, NIST: []string{"PR.AA-01"}}, check: noRotation},
		{ID: "NHI-UNOWNED", Title: "Identity or credential with no owner", Severity: Low,
			Description: "No owner is recorded for the identity or credential, directly or through what it belongs to, so no one will be asked before it changes or when its user leaves.",
			Remediation: "Add an owners-file rule, a tag or a catalog entry naming the owning team.",
			Mapping:     Mapping{OWASP: []string{"NHI1"}, NIST: []string{"ID.AM-08", "GV.RR-02"}}, check: unowned},
		{ID: "NHI-UNUSED", Title: "Identity or credential unused", Severity: Low,
			Description: "Last used longer ago than `findings.unused_after_days`, or never used.",
			Remediation: "Confirm with the owner and remove it; convene plan delete ID shows what still refers to it.",
			Mapping:     Mapping{OWASP: []string{"NHI1"}, NIST: []string{"PR.AA-01", "ID.AM-08"}}, check: unused},
		{ID: "NHI-SHARED", Title: "One credential or identity shared by several workloads", Severity: Medium,
			Description: "Several workloads in different repositories, hosts or namespaces — or environments — use the same credential or run as the same identity, so one rotation touches all of them and one leak exposes all of them.",
			Remediation: "Give each workload its own identity or credential, scoped to what it needs.",
			Mapping:     Mapping{OWASP: []string{"NHI9", "NHI8"}, NIST: []string{"PR.AA-05"}}, check: shared},
		{ID: "NHI-ADMIN", Title: "Administrator access on a non-human identity", Severity: High,
			Description: "A role, service user or auth role holds administrator access, directly or through a group: AdministratorAccess, IAMFullAccess, a policy allowing `*`, `*:*` or `iam:*` (or NotAction leaving IAM in) on every resource with no Deny of the same, Vault `root` or `sudo`.",
			Remediation: "Replace the policy with the actions the workload uses (access analysers and last-accessed data show them).",
			Mapping:     Mapping{OWASP: []string{"NHI5"}, NIST: []string{"PR.AA-05"}, MAESTRO: []string{"L4 deployment and infrastructure"}}, check: admin},
		{ID: "NHI-BREAK-GLASS", Title: "Break-glass access without owner, documentation or with recent use", Severity: High,
			Description: "An emergency or break-glass identity has no owner, no runbook link (tag `runbook` or `documentation`), or was used recently.",
			Remediation: "Record its owner and runbook; review every recent use.",
			Mapping:     Mapping{OWASP: []string{"NHI1", "NHI10"}, NIST: []string{"GV.RR-02", "PR.AA-05"}}, check: breakGlass},
		{ID: "NHI-EXTERNAL-TRUST", Title: "Trust to an external account or third-party principal", Severity: Medium,
			Description: "A role trusts an AWS account whose IAM was not scanned (only referenced), any AWS principal (`*`), or a principal outside AWS's own services.",
			Remediation: "Confirm the third party, require an external ID, and narrow what the role allows.",
			Mapping:     Mapping{OWASP: []string{"NHI3"}, NIST: []string{"GV.SC-07", "ID.RA-07"}}, check: externalTrust},
		{ID: "NHI-INLINE-SECRET", Title: "Secret value written inline", Severity: High,
			Description: "A value that looks like a secret is written in a workflow, manifest, unit or crontab. convene records its location and fingerprint, never the value.",
			Remediation: "Move the value to a secret store, rotate it (it is in version control history), and reference it.",
			Mapping:     Mapping{OWASP: []string{"NHI2"}, NIST: []string{"PR.AA-01"}}, check: inlineSecret},
		{ID: "NHI-HUMAN-USE", Title: "IAM user with both a console password and access keys", Severity: Medium,
			Description: "A user that signs in to the console also has access keys: a person is using a machine credential, or a machine identity has a password.",
			Remediation: "Split the human and machine uses: SSO for the person, a role for the machine.",
			Mapping:     Mapping{OWASP: []string{"NHI10"}, NIST: []string{"PR.AA-01", "PR.AA-05"}}, check: humanUse},
		escalationRule,
	}
}

func ciStaticKey(c *checker) []Finding {
	var out []Finding
	for _, job := range c.nodes(isCIWorkload) {
		for _, e := range c.out(job.ID, graph.Uses) {
			cred := c.node(e.To)
			if !c.holdsAWSKey(e, cred) {
				continue
			}
			out = append(out, Finding{Message: fmt.Sprintf("%s authenticates to AWS with the static key in %s", job.ID, cred.ID),
				Nodes: []string{job.ID, cred.ID}, Evidence: evidence([]graph.Edge{e})})
		}
	}
	return out
}

func oidcNoSub(c *checker) []Finding {
	var out []Finding
	for _, e := range c.g.Edges() {
		if e.Kind != graph.Assumes {
			continue
		}
		why := ""
		switch {
		case e.Attrs[graph.AttrOIDCSubCondition] == "none":
			why = "has no `sub` condition"
		case e.Attrs[graph.AttrOIDCSubCondition] == "wildcard":
			why = fmt.Sprintf("allows any subject matching %q", e.Attrs[graph.AttrConditionSub])
		case strings.Contains(e.Attrs[graph.AttrCondition], "ForAllValues:"):
			why = "uses ForAllValues: in an Allow trust, which an empty claim satisfies"
		default:
			continue
		}
		out = append(out, Finding{Message: fmt.Sprintf("trust from %s to %s %s", e.From, e.To, why),
			Nodes: []string{e.To, e.From}, Evidence: evidence([]graph.Edge{e})})
	}
	return out
}

func scheduledStatic(c *checker) []Finding {
	var out []Finding
	for _, job := range c.nodes(isScheduled) {
		for _, e := range c.out(job.ID, graph.Uses) {
			cred := c.node(e.To)
			if !c.longLived(e, cred) {
				continue
			}
			out = append(out, Finding{Message: fmt.Sprintf("scheduled %s uses the long-lived %s %s", job.Type, cred.Type, cred.ID),
				Nodes: []string{job.ID, cred.ID}, Evidence: evidence([]graph.Edge{e})})
		}
	}
	return out
}

func keyOld(c *checker) []Finding {
	var out []Finding
	for _, k := range c.nodes(func(n graph.Node) bool { return n.Type == graph.TypeAWSAccessKey }) {
		if !strings.EqualFold(k.Attrs[graph.AttrStatus], "Active") {
			continue
		}
		// A key known from the credential report has its creation or
		// last rotation in last_rotated.
		created := k.Attrs[graph.AttrCreated]
		if created == "" {
			created = k.Attrs[graph.AttrLastRotated]
		}
		if a, ok := c.age(created); ok && a > c.th.AccessKeyMaxAge {
			out = append(out, Finding{Message: fmt.Sprintf("access key %s is %d days old (limit %d)", k.ID, days(a), days(c.th.AccessKeyMaxAge)),
				Nodes: []string{k.ID}, Evidence: evidence(nil, k)})
		}
	}
	return out
}

func noRotation(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(func(n graph.Node) bool { return n.Kind == graph.Credential }) {
		switch {
		case n.Type == graph.TypeAWSSecret && n.Attrs[graph.AttrRotationEnabled] != "true":
			out = append(out, Finding{Message: fmt.Sprintf("Secrets Manager secret %s has no rotation", n.ID), Nodes: []string{n.ID}, Evidence: evidence(nil, n)})
		case n.Type == graph.TypeVaultDynamicRole && strings.Contains(n.ID, "/static-roles/") && n.Attrs[graph.AttrRotationPeriod] == "" && n.Attrs[graph.AttrRotationSchedule] == "":
			out = append(out, Finding{Message: fmt.Sprintf("Vault static role %s has no rotation period", n.ID), Nodes: []string{n.ID}, Evidence: evidence(nil, n)})
		}
	}
	return out
}

func unowned(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(func(n graph.Node) bool {
		return ((isNonHuman(n) && n.Type != graph.TypeAWSService && n.Type != graph.TypeCIOIDCSubject) || n.Kind == graph.Credential) &&
			!strings.HasPrefix(n.Type, "unresolved-")
	}) {
		if !c.owned(n.ID) {
			out = append(out, Finding{Message: fmt.Sprintf("%s %s has no owner", n.Type, n.ID), Nodes: []string{n.ID}, Evidence: evidence(nil, n)})
		}
	}
	return out
}

func unused(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(func(n graph.Node) bool {
		// Break-glass access is meant to sit idle; NHI-BREAK-GLASS
		// watches it instead.
		return (n.Kind == graph.Identity || n.Kind == graph.Credential) && !BreakGlass(n)
	}) {
		lu := n.Attrs[graph.AttrLastUsed]
		switch {
		case lu == "never" || n.Attrs[graph.AttrNeverUsed] == "true":
			if c.young(n) {
				continue
			}
			out = append(out, Finding{Message: fmt.Sprintf("%s %s has never been used", n.Type, n.ID), Nodes: []string{n.ID}, Evidence: evidence(nil, n)})
		case lu != "":
			if a, ok := c.age(lu); ok && a > c.th.UnusedAfter {
				out = append(out, Finding{Message: fmt.Sprintf("%s %s was last used %d days ago", n.Type, n.ID, days(a)), Nodes: []string{n.ID}, Evidence: evidence(nil, n)})
			}
		}
	}
	return out
}

// place is where a workload lives (its part_of locations) and its
// environment, to tell workloads apart.
func (c *checker) place(id string) (loc, env string) {
	var locs []string
	for _, e := range c.out(id, graph.PartOf) {
		locs = append(locs, e.To)
	}
	slices.Sort(locs)
	n := c.node(id)
	env = n.Attrs[graph.AttrEnvironment]
	if env == "" {
		env = n.Attrs[graph.AttrTagPrefix+"environment"]
	}
	return strings.Join(locs, ","), env
}

func shared(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(func(n graph.Node) bool { return n.Kind == graph.Credential || n.Kind == graph.Identity }) {
		if n.Type == graph.TypeCIOIDCSubject || n.Type == graph.TypeAWSService {
			continue
		}
		users := c.in(n.ID, graph.Reads, graph.Uses, graph.RunsAs, graph.Assumes)
		places, envs := map[string]bool{}, map[string]bool{}
		var who []string
		var edges []graph.Edge
		for _, e := range users {
			if c.node(e.From).Kind != graph.Workload {
				continue
			}
			loc, env := c.place(e.From)
			places[loc] = true
			if env != "" {
				envs[env] = true
			}
			who = append(who, e.From)
			edges = append(edges, e)
		}
		switch {
		case len(envs) > 1:
			out = append(out, Finding{Message: fmt.Sprintf("%s is used across %d environments by %d workloads", n.ID, len(envs), len(who)),
				Nodes: append([]string{n.ID}, who...), Evidence: evidence(edges)})
		case len(places) > 1:
			out = append(out, Finding{Message: fmt.Sprintf("%s is shared by %d workloads in %d places", n.ID, len(who), len(places)),
				Nodes: append([]string{n.ID}, who...), Evidence: evidence(edges)})
		}
	}
	return out
}

func admin(c *checker) []Finding {
	var out []Finding
	for _, id := range c.nodes(isNonHuman) {
		grants := EffectiveAdmin(c.g, id.ID)
		for _, gr := range grants {
			via := ""
			if len(gr.Via) > 0 {
				via = " (via group " + strings.Join(gr.Via, ", ") + ")"
			}
			out = append(out, Finding{Message: fmt.Sprintf("%s %s holds administrator access through %s%s", id.Type, id.ID, gr.Policy, via),
				Nodes: []string{id.ID, gr.Policy}, Evidence: evidence(gr.Path)})
		}
		if len(grants) > 0 {
			continue
		}
		// An administrator by evaluation: it may grant itself anything.
		if why, ok := IsAdministrator(c.g, id.ID); ok {
			out = append(out, Finding{Message: fmt.Sprintf("%s %s is an administrator: it %s", id.Type, id.ID, why),
				Nodes: []string{id.ID}, Evidence: evidence(nil, id)})
		}
	}
	return out
}

func breakGlass(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(func(n graph.Node) bool { return n.Kind == graph.Identity && BreakGlass(n) }) {
		var why []string
		if !c.owned(n.ID) {
			why = append(why, "no owner")
		}
		if n.Attrs[graph.AttrTagPrefix+"runbook"] == "" && n.Attrs[graph.AttrTagPrefix+"documentation"] == "" && n.Attrs[graph.AttrTagPrefix+"Runbook"] == "" {
			why = append(why, "no runbook link")
		}
		if a, ok := c.age(n.Attrs[graph.AttrLastUsed]); ok && a < c.th.BreakGlassRecent {
			why = append(why, fmt.Sprintf("used %d days ago", days(a)))
		}
		if len(why) > 0 {
			out = append(out, Finding{Message: fmt.Sprintf("break-glass %s: %s", n.ID, strings.Join(why, ", ")), Nodes: []string{n.ID}, Evidence: evidence(nil, n)})
		}
	}
	return out
}

func externalTrust(c *checker) []Finding {
	// Ours are the accounts whose IAM was read; an account node without
	// iam_read was only referenced (a trust principal, an ARN).
	ours := map[string]bool{}
	for _, n := range c.nodes(func(n graph.Node) bool { return n.Type == graph.TypeAWSAccount && n.Attrs[graph.AttrIAMRead] == "true" }) {
		ours[strings.TrimPrefix(n.ID, "aws-account:")] = true
	}
	var out []Finding
	for _, e := range c.g.Edges() {
		if e.Kind != graph.Assumes || !strings.HasPrefix(e.To, "arn:aws:iam::") {
			continue
		}
		from := c.node(e.From)
		switch {
		case strings.HasPrefix(e.From, "arn:aws:iam::"):
			acct := accountOf(e.From)
			if ours[acct] || acct == accountOf(e.To) || acct == "aws" {
				continue
			}
			out = append(out, Finding{Message: fmt.Sprintf("%s trusts external account %s (its IAM was not scanned)", e.To, acct), Nodes: []string{e.To, e.From}, Evidence: evidence([]graph.Edge{e})})
		case from.Type == graph.TypeAWSAnyone:
			msg := fmt.Sprintf("%s trusts any AWS principal (*)", e.To)
			if cond := e.Attrs[graph.AttrCondition]; cond != "" {
				msg += " under the condition " + cond
			}
			out = append(out, Finding{Message: msg, Nodes: []string{e.To, e.From}, Evidence: evidence([]graph.Edge{e})})
		case from.Type == graph.TypeAWSService && !strings.HasSuffix(from.ID, ".amazonaws.com") && !strings.HasSuffix(from.ID, ".amazonaws.com.cn"):
			out = append(out, Finding{Message: fmt.Sprintf("%s trusts third-party principal %s", e.To, e.From), Nodes: []string{e.To, e.From}, Evidence: evidence([]graph.Edge{e})})
		}
	}
	return out
}

// inlineSecret reports the inline-secret records (graph.InlineSecret, in
// hardcoded_credentials) of each node: every connector that meets an inline
// secret records it there, on the node of the file or workload that holds
// it, whatever the file. No connector writes records on edges.
func inlineSecret(c *checker) []Finding {
	const k = graph.AttrHardcodedCredentials
	var out []Finding
	for _, n := range c.g.Nodes() {
		if what, secret, ok := secretRecords(n.Attrs[k]); ok {
			msg := fmt.Sprintf("%s holds an inline secret (%s: %s)", n.ID, k, what)
			switch ids, all := keyIDRecords(n.Attrs[k]); {
			case all:
				msg = fmt.Sprintf("%s holds an AWS access key ID written inline (%s: %s): a long-lived key is in use; deactivate the key and use OIDC or a secret", n.ID, k, what)
			case ids:
				msg += "; aws-access-key-id is a key's ID, not a secret: deactivate that key"
			}
			out = append(out, Finding{Message: msg, Nodes: []string{n.ID}, Evidence: evidence(nil, n), Secret: secret})
		}
	}
	return out
}

// secretRecords reads a hardcoded_credentials value, a JSON list of
// records. It returns what the message shows (key=fingerprint, without
// the records' files and lines, which are evidence) and the fingerprints
// that identify the finding; ok is false when it holds no record.
func secretRecords(v string) (what, secret string, ok bool) {
	recs := graph.DecodeInlineSecrets(v)
	var shown, fps []string
	for _, r := range recs {
		if r.Fingerprint == "" {
			continue
		}
		shown = append(shown, r.Key+"="+r.Fingerprint)
		fps = append(fps, r.Fingerprint)
	}
	if len(fps) == 0 {
		return "", "", false
	}
	slices.Sort(fps)
	return strings.Join(shown, ", "), strings.Join(slices.Compact(fps), ","), true
}

// keyIDName is the key of the record a connector makes for an AWS
// access key ID written in a repository file (docs/findings.md): a key in
// use, not a leaked secret.
const keyIDName = "aws-access-key-id"

// keyIDRecords reports whether a hardcoded_credentials value holds an
// access key ID record (some), and whether it holds nothing else (all).
func keyIDRecords(v string) (some, all bool) {
	all = true
	for _, r := range graph.DecodeInlineSecrets(v) {
		if r.Fingerprint == "" {
			continue
		}
		if r.Key == keyIDName {
			some = true
		} else {
			all = false
		}
	}
	return some, some && all
}

func humanUse(c *checker) []Finding {
	var out []Finding
	for _, u := range c.nodes(func(n graph.Node) bool { return n.Type == graph.TypeAWSUser }) {
		if u.Attrs[graph.AttrPasswordEnabled] != "true" {
			continue
		}
		var keys []graph.Edge
		for _, e := range c.in(u.ID, graph.KeyOf) {
			if !strings.EqualFold(c.node(e.From).Attrs[graph.AttrStatus], "Inactive") {
				keys = append(keys, e)
			}
		}
		if len(keys) > 0 {
			out = append(out, Finding{Message: fmt.Sprintf("user %s has a console password and %d active access key(s)", u.ID, len(keys)),
				Nodes: []string{u.ID}, Evidence: evidence(keys, u)})
		}
	}
	return out
}

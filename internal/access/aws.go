package access

import (
	"context"
	"fmt"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/iampolicy"
)

// awsRules derives can_become edges between IAM users and roles, from
// their policies evaluated with iampolicy. See docs/access.md.
type awsRules struct{}

func (awsRules) Name() string { return "aws" }

// passRoleServices are the services that run code of the caller's choosing
// with a role passed to them, and the actions (all of one alternative)
// that start such code.
var passRoleServices = []struct {
	service string
	actions [][]string
}{
	{"lambda.amazonaws.com", [][]string{{"lambda:CreateFunction", "lambda:InvokeFunction"}, {"lambda:CreateFunction", "lambda:CreateEventSourceMapping"}}},
	{"ec2.amazonaws.com", [][]string{{"ec2:RunInstances"}}},
	{"ecs-tasks.amazonaws.com", [][]string{{"ecs:RegisterTaskDefinition", "ecs:RunTask"}, {"ecs:RegisterTaskDefinition", "ecs:StartTask"}, {"ecs:RegisterTaskDefinition", "ecs:CreateService"}}},
	{"cloudformation.amazonaws.com", [][]string{{"cloudformation:CreateStack"}}},
	{"glue.amazonaws.com", [][]string{{"glue:CreateDevEndpoint"}, {"glue:CreateJob", "glue:StartJobRun"}}},
	{"codebuild.amazonaws.com", [][]string{{"codebuild:CreateProject", "codebuild:StartBuild"}}},
	{"sagemaker.amazonaws.com", [][]string{{"sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"}, {"sagemaker:CreateTrainingJob"}}},
}

func (r awsRules) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	ps := awsModel(g)
	assumes := map[[2]string]bool{}
	assumed := map[string][]string{} // principal -> roles it assumes by an edge
	for _, e := range g.Edges() {
		if e.Kind == graph.Assumes {
			assumes[[2]string{e.From, e.To}] = true
			assumed[e.From] = append(assumed[e.From], e.To)
		}
	}
	byID := make(map[string]*awsPrincipal, len(ps))
	for _, p := range ps {
		byID[p.node.ID] = p
	}
	// Index the targets, so that each principal meets only those a rule
	// could concern: the account's users and roles, and the roles whose
	// trust names an account or everyone.
	byAccount := map[string][]*awsPrincipal{}
	var openTrust []*awsPrincipal
	for _, t := range ps {
		byAccount[t.account] = append(byAccount[t.account], t)
		if !t.user && t.trust != nil && namesAnyAccount(t.trust.Policy) {
			openTrust = append(openTrust, t)
		}
	}
	var out []derived
	admins := map[string]string{} // principal -> why it is an administrator
	possible := map[*awsPrincipal]map[string]bool{}
	for _, p := range ps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(p.set.Identity) == 0 {
			continue // no identity policy: it can do nothing a rule looks for
		}
		if why, ok := adminBy(p); ok {
			admins[p.node.ID] = why
		}
		can := p.possible()
		if len(can) == 0 {
			continue
		}
		possible[p] = can
		seen := map[*awsPrincipal]bool{}
		targets := byAccount[p.account]
		if can["sts:AssumeRole"] {
			targets = append(targets[:len(targets):len(targets)], openTrust...)
		}
		for _, t := range targets {
			if t == p || seen[t] || t.account != p.account && !crossAccountTrust(t, p) {
				continue
			}
			seen[t] = true
			out = append(out, pairRules(p, t, assumes, can)...)
		}
	}
	out = append(out, awsResourceRules(g, ps, possible)...)
	// An administrator, and whoever can rewrite the policies of a role
	// it can assume, can become every user and every role of the account
	// whose trust admits the account.
	for _, p := range ps {
		if len(p.set.Identity) == 0 {
			continue
		}
		why, admin := admins[p.node.ID]
		rule, perm := "aws-admin", why
		if !admin {
			if m, ok := modifiesAssumable(p, assumed[p.node.ID], byID); ok {
				rule, perm, admin = "aws-modify-assumable-role", m, true
			}
		}
		if !admin {
			continue
		}
		for _, t := range byAccount[p.account] {
			if t == p || assumes[[2]string{p.node.ID, t.node.ID}] {
				continue
			}
			if !t.user && !trustAdmitsAccount(t, p) {
				continue
			}
			out = append(out, derived{from: p.node.ID, to: t.node.ID, rule: rule, permission: perm, at: p.node,
				note: fmt.Sprintf("%s can grant itself any permission, then %s", p.node.Name, reachBy(t))})
		}
	}
	emit(g, b, out)
	return nil
}

func reachBy(t *awsPrincipal) string {
	if t.user {
		return "create an access key for user " + t.node.Name
	}
	return "assume role " + t.node.Name + ", whose trust admits the account"
}

// pairRules applies the rules that concern one principal p and one target
// t: assuming, passing, credentials, and rewriting a trust.
func pairRules(p, t *awsPrincipal, assumes map[[2]string]bool, can map[string]bool) []derived {
	var out []derived
	add := func(rule, perm, note string, d iampolicy.Decision) {
		out = append(out, derived{from: p.node.ID, to: t.node.ID, rule: rule, permission: perm, note: note,
			at: p.node, policy: d.Policy, conditional: d.Conditional})
	}
	if t.user {
		for _, a := range []string{"iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"} {
			if !can[a] {
				continue
			}
			if d := p.can(a, t.node.ID); d.Allowed() {
				add("aws-user-credentials", a, fmt.Sprintf("allowed on user %s by %s", t.node.Name, cite(d)), d)
				break
			}
		}
		return out
	}
	if can["sts:AssumeRole"] && t.trust != nil && !assumes[[2]string{p.node.ID, t.node.ID}] {
		set := p.set
		set.Resource, set.ResourceRequired = t.trust, true
		d := iampolicy.Evaluate(set, iampolicy.Request{Principal: p.node.ID, Action: "sts:AssumeRole", Resource: t.node.ID, Context: p.ctx})
		if d.Allowed() && d.Policy != t.trust.Name {
			add("aws-assume-role", "sts:AssumeRole", fmt.Sprintf("allowed by %s, and the trust of %s admits account %s", cite(d), t.node.Name, p.account), d)
		}
	}
	if d := p.can("iam:UpdateAssumeRolePolicy", t.node.ID); can["iam:UpdateAssumeRolePolicy"] && d.Allowed() {
		add("aws-update-trust", "iam:UpdateAssumeRolePolicy", fmt.Sprintf("may rewrite the trust of %s, allowed by %s", t.node.Name, cite(d)), d)
	}
	for _, svc := range passRoleServices {
		if !can["iam:PassRole"] || !contains(t.services, svc.service) {
			continue
		}
		pass := p.can("iam:PassRole", t.node.ID, "iam:PassedToService", svc.service)
		if !pass.Allowed() {
			continue
		}
		for _, alt := range svc.actions {
			d, ok := allAllowed(p, alt)
			if !ok {
				continue
			}
			d.Conditional = d.Conditional || pass.Conditional
			add("aws-passrole", "iam:PassRole+"+strings.Join(alt, "+"),
				fmt.Sprintf("may pass %s (trusting %s) by %s and start code with it by %s", t.node.Name, svc.service, cite(pass), cite(d)), d)
			break
		}
	}
	return out
}

// allAllowed decides a list of create actions, all needed.
func allAllowed(p *awsPrincipal, actions []string) (iampolicy.Decision, bool) {
	var last iampolicy.Decision
	cond := false
	for _, a := range actions {
		d := p.canCreate(a)
		if !d.Allowed() {
			return d, false
		}
		cond = cond || d.Conditional
		last = d
	}
	last.Conditional = cond
	return last, true
}

// adminBy reports whether p can grant itself any permission, PMapper's
// definition of an administrator: it may put or attach a policy on itself
// (or on one of its groups, or write a new version of a customer-managed
// policy attached to it), unconditionally.
func adminBy(p *awsPrincipal) (string, bool) {
	type probe struct{ action, resource string }
	var probes []probe
	if p.user {
		probes = append(probes, probe{"iam:PutUserPolicy", p.node.ID}, probe{"iam:AttachUserPolicy", p.node.ID})
		for _, g := range p.groups {
			probes = append(probes, probe{"iam:PutGroupPolicy", g}, probe{"iam:AttachGroupPolicy", g})
		}
	} else {
		probes = append(probes, probe{"iam:PutRolePolicy", p.node.ID}, probe{"iam:AttachRolePolicy", p.node.ID})
	}
	for _, m := range p.managed {
		probes = append(probes, probe{"iam:CreatePolicyVersion", m})
	}
	for _, pr := range probes {
		if d := p.can(pr.action, pr.resource); d.Allowed() && !d.Conditional {
			return fmt.Sprintf("%s on %s", pr.action, pr.resource), true
		}
	}
	return "", false
}

// modifiesAssumable reports whether p may put or attach a policy on a role
// it can assume (by an assumes edge).
func modifiesAssumable(p *awsPrincipal, roles []string, byID map[string]*awsPrincipal) (string, bool) {
	for _, id := range roles {
		t := byID[id]
		if t == nil || t.user {
			continue
		}
		for _, a := range []string{"iam:PutRolePolicy", "iam:AttachRolePolicy"} {
			if d := p.can(a, t.node.ID); d.Allowed() && !d.Conditional {
				return fmt.Sprintf("%s on %s, which it can assume", a, t.node.ID), true
			}
		}
	}
	return "", false
}

// trustAdmitsAccount reports whether role t's trust would let p assume it
// once p's own policies allow sts:AssumeRole.
func trustAdmitsAccount(t, p *awsPrincipal) bool {
	if t.trust == nil {
		return false
	}
	d := iampolicy.Evaluate(iampolicy.Set{Identity: []iampolicy.Named{allowAll}, Resource: t.trust, ResourceRequired: true},
		iampolicy.Request{Principal: p.node.ID, Action: "sts:AssumeRole", Resource: t.node.ID, Context: p.ctx})
	return d.Allowed()
}

// ruleActions are the actions the pair rules ask about.
var ruleActions = []string{"sts:AssumeRole", "iam:UpdateAssumeRolePolicy", "iam:PassRole",
	"iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
	"lambda:UpdateFunctionCode", "iam:AddUserToGroup"}

// possible returns the rule actions p may perform on some resource: a
// cheap first pass, so the pairs are tried only for those.
func (p *awsPrincipal) possible() map[string]bool {
	out := map[string]bool{}
	for _, a := range ruleActions {
		if p.canCreate(a).Allowed() {
			out[a] = true
		}
	}
	return out
}

// namesAnyAccount reports whether a trust's Allow statements name an AWS
// principal (an account, a user or role, or everyone): only such a trust
// can admit a principal the rules consider.
func namesAnyAccount(p iampolicy.Policy) bool {
	for _, st := range p.Statements {
		if strings.EqualFold(st.Effect, "Allow") && (len(st.Principal["AWS"]) > 0 || len(st.Principal["*"]) > 0 || st.NotPrincipal != nil) {
			return true
		}
	}
	return false
}

var allowAll = iampolicy.Named{Name: "any", Policy: iampolicy.MustParse(`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`)}

// crossAccountTrust reports whether role t trusts p's account or p by
// name: the one case a principal of another account can reach t.
func crossAccountTrust(t, p *awsPrincipal) bool {
	if t.user || t.trust == nil {
		return false
	}
	for _, st := range t.trust.Statements {
		for _, v := range st.Principal["AWS"] {
			if v == p.node.ID || v == p.account || v == "arn:aws:iam::"+p.account+":root" {
				return true
			}
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

package githubactions

import (
	"slices"
	"strings"
)

// oidcIssuer prefixes the IDs of the subjects GitHub's OIDC tokens carry.
const oidcIssuer = "oidc:token.actions.githubusercontent.com:"

// oidcAllowed applies GitHub's permission rules: a job's permissions:
// replaces the workflow's entirely; without either, the GITHUB_TOKEN's
// default (permissive or restricted) never includes id-token. A reusable
// workflow's jobs get at most what the caller's job has, which the caller
// checks (see resolveCall).
func oidcAllowed(wf *workflow, j *job) (bool, int) {
	switch {
	case j.perms != nil:
		return j.perms.idToken, j.perms.line
	case wf.perms != nil:
		return wf.perms.idToken, wf.perms.line
	}
	return false, 0
}

// subjects lists every sub claim a job's OIDC token can carry, given its
// environment and its workflow's triggers. A pattern (refs/heads/*) stands
// for any branch the trigger admits. unknown lists the events whose ref the
// file does not fix.
func subjects(slug string, wf *workflow, j *job) (subs []string, unknown []string) {
	base := "repo:" + slug + ":"
	if j.environment != "" {
		if j.envExpr {
			return nil, []string{"environment " + j.environment}
		}
		return []string{base + "environment:" + j.environment}, nil
	}
	add := func(s string) {
		if !slices.Contains(subs, s) {
			subs = append(subs, s)
		}
	}
	heads := func(t trigger, dflt bool) {
		for _, b := range t.branches {
			add(base + "ref:refs/heads/" + b)
		}
		if !t.filtered && dflt {
			add(base + "ref:refs/heads/*")
		}
	}
	for _, t := range wf.triggers {
		switch t.event {
		case "push":
			heads(t, len(t.tags) == 0)
			for _, tag := range t.tags {
				add(base + "ref:refs/tags/" + tag)
			}
			if !t.filtered {
				add(base + "ref:refs/tags/*")
			}
		case "pull_request":
			add(base + "pull_request")
		case "pull_request_target", "merge_group":
			// These run in the base branch's context.
			heads(t, true)
		case "schedule", "workflow_dispatch", "repository_dispatch", "workflow_run",
			"issues", "issue_comment", "check_run", "check_suite", "discussion", "label", "watch":
			// These run on the default branch (or, for workflow_dispatch,
			// the branch chosen), which the file does not name.
			add(base + "ref:refs/heads/*")
		case "release", "create", "delete":
			add(base + "ref:refs/tags/*")
		case "workflow_call":
			// The caller's subject applies; the caller's job lists it.
		default:
			unknown = append(unknown, t.event)
		}
	}
	slices.Sort(subs)
	return subs, unknown
}

// subjectName is the short display name of a subject.
func subjectName(sub string) string {
	return strings.TrimPrefix(sub, "repo:")
}

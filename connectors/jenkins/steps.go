package jenkins

import (
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/vaultref"
)

// withAWS reads withAWS(role:, roleAccount:, credentials:, …): the Jenkins
// credential it signs in with and the role it assumes.
func (r *recogniser) withAWS(c value, frames []frame) {
	if cv, ok := c.arg("credentials"); ok {
		r.credential(cv, "aws", "withAWS", nil, frames, lineOr(cv.line, c.line))
	}
	rv, ok := c.arg("role")
	if !ok {
		return
	}
	role, lit := rv.literal()
	if !lit {
		r.unresolve(c.line, "withAWS role "+rv.raw())
		return
	}
	if strings.HasPrefix(role, "arn:") {
		r.roles = append(r.roles, roleUse{arn: role, stage: stageOf(frames), line: c.line})
		return
	}
	av, ok := c.arg("roleAccount")
	acct, lit := av.literal()
	if !ok || !lit || acct == "" {
		r.unresolve(c.line, "withAWS role '"+role+"' without a literal roleAccount")
		return
	}
	partition := "aws"
	if pv, ok := c.arg("rolePartition"); ok {
		if p, lit := pv.literal(); lit && p != "" {
			partition = p
		}
	}
	r.roles = append(r.roles, roleUse{arn: "arn:" + partition + ":iam::" + acct + ":role/" + strings.TrimPrefix(role, "/"), stage: stageOf(frames), line: c.line})
}

// withVault reads withVault(configuration: [vaultCredentialId: …],
// vaultSecrets: [[path: …, secretValues: [[vaultKey: …, envVar: …]]]]).
func (r *recogniser) withVault(c value, frames []frame) {
	if conf, ok := c.arg("configuration"); ok {
		if cv, ok := conf.arg("vaultCredentialId"); ok {
			r.credential(cv, "vault", "withVault", nil, frames, lineOr(cv.line, c.line))
		}
	}
	secrets, _ := c.arg("vaultSecrets")
	for _, s := range secrets.items {
		pv, ok := s.arg("path")
		path, lit := pv.literal()
		if !ok || !lit {
			r.unresolve(lineOr(s.line, c.line), "withVault path "+pv.raw())
			continue
		}
		ref := vaultref.Parse("", path)
		if ref.Unresolved {
			r.unresolve(lineOr(s.line, c.line), "withVault path '"+path+"'")
			continue
		}
		vr := vaultRead{id: ref.ID, path: ref.Path, stage: stageOf(frames), line: lineOr(pv.line, c.line)}
		sv, _ := s.arg("secretValues")
		for _, kv := range sv.items {
			if k, ok := kv.arg("vaultKey"); ok {
				if ks, lit := k.literal(); lit {
					vr.keys = append(vr.keys, ks)
				}
			}
			if e, ok := kv.arg("envVar"); ok {
				if es, lit := e.literal(); lit {
					vr.envs = append(vr.envs, es)
				}
			}
		}
		r.reads = append(r.reads, vr)
	}
}

// closed checks a finished block against declarative syntax, the checks
// Jenkins itself makes before it runs a declarative pipeline.
func (r *recogniser) closed(f frame, outer []frame) {
	if r.style != "declarative" {
		return
	}
	count := func(names ...string) int {
		n := 0
		for _, c := range f.children {
			if slices.Contains(names, c) {
				n++
			}
		}
		return n
	}
	switch {
	case f.name == "pipeline" && len(outer) == 0:
		if count("stages") == 0 {
			r.warn(f.line, "declarative pipeline has no stages section; Jenkins rejects it")
		}
		if n := count("agent"); n == 0 {
			r.warn(f.line, "declarative pipeline has no agent section; Jenkins rejects it")
		} else if n > 1 {
			r.warn(f.line, "declarative pipeline has more than one agent section; Jenkins rejects it")
		}
	case f.name == "stages" && count("stage") == 0:
		r.warn(f.line, "stages section has no stage; Jenkins rejects it")
	case f.name == "stage" && count("steps", "stages", "parallel", "matrix") == 0 && inPipeline(outer):
		r.warn(f.line, "stage '"+f.arg+"' has no steps, stages, parallel or matrix; Jenkins rejects it")
	case f.name == "steps" && len(f.children) == 0 && inPipeline(outer):
		r.warn(f.line, "steps section is empty; Jenkins rejects it")
	}
}

func inPipeline(frames []frame) bool {
	return len(frames) > 0 && frames[0].name == "pipeline"
}

func (r *recogniser) warn(line int, msg string) {
	r.warnings = append(r.warnings, warning{line, msg})
}

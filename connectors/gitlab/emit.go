package gitlab

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
)

// variables records CI/CD variables under prefix (host/-, a group's
// host/PATH/-, or a project's ID, where the gitlabci connector names the
// variables its jobs read), one node per key: GitLab allows a key once per
// environment scope, and the scopes are listed. parent is the node they
// are part of ("" for the instance).
func (s *scanner) variables(prefix, parent, level string, vars []variable, src string) {
	byKey := map[string][]variable{}
	var keys []string
	for _, v := range vars {
		if _, ok := byKey[v.Key]; !ok {
			keys = append(keys, v.Key)
		}
		byKey[v.Key] = append(byKey[v.Key], v)
	}
	for _, k := range keys {
		vs := byKey[k]
		attrs := map[string]string{"store": "gitlab-ci-variable", "level": level, "source": "gitlab-api"}
		var scopes, types []string
		masked, protected, hidden, raw := true, true, false, true
		for _, v := range vs {
			scopes = appendNew(scopes, v.EnvironmentScope)
			types = appendNew(types, v.VariableType)
			masked = masked && v.Masked
			protected = protected && v.Protected
			hidden = hidden || v.Hidden
			raw = raw && v.Raw
		}
		graph.AppendList(attrs, "environment_scope", scopes...)
		graph.AppendList(attrs, "variable_type", types...)
		attrs["masked"] = strconv.FormatBool(masked)
		attrs["protected"] = strconv.FormatBool(protected)
		attrs["hidden"] = strconv.FormatBool(hidden)
		attrs["raw"] = strconv.FormatBool(raw)
		id := prefix + "/variables/" + k
		s.b.AddNode(graph.Node{ID: id, Kind: graph.Credential, Type: "ci-secret", Name: k, Attrs: attrs, Evidence: s.ev(src)})
		if parent != "" {
			s.b.AddEdge(graph.Edge{From: id, To: parent, Kind: graph.PartOf, Evidence: s.ev(src)})
		}
	}
}

func appendNew(ss []string, v string) []string {
	if v == "" || slices.Contains(ss, v) {
		return ss
	}
	return append(ss, v)
}

// accessTokens records project or group access tokens: credentials of a
// bot user with the token's scopes and role.
func (s *scanner) accessTokens(owner string, toks []accessToken, src string) {
	for _, t := range toks {
		attrs := map[string]string{"access_level": strconv.Itoa(t.AccessLevel),
			"active": strconv.FormatBool(t.Active), "revoked": strconv.FormatBool(t.Revoked), "created_at": tm(t.CreatedAt),
			"expires_at": deref(t.ExpiresAt), "last_used_at": tm(t.LastUsedAt)}
		graph.AppendList(attrs, "scopes", t.Scopes...)
		id := fmt.Sprintf("%s/-/access-tokens/%d", owner, t.ID)
		s.b.AddNode(graph.Node{ID: id, Kind: graph.Credential, Type: "gitlab-access-token", Name: t.Name, Attrs: clean(attrs), Evidence: s.ev(src)})
		s.b.AddEdge(graph.Edge{From: id, To: owner, Kind: graph.PartOf, Evidence: s.ev(src)})
	}
}

// deployTokens records project or group deploy tokens.
func (s *scanner) deployTokens(owner string, toks []deployToken, src string) {
	for _, t := range toks {
		attrs := map[string]string{"username": t.Username,
			"expires_at": deref(t.ExpiresAt), "revoked": strconv.FormatBool(t.Revoked), "expired": strconv.FormatBool(t.Expired)}
		graph.AppendList(attrs, "scopes", t.Scopes...)
		id := fmt.Sprintf("%s/-/deploy-tokens/%d", owner, t.ID)
		s.b.AddNode(graph.Node{ID: id, Kind: graph.Credential, Type: "gitlab-deploy-token", Name: t.Name, Attrs: clean(attrs), Evidence: s.ev(src)})
		s.b.AddEdge(graph.Edge{From: id, To: owner, Kind: graph.PartOf, Evidence: s.ev(src)})
	}
}

// schedules records pipeline schedules as scheduler workloads: each
// triggers the project's pipeline on its cron in its time zone, as its
// owner (whose permissions the pipeline runs with).
func (s *scanner) schedules(pi *projectInfo, scheds []schedule) {
	src := "GET /projects/" + pi.path + "/pipeline_schedules"
	pipeline := pi.id + "/.gitlab-ci.yml"
	s.mu.Lock()
	_, hasPipeline := s.files[pipeline]
	s.mu.Unlock()
	for _, sc := range scheds {
		id := fmt.Sprintf("%s/-/pipeline-schedules/%d", pi.id, sc.ID)
		attrs := map[string]string{"ref": sc.Ref, "active": strconv.FormatBool(sc.Active), "description": sc.Description,
			"next_run_at": tm(sc.NextRunAt), "project_path": pi.path}
		owner := ""
		if sc.Owner != nil && sc.Owner.Username != "" {
			owner = "gitlab-user:" + strings.ToLower(sc.Owner.Username)
			attrs["owner"] = sc.Owner.Username
		}
		name := sc.Description
		if name == "" {
			name = fmt.Sprintf("schedule %d", sc.ID)
		}
		s.b.AddNode(graph.Node{ID: id, Kind: graph.Workload, Type: "gitlab-pipeline-schedule", Name: name, Attrs: clean(attrs),
			Schedule: &graph.Schedule{Expr: sc.Cron, Dialect: graph.Cron, TimeZone: sc.CronTimezone}, Evidence: s.ev(src)})
		s.b.AddEdge(graph.Edge{From: id, To: pi.id, Kind: graph.PartOf, Evidence: s.ev(src)})
		if hasPipeline && sc.Active {
			s.b.AddEdge(graph.Edge{From: id, To: pipeline, Kind: graph.Triggers, Attrs: map[string]string{"ref": sc.Ref}, Evidence: s.ev(src)})
		}
		if owner != "" {
			s.b.AddNode(graph.Node{ID: owner, Kind: graph.Owner, Type: "person", Evidence: s.ev(src)})
			s.b.AddEdge(graph.Edge{From: id, To: owner, Kind: graph.OwnedBy, Attrs: map[string]string{"role": "schedule-owner"}, Evidence: s.ev(src)})
		}
	}
}

func tm(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func clean(m map[string]string) map[string]string {
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	return m
}
